# Copyright 2026 sales_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models

from ..support.transaction_state import pushed
from .stock_picking import DEFERRED


class SaleOrderReservation(models.Model):
    _inherit = 'sale.order'

    @api.multi
    def _action_confirm(self):
        """Odoo's confirmation, the reservation it asks for (procurement_jit's
        ``action_assign`` on the new deliveries) kept for after the commit
        when the order's company says so (models/reservation/stock_picking.py).
        """
        if not any(self.mapped('company_id.reserve_after_confirmation')):
            return super(SaleOrderReservation, self)._action_confirm()
        deferred = set()
        with pushed(self.env, DEFERRED, deferred):
            result = super(SaleOrderReservation, self)._action_confirm()
        if deferred:
            self.env['stock.picking'].browse(sorted(deferred)) \
                ._reserve_after_commit()
        return result

# Copyright 2026 sales_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models


class SaleOrderDocuments(models.Model):
    _inherit = 'sale.order'

    @api.multi
    def _documents_delivery_lines(self):
        """Lines that are delivery charges: those the `delivery` addon flags
        (`is_delivery`) when it is installed, none otherwise."""
        lines = self.mapped('order_line')
        if 'is_delivery' not in lines._fields:
            return lines.browse()
        return lines.filtered('is_delivery')

    @api.multi
    def _documents_delivery_amount(self):
        """Delivery charges (untaxed) printed as their own total line."""
        self.ensure_one()
        return sum(self._documents_delivery_lines().mapped('price_subtotal'))

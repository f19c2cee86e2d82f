# Copyright 2026 sales_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import json

from odoo import api, models


class SaleJob(models.Model):
    _inherit = 'sale.job'

    @api.multi
    def _step_ageing(self, index):
        """Cancel the next chunk of backorders still expired on the run's
        date; a chunk follows while some remain."""
        self.ensure_one()
        today = json.loads(self.params)['today']
        picking_model = self.env['stock.picking']
        domain = picking_model._expired_backorders_domain(today)
        if not domain:
            return False
        size = self._chunk('ageing_pickings')
        expired = picking_model.search(domain, limit=size, order='id')
        expired._cancel_expired_backorders()
        return len(expired) == size and bool(
            picking_model.search(domain, limit=1))

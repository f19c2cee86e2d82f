# Copyright 2026 sales_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models

from ...engine.jobs import runs_in_background, steps_for


class StockPicking(models.Model):
    _inherit = 'stock.picking'

    @api.model
    def _cron_cancel_expired_backorders(self, today=None):
        today = today or fields.Date.context_today(self)
        domain = self._expired_backorders_domain(today)
        task_model = self.env['sale.job']
        count = self.search_count(domain) if domain else 0
        if not runs_in_background(
                count, task_model._threshold('ageing_pickings')):
            return super(StockPicking, self)._cron_cancel_expired_backorders(
                today=today)
        task_model._start(
            'ageing', _('Backorder ageing of %s (%d backorders)') % (
                today, count), {'today': today}, count,
            steps_for(count, task_model._chunk('ageing_pickings')))
        return self.browse()

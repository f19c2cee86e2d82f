# Copyright 2026 sales_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The daily backorder ageing run as background jobs, above a number of
backorders to cancel.

At or below `sales_order_mgmt.job_threshold_ageing_pickings` expired
backorders the scheduled action cancels them itself, as before. Above, it
starts a task whose chunks each cancel (and notify) the next
`sales_order_mgmt.job_chunk_ageing_pickings` expired backorders: a chunk
searches what is still expired on the run's date, so a chunk run again, or
on another server, never cancels twice.
"""
import json

from odoo import _, api, fields, models

from ..engine.jobs import runs_in_background, steps_for


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

# Copyright 2026 sales_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""queue.job: a background task (sale.job) follows the state of its current
job. queue_job writes `failed` (with the traceback) in a transaction of its
own when a job raises, and `pending` when someone requeues it; the task then
says why it failed, or that it is queued again."""
from odoo import api, models

from ...engine.jobs import failure_reason


class QueueJob(models.Model):
    _inherit = 'queue.job'

    @api.multi
    def write(self, vals):
        result = super(QueueJob, self).write(vals)
        if vals.get('state') in ('failed', 'pending'):
            # sudo: queue_job writes its jobs as superuser already; the
            # tasks are found by the jobs' uuids, one search for all.
            tasks = self.env['sale.job'].sudo().search(
                [('job_uuid', 'in', self.mapped('uuid'))])
            if vals['state'] == 'failed':
                for job in self:
                    task = tasks.filtered(
                        lambda rec, uuid=job.uuid: rec.job_uuid == uuid)
                    if task:
                        task._job_failed(failure_reason(job.exc_info))
            else:
                tasks._job_requeued()
        return result

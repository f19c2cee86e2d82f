# Copyright 2026 sales_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The accounting export wizard: above a number of lines, Export starts a
background task (models/jobs/sale_job_export.py) instead of downloading."""
from odoo import _, api, models

from ...engine.jobs import runs_in_background


class SaleAccountingExport(models.TransientModel):
    _inherit = 'sale.accounting.export'

    @api.multi
    def action_export(self):
        """Download the workbook, or start a background task when the
        period has more lines than the configured threshold."""
        self.ensure_one()
        self._check_export_access()
        self._check_parameters()
        task_model = self.env['sale.job']
        lines = self.env['account.invoice.line'].search_count(
            [('invoice_id', 'in', self.env['account.invoice'].search(
                self._invoice_domain()).ids)])
        if not runs_in_background(lines, task_model._threshold(
                'export_lines')):
            return super(SaleAccountingExport, self).action_export()
        task = task_model._start(
            'export', _('Sales export %s to %s (%d lines)') % (
                self.date_from, self.date_to, lines),
            self._job_params(), lines, 2)
        return task.action_open()

    @api.multi
    def _job_params(self):
        self.ensure_one()
        return {
            'date_from': self.date_from,
            'date_to': self.date_to,
            'company_id': self.company_id.id,
            'journal_ids': self.journal_ids.ids,
            'invoice_states': self.invoice_states.ids,
        }

    @api.multi
    def _file_name(self, extension='xlsx'):
        self.ensure_one()
        return 'sales_export_%s_%s_%s.%s' % (
            self.company_id.name.replace(' ', '_'), self.date_from,
            self.date_to, extension)

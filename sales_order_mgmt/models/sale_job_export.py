# Copyright 2026 sales_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The accounting export as background jobs, above a number of lines.

At or below `sales_order_mgmt.job_threshold_export_lines` lines the wizard's
Export downloads the workbook in the request, as before. Above it, a task
runs: chunk 1 plans (the period's invoices in the workbook's order, cut into
parts of about `sales_order_mgmt.job_chunk_export_lines` lines), one chunk
per part reads its lines (the wizard's own `_iter_lines`, as the requester)
and stores them, and the last chunk writes the workbook (the wizard's own
report, whose Lines sheet then comes from the stored parts).
"""
import gzip
import json

from odoo import _, api, fields, models

from ..engine.jobs import runs_in_background
from ..engine.spreadsheet import chunks_by_weight, sign_for
from ..wizards.sale_accounting_export import LINE_COUNTS_QUERY

XLSX_MIMETYPE = ('application/vnd.openxmlformats-officedocument.'
                 'spreadsheetml.sheet')


class SaleAccountingExport(models.TransientModel):
    _inherit = 'sale.accounting.export'

    sale_job_id = fields.Many2one(
        'sale.job', readonly=True,
        help='Background task whose stored parts give the Lines sheet.')

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
    def _iter_lines(self, invoices):
        """The stored parts of the background task when the workbook is
        written by its last chunk; the database otherwise."""
        self.ensure_one()
        task = self.sale_job_id
        if not task or task.user_id != self.env.user:
            for line in super(SaleAccountingExport, self)._iter_lines(
                    invoices):
                yield line
            return
        for data in task._iter_parts():
            for line in json.loads(gzip.decompress(data).decode('utf-8')):
                yield line


class SaleJob(models.Model):
    _inherit = 'sale.job'

    @api.multi
    def _export_wizard(self, **extra):
        """The export wizard of the task's parameters, created as the
        requester (its access and parameter checks run again)."""
        params = json.loads(self.params)
        vals = dict(
            date_from=params['date_from'], date_to=params['date_to'],
            company_id=params['company_id'],
            journal_ids=[(6, 0, params['journal_ids'])],
            invoice_states=[(6, 0, params['invoice_states'])], **extra)
        return self.env['sale.accounting.export'].create(vals)

    @api.multi
    def _step_export(self, index):
        """Chunk 0 plans, chunks 1..n read one part each, the last chunk
        writes the workbook. Returns whether a chunk follows."""
        self.ensure_one()
        if index == 0:
            return self._export_plan()
        parts = json.loads(self.plan)
        if index <= len(parts):
            wizard = self._export_wizard()
            records = self.env['account.invoice'].browse(
                parts[index - 1]).read(
                    ['number', 'date_invoice', 'type', 'currency_id'])
            invoices = [{
                'id': rec['id'],
                'number': rec['number'] or _('Draft'),
                'date': rec['date_invoice'],
                'sign': sign_for(rec['type']),
                'currency': rec['currency_id'][1],
            } for rec in records]
            rows = list(wizard._iter_lines(invoices))
            self._store_part(index, gzip.compress(
                json.dumps(rows).encode('utf-8'), compresslevel=1))
            return True
        wizard = self._export_wizard(sale_job_id=self.id)
        report = self.env.ref('sales_order_mgmt.sale_accounting_export_xlsx')
        data = report.render_xlsx(wizard.ids, {})[0]
        self._finish('sales_export_%s_%s_%s.xlsx' % (
            wizard.company_id.name.replace(' ', '_'), wizard.date_from,
            wizard.date_to), data, XLSX_MIMETYPE)
        return False

    @api.multi
    def _export_plan(self):
        """The period's invoices in the workbook's order (the wizard's
        `_read_invoices` order), cut into parts of about the configured
        number of lines."""
        wizard = self._export_wizard()
        invoice_ids = self.env['account.invoice'].search(
            wizard._invoice_domain(), order='date_invoice, number, id').ids
        counts = {}
        if invoice_ids:
            self.env.cr.execute(LINE_COUNTS_QUERY, (tuple(invoice_ids),))
            counts = dict(self.env.cr.fetchall())
        parts = list(chunks_by_weight(
            invoice_ids, counts, self._chunk('export_lines')))
        # sudo: see sale_job._start.
        self.sudo().write({'plan': json.dumps(parts),
                           'units_total': sum(counts.values()),
                           'steps_total': len(parts) + 2})
        return True

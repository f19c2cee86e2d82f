# Copyright 2026 sales_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The accounting export as background jobs, above a number of lines.

At or below `sales_order_mgmt.job_threshold_export_lines` lines the wizard's
Export downloads the workbook in the request, as before. Above, a task runs:
chunk 1 plans (the period's days, cut into runs of consecutive days of about
`sales_order_mgmt.job_chunk_export_lines` lines; a day is never split), then
one chunk per run writes that run's workbook with the wizard's own code (the
same file the request gives for those days, totals included), and the last
chunk puts the workbooks in one ZIP (a single run: the workbook itself).
The wizard's side (the threshold switch) is in
wizards/jobs/sale_accounting_export.py.

Why several workbooks: one workbook is written by one process, and on a
2-core machine writing 500,000 lines (with reading the invoices for the
Invoices sheet) takes more than Odoo's limit_time_cpu (60 s) and
limit_time_real (120 s): the worker is killed. Runs of bounded size keep
every chunk at a few seconds whatever the period.
"""
import datetime
import json

from odoo import api, fields, models

from ...engine.spreadsheet import chunks_by_weight

XLSX_MIMETYPE = ('application/vnd.openxmlformats-officedocument.'
                 'spreadsheetml.sheet')


#: Lines per invoice date of the invoices found by an ORM search (access
#: rules applied): sizes the runs of days.
DAY_COUNTS_QUERY = """
    SELECT i.date_invoice, count(l.id)
      FROM account_invoice i
      JOIN account_invoice_line l ON l.invoice_id = i.id
     WHERE i.id IN %s
  GROUP BY i.date_invoice
  ORDER BY i.date_invoice
"""


class SaleJob(models.Model):
    _inherit = 'sale.job'

    @api.multi
    def _export_wizard(self, **dates):
        """The export wizard of the task's parameters (optionally for other
        dates), created as the requester: its access and parameter checks
        run again."""
        params = json.loads(self.params)
        params.update(dates)
        return self.env['sale.accounting.export'].create(dict(
            date_from=params['date_from'], date_to=params['date_to'],
            company_id=params['company_id'],
            journal_ids=[(6, 0, params['journal_ids'])],
            invoice_states=[(6, 0, params['invoice_states'])]))

    @api.multi
    def _step_export(self, index):
        """Chunk 0 plans, chunks 1..n write one run's workbook each, the
        last puts them together. Returns whether a chunk follows."""
        self.ensure_one()
        if index == 0:
            return self._export_plan()
        runs = json.loads(self.plan)
        if index <= len(runs):
            date_from, date_to = runs[index - 1]
            wizard = self._export_wizard(date_from=date_from,
                                         date_to=date_to)
            self._store_part(index, wizard.get_xlsx(),
                             name=wizard._file_name())
            return True
        wizard = self._export_wizard()
        if len(runs) == 1:
            self._finish(wizard._file_name(), next(self._iter_parts()),
                         XLSX_MIMETYPE)
            return False
        self._finish_zip(wizard._file_name('zip'))
        return False

    @api.multi
    def _export_plan(self):
        """The period's invoice days, in runs of consecutive days of about
        the configured number of lines (a day is never split)."""
        wizard = self._export_wizard()
        invoice_ids = self.env['account.invoice'].search(
            wizard._invoice_domain()).ids
        days = []
        if invoice_ids:
            self.env.cr.execute(DAY_COUNTS_QUERY, (tuple(invoice_ids),))
            days = self.env.cr.fetchall()
        counts = dict(days)
        runs = [[run[0], run[-1]] for run in chunks_by_weight(
            [day for day, _count in days], counts,
            self._chunk('export_lines'))]
        if not runs:    # nothing to export: one (empty) workbook
            runs = [[wizard.date_from, wizard.date_to]]
        else:           # the runs cover the period, day after day
            runs[0][0], runs[-1][1] = wizard.date_from, wizard.date_to
            for run, following in zip(runs, runs[1:]):
                run[1] = fields.Date.to_string(fields.Date.from_string(
                    following[0]) - datetime.timedelta(days=1))
        # sudo: see sale_job._start.
        self.sudo().write({'plan': json.dumps(runs),
                           'units_total': sum(counts.values()),
                           'steps_total': len(runs) + 2})
        return True

# Copyright 2026 sales_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Printing quotations / orders (PDF) as background jobs, above a number of
documents.

The action "Print PDF (background above N)" of the sales order list prints
the selection: at or below `sales_order_mgmt.job_threshold_print_documents`
documents it downloads the PDF in the request, exactly as Print >
Quotation / Order does; above, a task renders chunks of
`sales_order_mgmt.job_chunk_print_documents` documents (one job each, as the
requester) and its last chunk merges them into one PDF, attached to the task.
"""
import io
import json

from PyPDF2 import PdfFileReader, PdfFileWriter

from odoo import _, api, models

from ..engine.jobs import runs_in_background, split

#: The report printed: Odoo's quotation / order.
ORDER_REPORT = 'sale.action_report_saleorder'


class SaleOrder(models.Model):
    _inherit = 'sale.order'

    @api.multi
    def action_print_pdf_background(self):
        """The selected orders' PDF: downloaded now, or, above the
        threshold, printed by a background task (its form is opened)."""
        self.check_access_rights('read')
        self.check_access_rule('read')
        report = self.env.ref(ORDER_REPORT)
        task_model = self.env['sale.job']
        if not runs_in_background(
                len(self), task_model._threshold('print_documents')):
            return report.report_action(self)
        parts = split(self.ids, task_model._chunk('print_documents'))
        task = task_model._start(
            'print', _('Print %d quotations / orders') % len(self),
            {'report': ORDER_REPORT}, len(self), len(parts) + 1, plan=parts)
        return task.action_open()


class SaleJob(models.Model):
    _inherit = 'sale.job'

    @api.multi
    def _step_print(self, index):
        """Chunks 0..n-1 render one part each, the last merges them."""
        self.ensure_one()
        parts = json.loads(self.plan)
        report = self.env.ref(json.loads(self.params)['report'])
        if index < len(parts):
            orders = self.env['sale.order'].browse(parts[index])
            orders.check_access_rule('read')
            pdf = report.render_qweb_pdf(orders.ids)[0]
            self._store_part(index, pdf)
            return True
        writer = PdfFileWriter()
        for data in self._iter_parts():
            reader = PdfFileReader(io.BytesIO(data), strict=False)
            for page in range(reader.getNumPages()):
                writer.addPage(reader.getPage(page))
        out = io.BytesIO()
        writer.write(out)
        self._finish(_('quotations_orders_%d.pdf') % self.units_total,
                     out.getvalue(), 'application/pdf')
        return False

# Copyright 2026 sales_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Printing quotations / orders (PDF) as background jobs, above a number of
documents.

The action "Print PDF (background above N)" of the sales order list prints
the selection: at or below `sales_order_mgmt.job_threshold_print_documents`
documents it downloads the PDF in the request, exactly as Print >
Quotation / Order does; above, a task renders chunks of
`sales_order_mgmt.job_chunk_print_documents` documents (one job each, as the
requester), then merges them into PDFs of at most
`sales_order_mgmt.job_volume_print_documents` documents (one job per PDF);
one PDF is attached to the task as is, several in one ZIP. (Merging
thousands of documents in one process would take longer than Odoo's
limit_time_cpu.)
"""
import io
import json

from PyPDF2 import PdfFileReader, PdfFileWriter

from odoo import _, api, models

from .sale_job import VOLUME_PREFIX

from ..engine.jobs import runs_in_background, split, volumes

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
        chunk = task_model._chunk('print_documents')
        parts = split(self.ids, chunk)
        groups = volumes(len(parts), chunk,
                         task_model._chunk('volume_print_documents'))
        task = task_model._start(
            'print', _('Print %d quotations / orders') % len(self),
            {'report': ORDER_REPORT}, len(self),
            len(parts) + len(groups) + (1 if len(groups) > 1 else 0),
            plan={'parts': parts, 'volumes': groups})
        return task.action_open()


class SaleJob(models.Model):
    _inherit = 'sale.job'

    @api.multi
    def _step_print(self, index):
        """Chunks 0..n-1 render one part each, the next ones merge parts
        into a PDF each, the last (when there are several PDFs) zips
        them."""
        self.ensure_one()
        plan = json.loads(self.plan)
        parts, groups = plan['parts'], plan['volumes']
        if index < len(parts):
            report = self.env.ref(json.loads(self.params)['report'])
            orders = self.env['sale.order'].browse(parts[index])
            orders.check_access_rule('read')
            self._store_part(index, report.render_qweb_pdf(orders.ids)[0])
            return True
        volume = index - len(parts)
        if volume < len(groups):
            writer = PdfFileWriter()
            for data in self._iter_parts(indexes=groups[volume]):
                reader = PdfFileReader(io.BytesIO(data), strict=False)
                for page in range(reader.getNumPages()):
                    writer.addPage(reader.getPage(page))
            out = io.BytesIO()
            writer.write(out)
            first = groups[volume][0] * len(parts[0]) + 1
            last = first - 1 + sum(len(parts[i]) for i in groups[volume])
            name = _('quotations_orders_%d-%d_of_%d.pdf') % (
                first, last, self.units_total)
            if len(groups) == 1:
                self._finish(name, out.getvalue(), 'application/pdf')
                return False
            self._store_part(volume, out.getvalue(), name=name,
                             prefix=VOLUME_PREFIX)
            # sudo: see sale_job._store_part (the merged parts go).
            self._parts(indexes=groups[volume]).sudo().unlink()
            return True
        self._finish_zip(_('quotations_orders_%d.zip') % self.units_total,
                         prefix=VOLUME_PREFIX)
        return False

# Copyright 2026 sales_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import io
import json

from odoo import _, api, models
from PyPDF2 import PdfFileReader, PdfFileWriter

from .sale_job import VOLUME_PREFIX


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

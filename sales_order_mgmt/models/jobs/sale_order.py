# Copyright 2026 sales_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, models

from ...engine.jobs import runs_in_background, split, volumes

#: The report printed: Odoo's quotation / order.
ORDER_REPORT = 'sale.action_report_saleorder'


class SaleOrder(models.Model):
    _inherit = 'sale.order'

    @api.multi
    def action_print_pdf_background(self):
        """The selected orders' PDF: downloaded now, or, above the
        threshold, printed by a background task (its form is opened)."""
        report = self.env.ref(ORDER_REPORT)
        task = self._print_pdf_background(report)
        return task.action_open() if task else report.report_action(self)

    @api.multi
    def _print_pdf_background(self, report):
        """A background task printing ``report`` (a PDF report of
        sale.order with an external id) for these orders when they are more
        than the threshold; else nothing (the caller prints them now)."""
        self.check_access_rights('read')
        self.check_access_rule('read')
        task_model = self.env['sale.job']
        xmlid = report.get_external_id().get(report.id)
        if not xmlid or report.model != self._name or not \
                runs_in_background(
                    len(self), task_model._threshold('print_documents')):
            return task_model
        chunk = task_model._chunk('print_documents')
        parts = split(self.ids, chunk)
        groups = volumes(len(parts), chunk,
                         task_model._chunk('volume_print_documents'))
        return task_model._start(
            'print', _('Print %d quotations / orders') % len(self),
            {'report': xmlid}, len(self),
            len(parts) + len(groups) + (1 if len(groups) > 1 else 0),
            plan={'parts': parts, 'volumes': groups})

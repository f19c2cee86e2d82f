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

# Copyright 2026 sales_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models


class AccountInvoiceDocuments(models.Model):
    _inherit = 'account.invoice'

    @api.multi
    def _documents_delivery_amount(self):
        """Delivery charges (untaxed) printed as their own total line: the
        lines invoicing order lines the `delivery` addon flags
        (`is_delivery`) when it is installed, none otherwise."""
        self.ensure_one()
        lines = self.invoice_line_ids
        if 'is_delivery' not in self.env['sale.order.line']._fields:
            return 0.0
        return sum(lines.filtered(
            lambda line: any(line.sale_line_ids.mapped('is_delivery'))
        ).mapped('price_subtotal'))

# Copyright 2026 sales_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
# Copyright 2026 sales_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class SaleAccountingExportState(models.Model):
    """An invoice state the accounting export can select (draft, open,
    paid): three fixed records, so that the wizard's `invoice_states` is a
    plain many2many tag field."""

    _name = 'sale.accounting.export.state'
    _description = 'Invoice state selectable in the accounting export'
    _order = 'sequence, id'

    name = fields.Char(required=True, translate=True)
    code = fields.Selection(
        [('draft', 'Draft'), ('open', 'Open'), ('paid', 'Paid')],
        required=True)
    sequence = fields.Integer(default=10)

    _sql_constraints = [
        ('code_unique', 'unique(code)', 'Each invoice state exists once.'),
    ]

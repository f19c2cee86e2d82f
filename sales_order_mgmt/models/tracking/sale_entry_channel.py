# Copyright 2026 sales_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
# Copyright 2026 sales_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models

ENTRY_CHANNELS = [
    ('phone', 'Phone'),
    ('email', 'E-mail'),
    ('web', 'Web'),
    ('in_person', 'In person'),
    ('edi', 'EDI'),
    ('import', 'Import'),
]


class SaleEntryChannel(models.Model):
    """The ways an order comes in, as records, so that rules (sourcing rules,
    terms templates, checks) can take several of them as one condition
    (a many2many); `sale.order.entry_channel` holds the order's own code."""

    _name = 'sale.entry.channel'
    _description = 'Order entry channel'
    _order = 'sequence, id'

    name = fields.Char(required=True, translate=True)
    code = fields.Selection(ENTRY_CHANNELS, required=True)
    sequence = fields.Integer(default=10)

    _sql_constraints = [
        ('code_unique', 'unique(code)', 'Each entry channel exists once.'),
    ]

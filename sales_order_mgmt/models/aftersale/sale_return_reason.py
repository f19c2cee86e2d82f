# Copyright 2026 sales_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models

from ...engine import aftersale


class SaleReturnReason(models.Model):
    _name = 'sale.return.reason'
    _description = 'Return reason'
    _order = 'sequence, id'

    name = fields.Char('Reason', required=True, translate=True)
    category = fields.Selection(
        aftersale.CATEGORIES, required=True, default='other',
        help='Wrong item, damaged and short count against order accuracy.')
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)

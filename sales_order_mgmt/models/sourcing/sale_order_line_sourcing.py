# Copyright 2026 sales_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models
from odoo.addons import decimal_precision as dp


class SaleOrderLineSourcingRow(models.Model):
    """Part of an order line shipped from one warehouse, and why."""

    _name = 'sale.order.line.sourcing'
    _inherit = 'sale.order.line.sourcing.mixin'
    _description = 'Sourcing of an order line'
    # Rows are created line after line, in the order's line order.
    _order = 'line_sequence, id'

    sequence = fields.Integer(default=10)
    product_id = fields.Many2one(
        related='line_id.product_id', readonly=True)
    warehouse_id = fields.Many2one(
        'stock.warehouse', required=True,
        ondelete='restrict')
    product_uom_qty = fields.Float(
        string='Quantity', required=True,
        digits=dp.get_precision('Product Unit of Measure'),
        help='Quantity of the line shipped from this warehouse.')
    available_qty = fields.Float(
        string='Available', digits=dp.get_precision('Product Unit of Measure'),
        help='Of that quantity, what was free in the warehouse when '
             'sourced; the rest waits (backorder policy).')
    product_uom = fields.Many2one(
        related='line_id.product_uom', readonly=True)
    rule_id = fields.Many2one(
        'sale.sourcing.rule', ondelete='set null',
        help='Empty: no rule matched, the order\'s warehouse ships.')
    reason = fields.Text(required=True)

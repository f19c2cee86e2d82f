# Copyright 2026 sales_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class SaleOrderLineSourcingMixin(models.AbstractModel):
    """What the sourcing rows and substitute offers of a line share: the
    line, and its order and company copied at creation (the rows are
    written anew at each sourcing; stored related fields would make the ORM
    search them on every change of any order line)."""

    _name = 'sale.order.line.sourcing.mixin'
    _description = 'Sourcing detail of an order line'

    line_id = fields.Many2one(
        'sale.order.line', string='Order line', required=True,
        ondelete='cascade', index=True)
    order_id = fields.Many2one(
        'sale.order', required=True, readonly=True,
        ondelete='cascade', index=True)
    line_sequence = fields.Integer(readonly=True)
    company_id = fields.Many2one('res.company', readonly=True, index=True)

    @api.model
    def create(self, vals):
        line = self.env['sale.order.line'].browse(vals.get('line_id'))
        if 'order_id' not in vals and line.exists():
            vals = dict(vals, order_id=line.order_id.id,
                        line_sequence=line.sequence,
                        company_id=line.order_id.company_id.id)
        return super(SaleOrderLineSourcingMixin, self).create(vals)

# Copyright 2026 sales_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.addons import decimal_precision as dp
from odoo.exceptions import UserError


class SaleReturnLine(models.Model):
    _name = 'sale.return.line'
    _description = 'Product of a return'

    return_id = fields.Many2one('sale.return', required=True,
                                ondelete='cascade', index=True)
    sale_line_id = fields.Many2one(
        'sale.order.line', 'Order line', required=True, ondelete='restrict',
        domain="[('order_id', '=', parent.order_id)]")
    product_id = fields.Many2one(related='sale_line_id.product_id',
                                 readonly=True, store=True)
    product_uom = fields.Many2one(related='sale_line_id.product_uom',
                                  readonly=True)
    quantity = fields.Float(
        required=True,
        digits=dp.get_precision('Product Unit of Measure'))

    @api.constrains('quantity', 'sale_line_id')
    def _check_return_quantity(self):
        # Lines written on their own (not through the return's form).
        for ret in self.mapped('return_id'):
            ret._aftersale_check_quantities()

    @api.model
    def create(self, vals):
        ret = self.env['sale.return'].browse(vals.get('return_id'))
        if ret.exists() and ret.state != 'requested':
            raise UserError(_('Only a requested return can be changed.'))
        return super(SaleReturnLine, self).create(vals)

    @api.multi
    def write(self, vals):
        if any(line.return_id.state != 'requested' for line in self):
            raise UserError(_('Only a requested return can be changed.'))
        return super(SaleReturnLine, self).write(vals)

# Copyright 2026 sales_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models

# Line fields the order's fulfilment figures read (the product: only
# storable and consumable products are delivered).
FULFILMENT_LINE_FIELDS = frozenset([
    'product_uom_qty', 'product_uom', 'customer_lead', 'product_id',
    'order_id'])


class SaleOrderLineTracking(models.Model):
    """Refresh the order's figures when a line changes what they count
    (see SaleOrderTracking._compute_fulfilment: the lines are not among
    its ORM dependencies)."""

    _inherit = 'sale.order.line'

    @api.model
    def create(self, vals):
        line = super(SaleOrderLineTracking, self).create(vals)
        line.order_id._fulfilment_refresh(existing=True)
        return line

    @api.multi
    def write(self, vals):
        if not FULFILMENT_LINE_FIELDS.intersection(vals):
            return super(SaleOrderLineTracking, self).write(vals)
        orders = self.mapped('order_id')
        result = super(SaleOrderLineTracking, self).write(vals)
        (orders | self.mapped('order_id'))._fulfilment_refresh(
            existing=True)
        return result

    @api.multi
    def unlink(self):
        orders = self.mapped('order_id')
        result = super(SaleOrderLineTracking, self).unlink()
        orders._fulfilment_refresh()
        return result

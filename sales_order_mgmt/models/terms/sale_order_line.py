# Copyright 2026 sales_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models

from ..support import transaction_state

# Line fields the terms of a quotation may show (through its amounts).
TERMS_LINE_FIELDS = frozenset([
    'product_id', 'product_uom_qty', 'product_uom', 'price_unit',
    'discount', 'tax_id', 'order_id'])


class SaleOrderLineTerms(models.Model):
    """A line changed on its own (RPC, a substitute): the quotation's terms
    are rendered again (sale.order._som_terms_refresh); the order's write
    does it once for the lines it writes."""

    _inherit = 'sale.order.line'

    @api.model
    def _terms_unedited(self, orders):
        refreshing = transaction_state.open_ids(
            self.env, 'som_terms_refreshing')
        return orders.filtered(lambda order: order.id not in refreshing)\
            ._som_terms_unedited()

    @api.model
    def create(self, vals):
        unedited = self._terms_unedited(
            self.env['sale.order'].browse(vals.get('order_id')))
        line = super(SaleOrderLineTerms, self).create(vals)
        unedited._som_terms_refresh()
        return line

    @api.multi
    def write(self, vals):
        if not TERMS_LINE_FIELDS.intersection(vals):
            return super(SaleOrderLineTerms, self).write(vals)
        unedited = self._terms_unedited(self.mapped('order_id'))
        result = super(SaleOrderLineTerms, self).write(vals)
        unedited._som_terms_refresh()
        return result

    @api.multi
    def unlink(self):
        unedited = self._terms_unedited(self.mapped('order_id'))
        result = super(SaleOrderLineTerms, self).unlink()
        unedited._som_terms_refresh()
        return result

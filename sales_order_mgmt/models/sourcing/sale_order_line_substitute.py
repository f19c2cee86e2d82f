# Copyright 2026 sales_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.addons import decimal_precision as dp
from odoo.exceptions import UserError
from odoo.tools import formatLang, html_escape

from ...engine._common import plain_qty


class SaleOrderLineSubstitute(models.Model):
    """An in-stock substitute offered for a line no warehouse can serve."""

    _name = 'sale.order.line.substitute'
    _inherit = 'sale.order.line.sourcing.mixin'
    _description = 'Substitute offered for an order line'
    _order = 'line_sequence, id'

    sequence = fields.Integer(default=10)
    original_product_id = fields.Many2one(
        related='line_id.product_id', string='Ordered product',
        readonly=True)
    product_id = fields.Many2one(
        'product.product', string='Substitute', required=True,
        ondelete='cascade')
    free_qty = fields.Float(
        string='Free', digits=dp.get_precision('Product Unit of Measure'),
        help='Free quantity of the substitute in the warehouses the line '
             'could ship from.')

    @api.multi
    def action_use_substitute(self):
        """Replace the line's product by this substitute (quotations)."""
        self.ensure_one()
        line, order = self.line_id, self.line_id.order_id
        if order.state not in ('draft', 'sent'):
            raise UserError(_(
                'Order %s is no longer a quotation: its products cannot be '
                'replaced.') % order.name)
        old_product, qty, uom = line.product_id, line.product_uom_qty, \
            line.product_uom
        old_price = line.price_unit
        new_product = self.product_id
        line.product_id = new_product
        line.product_id_change()
        if line.product_uom != uom and \
                line.product_uom.category_id == uom.category_id:
            line.write({'product_uom': uom.id})
            line.product_uom_change()
        if line.product_uom_qty != qty:
            line.write({'product_uom_qty': uom._compute_quantity(
                qty, line.product_uom)})
        currency = order.currency_id
        if currency.compare_amounts(old_price, line.price_unit):
            price = _('the unit price changed from %s to %s') % (
                formatLang(self.env, old_price, currency_obj=currency),
                formatLang(self.env, line.price_unit, currency_obj=currency))
        else:
            price = _('the unit price is unchanged (%s)') % formatLang(
                self.env, line.price_unit, currency_obj=currency)
        order._som_log_note(_(
            'Sourcing: %s replaced by its substitute %s (%s free), none of '
            'the ordered product being in stock; %s.') % (
                html_escape(old_product.display_name),
                html_escape(new_product.display_name),
                plain_qty(self.free_qty), price))
        order.action_preview_sourcing()
        return True

# Copyright 2026 sales_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class StockMoveBackorder(models.Model):
    _inherit = 'stock.move'

    backorder_expected_date = fields.Date(
        string='Expected on', readonly=True, copy=False,
        help='When this backordered line is expected (see the delivery\'s '
             'Expected on); empty: date to be confirmed.')

    @api.multi
    def _get_new_picking_values(self):
        """A delivery created for a sales order's move takes the order's
        backorder policy (see stock.picking)."""
        values = super(StockMoveBackorder, self)._get_new_picking_values()
        policy = self.sale_line_id.order_id.backorder_policy_id
        if policy and self.picking_type_id.code == 'outgoing':
            values['backorder_policy_id'] = policy.id
        return values

    @api.multi
    def _assign_picking(self):
        """A delivery that had no policy and now has a sales order's moves
        takes the order's (one created for them has it already)."""
        result = super(StockMoveBackorder, self)._assign_picking()
        self.mapped('picking_id')._backorder_policy_follow_order()
        return result

# Copyright 2026 sales_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""stock.move: tell the orders when a delivery move is done or cancelled.

The fulfilment figures of `sale.order` are stored computed fields that
follow the moves by themselves; these hooks only post, in each touched
order's chatter, how its fulfilment state changed and why.
"""
from odoo import api, models


class StockMoveTracking(models.Model):
    _inherit = 'stock.move'

    @api.multi
    def _tracked_orders(self):
        # sudo: a warehouse clerk validating a delivery may not read or
        # write sales orders; the chatter notes are the system's, and only
        # the orders of the moves being processed are touched.
        orders = self.sudo().mapped('sale_line_id.order_id')
        return orders, {order.id: order.fulfilment_state for order in orders}

    @api.multi
    def _action_done(self):
        orders, previous = self._tracked_orders()
        result = super(StockMoveTracking, self)._action_done()
        orders._post_fulfilment_changes(previous)
        return result

    @api.multi
    def _action_cancel(self):
        orders, previous = self._tracked_orders()
        result = super(StockMoveTracking, self)._action_cancel()
        orders._post_fulfilment_changes(previous)
        return result

# Copyright 2026 sales_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models

from ...engine.fulfilment import CLOSED_STATES

# Move fields the figures read (product_qty follows product_uom_qty and
# product_uom; the delivery's backorder flag follows picking_id).
FULFILMENT_MOVE_FIELDS = frozenset([
    'state', 'date', 'product_uom_qty', 'product_uom', 'location_id',
    'location_dest_id', 'picking_id', 'sale_line_id'])


class StockMoveTracking(models.Model):
    _inherit = 'stock.move'

    @api.multi
    def _tracked_orders(self):
        """The orders of these moves, and their fulfilment state now: with
        them in one query, unless a recomputation of the figures is pending
        (then the ORM's value)."""
        rows = self._fulfilment_orders_query(
            'line.order_id, sale.fulfilment_state',
            'JOIN sale_order sale ON sale.id = line.order_id')
        orders = self.env['sale.order'].sudo().browse(
            sorted(row[0] for row in rows))
        field = orders._fields['fulfilment_state']
        if orders & self.env.field_todo(field):
            return orders, {row['id']: row['fulfilment_state']
                            for row in orders.read(['fulfilment_state'])}
        return orders, dict(rows)

    @api.multi
    def _fulfilment_orders(self):
        """The orders of these moves' order lines, found with one query on
        plain columns (no move or line is browsed). sudo: a warehouse clerk
        validating a delivery may not read or write sales orders; the
        chatter notes are the system's, and only the orders of the moves
        being processed are touched."""
        rows = self._fulfilment_orders_query('line.order_id')
        return self.env['sale.order'].sudo().browse(
            sorted(row[0] for row in rows))

    @api.multi
    def _fulfilment_orders_query(self, columns, join=''):
        """Distinct ``columns`` of these moves' order lines (``line``),
        with ``join`` (SQL of the module, no user input)."""
        ids = tuple(move_id for move_id in self.ids
                    if isinstance(move_id, int))
        if not ids:
            return []
        self.env.cr.execute("""
            SELECT DISTINCT %s
              FROM stock_move move
              JOIN sale_order_line line ON line.id = move.sale_line_id
              %s
             WHERE move.id IN %%s""" % (columns, join), (ids,))
        return self.env.cr.fetchall()

    @api.multi
    def _fulfilment_touch(self):
        """Refresh the figures of these moves' orders, or, while an
        operation defers it, let it find their orders once at its end."""
        pending = self.env['sale.order']._fulfilment_pending()
        if pending is not None:
            pending.move_ids.update(self.ids)
            return
        self._fulfilment_orders()._fulfilment_refresh()

    @api.model
    def create(self, vals):
        move = super(StockMoveTracking, self).create(vals)
        if vals.get('sale_line_id'):
            move._fulfilment_touch()
        return move

    @api.multi
    def write(self, vals):
        relevant = bool(FULFILMENT_MOVE_FIELDS.intersection(vals))
        if set(vals) & FULFILMENT_MOVE_FIELDS == {'state'} and \
                vals['state'] not in CLOSED_STATES:
            # Between open states (waiting, confirmed, reserved...) the
            # figures do not change: they count open, done and cancelled.
            relevant = any(move.state in CLOSED_STATES for move in self)
        if not relevant:
            return super(StockMoveTracking, self).write(vals)
        # The orders the moves leave, when they change order line.
        leaving = self._fulfilment_orders() if 'sale_line_id' in vals \
            else self.env['sale.order']
        result = super(StockMoveTracking, self).write(vals)
        self._fulfilment_touch()
        leaving._fulfilment_refresh()
        return result

    @api.multi
    def unlink(self):
        orders = self._fulfilment_orders()
        result = super(StockMoveTracking, self).unlink()
        orders._fulfilment_refresh()
        return result

    @api.multi
    def _action_done(self):
        orders, previous = self._tracked_orders()
        result = orders._fulfilment_deferred(self, lambda moves: super(
            StockMoveTracking, moves)._action_done())
        # The orders are read as the system: the note is the user's.
        orders._post_fulfilment_changes(
            previous, author=self.env.user.partner_id)
        return result

    @api.multi
    def _action_cancel(self):
        orders, previous = self._tracked_orders()
        result = super(StockMoveTracking, self)._action_cancel()
        orders._post_fulfilment_changes(
            previous, author=self.env.user.partner_id)
        return result

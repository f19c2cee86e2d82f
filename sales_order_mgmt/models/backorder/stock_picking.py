# Copyright 2026 sales_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.osv import expression
from odoo.tools import float_is_zero, format_date

from ...engine.backorder import (DeliveryLine, backorder_expiry_cutoff,
                                 expected_date)
from ...engine._common import plain_qty
from ..support import client_context, transaction_state


class StockPickingBackorder(models.Model):
    """Apply the order's backorder policy when a delivery ships short.

    ``_check_backorder`` answers "no wizard" for the deliveries a policy
    governs, ``action_done`` asks the engine (refusing before anything is
    validated) and ``_create_backorder`` cancels the remainder instead of
    creating a backorder for ``cancel_remainder``; every other picking
    keeps Odoo's behaviour through ``super``.
    """
    _inherit = 'stock.picking'

    # Not a computed field: the delivery's sale order is related to its
    # moves' group, so the ORM recomputed it each time a move joined the
    # delivery. The policy is given when the delivery is created for a
    # sales order's moves (stock.move._get_new_picking_values), or when
    # such moves join a delivery without one (_assign_picking), copied to
    # backorders, and follows later changes of the order's policy while the
    # delivery is open (SaleOrderBackorder._backorder_policy_to_deliveries).
    backorder_policy_id = fields.Many2one(
        'sale.backorder.policy', string='Backorder policy', readonly=True,
        index=True,
        help='Backorder policy of the sales order of this delivery, taken '
             'when the delivery is created and while it is open (done '
             'deliveries keep the policy they were processed under).')
    backorder_decision = fields.Text(
        string='Backorder decision', readonly=True, copy=False,
        help='What the backorder policy decided when this delivery was '
             'validated or aged out.')
    backorder_expected_date = fields.Date(
        string='Expected on', readonly=True, copy=False,
        help='When the goods of this backorder are expected: from what its '
             'warehouse has, its incoming receipts and the products\' '
             'lead times where a route buys or makes them. Empty: date to '
             'be confirmed (nothing supports a date yet).')

    @api.multi
    def _backorder_policy_follow_order(self):
        """Open deliveries of a sales order that have no policy yet take
        the order's."""
        for picking in self.filtered(
                lambda p: not p.backorder_policy_id and p.sale_id and
                p.sale_id.backorder_policy_id and
                p.picking_type_id.code == 'outgoing' and
                p.state not in ('done', 'cancel')):
            picking.backorder_policy_id = picking.sale_id.backorder_policy_id

    @api.multi
    def _backorder_governed(self):
        """The open outgoing deliveries of sales orders with a policy."""
        return self.filtered(
            lambda picking: picking.backorder_policy_id and picking.sale_id
            and picking.picking_type_id.code == 'outgoing'
            and picking.state not in ('done', 'cancel'))

    @api.multi
    def _backorder_decide(self):
        """The engine's decision for this delivery's quantities done."""
        self.ensure_one()
        digits = self.env['decimal.precision'].precision_get(
            'Product Unit of Measure')
        moves = self.move_lines.filtered(lambda move: move.state != 'cancel')
        done = self._backorder_quantities_done(moves)
        # Names are for the messages about what is missing: only the
        # products of short moves are named (name_get is not cheap).
        short = moves.filtered(
            lambda move: done[move.id] < move.product_uom_qty)
        names = dict(short.mapped('product_id').name_get())
        lines = [
            DeliveryLine(names.get(move.product_id.id, ''),
                         move.product_uom_qty, done[move.id],
                         move.product_uom.name)
            for move in moves]
        return self.backorder_policy_id.decide(
            lines, precision=10 ** -digits)

    @api.multi
    def _backorder_quantities_done(self, moves):
        """``{move id: quantity done}`` (in the move's unit) of ``moves``,
        this delivery's, counting the operations added in the detailed
        operations and not linked to a move yet: Odoo's ``action_done``
        links each to a move of its product, one still short first."""
        self.ensure_one()
        done = {move.id: move.quantity_done for move in moves}
        for line in self.move_line_ids.filtered(
                lambda line: not line.move_id and line.qty_done):
            candidates = moves.filtered(
                lambda move, line=line: move.product_id == line.product_id)
            if not candidates:
                continue  # a product not ordered: nothing of it is short
            move = (candidates.filtered(
                lambda move: done[move.id] < move.product_uom_qty) or
                candidates)[0]
            done[move.id] += line.product_uom_id._compute_quantity(
                line.qty_done, move.product_uom, round=False)
        return done

    @api.multi
    def _backorder_immediate_transfer(self):
        """Deliveries validated with no quantity done at all are Odoo's
        "immediate transfer": what is reserved is processed (as Odoo's
        wizard does), then the policy decides about the rest."""
        digits = self.env['decimal.precision'].precision_get(
            'Product Unit of Measure')
        untouched = self.filtered(lambda picking: all(
            float_is_zero(line.qty_done, precision_digits=digits)
            for line in picking.move_line_ids))
        lines = untouched.mapped('move_lines.move_line_ids')
        for qty in set(lines.mapped('product_uom_qty')):
            lines.filtered(
                lambda line, qty=qty: line.product_uom_qty == qty).write(
                    {'qty_done': qty})

    @api.multi
    def _check_backorder(self):
        governed = self._backorder_governed()
        rest = self - governed
        return bool(rest) and super(
            StockPickingBackorder, rest)._check_backorder()

    @api.multi
    def action_done(self):
        governed = self._backorder_governed()
        governed._backorder_immediate_transfer()
        decisions = {}
        for picking in governed:
            decision = picking._backorder_decide()
            if decision.action == 'refuse':
                raise UserError(_('%s cannot be validated: %s') % (
                    picking.name, decision.reason))
            decisions[picking] = decision
        cancel_ids = frozenset(
            picking.id for picking, decision in decisions.items()
            if decision.action == 'cancel_remainder')
        # Told to _create_backorder beside the transaction, not in the
        # context: see transaction_state.
        with transaction_state.pushed(self.env, 'backorder_cancel_ids',
                                      cancel_ids):
            result = super(StockPickingBackorder, self).action_done()
        partial = [(picking, decision) for picking, decision in
                   decisions.items() if decision.action != 'validate_all']
        if partial:
            self._backorder_record(partial)
        return result

    @api.multi
    def _create_backorder(self, backorder_moves=None):
        cancel_ids = transaction_state.open_ids(
            self.env, 'backorder_cancel_ids')
        to_cancel = self.filtered(lambda picking: picking.id in cancel_ids)
        to_cancel.mapped('move_lines').filtered(
            lambda move: move.state not in ('done', 'cancel'))._action_cancel()
        return super(StockPickingBackorder, self - to_cancel)\
            ._create_backorder(backorder_moves or [])

    @api.model
    def _backorder_record(self, decisions):
        """Store, post and notify each ``(picking, decision)``."""
        pickings = self.browse([picking.id for picking, _d in decisions])
        backorders = self.search([('backorder_id', 'in', pickings.ids)])
        backorders._backorder_set_expected_dates()
        for picking, decision in decisions:
            message = decision.reason
            backorder = backorders.filtered(
                lambda b, picking=picking: b.backorder_id == picking)
            if backorder:
                message = _('%s Backorder: %s, %s.') % (
                    message, ', '.join(backorder.mapped('name')),
                    ', '.join(backorder.mapped(
                        lambda b: b._backorder_expected_text())))
            picking._backorder_notify_and_log(message)

    @api.multi
    def _backorder_expected_text(self):
        """'expected on <date>' or 'date to be confirmed', in the
        context's language."""
        self.ensure_one()
        if self.backorder_expected_date:
            return _('expected on %s') % format_date(
                self.env, self.backorder_expected_date)
        return _('date to be confirmed')

    @api.multi
    def _backorder_set_expected_dates(self):
        """Compute each open move's expected date (engine.backorder.
        expected_date) from its warehouse's free stock and incoming
        receipts (one search of each) and the product's lead time; the
        backorder is expected when its last line is, or to be confirmed
        when one line is."""
        moves = self.mapped('move_lines').filtered(
            lambda move: move.state not in ('done', 'cancel'))
        if not moves:
            return
        today = fields.Date.context_today(self)
        products = moves.mapped('product_id')
        warehouses = moves.mapped('picking_id.picking_type_id.warehouse_id')
        bounds = {wh.id: (wh.view_location_id.parent_left,
                          wh.view_location_id.parent_right)
                  for wh in warehouses}

        def warehouse_of(location):
            for wh_id, (left, right) in bounds.items():
                if None not in (left, right, location.parent_left) and \
                        left <= location.parent_left < right:
                    return wh_id
            return None
        free, receipts = {}, {}
        for quant in self.env['stock.quant'].sudo().search([
                ('product_id', 'in', products.ids),
                ('location_id.usage', '=', 'internal')]):
            key = (quant.product_id.id, warehouse_of(quant.location_id))
            free[key] = free.get(key, 0.0) + quant.quantity - \
                quant.reserved_quantity
        for move in self.env['stock.move'].sudo().search([
                ('product_id', 'in', products.ids),
                ('state', 'not in', ('draft', 'done', 'cancel')),
                ('location_dest_id.usage', '=', 'internal'),
                ('location_id.usage', 'not in', ('internal', 'transit'))]):
            key = (move.product_id.id, warehouse_of(move.location_dest_id))
            receipts.setdefault(key, []).append(
                (move.date_expected, move.product_qty))
        dates = {}
        for move in moves:
            warehouse = move.picking_id.picking_type_id.warehouse_id
            key = (move.product_id.id, warehouse.id)
            dates[move.id] = expected_date(
                move.product_qty,
                free.get(key, 0.0) + move.reserved_availability,
                receipts.get(key, ()), today,
                move.product_id._backorder_lead_days(warehouse))
        by_date = {}
        for move_id, day in dates.items():
            by_date.setdefault(day, []).append(move_id)
        for picking in self:
            days = [dates[move.id] for move in picking.move_lines
                    if move.id in dates]
            by_date.setdefault(('picking', max(days) if days and all(days)
                                else None), []).append(picking.id)
        for key, ids in by_date.items():
            model, day = ('stock.picking', key[1]) \
                if isinstance(key, tuple) else ('stock.move', key)
            self.env[model].browse(ids).write({
                'backorder_expected_date': day and fields.Date.to_string(
                    day) or False})

    @api.multi
    def _backorder_notify_and_log(self, message):
        """``message`` on the delivery and its order, then the customer
        notice when the policy asks for it."""
        self.ensure_one()
        client_context.system_write(self, {'backorder_decision': message})
        policy = self.backorder_policy_id
        template = policy.mail_template_id
        if policy.notify_customer and template and self.partner_id:
            self.message_post_with_template(template.id)
            message = _('%s The customer was notified by e-mail (%s).') % (
                message, self.partner_id.email or self.partner_id.name)
        self.sale_id._log_backorder_decision(self, message)

    @api.multi
    def get_backorder_notice_lines(self):
        """Lines of the customer notice, in the context's language:
        dicts with ``status`` (shipped, backordered, cancelled),
        ``product``, ``qty``, ``uom`` and ``date`` (expected date of a
        backordered line, else empty)."""
        self.ensure_one()
        backorders = self.search([('backorder_id', '=', self.id),
                                  ('state', 'not in', ('done', 'cancel'))])
        rows = []
        for status, moves in (
                ('shipped', self.move_lines.filtered(
                    lambda move: move.state == 'done')),
                ('backordered', backorders.mapped('move_lines').filtered(
                    lambda move: move.state not in ('done', 'cancel'))),
                ('cancelled', self.move_lines.filtered(
                    lambda move: move.state == 'cancel'))):
            for move in moves:
                qty = move.quantity_done if status == 'shipped' \
                    else move.product_uom_qty
                rows.append({
                    'status': status,
                    'product': move.product_id.display_name,
                    'qty': plain_qty(qty),
                    'uom': move.product_uom.name,
                    'date': status == 'backordered' and
                    move.backorder_expected_date and format_date(
                        self.env, move.backorder_expected_date) or '',
                })
        return rows

    @api.model
    def _cron_cancel_expired_backorders(self, today=None):
        """Cancel the open backorders older than their policy allows."""
        domain = self._expired_backorders_domain(today)
        if not domain:
            return self.browse()
        return self.search(domain)._cancel_expired_backorders()

    @api.model
    def _expired_backorders_domain(self, today=None):
        """Domain of the open backorders older than their policy allows
        (None when no policy has a limit)."""
        today = today or fields.Date.context_today(self)
        # Searched by creation date, policy by policy (a handful): the open
        # backorders that are not due are never read (thousands of them
        # on a large database).
        policies = self.env['sale.backorder.policy'].search(
            [('max_backorder_days', '>', 0)])
        if not policies:
            return None
        return expression.AND([
            [('backorder_id', '!=', False),
             ('state', 'not in', ('done', 'cancel'))],
            expression.OR([
                [('backorder_policy_id', '=', policy.id),
                 ('create_date', '<', backorder_expiry_cutoff(
                     today, policy.max_backorder_days))]
                for policy in policies]),
        ])

    @api.multi
    def _cancel_expired_backorders(self):
        """Cancel these expired backorders and tell each customer why."""
        self.action_cancel()
        for picking in self:
            picking._backorder_notify_and_log(
                _('Backorder cancelled: it stayed open more than %s days '
                  '(backorder policy limit), still missing: %s.') % (
                    picking.backorder_policy_id.max_backorder_days,
                    ', '.join(_('%s %s of %s') % (
                        plain_qty(move.product_uom_qty),
                        move.product_uom.name, move.product_id.display_name)
                        for move in picking.move_lines)))
        return self

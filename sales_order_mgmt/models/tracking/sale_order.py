# Copyright 2026 sales_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.addons import decimal_precision as dp
from odoo.tools import sql as sql_tools

from ...engine import fulfilment
from ..support import client_context, transaction_state
from .sale_entry_channel import ENTRY_CHANNELS


def _to_product_unit(qty, uom_id, factor, product_uom_id, product_factor):
    """``qty`` in the unit ``uom_id`` (its ``factor``) converted to the
    product's unit, unrounded, as Odoo's ``_compute_quantity(round=False)``;
    no unit counts in the product's."""
    qty = qty or 0.0
    if not uom_id or uom_id == product_uom_id:
        return qty
    return qty / factor * product_factor


# Order fields the figures read that are not among their ORM dependencies
# (see SaleOrderTracking._compute_fulfilment).
FULFILMENT_ORDER_FIELDS = frozenset(['state', 'confirmation_date'])


# The stored figures: computed by the ORM only (Odoo 11 would store a value
# a client writes to a computed field).
FULFILMENT_FIGURES = frozenset([
    'fulfilment_state', 'first_ship_date', 'last_ship_date',
    'promised_date', 'on_time', 'fill_rate', 'processing_hours',
    'fulfilment_has_backorder', 'fulfilment_ordered_qty',
    'fulfilment_shipped_qty', 'fulfilment_cancelled_qty'])


class FulfilmentPending(set):
    """Ids of the orders whose fulfilment figures wait for the end of the
    operation in progress, and in ``move_ids`` the moves whose orders do
    (see SaleOrderTracking._fulfilment_deferred)."""

    def __init__(self, *args):
        super(FulfilmentPending, self).__init__(*args)
        self.move_ids = set()


class SaleOrderTracking(models.Model):
    _inherit = 'sale.order'

    entry_channel = fields.Selection(
        ENTRY_CHANNELS, string='Entry channel', index=True,
        track_visibility='onchange',
        default=lambda self: self._default_entry_channel(),
        help='How the order came in. Defaults to the salesperson\'s '
             'preference, else the company\'s.')

    customer_requested_date = fields.Datetime(
        'Customer requested date', copy=False,
        readonly=True, states={'draft': [('readonly', False)],
                               'sent': [('readonly', False)]},
        help='Date by which the customer asked to be delivered. When set, '
             'it is the promised date of the order (on-time measure).')
    fulfilment_state = fields.Selection(
        fulfilment.STATE_LABELS, string='Fulfilment',
        compute='_compute_fulfilment',
        store=True, compute_sudo=True, index=True, readonly=True,
        help='Where the order stands in delivery: to ship, partially '
             'shipped, shipped, closed short (the remainder was cancelled) '
             'or cancelled. Computed from the delivery moves.')
    # prefetch=False on the figures below and on the addon's other
    # seldom-read columns of orders (signature, checks, terms reason):
    # every read of an order by any flow would load and convert them too;
    # forms, lists, reports and the addon's own code ask for them by name.
    first_ship_date = fields.Datetime(
        'First shipment', compute='_compute_fulfilment', store=True,
        compute_sudo=True, readonly=True, prefetch=False)
    last_ship_date = fields.Datetime(
        'Last shipment', compute='_compute_fulfilment', store=True,
        compute_sudo=True, readonly=True, prefetch=False)
    promised_date = fields.Datetime(
        'Promised date', compute='_compute_fulfilment', store=True,
        compute_sudo=True, readonly=True,
        help="The customer's requested date when given, else Odoo's "
             'commitment date: order date + the shortest line lead time '
             '(partial deliveries accepted) or the longest one (ship all '
             'at once).', prefetch=False)
    on_time = fields.Boolean(
        'On time', compute='_compute_fulfilment', store=True,
        compute_sudo=True, readonly=True,
        help='Everything shipped (or the remainder cancelled) and the last '
             'shipment left by the promised date.', prefetch=False)
    fill_rate = fields.Float(
        'Fill rate (%)', compute='_compute_fulfilment', store=True,
        compute_sudo=True, readonly=True, digits=(16, 2),
        help='Share of the ordered quantity in the first shipment, 0-100.',
        prefetch=False)
    processing_hours = fields.Float(
        'Processing hours', compute='_compute_fulfilment', store=True,
        compute_sudo=True, readonly=True, digits=(16, 2),
        help='Hours from confirmation to the first shipment.', prefetch=False)
    fulfilment_has_backorder = fields.Boolean(
        'Backordered', compute='_compute_fulfilment', store=True,
        compute_sudo=True, readonly=True,
        help='A backorder delivery was created for the rest of a delivery.',
        prefetch=False)
    fulfilment_ordered_qty = fields.Float(
        'Quantity to deliver', compute='_compute_fulfilment', store=True,
        compute_sudo=True, readonly=True,
        digits=dp.get_precision('Product Unit of Measure'), prefetch=False)
    fulfilment_shipped_qty = fields.Float(
        'Quantity shipped', compute='_compute_fulfilment', store=True,
        compute_sudo=True, readonly=True,
        digits=dp.get_precision('Product Unit of Measure'), prefetch=False)
    fulfilment_cancelled_qty = fields.Float(
        'Cancelled remainder', compute='_compute_fulfilment', store=True,
        compute_sudo=True, readonly=True,
        digits=dp.get_precision('Product Unit of Measure'),
        help='Quantity never shipped because the remainder was cancelled.',
        prefetch=False)
    fulfilment_picking_ids = fields.Many2many(
        'stock.picking', string='Deliveries',
        compute='_compute_fulfilment_picking_ids',
        help='All deliveries of the order, any warehouse, backorders too.')

    @api.model
    def _default_entry_channel(self):
        if not self.pool.ready and not all(
                sql_tools.column_exists(self.env.cr, table, column)
                for table, column in (
                    ('res_users', 'default_entry_channel'),
                    ('res_company', 'default_entry_channel'))):
            # Installing the addon on a database that has orders: Odoo
            # fills the new column of the existing orders before the
            # preference columns exist. They get no channel.
            return False
        user = self.env.user
        return user.default_entry_channel or \
            user.company_id.default_entry_channel or False

    # The moves and the lines are not in the dependencies: the ORM would
    # search the orders of every move written while an order is confirmed
    # or a delivery validated, and recompute the figures a dozen times;
    # and it would walk these twelve fields each time an onchange sets a
    # field of a new order line. The stock.move hooks (stock_move.py) and
    # the sale.order.line hooks (tracking/sale_order_line.py) call
    # _fulfilment_refresh when a move or a line changes in a way the
    # figures see, once per operation. Nor are the state and confirmation
    # date, which Odoo writes in the middle of a confirmation: write()
    # refreshes for them, so that a confirmation gathers the figures once,
    # at its end.
    @api.depends('date_order', 'picking_policy', 'customer_requested_date')
    def _compute_fulfilment(self):
        """Figures from the moves to customers of the orders' lines, read
        in one batch (engine.fulfilment does the arithmetic)."""
        facts = self._fulfilment_facts()
        to_dt = fields.Datetime.from_string
        for order in self:
            ordered_qty, leads, moves = facts.get(order.id, (0.0, [], []))
            promised = fulfilment.promised_date(
                to_dt(order.date_order), leads, order.picking_policy,
                to_dt(order.customer_requested_date))
            result = fulfilment.compute_figures(
                order.state, ordered_qty, moves,
                confirmation_date=to_dt(order.confirmation_date),
                promised_date=promised)
            order.fulfilment_state = result.state
            order.first_ship_date = result.first_ship_date
            order.last_ship_date = result.last_ship_date
            order.promised_date = promised
            order.on_time = result.on_time
            order.fill_rate = result.fill_rate or 0.0
            order.processing_hours = result.processing_hours or 0.0
            order.fulfilment_has_backorder = result.has_backorder
            order.fulfilment_ordered_qty = ordered_qty
            order.fulfilment_shipped_qty = result.shipped_qty
            order.fulfilment_cancelled_qty = result.cancelled_qty

    @api.model
    def create(self, vals):
        vals = {key: value for key, value in vals.items()
                if key not in FULFILMENT_FIGURES}
        return super(SaleOrderTracking, client_context.without_defaults(
            self, FULFILMENT_FIGURES)).create(vals)

    @api.multi
    def write(self, vals):
        if FULFILMENT_FIGURES.intersection(vals):
            vals = {key: value for key, value in vals.items()
                    if key not in FULFILMENT_FIGURES}
        result = super(SaleOrderTracking, self).write(vals)
        if FULFILMENT_ORDER_FIELDS.intersection(vals):
            self._fulfilment_refresh(existing=True)
        return result

    @api.multi
    def _fulfilment_refresh(self, existing=False, now=False):
        """Recompute the stored fulfilment figures of these orders now
        (their moves or lines changed), or when the operation deferring it
        ends (see _fulfilment_deferred). ``existing``: the caller knows
        the orders exist (no query to check it); ``now``: even while an
        operation defers (the end of a deferral inside another one)."""
        pending = None if now else self._fulfilment_pending()
        if pending is not None:
            # The flush checks they still exist, once.
            pending.update(self.ids)
            return
        orders = self if existing else self.exists()
        if not orders:
            return
        names = [name for name, field in self._fields.items()
                 if field.compute == '_compute_fulfilment']
        orders.invalidate_cache(fnames=names, ids=orders.ids)
        for name in names:
            self.env.add_todo(self._fields[name], orders)
        if self.env.recompute:
            # Else an enclosing operation (norecompute) recomputes at its
            # end, with everything it creates in place.
            orders.recompute()

    @api.model
    def _fulfilment_pending(self):
        """The innermost deferral open on this transaction, or None."""
        return transaction_state.innermost(self.env, 'fulfilment_pending')

    @api.model
    def _fulfilment_flush(self, pending):
        """End a deferral: refresh the orders it collected, once."""
        refresh = self.sudo()
        # The orders of the moves are found by a join: they exist (and so
        # do not moves deleted since).
        found = refresh.browse(
            self.env['stock.move'].browse(
                pending.move_ids)._fulfilment_orders().ids)
        others = refresh.browse(sorted(pending)) - found
        # Now, even inside an enclosing deferral: the caller of this one
        # reads the figures next (the fulfilment note of a validation).
        (found | others.exists())._fulfilment_refresh(existing=True, now=True)

    @api.model
    def _fulfilment_deferred(self, records, call):
        """``call(records)`` with the fulfilment refreshes asked meanwhile
        (by its moves, lines, deliveries) collected, then made once for all
        their orders, at the end. A deferral inside another one flushes at
        its own end: its caller reads the figures then.

        Worth it (``make bench``, 2026-12-05, 5-line orders): without the
        deferral (each hook refreshing at once) creating and confirming an
        order makes 49 more queries (1001 -> 1050) and its Python calls
        against vanilla Odoo go 1.11x -> 1.14x."""
        # Not in the context: see transaction_state.
        with transaction_state.pushed(self.env, 'fulfilment_pending',
                                      FulfilmentPending()) as pending:
            result = call(records)
        self._fulfilment_flush(pending)
        return result

    @api.multi
    def _action_confirm(self):
        # Confirming creates and confirms the moves one by one.
        return self._fulfilment_deferred(self, lambda orders: super(
            SaleOrderTracking, orders)._action_confirm())

    @api.depends('picking_ids')
    def _compute_fulfilment_picking_ids(self):
        for order in self:
            order.fulfilment_picking_ids = order.picking_ids

    @api.multi
    def _fulfilment_facts(self):
        """{order id: (ordered qty, line lead times, [MoveFact])} for the
        deliverable lines (storable and consumable products) of `self`.

        Two queries for all the orders, whatever their number of lines and
        moves (no record is browsed: the figures are recomputed on every
        confirmation and delivery). Quantities are converted to the
        products' units with Odoo's factor arithmetic, unrounded as
        ``_compute_quantity(round=False)``: only plain columns are read,
        never a stored computed one that may wait for its recomputation
        (the move's product_qty inside a create with one2many commands).
        The moves' query joins only what it filters on: the lines' query
        gave each line's product unit (a join of nine tables cost more to
        plan than to run).
        """
        orders = self.filtered(
            lambda o: isinstance(o.id, int) and o.state != 'cancel')
        facts = {}
        if not orders:
            return facts
        cr = self.env.cr
        cr.execute("""
            SELECT line.id, line.order_id, line.customer_lead,
                   line.product_uom_qty, line_uom.id, line_uom.factor,
                   product_uom.id, product_uom.factor
              FROM sale_order_line line
              JOIN product_product product ON product.id = line.product_id
              JOIN product_template template
                ON template.id = product.product_tmpl_id
              JOIN product_uom product_uom ON product_uom.id = template.uom_id
         LEFT JOIN product_uom line_uom ON line_uom.id = line.product_uom
             WHERE line.order_id IN %s
               AND template.type IN ('product', 'consu')
          ORDER BY line.order_id, line.sequence, line.id
        """, (tuple(orders.ids),))
        # {line id: (order id, product unit id, its factor)}
        units = {}
        for line_id, order_id, lead, qty, line_uom, line_factor, \
                product_uom, product_factor in cr.fetchall():
            entry = facts.setdefault(order_id, [0.0, [], []])
            entry[0] += _to_product_unit(
                qty, line_uom, line_factor, product_uom, product_factor)
            entry[1].append(lead or 0.0)
            units[line_id] = (order_id, product_uom, product_factor)
        # Quotations have no deliveries.
        confirmed = {order.id for order in orders
                     if order.state in ('sale', 'done')}
        shipping = [line_id for line_id, (order_id, _u, _f) in units.items()
                    if order_id in confirmed]
        if not shipping:
            return facts
        cr.execute("""
            SELECT move.sale_line_id, move.picking_id, move.product_uom_qty,
                   move.product_uom, move_uom.factor, move.state, move.date,
                   picking.backorder_id IS NOT NULL
              FROM stock_move move
              JOIN product_uom move_uom ON move_uom.id = move.product_uom
              JOIN stock_location source ON source.id = move.location_id
              JOIN stock_location dest ON dest.id = move.location_dest_id
         LEFT JOIN stock_picking picking ON picking.id = move.picking_id
             WHERE move.sale_line_id IN %s
               AND dest.usage = 'customer' AND source.usage != 'customer'
          ORDER BY move.id
        """, (tuple(shipping),))
        to_dt = fields.Datetime.from_string
        for line_id, picking_id, qty, move_uom, move_factor, state, date, \
                backorder in cr.fetchall():
            order_id, product_uom, product_factor = units[line_id]
            facts[order_id][2].append(fulfilment.MoveFact(
                picking=picking_id,
                qty=_to_product_unit(qty, move_uom, move_factor,
                                     product_uom, product_factor),
                state=state, date=to_dt(date), backorder=backorder))
        return facts

    @api.multi
    def _post_fulfilment_changes(self, previous, author=None):
        """Tell in each order's chatter how its fulfilment state changed.

        `previous`: {order id: fulfilment state before the stock operation};
        `author`: the partner of the user who acted (the orders may be read
        as the system).
        """
        labels = dict(self._fields['fulfilment_state']._description_selection(
            self.env))
        # Only the figures the note tells (not the orders' other columns).
        for figures in self.read([
                'fulfilment_state', 'fulfilment_shipped_qty',
                'fulfilment_ordered_qty', 'first_ship_date', 'fill_rate',
                'fulfilment_cancelled_qty', 'on_time', 'promised_date'],
                load=None):
            before = previous.get(figures['id'])
            state = figures['fulfilment_state']
            if state == before or not state:
                continue
            body = _('Fulfilment is now %s (was %s): %s of %s shipped') % (
                labels[state], labels.get(before, _('not started')),
                fulfilment.format_qty(figures['fulfilment_shipped_qty']),
                fulfilment.format_qty(figures['fulfilment_ordered_qty']))
            if figures['first_ship_date']:
                body += _('; the first shipment held %s%% of the order') % (
                    fulfilment.format_qty(figures['fill_rate']))
            if figures['fulfilment_cancelled_qty']:
                body += _('; %s were cancelled and will not ship') % (
                    fulfilment.format_qty(
                        figures['fulfilment_cancelled_qty']))
            if state in fulfilment.COMPLETE_STATES:
                body += (_('; on time (promised %s)') if figures['on_time']
                         else _('; late (promised %s)')) % \
                    self._som_local_datetime(
                        figures['promised_date'],
                        self.env.context.get('tz') or
                        (author or self.env.user.partner_id).tz)
            self.browse(figures['id'])._som_log_note(body + '.', author)

    @api.model
    def _som_local_datetime(self, value, tz=None):
        """A stored (UTC) datetime in ``tz`` (the user's time zone by
        default) and the language's formats, as the form shows it; ''
        when empty."""
        if not value:
            return ''
        stamp = fields.Datetime.context_timestamp(
            self.with_context(tz=tz or self.env.context.get('tz') or
                              self.env.user.tz),
            fields.Datetime.from_string(value))
        lang = self.env['res.lang']._lang_get(self.env.lang or 'en_US') or \
            self.env['res.lang']._lang_get('en_US')
        return stamp.strftime('%s %s' % (
            lang.date_format or '%Y-%m-%d',
            (lang.time_format or '%H:%M:%S').replace(':%S', '')))

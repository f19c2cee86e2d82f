# Copyright 2026 sales_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""sale.order: what each capability adds to the quotation / sales order.

One class per capability, each `_inherit`-ing the model, in the order
they build on each other: a later class wraps the earlier ones (its
overrides run first and reach the earlier ones through `super()`).
"""
import base64
import collections
import logging

from odoo import _, api, fields, models
from odoo.addons import decimal_precision as dp
from odoo.exceptions import AccessError, UserError
from odoo.tools import float_compare, formatLang, html_escape
from odoo.tools import sql as sql_tools
from odoo.tools.safe_eval import safe_eval

from ..engine import checks as checks_engine
from ..engine import fulfilment
from ..engine import signature as signature_engine
from . import client_context, transaction_state
from .sale_entry_channel import ENTRY_CHANNELS

_checks_logger = logging.getLogger(__name__ + '.checks')


# -- tracking ----------------------------------------------------------------


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
    # the sale.order.line hooks (sale_order_line.py) call
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
        its own end: its caller reads the figures then."""
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


# -- terms -------------------------------------------------------------------
#: Written by the terms capability only (_write_terms).
TERMS_RECORD_FIELDS = ('terms_template_version', 'terms_template_reason')


class SaleOrderTerms(models.Model):
    """Terms & conditions chosen by rules (sale.terms.template), rendered
    into the note on creation, on a change of customer and when another
    template is chosen; the invoice gets the first invoice template."""
    # One class per capability (see the module docstring).
    _inherit = 'sale.order'

    terms_template_id = fields.Many2one(
        'sale.terms.template', string='Terms template',
        domain="[('usage', 'in', ('sale', 'both')),"
               " '|', ('company_id', '=', False),"
               " ('company_id', '=', company_id)]",
        track_visibility='onchange', ondelete='restrict',
        states={'sale': [('readonly', True)], 'done': [('readonly', True)],
                'cancel': [('readonly', True)]},
        help='Chosen automatically (first matching template) when the '
             'quotation is created and when the customer changes; choose '
             'another to render its text into the terms and conditions.')
    terms_template_version = fields.Integer(
        string='Terms version', readonly=True,
        help='Version of the template whose text is in the terms and '
             'conditions of this document.', prefetch=False)
    terms_template_reason = fields.Char(
        string='Terms chosen because', readonly=True, prefetch=False)

    @api.onchange('terms_template_id')
    def _onchange_terms_template_id(self):
        """Show the chosen template's text before saving."""
        template = self.terms_template_id
        if template:
            text = template._render_order(self)
            if text is not None:
                self.note = text
                self.terms_template_version = template.version

    @api.model
    def create(self, vals):
        # Which version was rendered and why is the terms' own record.
        vals = {key: value for key, value in vals.items()
                if key not in TERMS_RECORD_FIELDS}
        order = super(SaleOrderTerms, client_context.without_defaults(
            self, TERMS_RECORD_FIELDS)).create(vals)
        if vals.get('terms_template_id'):
            order._apply_terms_template(
                order.terms_template_id,
                _('chosen when the quotation was created'))
        else:
            order._select_terms_template()
        return order

    @api.multi
    def write(self, vals):
        if set(self.ids) <= transaction_state.open_ids(
                self.env, 'terms_applying'):
            # The terms capability's own write (_write_terms).
            return super(SaleOrderTerms, self).write(vals)
        # Which version was rendered and why is the terms' own record:
        # ignored from anyone else (readonly in the form).
        vals = {key: value for key, value in vals.items()
                if key not in TERMS_RECORD_FIELDS}
        if 'terms_template_id' in vals:
            self.env['sale.terms.template']._check_terms_changeable(self)
        unedited = self._som_terms_unedited(vals)
        # The lines this write makes or changes leave the terms to it.
        with transaction_state.pushed(self.env, 'som_terms_refreshing',
                                      frozenset(self.ids)):
            result = super(SaleOrderTerms, self).write(vals)
        unedited._som_terms_refresh()
        if vals.get('terms_template_id'):
            template = self.env['sale.terms.template'].browse(
                vals['terms_template_id'])
            for order in self:
                order._apply_terms_template(
                    template, _('chosen by %s') % self.env.user.name)
        elif 'terms_template_id' in vals:
            self._write_terms({'terms_template_version': 0,
                               'terms_template_reason': False})
        elif 'partner_id' in vals:
            self.filtered(lambda order: order.state in ('draft', 'sent')) \
                ._select_terms_template()
        return result

    @api.multi
    def action_select_terms_template(self):
        """Choose the first matching template again (e.g. after the lines
        changed the amount) and render it."""
        self.env['sale.terms.template']._check_terms_changeable(self)
        self._select_terms_template()
        return True

    @api.multi
    def _write_terms(self, vals):
        """Write what the terms capability decided, past the checks of
        `write` (told through the transaction, never the context: a client
        sets the context)."""
        with transaction_state.pushed(self.env, 'terms_applying',
                                      frozenset(self.ids)):
            return self.write(vals)

    @api.multi
    def _select_terms_template(self):
        """One search of the candidates, then pure matching per order."""
        if not self:
            return
        choices = self.env['sale.terms.template']._select_for_orders(
            self, 'sale')
        for order in self:
            template, reason = choices[order.id]
            if template:
                order._apply_terms_template(template, reason)
            elif order.terms_template_id:
                order._write_terms({
                    'terms_template_id': False,
                    'terms_template_version': 0,
                    'terms_template_reason': False})
                order._som_log_note(_(
                    'No terms template matches this customer any more: '
                    'the terms and conditions were left as they are.'))

    @api.multi
    def _apply_terms_template(self, template, reason):
        """Render ``template`` into the note, record version and reason."""
        self.ensure_one()
        text = template._render_order(self)
        if text is None:
            self._som_log_note(template._terms_message(_(
                "Terms '%s' v%d could not be rendered; the terms and "
                "conditions were left as they are.")))
            return
        # No tracking message: the note below says which template and why.
        self.with_context(mail_notrack=True)._write_terms({
            'terms_template_id': template.id,
            'terms_template_version': template.version,
            'terms_template_reason': reason,
            'note': text,
        })
        self._som_log_note(template._terms_message(
            _("Terms '%s' v%d applied: %s."), reason))

    @api.multi
    def _prepare_invoice(self):
        """The invoice gets the first matching template of usage
        invoice/both (rendered from the invoice once its lines are made:
        action_invoice_create); without one it keeps the order's terms
        (Odoo)."""
        vals = super(SaleOrderTerms, self)._prepare_invoice()
        template, reason = self.env['sale.terms.template']._select_for_orders(
            self, 'invoice')[self.id]
        if template:
            vals.update({
                'terms_template_id': template.id,
                'terms_template_version': template.version,
                'terms_template_reason': reason,
            })
        return vals

    @api.multi
    def action_invoice_create(self, grouped=False, final=False):
        # The invoices get the terms _prepare_invoice chose, with their
        # version and reason (told through the transaction: see
        # account_invoice.py).
        with transaction_state.pushed(self.env, 'invoicing_orders', True):
            invoice_ids = super(SaleOrderTerms, self).action_invoice_create(
                grouped=grouped, final=final)
        self.env['account.invoice'].browse(invoice_ids).filtered(
            'terms_template_id')._som_terms_render()
        return invoice_ids

    @api.multi
    def _som_terms_unedited(self, vals=None):
        """The quotations of ``self`` whose terms are still their
        template's text as it renders now, when ``vals`` (a write; None: a
        change of lines) touches what the terms may show. Signed and
        confirmed orders keep the text the customer accepted."""
        if vals is not None and not set(vals) & TERMS_REFRESH_FIELDS:
            return self.browse()
        if vals is not None and 'note' in vals:
            return self.browse()
        candidates = self.filtered(
            lambda order: order.terms_template_id and
            not order._som_terms_locked())
        return candidates.filtered(
            lambda order: order.note ==
            order.terms_template_id._render_order(order))

    @api.multi
    def _som_terms_refresh(self):
        """Render the terms of ``self`` (``_som_terms_unedited`` before the
        change) again from what the quotations are now."""
        for order in self.exists():
            text = order.terms_template_id._render_order(order)
            if text is not None and text != order.note:
                order.write({'note': text})

    @api.multi
    def _som_terms_locked(self):
        """True when the order's terms are the ones the customer accepted
        (confirmed or cancelled; the signature capability adds: signed)."""
        self.ensure_one()
        return self.state not in ('draft', 'sent')


# Fields of an order its terms may show (amounts, dates, references,
# currency, salesperson, payment terms): a change renders the terms again.
TERMS_REFRESH_FIELDS = frozenset((
    'order_line', 'client_order_ref', 'origin', 'pricelist_id',
    'currency_id', 'date_order', 'validity_date', 'user_id',
    'payment_term_id', 'company_id'))


# -- backorder ---------------------------------------------------------------
class SaleOrderBackorder(models.Model):
    _inherit = 'sale.order'

    backorder_policy_id = fields.Many2one(
        'sale.backorder.policy', string='Backorder policy',
        track_visibility='onchange',
        readonly=True, states={
            'draft': [('readonly', False)], 'sent': [('readonly', False)],
            'sale': [('readonly', False)]},
        help='What happens when a delivery of this order cannot ship '
             'complete. Defaults from the customer, else the company.')

    @api.constrains('backorder_policy_id', 'company_id')
    def _check_backorder_policy_company(self):
        for order in self:
            order.backorder_policy_id._check_company_of(
                order.company_id, _('order %s') % order.name)

    @api.onchange('partner_id')
    def _onchange_partner_backorder_policy(self):
        if self.partner_id:
            self.backorder_policy_id = self._default_backorder_policy(
                self.partner_id, self.company_id)

    @api.onchange('backorder_policy_id')
    def _onchange_backorder_policy(self):
        if self.backorder_policy_id.mode == 'ship_complete':
            self.picking_policy = 'one'

    @api.model
    def _default_backorder_policy(self, partner, company):
        """The customer's policy (on its commercial partner), else the
        company's default."""
        company = company or self.env.user.company_id
        policy = partner.commercial_partner_id.backorder_policy_id
        if not policy or (policy.company_id and policy.company_id != company):
            policy = company.backorder_policy_id
        return policy

    @api.model
    def _backorder_policy_vals(self, vals, partner, company):
        """Complete ``vals`` with the policy of ``partner`` and the move
        type it implies."""
        vals = dict(vals)
        if 'backorder_policy_id' not in vals and partner:
            vals['backorder_policy_id'] = self._default_backorder_policy(
                partner, company).id
        policy = self.env['sale.backorder.policy'].browse(
            vals.get('backorder_policy_id'))
        if policy.mode == 'ship_complete':
            vals['picking_policy'] = 'one'
        return vals

    @api.model
    def create(self, vals):
        partner = self.env['res.partner'].browse(vals.get('partner_id'))
        company = self.env['res.company'].browse(vals.get('company_id')) \
            or self.env['res.company']._company_default_get('sale.order')
        vals = self._backorder_policy_vals(vals, partner, company)
        return super(SaleOrderBackorder, self).create(vals)

    @api.multi
    def write(self, vals):
        if 'backorder_policy_id' in vals:
            done = self.filtered(lambda order: order.state == 'done')
            if done and any(order.backorder_policy_id.id !=
                            vals['backorder_policy_id'] for order in done):
                raise UserError(
                    _('The backorder policy of a done order cannot change: '
                      '%s.') % ', '.join(done.mapped('name')))
        if 'partner_id' not in vals and \
                'backorder_policy_id' not in vals:
            return super(SaleOrderBackorder, self).write(vals)
        partner = self.env['res.partner'].browse(vals.get('partner_id'))
        if 'backorder_policy_id' in vals or not partner:
            result = super(SaleOrderBackorder, self).write(
                self._backorder_policy_vals(vals, partner, None))
        else:
            # The customer changes: each open order takes its policy.
            for order in self:
                order_vals = vals
                if order.state not in ('done', 'cancel'):
                    order_vals = self._backorder_policy_vals(
                        vals, partner, order.company_id)
                super(SaleOrderBackorder, order).write(order_vals)
            result = True
        self._backorder_policy_to_deliveries()
        return result

    @api.multi
    def _backorder_policy_to_deliveries(self):
        """Open outgoing deliveries follow the order's policy; done and
        cancelled ones keep the policy they were processed under."""
        for order in self:
            open_deliveries = order.picking_ids.filtered(
                lambda picking: picking.picking_type_id.code == 'outgoing'
                and picking.state not in ('done', 'cancel') and
                picking.backorder_policy_id != order.backorder_policy_id)
            if open_deliveries:
                open_deliveries.write(
                    {'backorder_policy_id': order.backorder_policy_id.id})

    @api.multi
    def _log_backorder_decision(self, picking, message):
        """Record a backorder decision in the order's chatter."""
        for order in self:
            # Names are users' text: escaped (the chatter shows HTML).
            order._som_log_note(_(
                'Delivery %s (backorder policy "%s"): %s') % (
                    html_escape(picking.name),
                    html_escape(picking.backorder_policy_id.name),
                    html_escape(message)))


# -- sourcing ----------------------------------------------------------------
class SaleOrderSourcing(models.Model):
    """Where each line ships from; the work is done by sale.sourcing.rule
    (models/sale_sourcing_rule.py) and the pure engine/sourcing.py."""

    # One class per capability in this shared file (see its docstring).
    _inherit = 'sale.order'

    sourcing_ids = fields.One2many(
        'sale.order.line.sourcing', 'order_id',
        readonly=True, copy=False,
        help='Where each line ships from, and why (one delivery per '
             'warehouse).')
    sourcing_substitute_ids = fields.One2many(
        'sale.order.line.substitute', 'order_id',
        string='Substitutes in stock', readonly=True, copy=False)

    @api.multi
    def write(self, vals):
        result = super(SaleOrderSourcing, self).write(vals)
        if 'company_id' in vals:
            # The rows copy their order's company (record rules); sudo:
            # users only read them, the order's write is allowed here.
            for name in ('sourcing_ids', 'sourcing_substitute_ids'):
                self.mapped(name).sudo().write(
                    {'company_id': vals['company_id']})
        return result

    @api.multi
    def action_preview_sourcing(self):
        """Compute and store where each line would ship from (quotations
        only); stock is not touched."""
        rules = self.env['sale.sourcing.rule']
        rules._sourcing_check_quotations(self)
        rules._sourcing_store(self, rules._sourcing_allocate(self))
        return True

    @api.multi
    def action_confirm(self):
        """Recompute the sourcing, confirm (one delivery per warehouse, see
        sale.order.line._action_launch_procurement_rule), then post the
        sourcing summary on each confirmed order."""
        rules = self.env['sale.sourcing.rule']
        quotations = self.filtered(lambda o: o.state in ('draft', 'sent'))
        decided = rules._sourcing_allocate(quotations)
        rules._sourcing_store(quotations, decided)
        result = super(SaleOrderSourcing, self).action_confirm()
        rules._sourcing_post_summary(
            quotations.filtered(lambda o: o.state in ('sale', 'done')),
            decided)
        return result

    @api.multi
    def _sourcing_compute_allocations(self):
        """Where each order line would ship from, nothing written.

        :returns: ``{sale.order.line: [(stock.warehouse, qty,
            available_qty, sale.sourcing.rule (empty if none), reason),
            ...]}``, quantities in the line's unit of measure; lines that
            ship nothing (services, zero quantity) map to ``[]``. One batch
            of stock figures per order, whatever the number of rules.
        """
        result = {}
        decided = self.env['sale.sourcing.rule']._sourcing_allocate(self)
        for order_result in decided.values():
            result.update(order_result['lines'])
        return result


# -- documents ---------------------------------------------------------------
class SaleOrderDocuments(models.Model):
    # One class per capability by design (see the module docstring).
    _inherit = 'sale.order'

    @api.multi
    def _documents_delivery_lines(self):
        """Lines that are delivery charges: those the `delivery` addon flags
        (`is_delivery`) when it is installed, none otherwise."""
        lines = self.mapped('order_line')
        if 'is_delivery' not in lines._fields:
            return lines.browse()
        return lines.filtered('is_delivery')

    @api.multi
    def _documents_delivery_amount(self):
        """Delivery charges (untaxed) printed as their own total line."""
        self.ensure_one()
        return sum(self._documents_delivery_lines().mapped('price_subtotal'))


# -- signature ---------------------------------------------------------------
SIGNATURE_FIELDS = ('signature', 'signed_by', 'signed_on', 'signature_hash',
                    'signature_version')
#: Version of the signed content new signatures are bound to: 2 adds the
#: delivery terms (engine.signature); signatures made before keep 1.
SIGNATURE_VERSION = 2
#: What the signed content is read from (see _signature_content).
SIGNATURE_DEPENDS = [
    'signature_hash', 'currency_id', 'currency_id.name',
    'currency_id.decimal_places', 'payment_term_id',
    'payment_term_id.name', 'validity_date', 'note', 'amount_untaxed',
    'amount_tax', 'amount_total', 'order_line', 'order_line.product_id',
    'order_line.name', 'order_line.product_uom_qty',
    'order_line.product_uom', 'order_line.product_uom.name',
    'order_line.price_unit', 'order_line.discount', 'order_line.tax_id',
    'signature_version', 'payment_term_id.note', 'client_order_ref',
    'picking_policy', 'backorder_policy_id', 'backorder_policy_id.name',
    'backorder_policy_id.mode',
] + [
    '%s.%s' % (partner, field)
    for partner in ('partner_id', 'partner_invoice_id',
                    'partner_shipping_id')
    for field in ('name', 'street', 'street2', 'zip', 'city', 'state_id',
                  'country_id', 'vat')
]


class SaleOrderSignature(models.Model):
    # One class per capability section: merging is the point to avoid.

    """The customer's signature, bound to a hash of what was signed."""
    _inherit = 'sale.order'

    signature = fields.Binary(
        attachment=True, copy=False, readonly=True,
        help='The signature drawn by the customer (PNG or JPEG).')
    signed_by = fields.Char(
        string='Signed by', copy=False, readonly=True,
        help='Name the signer entered when signing.', prefetch=False)
    signed_on = fields.Datetime(
        string='Signed on', copy=False, readonly=True, prefetch=False)
    signature_hash = fields.Char(
        string='Signed content hash', copy=False, readonly=True,
        help='SHA-256 of the canonical form of the signed content '
             '(addresses, currency, payment terms, validity, lines, '
             'amounts and terms).')
    signature_version = fields.Integer(
        string='Signed content version', copy=False, readonly=True,
        prefetch=False,
        help='Form of the signed content: 2 includes the delivery terms; '
             'empty for signatures made before version 2 (form 1).')
    signature_state = fields.Selection(
        [('none', 'Not signed'), ('valid', 'Valid'),
         ('invalid', 'Void (changed after signing)')],
        string='Signature', compute='_compute_signature_state',
        help='Valid while the order is exactly what was signed; void as '
             'soon as the signed content changes.')
    signature_fingerprint = fields.Char(
        string='Fingerprint', compute='_compute_signature_state',
        help='First 12 hex digits of the signed content hash.')

    @api.depends(*SIGNATURE_DEPENDS)
    def _compute_signature_state(self):
        signed = self.filtered('signature_hash')
        for order in self - signed:
            order.signature_state = 'none'
            order.signature_fingerprint = False
        for order in signed:
            order.signature_state = signature_engine.signature_state(
                order.signature_hash, order._signature_content()).state
            order.signature_fingerprint = signature_engine.fingerprint(
                order.signature_hash)

    @api.model
    def create(self, vals):
        self._signature_check_protected(vals)
        return super(SaleOrderSignature, client_context.without_defaults(
            self, SIGNATURE_FIELDS)).create(vals)

    @api.multi
    def write(self, vals):
        if set(vals) & set(SIGNATURE_FIELDS) and not set(self.ids) <= \
                transaction_state.open_ids(self.env, 'signature_writing'):
            self._signature_check_protected(vals)
        valid = self.filtered('signature_hash').filtered(
            lambda order: order.signature_state == 'valid')
        result = super(SaleOrderSignature, self).write(vals)
        if valid:
            valid.invalidate_cache(['signature_state'], valid.ids)
            voided = valid.filtered(
                lambda order: order.signature_state == 'invalid')
            for order in voided:
                order._som_log_note(_(
                    'Signature void: the order changed after it was signed '
                    'by %s.') % html_escape(order.signed_by))
        return result

    @api.model
    def _signature_check_protected(self, vals):
        """Refuse any write of the signature fields but `sign` and the
        managers' reset (which go through `_signature_write`), whatever the
        caller's context."""
        if set(vals) & set(SIGNATURE_FIELDS):
            raise UserError(_(
                'The signature of an order can only be changed by signing '
                'it or by resetting the signature.'))

    @api.multi
    def _signature_write(self, vals):
        """The one writer of the signature fields (told through the
        transaction: a client sets the context, never this)."""
        with transaction_state.pushed(self.env, 'signature_writing',
                                      frozenset(self.ids)):
            return self.write(vals)

    @api.multi
    def _confirm_overridden_ids(self):
        """Ids of the orders of `self` whose confirmation a Sales manager is
        forcing past the checks now. Hook: the checks capability overrides
        it; the signature requirement is then one of the overridden
        checks."""
        return set()

    @api.multi
    def action_confirm(self):
        if not set(self.ids) <= self._confirm_overridden_ids():
            missing = self._signature_check_required()
            if missing:
                raise UserError('\n'.join(
                    _('%s cannot be confirmed without a valid customer '
                      'signature: %s') % (
                        order.name, order._signature_required_reason())
                    for order in missing))
        return super(SaleOrderSignature, self).action_confirm()

    @api.multi
    def action_signature_open_wizard(self):
        """Open the signing pad for this order."""
        self.ensure_one()
        action = self.env.ref(
            'sales_order_mgmt.sale_order_sign_wizard_action').read()[0]
        action['context'] = {'active_model': self._name,
                             'active_id': self.id,
                             'active_ids': self.ids}
        return action

    @api.multi
    def action_signature_reset(self):
        """Remove the signature (Sales managers), logged in the chatter."""
        if not self.env.user.has_group('sales_team.group_sale_manager'):
            raise AccessError(_(
                'Only Sales managers can reset a signature.'))
        for order in self.filtered('signature_hash'):
            body = _('Signature of %s (signed on %s, fingerprint: %s) '
                     'reset by %s.') % (
                html_escape(order.signed_by), order._signature_date_text(),
                order.signature_fingerprint, html_escape(self.env.user.name))
            order._signature_write(dict.fromkeys(SIGNATURE_FIELDS, False))
            order._som_log_note(body)
        return True

    @api.multi
    def sign(self, signature, signed_by):
        """Sign the order in the back office: a sales user takes the
        customer's signature on the pad (the wizard's entry point).

        ``signature`` is a base64 PNG or JPEG image, ``signed_by`` the
        signer's name. Refusals raise UserError and write nothing.
        Warehouse and billing users may write orders too, but do not take
        signatures. The portal signs through `_sign_as_customer`, after
        checking the link's token.
        """
        self.ensure_one()
        if not self.env.user.has_group('sales_team.group_sale_salesman'):
            raise AccessError(_(
                "Only sales users can take a customer's signature on "
                "order %s.") % self.name)
        return self._sign_as_customer(signature, signed_by, author=None)

    @api.multi
    def _sign_as_customer(self, signature, signed_by, author):
        """Check the input, then record the signature. ``author``: the
        partner the chatter credits (the customer, on the portal), or None
        for the current user."""
        self.ensure_one()
        signer, image = self._signature_check_input(signature, signed_by)
        return self._signature_record(signer, image, author)

    @api.multi
    def _signature_record(self, signer, image, author):
        """Record a checked signature (`_signature_check_input`'s output),
        bound to the content hash, and post it with the image."""
        self.ensure_one()
        if self.state in ('cancel', 'done'):
            raise UserError(_(
                'Order %s is cancelled or done: it can no longer be '
                'signed.') % self.name)
        if self.signature_state == 'valid':
            raise UserError(_(
                'Order %s is already signed by %s: a Sales manager must '
                'reset the signature before it is signed again.') % (
                self.name, self.signed_by))
        content = self._signature_content(version=SIGNATURE_VERSION)
        digest = signature_engine.content_hash(content)
        self._signature_write({
            'signature': base64.b64encode(image),
            'signed_by': signer,
            'signed_on': fields.Datetime.now(),
            'signature_hash': digest,
            'signature_version': SIGNATURE_VERSION,
        })
        # The name is the signer's own text: escaped, never markup.
        self.message_post(
            body=_('Signed by %s on %s (fingerprint: %s)') % (
                html_escape(signer), self._signature_date_text(),
                signature_engine.fingerprint(digest)),
            author_id=author.id if author else None,
            attachments=[('signature.%s' % (
                'jpg' if image.startswith(b'\xff\xd8') else 'png'), image)])
        return True

    @api.model
    def _signature_check_input(self, signature, signed_by):
        """(signer name, image bytes) or UserError: the name (plain text,
        at most 128 characters) and the image (format, bytes, pixel size
        from its header, not blank) are checked before anything else."""
        try:
            signer = signature_engine.check_signer(signed_by)
            signature_engine.check_image(signature)
            return signer, signature_engine.decode_image(signature)
        except signature_engine.SignatureError as error:
            raise UserError(str(error))
        except TypeError:
            raise UserError(_(
                'The signature must be a PNG or JPEG image.'))

    @api.multi
    def _som_terms_locked(self):
        """A valid signature keeps the signed terms (a change of the order
        voids the signature, the terms stay what was signed)."""
        return super(SaleOrderSignature, self)._som_terms_locked() or \
            self.signature_state == 'valid'

    @api.multi
    def _signature_check_required(self):
        """The orders of ``self`` that require a signature that is not
        valid (reused by the confirmation checks)."""
        return self.filtered(
            lambda order: order._signature_required_reason() and
            order.signature_state != 'valid')

    @api.multi
    def _signature_required_reason(self):
        """Why the order needs a signature, in user words, or ''."""
        self.ensure_one()
        company = self.company_id or self.env.user.company_id
        threshold = company.signature_required_amount
        if threshold > 0:
            untaxed = self.amount_untaxed
            if self.currency_id and company.currency_id and \
                    self.currency_id != company.currency_id:
                # Today's rate, whatever date the caller's context says.
                untaxed = self.currency_id.with_context(
                    date=fields.Date.today()).compute(
                    untaxed, company.currency_id)
            if company.currency_id.compare_amounts(untaxed, threshold) >= 0:
                return _('its untaxed amount reaches %s.') % (
                    formatLang(
                        self.env, threshold,
                        currency_obj=company.currency_id))
        commercial = self.partner_id.commercial_partner_id
        if commercial.signature_required:
            return _('customer %s requires a signature on every '
                     'order.') % commercial.display_name
        return ''

    @api.multi
    def _signature_content(self, version=None):
        """The signed content as the engine's plain dict, in the form of
        ``version`` (default: the one the order was signed with; 1 for
        signatures made before the delivery terms were signed too)."""
        self.ensure_one()
        version = version or self.signature_version or (
            1 if self.signature_hash else SIGNATURE_VERSION)
        if version >= 2:
            # Names in the source language: what was signed must not read
            # differently to readers of another language.
            return self.with_context(lang=None)._signature_content_of(2)
        return self._signature_content_of(1)

    @api.multi
    def _signature_content_of(self, version):
        self.ensure_one()
        currency = self.currency_id
        content = {
            'customer': self._signature_address(self.partner_id),
            'invoice_address': self._signature_address(
                self.partner_invoice_id),
            'delivery_address': self._signature_address(
                self.partner_shipping_id),
            'currency': {'name': currency.name or None,
                         'decimals': currency.decimal_places or 0},
            'payment_term': self.payment_term_id.name or None,
            'validity_date': self.validity_date or None,
            'lines': [{
                'product': line.product_id.id or None,
                'description': line.name or None,
                'quantity': line.product_uom_qty,
                'uom': line.product_uom.name or None,
                'price_unit': line.price_unit,
                'discount': line.discount,
                'taxes': line.tax_id.ids,
            } for line in self.order_line],
            'amount_untaxed': self.amount_untaxed,
            'amount_tax': self.amount_tax,
            'amount_total': self.amount_total,
            'terms': self.note or None,
        }
        if version >= 2:
            content['delivery_terms'] = self._signature_delivery_terms()
            content['document'] = self.id
        return content

    @api.multi
    def _signature_delivery_terms(self):
        """What the customer agrees to about delivery and payment, beyond
        the lines: the engine's DELIVERY_TERMS dict."""
        self.ensure_one()
        policy = self.backorder_policy_id
        requested = self['requested_date'] \
            if 'requested_date' in self._fields else None
        return {
            'backorder_policy': policy and '%s (%s)' % (
                policy.name, policy.mode) or None,
            'customer_reference': self.client_order_ref or None,
            'requested_date': requested or None,
            'payment_term_note': self.payment_term_id.note or None,
            'delivery_policy': self.picking_policy or None,
        }

    @api.multi
    def _signature_date_text(self):
        """The signing time in the user's time zone, for messages."""
        self.ensure_one()
        if not self.signed_on:
            return ''
        stamp = fields.Datetime.context_timestamp(
            self, fields.Datetime.from_string(self.signed_on))
        return stamp.strftime('%Y-%m-%d %H:%M %Z').strip()

    @api.multi
    def signature_data_uri(self):
        """The signature as a data URI for the PDF (PNG or JPEG)."""
        self.ensure_one()
        if not self.signature:
            return ''
        data = self.signature
        if isinstance(data, bytes):
            data = data.decode('ascii')
        mimetype = 'image/jpeg' if data.startswith('/9j/') else 'image/png'
        return 'data:%s;base64,%s' % (mimetype, data)

    @api.model
    def _signature_address(self, partner):
        """A partner's address as the engine's ADDRESS dict."""
        return {
            'name': partner.name or None,
            'street': partner.street or None,
            'street2': partner.street2 or None,
            'zip': partner.zip or None,
            'city': partner.city or None,
            'state': partner.state_id.name or None,
            'country': partner.country_id.name or None,
            'vat': partner.vat or None,
        }


# -- checks ------------------------------------------------------------------
# Imports of this section are prefixed (checks_*) so that the sections of
# other capabilities can import the same names without clashing.


#: The checks' record of a confirmation (see _checks_check_audit_fields).
CHECK_AUDIT_FIELDS = ('check_override_user_id', 'check_override_date',
                      'check_override_reason', 'check_confirm_note')


class SaleOrderChecks(models.Model):
    """Order processing checks (OCA sale_exception rules) at confirmation.

    The rules of group 'sale' are evaluated for the whole batch being
    confirmed: a domain rule is one search over the batch, a method rule
    one call on the batch, a Python code rule one evaluation per order.
    Blocking failures refuse the confirmation (UserError listing them);
    a Sales manager may confirm anyway with a reason (logged); warnings
    are shown and logged, and do not stop the confirmation.
    """
    _inherit = 'sale.order'

    check_failure_ids = fields.Many2many(
        'exception.rule', 'sale_order_check_failure_rel', 'order_id',
        'rule_id', string='Failed checks', compute='_compute_checks',
        help='Blocking checks this quotation fails now: it cannot be '
             'confirmed until they are fixed (or a Sales manager '
             'confirms anyway with a reason).')
    check_warning_ids = fields.Many2many(
        'exception.rule', 'sale_order_check_warning_rel', 'order_id',
        'rule_id', string='Check warnings', compute='_compute_checks',
        help='Checks that only warn: the order can be confirmed.')
    check_summary = fields.Text(
        string='Checks', compute='_compute_checks',
        help='The blocking checks this quotation fails, in plain words.')
    check_warning_summary = fields.Text(
        string='Check warnings (text)', compute='_compute_checks',
        help='The checks that only warn, in plain words.')
    check_main_id = fields.Many2one(
        'exception.rule', string='Main exception', compute='_compute_checks',
        help='The first blocking check this quotation fails now.')
    check_blocked = fields.Boolean(
        string='Blocked by checks', compute='_compute_checks',
        search='_search_check_blocked')
    check_warned = fields.Boolean(
        string='Warned by checks', compute='_compute_checks')
    check_override_user_id = fields.Many2one(
        'res.users', string='Checks overridden by', readonly=True,
        copy=False, prefetch=False)
    check_override_date = fields.Datetime(
        string='Checks overridden on', readonly=True, copy=False,
        prefetch=False)
    check_override_reason = fields.Text(
        string='Override reason', readonly=True, copy=False, prefetch=False)
    check_confirm_note = fields.Text(
        string='Checks at confirmation', readonly=True, copy=False,
        help='The failed checks at confirmation: overridden blocking '
             'checks and warnings.', prefetch=False)

    @api.multi
    def _compute_checks(self):
        orders = self.filtered(
            lambda o: isinstance(o.id, int) and not o.ignore_exception
            and o.state in ('draft', 'sent'))
        # Code checks run when a confirmation is attempted (and by the
        # cron), not on every read of a quotation.
        results, errors = orders._checks_evaluate(
            raise_errors=False, with_code=False) if orders else ({}, [])
        rules = self.env['exception.rule']
        for order in self:
            failures = results.get(order.id, [])
            blocking = [rule.id for rule, _reason in failures
                        if rule.severity != 'warning']
            order.check_failure_ids = rules.browse(blocking)
            order.check_warning_ids = rules.browse(
                [rule.id for rule, _reason in failures
                 if rule.severity == 'warning'])
            order.check_main_id = rules.browse(blocking[:1])
            order.check_blocked = bool(blocking or (
                errors and order in orders))
            order.check_warned = bool(order.check_warning_ids)
            blocking_failures, warnings = checks_engine.split(
                order._checks_failures(failures))
            lines = [checks_engine.failure_line(
                failure, self._checks_translate)
                for failure in blocking_failures]
            if order in orders:
                lines += ['  - %s' % error for error in errors]
            order.check_summary = '\n'.join(lines)
            order.check_warning_summary = '\n'.join(
                checks_engine.failure_line(failure, self._checks_translate)
                for failure in warnings)

    @api.model
    def _search_check_blocked(self, operator, value):
        """Quotations blocked by the checks now: evaluated for every
        quotation the user can see, set-based, as the form does."""
        if operator not in ('=', '!='):
            raise UserError(_(
                'Blocked by checks can only be searched as set or not '
                'set.'))
        quotations = self.search([('state', 'in', ('draft', 'sent')),
                                  ('ignore_exception', '=', False)])
        blocked = []
        if quotations:
            # As the form: code checks run at confirmation, not on reads.
            results, errors = quotations._checks_evaluate(
                raise_errors=False, with_code=False)
            blocked = quotations.ids if errors else [
                order_id for order_id, failures in results.items()
                if any(rule.severity != 'warning'
                       for rule, _reason in failures)]
        wanted = (operator == '=') == bool(value)
        return [('id', 'in' if wanted else 'not in', blocked)]

    @api.model
    def create(self, vals):
        if vals.get('ignore_exception'):
            self._checks_check_override_allowed()
        self._checks_check_audit_fields(vals)
        order = super(SaleOrderChecks, client_context.without_defaults(
            self, CHECK_AUDIT_FIELDS + ('ignore_exception',))).create(vals)
        # Created confirmed (an import, a 'default_state'): as checked as a
        # confirmation.
        order.filtered(
            lambda o: o.state in ('sale', 'done'))._checks_refuse_unchecked()
        return order

    @api.multi
    def write(self, vals):
        if not set(self.ids) <= transaction_state.open_ids(
                self.env, 'checks_logging'):
            self._checks_check_audit_fields(vals)
        if vals.get('state') in ('sale', 'done'):
            # A confirmation by writing the state skips action_confirm.
            self.filtered(lambda o: o.state in ('draft', 'sent')) \
                ._checks_refuse_unchecked()
        if vals.get('ignore_exception'):
            # ignore_exception skips every check: only an override may set
            # it (sale_exception lets any user tick it).
            self._checks_check_override_allowed()
        return super(SaleOrderChecks, self).write(vals)

    @api.multi
    def action_confirm(self):
        """Refuse with the failed checks, or confirm (overridden with a
        reason by a Sales manager, or with warnings only) and log it."""
        checked = self._checks_confirming()
        if checked.issuperset(self.ids):
            return super(SaleOrderChecks, self).action_confirm()
        # Only `_checks_confirm_overridden` (the override wizard, a Sales
        # manager as himself) forces a confirmation; never the context.
        override = transaction_state.innermost(self.env, 'checks_override')
        if override and not set(self.ids) <= override[0]:
            override = None
        orders = self.filtered(
            lambda o: o.state in ('draft', 'sent')
            and not o.ignore_exception and o.id not in checked)
        if not orders:
            return self._checks_confirm_checked()
        results, _errors = orders._checks_evaluate(raise_errors=True)
        failures = {order: order._checks_failures(results[order.id])
                    for order in orders if results[order.id]}
        blocked = [order for order, items in failures.items()
                   if checks_engine.split(items)[0]]
        if blocked and not override:
            raise UserError(
                _('The checks refuse the confirmation; nothing was '
                  'confirmed.\n%s\nFix the orders, or ask a Sales manager '
                  'to confirm anyway with a reason.') % checks_engine.
                refusal_text([(order.name, failures[order])
                              for order in orders if order in failures],
                             self._checks_translate))
        reason = override[1] if override else ''
        if blocked and not reason:
            raise UserError(_(
                'Give the reason why the orders are confirmed despite the '
                'failed checks.'))
        orders._checks_log_confirmation(results, failures, reason)
        return self._checks_confirm_checked()

    @api.model
    def _checks_check_audit_fields(self, vals):
        """Who overrode the checks, when and why, and what the checks said
        at confirmation are written by the confirmation only
        (`_checks_log_confirmation`): never forged by a write."""
        if set(vals) & set(CHECK_AUDIT_FIELDS):
            raise UserError(_(
                'What the checks said at confirmation is recorded by the '
                'confirmation itself and cannot be written.'))

    @api.multi
    def _checks_refuse_unchecked(self):
        """Orders confirmed without `action_confirm` (their state written
        or created as confirmed) get the same refusal: the blocking checks
        and the signature requirement, unless they are being confirmed or a
        manager's override stands (ignore_exception)."""
        confirming = self._checks_confirming()
        orders = self.filtered(
            lambda o: not o.ignore_exception and o.id not in confirming)
        if not orders:
            return
        results, _errors = orders._checks_evaluate(raise_errors=True)
        failures = {order: order._checks_failures(results[order.id])
                    for order in orders if results[order.id]}
        blocked = [order for order, items in failures.items()
                   if checks_engine.split(items)[0]]
        unsigned = orders._signature_check_required()
        if blocked or unsigned:
            raise UserError(_(
                'Orders are confirmed with the Confirm button, which runs '
                'the checks; these cannot be confirmed now: %s') % ', '.join(
                    (orders.browse([o.id for o in blocked]) | unsigned)
                    .mapped('name')))

    @api.multi
    def _checks_confirm_overridden(self, reason):
        """Confirm despite the failed blocking checks (the signature
        requirement included), with ``reason`` logged under the current
        user's name. Only a Sales manager, as himself, may: a private method
        (no RPC), called by the override wizard."""
        self._checks_check_override_allowed()
        reason = (reason or '').strip()
        if not reason:
            raise UserError(_(
                'Give the reason why the orders are confirmed despite the '
                'failed checks.'))
        with transaction_state.pushed(self.env, 'checks_override',
                                      (frozenset(self.ids), reason)):
            return self.action_confirm()

    @api.multi
    def _confirm_overridden_ids(self):
        override = transaction_state.innermost(self.env, 'checks_override')
        return set(override[0]) if override else set()

    @api.multi
    def _checks_confirm_checked(self):
        """Odoo's confirmation of these orders, checked: sale_exception's
        detection (detect_exceptions) does not check them again meanwhile.
        Not told through the context: see transaction_state."""
        with transaction_state.pushed(self.env, 'checks_confirming',
                                      frozenset(self.ids)):
            return super(SaleOrderChecks, self).action_confirm()

    @api.model
    def _checks_confirming(self):
        """Ids of the orders whose checked confirmation is in progress."""
        return transaction_state.open_ids(self.env, 'checks_confirming')

    @api.multi
    def _action_confirm(self):
        """Odoo 11.0's sale._action_confirm reads `self.order_line` on the
        whole recordset (Expected singleton as soon as two orders are
        confirmed in one call): after the checks of the whole batch,
        confirm the orders one by one."""
        if len(self) > 1:
            for order in self:
                super(SaleOrderChecks, order)._action_confirm()
            return True
        return super(SaleOrderChecks, self)._action_confirm()

    @api.multi
    def action_checks_override(self):
        """Open the wizard where a Sales manager confirms anyway."""
        self._checks_check_override_allowed()
        action = self.env.ref(
            'sales_order_mgmt.sale_check_override_wizard_action').read()[0]
        action['context'] = {'active_model': self._name,
                             'active_ids': self.ids,
                             'active_id': self.ids[0] if self.ids else False}
        return action

    @api.multi
    def detect_exceptions(self):
        """sale_exception's detection, set-based: stores the blocking
        checks each quotation fails and returns their ids. Confirmed
        orders are not re-checked (the checks are made at confirmation;
        sale_exception re-checked them on every write)."""
        checked = self._checks_confirming()
        orders = self.filtered(
            lambda o: o.state in ('draft', 'sent')
            and not o.ignore_exception and o.id not in checked)
        if not orders:
            return []
        results, _errors = orders._checks_evaluate(raise_errors=True)
        to_write = collections.defaultdict(list)
        all_ids = []
        for order in orders:
            rule_ids = sorted(set(
                rule.id for rule, _reason in results[order.id]
                if rule.severity != 'warning'))
            all_ids += rule_ids
            if rule_ids != sorted(order.exception_ids.ids):
                to_write[tuple(rule_ids)].append(order.id)
        for rule_ids, order_ids in to_write.items():
            self.browse(order_ids).write(
                {'exception_ids': [(6, 0, list(rule_ids))]})
        return all_ids

    @api.model
    def _exception_rule_eval_context(self, obj_name, rec):
        space = super(SaleOrderChecks, self)._exception_rule_eval_context(
            obj_name, rec)
        # No raw SQL from a rule: the cursor is not handed to the code.
        space.pop('cr', None)
        return space

    # Evaluation ------------------------------------------------------------

    @api.model
    def _checks_translate(self, text):
        return _(text)

    @api.model
    def _checks_can_override(self):
        """A Sales manager (Odoo 11's uid 1 is the Administrator user, a
        Sales manager like any other: no exception for it)."""
        return self.env.user.has_group('sales_team.group_sale_manager')

    @api.model
    def _checks_check_override_allowed(self):
        if not self._checks_can_override():
            raise AccessError(_(
                'Only a Sales manager can confirm orders despite failed '
                'checks.'))

    @api.model
    def _checks_rules(self):
        """The active checks of sales orders, in sequence order. sudo:
        rules are configuration every user's confirmation applies."""
        # Active ones only, whatever the caller's context says.
        return self.env['exception.rule'].sudo().with_context(
            active_test=True).search([
                ('rule_group', '=', 'sale'),
                ('model', 'in', ('sale.order', 'sale.order.line'))])

    @api.multi
    def _checks_failures(self, failures):
        """[(rule, reason)] -> [engine Failure]."""
        return [checks_engine.Failure(
            rule.name, reason or rule.description or '',
            warning=rule.severity == 'warning')
            for rule, reason in failures]

    @api.multi
    def _checks_evaluate(self, raise_errors=True, with_code=True):
        """Evaluate every active check on the orders of `self` at once.

        :return: ({order id: [(rule, reason)]}, [error message]); with
            raise_errors, a rule that cannot be evaluated raises UserError
            "check 'X' failed to evaluate" (the error is logged).
        """
        results = {order_id: [] for order_id in self.ids}
        errors = []
        rules = self._checks_rules()
        if not with_code:
            rules = rules.filtered(
                lambda rule: rule.exception_type != 'by_py_code')
        # The checks about delivery look at the orders shipping something
        # only (read once, before the savepoints).
        shipping = self._checks_with_delivery() if any(
            rules.mapped('delivery_only')) else self

        def checked(rule):
            """The orders of `self` that `rule` applies to."""
            return shipping if rule.delivery_only else self
        try:
            # A savepoint keeps the transaction usable when a rule breaks
            # in SQL (the form still shows the other checks): one for all
            # the rules, then one per rule to tell which broke.
            with self.env.cr.savepoint():
                outcomes = [(rule, checked(rule)._checks_run_rule(rule))
                            for rule in rules]
        except Exception:  # pylint: disable=broad-except
            outcomes = [(rule, None) for rule in rules]
        for rule, failed in outcomes:
            try:
                if failed is None:
                    with self.env.cr.savepoint():
                        failed = checked(rule)._checks_run_rule(rule)
            except Exception as error:  # pylint: disable=broad-except
                _checks_logger.exception(
                    'Check %r (exception.rule %s) failed to evaluate on %s',
                    rule.name, rule.id, self.ids)
                message = _("Check '%s' failed to evaluate (%s); a Sales "
                            "manager must correct or switch off this "
                            "check.") % (rule.name, error)
                if raise_errors:
                    raise UserError(message)
                errors.append(message)
                continue
            for order_id, reason in failed.items():
                if order_id in results:
                    if isinstance(reason, models.BaseModel):
                        # Failing lines, named out of the savepoints.
                        reason = self._checks_line_reason(rule, reason)
                    results[order_id].append((rule, reason))
        return results, errors

    @api.multi
    def _checks_run_rule(self, rule):
        """{order id: reason} of the orders of `self` failing `rule`."""
        if not self:
            return {}
        if rule.exception_type == 'by_domain':
            domain = rule._eval_domain()
            # sudo: the search is bounded to the orders being checked and
            # only tells which of them match the rule. Leaves through a
            # relation are searched among the batch's values only.
            if rule.model == 'sale.order.line':
                lines = self.sudo().mapped('order_line')
                lines = lines.search([('id', 'in', lines.ids)] + (
                    rule._domain_within(lines, domain))) if lines else lines
                return self._checks_failing_lines(lines)
            orders = self.sudo()
            orders = orders.search(
                [('id', 'in', orders.ids)] + rule._domain_within(
                    orders, domain), order='id')
            return dict.fromkeys(orders.ids, '')
        if rule.exception_type == 'by_method':
            # sudo: checks need facts the user may not read (receivables).
            result = getattr(self.sudo(), rule.method)()
            if isinstance(result, dict):
                return result
            return dict.fromkeys(result.ids, '')
        failed = {}
        failed_lines = self.env['sale.order.line']
        for order in self:
            if rule.model == 'sale.order':
                if self._checks_eval_code(rule, 'sale', order):
                    failed[order.id] = ''
                continue
            for line in order.order_line:
                if self._checks_eval_code(rule, 'sale_line', line):
                    failed_lines |= line
        if failed_lines:
            failed.update(self._checks_failing_lines(failed_lines))
        return failed

    @api.multi
    def _checks_with_delivery(self):
        """The orders of `self` that have something to deliver: a line of
        a storable or consumable product. sudo: only the product types of
        the lines are read, to tell which checks apply."""
        orders = self.sudo()
        return self.browse([order.id for order in orders if any(
            line.product_id.type in ('consu', 'product')
            for line in order.order_line)])

    @api.model
    def _checks_failing_lines(self, lines):
        """{order id: its lines among ``lines``}: what a check on lines
        returns; _checks_evaluate names them once out of its savepoints
        (under Odoo's test cursor, reading products there would end
        them)."""
        failing = {}
        for line in lines:
            failing[line.order_id.id] = failing.get(
                line.order_id.id, lines.browse()) | line
        return failing

    @api.model
    def _checks_line_reason(self, rule, lines):
        """The rule's description and the failing ``lines`` of one order
        by their position and product."""
        order = lines[:1].order_id
        positions = {line.id: index for index, line in
                     enumerate(order.order_line, 1)}
        label = _('line %d (%s)')
        named = ', '.join([
            label % (positions.get(line.id, 0),
                     line.product_id.display_name or line.name)
            for line in lines.sorted(
                lambda line: positions.get(line.id, 0))])
        return ' '.join(filter(None, [
            rule.description, _('Failing: %s.') % named]))

    @api.model
    def _checks_eval_code(self, rule, obj_name, record):
        space = self._exception_rule_eval_context(obj_name, record)
        safe_eval(rule.code or '', space, mode='exec', nocopy=True)
        return bool(space.get('failed', False))

    @api.multi
    def _checks_log_confirmation(self, results, failures, reason):
        """Record on each order what the checks said at confirmation."""
        now = fields.Datetime.now()
        # The orders checked here do not ignore exceptions: their stored
        # main exception is set exactly when they have some (base_exception),
        # and is read with the order (exception_ids would be one query).
        clean = self.filtered(
            lambda o: o not in failures and o.main_exception_id)
        if clean:
            clean.write({'exception_ids': [(5, 0, 0)]})
        for order, items in failures.items():
            blocking, warnings = checks_engine.split(items)
            notes = []
            vals = {}
            if blocking:
                notes.append(_('Checks overridden by %s: %s (failed: %s)') % (
                    self.env.user.name, reason,
                    '; '.join(item.name for item in blocking)))
                vals.update({
                    'ignore_exception': True,
                    'exception_ids': [(6, 0, [
                        rule.id for rule, _reason in results[order.id]
                        if rule.severity != 'warning'])],
                    'check_override_user_id': self.env.uid,
                    'check_override_date': now,
                    'check_override_reason': reason,
                })
            if warnings:
                notes.append(_('Confirmed with warnings: %s') % '; '.join(
                    item.name + (': %s' % item.reason if item.reason
                                 else '') for item in warnings))
            vals['check_confirm_note'] = '\n'.join(notes)
            with transaction_state.pushed(self.env, 'checks_logging',
                                          frozenset(order.ids)):
                order.write(vals)
            order._som_log_note('<br/>'.join(
                html_escape(note) for note in notes))

    # Checks by method: called once on the batch, return {order id: reason}

    @api.multi
    def _checks_credit_limit(self):
        """Orders taking their customer over its credit limit: open
        receivables + confirmed orders not invoiced yet + the orders of
        the batch (in batch order), in the company's currency."""
        orders = self.filtered(
            lambda o: o.partner_id.commercial_partner_id.credit_limit > 0)
        if not orders:
            return {}
        partners = orders.mapped('partner_id.commercial_partner_id')
        companies = orders.mapped('company_id')
        committed = collections.defaultdict(float)
        receivables = self.env['account.move.line'].read_group(
            [('partner_id.commercial_partner_id', 'in', partners.ids),
             ('company_id', 'in', companies.ids),
             ('account_id.internal_type', '=', 'receivable'),
             ('move_id.state', '=', 'posted'),
             ('reconciled', '=', False)],
            ['partner_id', 'company_id', 'amount_residual'],
            ['partner_id', 'company_id'], lazy=False)
        commercial = {partner.id: partner.commercial_partner_id.id
                      for partner in self.env['res.partner'].browse(
                          [group['partner_id'][0] for group in receivables
                           if group['partner_id']])}
        for group in receivables:
            if group['partner_id']:
                key = (commercial[group['partner_id'][0]],
                       group['company_id'][0])
                committed[key] += group['amount_residual']
        # Confirmed, not invoiced yet: ordered (taxes included) minus
        # invoiced (amt_to_invoice only counts what is delivered).
        unpaid = self.env['sale.order.line'].read_group(
            [('order_partner_id.commercial_partner_id', 'in', partners.ids),
             ('company_id', 'in', companies.ids),
             ('state', 'in', ('sale', 'done')),
             ('invoice_status', '!=', 'invoiced')],
            ['order_partner_id', 'company_id', 'currency_id',
             'price_total', 'amt_invoiced'],
            ['order_partner_id', 'company_id', 'currency_id'], lazy=False)
        customers = self.env['res.partner'].browse(
            [group['order_partner_id'][0] for group in unpaid])
        commercial = {partner.id: partner.commercial_partner_id.id
                      for partner in customers}
        # Today's rate, whatever date the caller's context says.
        Currency = self.env['res.currency'].with_context(
            date=fields.Date.today())
        for group in unpaid:
            company = companies.browse(group['company_id'][0])
            amount = Currency.browse(group['currency_id'][0]).compute(
                group['price_total'] - group['amt_invoiced'],
                company.currency_id)
            committed[(commercial[group['order_partner_id'][0]],
                       company.id)] += amount
        batches = collections.OrderedDict()
        for order in orders:
            key = (order.partner_id.commercial_partner_id.id,
                   order.company_id.id)
            amount = order.currency_id.with_context(
                date=fields.Date.today()).compute(
                order.amount_total, order.company_id.currency_id)
            batches.setdefault(key, []).append((order, amount))
        result = {}
        for (partner_id, company_id), items in batches.items():
            partner = partners.browse(partner_id)
            currency = items[0][0].company_id.currency_id
            for item in checks_engine.credit_exposures(
                    partner.credit_limit, committed[(partner_id, company_id)],
                    items):
                if item.exceeded:
                    result[item.key.id] = checks_engine.credit_reason(
                        partner.name, item.exposure, partner.credit_limit,
                        currency.name, self._checks_translate)
        return result

    @api.multi
    def _checks_signature_missing(self):
        """Orders whose signature is required but not valid (the signature
        capability's `_signature_check_required`)."""
        return {
            order.id: _("the customer's signature is missing or no longer "
                        "matches the order; it is required because %s") % (
                order._signature_required_reason())
            for order in self._signature_check_required()}

    @api.multi
    def _checks_ship_complete_unservable(self):
        """Orders of ship-complete customers that the sourced warehouses
        cannot serve in full now (the sourcing capability's
        `_sourcing_compute_allocations`: per order line, rows of
        (warehouse, qty, available_qty, rule, reason))."""
        orders = self.filtered(
            lambda o: o.backorder_policy_id.mode == 'ship_complete')
        if not orders:
            return {}
        allocations = orders._sourcing_compute_allocations()
        missing = collections.defaultdict(list)
        for line in orders.mapped('order_line'):
            if line.product_id.type != 'product':
                continue
            rows = allocations.get(line) or []
            served = sum(min(row[1], row[2]) for row in rows)
            short = line.product_uom_qty - served
            if float_compare(short, 0.0, precision_rounding=(
                    line.product_uom.rounding or 0.01)) > 0:
                missing[line.order_id.id].append('%s %s %s' % (
                    short, line.product_uom.name, line.product_id.name))
        return {order_id: _('missing now: %s') % ', '.join(items)
                for order_id, items in missing.items()}

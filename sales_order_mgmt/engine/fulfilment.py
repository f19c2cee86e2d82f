# Copyright 2026 sales_order_mgmt contributors
# License LGPL-3.0 or later (http://www.gnu.org/licenses/lgpl).
"""Fulfilment figures of a sales order, from its delivery moves.

Pure Python, no Odoo: ``models/`` reads the order (state, dates, ordered
quantity) and the moves of its lines that go to a customer location into
``MoveFact`` values, calls ``compute_figures`` and stores the result.
Whatever created the moves (one delivery, backorders, several warehouses,
a cancelled remainder), the figures come from the moves alone.

Definitions (quantities in each product's own unit, summed):

- *shipment*: the done moves of one delivery (picking); the first
  shipment is the delivery done first (ties: lowest delivery id);
- ``state``: ``cancelled`` (order cancelled, or every delivery cancelled
  before anything shipped), ``to_ship`` (nothing shipped yet),
  ``partially_shipped`` (something shipped, something still to ship),
  ``shipped`` (all ordered quantity shipped), ``closed_short`` (nothing
  left to ship, less than ordered shipped: the remainder was cancelled);
  ``False`` for quotations and orders with nothing to deliver;
- ``fill_rate``: share of the ordered quantity in the first shipment,
  0-100 (``None`` before the first shipment);
- ``on_time``: the order is complete (``shipped`` or ``closed_short``) and
  its last shipment left on or before the promised day (UTC dates: a
  commitment of "today" is kept by shipping today);
- ``processing_hours``: hours from confirmation to the first shipment.

An order of 10 desks confirmed at 8:00, 6 shipped at 14:00 the same day,
the remaining 4 cancelled:

>>> from datetime import datetime as dt
>>> moves = [MoveFact(1, 6.0, 'done', dt(2026, 3, 2, 14), False),
...          MoveFact(2, 4.0, 'cancel', dt(2026, 3, 3, 9), True)]
>>> figures = compute_figures('sale', 10.0, moves,
...                           confirmation_date=dt(2026, 3, 2, 8),
...                           promised_date=dt(2026, 3, 5))
>>> figures.state, figures.fill_rate, figures.processing_hours
('closed_short', 60.0, 6.0)
>>> figures.on_time, figures.cancelled_qty, figures.has_backorder
(True, 4.0, False)
"""
from collections import OrderedDict, namedtuple
from datetime import timedelta

from ._common import strip_zeros

STATES = ('to_ship', 'partially_shipped', 'shipped', 'closed_short',
          'delivered', 'cancelled')
# ``delivered``: a complete order whose deliveries all arrived (decided by
# the after-sale capability, engine/aftersale.py, never by compute_figures).
COMPLETE_STATES = ('shipped', 'closed_short', 'delivered')
STATE_LABELS = [
    ('to_ship', 'To ship'),
    ('partially_shipped', 'Partially shipped'),
    ('shipped', 'Shipped'),
    ('delivered', 'Delivered'),
    ('closed_short', 'Closed short'),
    ('cancelled', 'Cancelled'),
]

# One stock move of the order going to the customer: `picking` any hashable
# id of its delivery (None if none), `qty` in the product's unit, `state`
# the move's state, `date` a datetime (when it was done, for done moves),
# `backorder` whether its delivery is a backorder of another one.
MoveFact = namedtuple('MoveFact', 'picking qty state date backorder')
Figures = namedtuple(
    'Figures', 'state first_ship_date last_ship_date on_time fill_rate '
               'processing_hours has_backorder ordered_qty shipped_qty '
               'cancelled_qty')

DEFAULT_PRECISION = 1e-4
CLOSED_STATES = ('done', 'cancel')


def format_qty(value):
    """A quantity as people write it.

    >>> format_qty(12.0), format_qty(12.5), format_qty(0.126)
    ('12', '12.5', '0.13')
    """
    return strip_zeros('%.2f' % value)


def promised_date(date_order, customer_leads, picking_policy='direct',
                  requested_date=None):
    """The date promised to the customer.

    The customer's requested date when given; else Odoo's commitment date:
    order date + the shortest line lead time when the customer accepts
    partial deliveries (``direct``), the longest one when everything ships
    at once (``one``).

    >>> from datetime import datetime as dt
    >>> promised_date(dt(2026, 3, 1), [2.0, 5.0])
    datetime.datetime(2026, 3, 3, 0, 0)
    >>> promised_date(dt(2026, 3, 1), [2.0, 5.0], 'one')
    datetime.datetime(2026, 3, 6, 0, 0)
    >>> promised_date(dt(2026, 3, 1), [2.0], 'one', dt(2026, 4, 1))
    datetime.datetime(2026, 4, 1, 0, 0)
    >>> promised_date(None, [1.0]) is None
    True
    """
    if requested_date:
        return requested_date
    if not date_order:
        return None
    leads = [lead or 0.0 for lead in customer_leads] or [0.0]
    lead = max(leads) if picking_policy == 'one' else min(leads)
    return date_order + timedelta(days=lead)


def shipments(moves):
    """Done quantities per delivery, first shipped first:
    [(picking, qty, first done date, last done date)].

    >>> from datetime import datetime as dt
    >>> shipments([MoveFact('B', 2.0, 'done', dt(2026, 1, 3), True),
    ...            MoveFact('A', 1.0, 'done', dt(2026, 1, 2), False),
    ...            MoveFact('A', 3.0, 'done', dt(2026, 1, 2, 1), False),
    ...            MoveFact('A', 9.0, 'cancel', dt(2026, 1, 1), False)])
    ... # doctest: +NORMALIZE_WHITESPACE
    [('A', 4.0, datetime.datetime(2026, 1, 2, 0, 0),
      datetime.datetime(2026, 1, 2, 1, 0)),
     ('B', 2.0, datetime.datetime(2026, 1, 3, 0, 0),
      datetime.datetime(2026, 1, 3, 0, 0))]
    """
    groups = OrderedDict()
    for move in moves:
        if move.state != 'done':
            continue
        qty, first, last = groups.get(move.picking, (0.0, None, None))
        groups[move.picking] = (
            qty + move.qty,
            move.date if first is None or move.date < first else first,
            move.date if last is None or move.date > last else last)
    # Same second: the delivery created first (lowest id) shipped first.
    ordered = sorted(groups.items(), key=lambda item: (
        item[1][1], item[0] is None,
        item[0] if item[0] is not None else 0))
    return [(picking, qty, first, last)
            for picking, (qty, first, last) in ordered]


def fulfilment_state(order_state, ordered_qty, shipped_qty, open_qty,
                     cancelled_qty, precision=DEFAULT_PRECISION):
    """The order's fulfilment state, from its quantities (see module doc).

    >>> fulfilment_state('draft', 10, 0, 0, 0) is False
    True
    >>> fulfilment_state('cancel', 10, 0, 0, 10)
    'cancelled'
    >>> fulfilment_state('sale', 10, 0, 10, 0)
    'to_ship'
    >>> fulfilment_state('sale', 10, 6, 4, 0)
    'partially_shipped'
    >>> fulfilment_state('done', 10, 10, 0, 0)
    'shipped'
    >>> fulfilment_state('sale', 10, 6, 0, 4)
    'closed_short'
    >>> fulfilment_state('sale', 10, 0, 0, 10)
    'cancelled'
    """
    if order_state == 'cancel':
        return 'cancelled'
    if order_state not in ('sale', 'done') or ordered_qty <= precision:
        return False
    if open_qty > precision:
        return 'partially_shipped' if shipped_qty > precision else 'to_ship'
    if shipped_qty >= ordered_qty - precision:
        return 'shipped'
    if cancelled_qty > precision:
        return 'closed_short' if shipped_qty > precision else 'cancelled'
    # Nothing open, nothing cancelled, less than ordered shipped: the rest
    # has no delivery yet (e.g. the ordered quantity was raised).
    return 'partially_shipped' if shipped_qty > precision else 'to_ship'


def compute_figures(order_state, ordered_qty, moves, confirmation_date=None,
                    promised_date=None, precision=DEFAULT_PRECISION):
    """All fulfilment figures of one order (a ``Figures``).

    `moves` are the order's ``MoveFact`` to customers; `ordered_qty` the
    quantity of its deliverable lines. Dates are naive UTC datetimes.
    """
    shipped_qty = sum(m.qty for m in moves if m.state == 'done')
    open_qty = sum(m.qty for m in moves if m.state not in CLOSED_STATES)
    cancelled_moves_qty = sum(m.qty for m in moves if m.state == 'cancel')
    state = fulfilment_state(order_state, ordered_qty, shipped_qty,
                             open_qty, cancelled_moves_qty, precision)
    done = shipments(moves)
    first_ship = done[0][2] if done else None
    last_ship = max(s[3] for s in done) if done else None
    fill_rate = None
    if done and ordered_qty > precision:
        fill_rate = round(min(100.0, 100.0 * done[0][1] / ordered_qty), 2)
    processing_hours = None
    if first_ship and confirmation_date:
        processing_hours = round(max(
            0.0, (first_ship - confirmation_date).total_seconds() / 3600.0),
            2)
    on_time = bool(state in COMPLETE_STATES and last_ship and
                   promised_date and last_ship.date() <= promised_date.date())
    has_backorder = any(m.backorder and m.state != 'cancel' for m in moves)
    cancelled_qty = 0.0
    if state == 'closed_short':
        cancelled_qty = round(ordered_qty - shipped_qty, 6)
    return Figures(
        state=state, first_ship_date=first_ship, last_ship_date=last_ship,
        on_time=on_time, fill_rate=fill_rate,
        processing_hours=processing_hours, has_backorder=has_backorder,
        ordered_qty=ordered_qty, shipped_qty=shipped_qty,
        cancelled_qty=cancelled_qty)


def kpis(figures):
    """Aggregate KPIs of several orders' ``Figures``, as the Fulfilment
    report defines them (``None`` when no order qualifies):

    - ``order_count``: every order with a fulfilment state (cancelled too);
    - ``fill_rate``: mean fill rate of the orders that shipped at least once;
    - ``on_time_rate``: share (0-100) of complete orders (shipped or closed
      short) whose last shipment left by the promised date; open and
      cancelled orders do not count;
    - ``processing_hours``: mean over the orders that shipped at least once;
    - ``backordered``: orders that got a backorder delivery;
    - ``cancelled_qty``: quantity cancelled as remainder of closed-short
      orders.

    >>> from datetime import datetime as dt
    >>> a = compute_figures('sale', 10.0, [
    ...     MoveFact(1, 6.0, 'done', dt(2026, 3, 2), False),
    ...     MoveFact(2, 4.0, 'cancel', dt(2026, 3, 2), True)],
    ...     dt(2026, 3, 1), dt(2026, 3, 5))
    >>> b = compute_figures('sale', 4.0, [
    ...     MoveFact(3, 4.0, 'assigned', dt(2026, 3, 3), False)],
    ...     dt(2026, 3, 1), dt(2026, 3, 5))
    >>> sorted(kpis([a, b]).items())  # doctest: +NORMALIZE_WHITESPACE
    [('backordered', 0), ('cancelled_qty', 4.0), ('fill_rate', 60.0),
     ('on_time_rate', 100.0), ('order_count', 2),
     ('processing_hours', 24.0)]
    """
    def mean(values):
        values = [v for v in values if v is not None]
        return sum(values) / len(values) if values else None

    counted = [f for f in figures if f.state]
    shipped = [f for f in counted if f.first_ship_date]
    complete = [f for f in counted if f.state in COMPLETE_STATES]
    return {
        'order_count': len(counted),
        'fill_rate': mean([f.fill_rate for f in shipped]),
        'on_time_rate': mean([100.0 if f.on_time else 0.0
                              for f in complete]),
        'processing_hours': mean([f.processing_hours for f in shipped]),
        'backordered': sum(1 for f in counted if f.has_backorder),
        'cancelled_qty': sum(f.cancelled_qty for f in counted),
    }

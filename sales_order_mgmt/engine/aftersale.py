# Copyright 2026 sales_order_mgmt contributors
# License LGPL-3.0 or later (http://www.gnu.org/licenses/lgpl).
"""After the shipment: delivered confirmation, returns and the
order-accuracy KPI.

Pure Python, no Odoo: ``models/`` reads deliveries, order lines and returns
into plain values, calls these functions and applies the answer.

Definitions:

- an order is *delivered* when it is complete (everything shipped, or the
  remainder cancelled) and every delivery that shipped something is marked
  delivered; its delivered date is the last of those dates;
- a line may be returned up to what was delivered to the customer minus
  what earlier returns (not refused) already take back;
- *order accuracy*: share of the complete orders that got no return of
  category ``wrong_item``, ``damaged`` or ``short`` requested within N days
  (default 30) of their delivery (the last shipment when not marked
  delivered);
- *return rate*: share of the complete orders with at least one return
  that was not refused;
- *resolution days*: mean, over the orders with resolved returns, of the
  mean days from their returns' request to resolution (the report's rows
  are orders).
"""
import hashlib
from collections import namedtuple
from datetime import timedelta

CATEGORIES = [
    ('wrong_item', 'Wrong item'),
    ('damaged', 'Damaged'),
    ('short', 'Short (missing items)'),
    ('not_needed', 'Not needed any more'),
    ('other', 'Other'),
]
# Categories that say the order was not right when it arrived.
INACCURATE_CATEGORIES = frozenset(['wrong_item', 'damaged', 'short'])
RESOLUTIONS = [
    ('refund', 'Refund (credit note)'),
    ('exchange', 'Exchange (replacement delivery)'),
    ('repair', 'Repair'),
    ('none', 'None'),
]
STATES = [
    ('requested', 'Requested'),
    ('approved', 'Approved'),
    ('refused', 'Refused'),
    ('received', 'Received'),
    ('resolved', 'Resolved'),
]
# state -> states it may go to.
TRANSITIONS = {
    'requested': ('approved', 'refused'),
    'approved': ('received', 'refused'),
    'received': ('resolved',),
    'refused': (),
    'resolved': (),
}
DEFAULT_ACCURACY_DAYS = 30
DEFAULT_PRECISION = 1e-4

# One order line a return may take back from: `key` any hashable id,
# `delivered` the quantity delivered to the customer, `returned` the
# quantity of earlier returns that were not refused.
ReturnableLine = namedtuple('ReturnableLine', 'key name delivered returned')
# One order for the KPIs: `complete` whether everything shipped (or the rest
# was cancelled), `delivered_date` when it arrived (else the last shipment).
OrderFact = namedtuple('OrderFact', 'key complete delivered_date')
# One return for the KPIs: `order` the key of its order, `category` of its
# reason, dates as naive datetimes (`resolved_date` None if not resolved).
ReturnFact = namedtuple(
    'ReturnFact', 'order category state request_date resolved_date')


def can_move(state, new_state):
    """Whether a return in ``state`` may go to ``new_state``.

    >>> can_move('requested', 'approved'), can_move('resolved', 'approved')
    (True, False)
    """
    return new_state in TRANSITIONS.get(state, ())


def order_delivered(fulfilment_state, delivered_dates,
                    complete_states=('shipped', 'closed_short')):
    """``(delivered?, delivered date)`` of an order whose fulfilment state
    is ``fulfilment_state`` and whose deliveries that shipped have the
    delivered dates ``delivered_dates`` (None where not marked yet).

    >>> order_delivered('shipped', ['2026-03-04', '2026-03-02'])
    (True, '2026-03-04')
    >>> order_delivered('shipped', ['2026-03-04', None])
    (False, None)
    >>> order_delivered('partially_shipped', ['2026-03-04'])
    (False, None)
    >>> order_delivered('shipped', [])
    (False, None)
    """
    if fulfilment_state not in complete_states or not delivered_dates or \
            any(not date for date in delivered_dates):
        return False, None
    return True, max(delivered_dates)


def check_return_quantities(lines, requested, precision=DEFAULT_PRECISION):
    """Problems with returning ``requested`` ({key: qty}) of ``lines``
    (``ReturnableLine``): a list of ``(code, line, qty, returnable)``,
    empty when the return may be recorded. Codes: ``unknown`` (not a line
    of the order), ``negative``, ``too_much`` (more than delivered minus
    already returned), ``empty`` (nothing to return at all).

    >>> lines = [ReturnableLine(1, 'Desk', 10.0, 4.0),
    ...          ReturnableLine(2, 'Chair', 0.0, 0.0)]
    >>> check_return_quantities(lines, {1: 6.0})
    []
    >>> check_return_quantities(lines, {1: 7.0})
    [('too_much', 'Desk', 7.0, 6.0)]
    >>> check_return_quantities(lines, {2: 1.0, 3: 1.0})
    [('too_much', 'Chair', 1.0, 0.0), ('unknown', None, 1.0, 0.0)]
    >>> check_return_quantities(lines, {1: 0.0})
    [('empty', None, 0.0, 0.0)]
    >>> check_return_quantities(lines, {1: -1.0})
    [('negative', 'Desk', -1.0, 6.0)]
    """
    by_key = {line.key: line for line in lines}
    problems = []
    total = 0.0
    for key in sorted(requested, key=str):
        qty = requested[key]
        line = by_key.get(key)
        if line is None:
            problems.append(('unknown', None, qty, 0.0))
            continue
        returnable = max(0.0, line.delivered - line.returned)
        if qty < -precision:
            problems.append(('negative', line.name, qty, returnable))
        elif qty > returnable + precision:
            problems.append(('too_much', line.name, qty, returnable))
        total += max(qty, 0.0)
    if not problems and total <= precision:
        problems.append(('empty', None, total, 0.0))
    return problems


def refundable_quantities(returned, invoiced, refunded,
                          precision=DEFAULT_PRECISION):
    """What a credit note may refund per line: the quantity that came back,
    but no more than was invoiced minus what earlier credit notes refunded.
    ``returned``, ``invoiced``, ``refunded``: {key: qty}.

    >>> sorted(refundable_quantities({1: 3.0, 2: 2.0}, {1: 10.0, 2: 1.0},
    ...                              {2: 1.0}).items())
    [(1, 3.0)]
    """
    result = {}
    for key, qty in returned.items():
        qty = min(qty, invoiced.get(key, 0.0) - refunded.get(key, 0.0))
        if qty > precision:
            result[key] = qty
    return result


def return_kpis(orders, returns, days=DEFAULT_ACCURACY_DAYS):
    """KPIs over ``orders`` (``OrderFact``) and their ``returns``
    (``ReturnFact``), as the module doc defines them (``None`` when no order
    or no return qualifies). ``accurate`` lists the keys of the accurate
    complete orders.

    >>> from datetime import datetime as dt
    >>> orders = [OrderFact(1, True, dt(2026, 3, 1)),
    ...           OrderFact(2, True, dt(2026, 3, 1)),
    ...           OrderFact(3, True, dt(2026, 3, 1)),
    ...           OrderFact(4, True, dt(2026, 3, 1)),
    ...           OrderFact(5, False, None)]
    >>> returns = [
    ...     ReturnFact(1, 'damaged', 'resolved', dt(2026, 3, 5),
    ...                dt(2026, 3, 8)),
    ...     ReturnFact(2, 'wrong_item', 'requested', dt(2026, 5, 1), None),
    ...     ReturnFact(3, 'not_needed', 'resolved', dt(2026, 3, 2),
    ...                dt(2026, 3, 3)),
    ...     ReturnFact(4, 'short', 'refused', dt(2026, 3, 2), None)]
    >>> kpis = return_kpis(orders, returns)
    >>> kpis['accurate'], kpis['order_accuracy'], kpis['return_rate']
    ([2, 3, 4], 75.0, 75.0)
    >>> kpis['resolution_days']
    2.0
    """
    complete = [order for order in orders if order.complete]
    by_order = {}
    for ret in returns:
        by_order.setdefault(ret.order, []).append(ret)
    limit = timedelta(days=days)
    accurate = []
    returned = 0
    for order in complete:
        mine = [ret for ret in by_order.get(order.key, [])
                if ret.state != 'refused']
        if mine:
            returned += 1
        if not any(ret.category in INACCURATE_CATEGORIES and (
                not order.delivered_date or
                ret.request_date - order.delivered_date <= limit)
                for ret in mine):
            accurate.append(order.key)
    per_order = {}
    for ret in returns:
        if ret.state == 'resolved' and ret.resolved_date:
            per_order.setdefault(ret.order, []).append(
                (ret.resolved_date - ret.request_date).total_seconds()
                / 86400.0)
    resolved = [sum(days) / len(days) for days in per_order.values()]
    count = len(complete)
    return {
        'accurate': accurate,
        'order_accuracy': 100.0 * len(accurate) / count if count else None,
        'return_rate': 100.0 * returned / count if count else None,
        'resolution_days': round(sum(resolved) / len(resolved), 2)
        if resolved else None,
    }


def hash_token(token):
    """How a carrier token is stored: its SHA-256, hex.

    >>> hash_token('abc')[:16]
    'ba7816bf8f01cfea'
    """
    return hashlib.sha256(token.encode('utf-8')).hexdigest()


def carrier_input_problem(token, reference, received_by, max_length=256):
    """What is wrong with a carrier's delivered call, before any lookup
    (None if nothing): ``token`` and ``reference`` non-empty strings,
    ``received_by`` a string or None, none longer than ``max_length``.

    >>> carrier_input_problem('t', 'REF1', 'Anna') is None
    True
    >>> carrier_input_problem(['t'], 'REF1', None)
    'token'
    >>> carrier_input_problem('t', '', None)
    'reference'
    >>> carrier_input_problem('t', 'R', 'x' * 300)
    'received_by'
    """
    for name, value, required in (('token', token, True),
                                  ('reference', reference, True),
                                  ('received_by', received_by, False)):
        if value is None and not required:
            continue
        if not isinstance(value, str) or len(value) > max_length or \
                (required and not value.strip()):
            return name
    return None

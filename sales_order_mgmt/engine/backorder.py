# Copyright 2024 sales_order_mgmt contributors
# License LGPL-3.0 or later (http://www.gnu.org/licenses/lgpl).
"""Backorder policies: what happens when a delivery cannot ship complete.

Pure Python, no Odoo: ``models/`` reads the delivery's moves into
``DeliveryLine`` values (product name, quantity initially in the delivery,
quantity done, UoM name), calls ``decide`` with the order's policy and
applies the ``Decision``: validate, create the backorder, cancel the rest
or refuse with ``Decision.reason``.

Modes (``MODES``):

- ``allow``: ship what is available, the rest follows in a backorder;
  refused when the share shipped is below ``min_fill_ratio`` (0-100);
- ``ship_complete``: refused as soon as anything is short;
- ``cancel_remainder``: ship what is available, cancel the rest.

A delivery of 10 desks with 6 available:

>>> lines = [DeliveryLine('Desk', 10.0, 6.0, 'Units')]
>>> decision = decide('allow', lines)
>>> decision.action, decision.fill_ratio, decision.missing
('backorder', 60.0, [Missing(product='Desk', qty=4.0, uom='Units')])
>>> print(decision.reason)
60% of this delivery ships now; a backorder will follow for: 4 Units of Desk.
>>> print(decide('allow', lines, min_fill_ratio=80).reason)
Only 60% of this delivery would ship, below the 80% minimum of the \
backorder policy. Missing: 4 Units of Desk.
>>> print(decide('ship_complete', lines).reason)
This customer only accepts complete deliveries. Missing: 4 Units of Desk.
>>> print(decide('cancel_remainder', lines).reason)
60% of this delivery ships now; the rest is cancelled: 4 Units of Desk.

Translation works as in ``engine.sourcing``: messages are marked with
``_`` for Odoo's extraction and the functions producing text accept a
``translate`` callable.
"""
import datetime
import math
from collections import OrderedDict, namedtuple

from ._common import _, as_date, format_number, round_to, speaker

MODES = ('allow', 'ship_complete', 'cancel_remainder')
ACTIONS = ('validate_all', 'backorder', 'cancel_remainder', 'refuse')

DeliveryLine = namedtuple('DeliveryLine', 'product initial_qty done_qty uom')
Missing = namedtuple('Missing', 'product qty uom')
Decision = namedtuple('Decision', 'action fill_ratio missing reason')

_RATIO_PRECISION = 0.01


# Decision -----------------------------------------------------------------

def _shortfalls(lines, precision):
    """Totals (initial, shipped) and the missing quantities per product.

    Over-delivered lines count as complete; the same product and UoM on
    several lines is reported once.
    """
    initial_total = shipped_total = 0.0
    missing = OrderedDict()
    for product, initial, done, uom in lines:
        initial = round_to(initial or 0.0, precision)
        shipped = min(round_to(done or 0.0, precision), initial)
        initial_total += initial
        shipped_total += shipped
        short = round_to(initial - shipped, precision)
        if short > 0:
            missing[(product, uom)] = missing.get((product, uom), 0.0) + short
    return initial_total, shipped_total, [
        Missing(product, round_to(qty, precision), uom)
        for (product, uom), qty in missing.items()
    ]


def _fill_ratio(initial_total, shipped_total):
    """Share (0-100) of the delivery's quantity being shipped."""
    if initial_total <= 0:
        return 100.0
    return round_to(100.0 * shipped_total / initial_total, _RATIO_PRECISION)


def _missing_text(missing, precision, say):
    """E.g. "4 Units of Desk, 2 Units of Chair"."""
    return ', '.join(
        say(_('%(qty)s %(uom)s of %(product)s'),
            qty=format_number(item.qty, precision), uom=item.uom,
            product=item.product)
        for item in missing)


def decide(mode, lines, min_fill_ratio=0.0, precision=0.001,
           translate=None):
    """What to do when validating a delivery, under the policy ``mode``.

    :param mode: one of ``MODES``.
    :param lines: iterable of ``(product, initial_qty, done_qty, uom)``
        (e.g. ``DeliveryLine``): product and UoM as names for the messages,
        quantities in that UoM.
    :param min_fill_ratio: 0-100, used by ``allow`` only.
    :param precision: rounding of quantities (the UoM rounding).
    :param translate: optional callable translating message templates.
    :returns: ``Decision(action, fill_ratio, missing, reason)``: ``action``
        in ``ACTIONS``; ``fill_ratio`` the share (0-100, two decimals) of
        the delivery's quantity being shipped; ``missing`` a list of
        ``Missing(product, qty, uom)``; ``reason`` a plain sentence (the
        error message when refused).

    Nothing short always gives ``validate_all``. Nothing done at all is
    refused whatever the mode (Odoo would otherwise ship or cancel
    everything); callers handle Odoo's "immediate transfer" before.

    >>> decide('ship_complete', [('Desk', 2, 2, 'Units')]).action
    'validate_all'
    >>> decide('cancel_remainder', [('Desk', 2, 0, 'Units')]).action
    'refuse'
    """
    say = speaker(translate)
    if mode not in MODES:
        raise ValueError(_mode_error(mode, say))
    initial_total, shipped_total, missing = _shortfalls(lines, precision)
    ratio = _fill_ratio(initial_total, shipped_total)
    if not missing:
        reason = say(_('Everything ships: nothing is missing from this '
                       'delivery.'))
        return Decision('validate_all', ratio, missing, reason)
    params = {
        'ratio': format_number(ratio, _RATIO_PRECISION) + '%',
        'missing': _missing_text(missing, precision, say),
    }
    if not shipped_total:
        reason = say(_('Nothing is being shipped: set the quantities done '
                       'before validating. Missing: %(missing)s.'), **params)
        return Decision('refuse', ratio, missing, reason)
    action, reason = _decide_short(mode, ratio, min_fill_ratio or 0.0,
                                   params, say)
    return Decision(action, ratio, missing, reason)


def _decide_short(mode, ratio, min_fill_ratio, params, say):
    """Action and reason for a delivery shipping only part of its lines."""
    if mode == 'ship_complete':
        return 'refuse', say(
            _('This customer only accepts complete deliveries. Missing: '
              '%(missing)s.'), **params)
    if mode == 'cancel_remainder':
        return 'cancel_remainder', say(
            _('%(ratio)s of this delivery ships now; the rest is cancelled: '
              '%(missing)s.'), **params)
    if ratio < min_fill_ratio:
        return 'refuse', say(
            _('Only %(ratio)s of this delivery would ship, below the '
              '%(minimum)s minimum of the backorder policy. Missing: '
              '%(missing)s.'),
            minimum=format_number(min_fill_ratio, _RATIO_PRECISION) + '%',
            **params)
    return 'backorder', say(
        _('%(ratio)s of this delivery ships now; a backorder will follow '
          'for: %(missing)s.'), **params)


# Configuration and ageing -------------------------------------------------

def _mode_error(mode, say):
    """The message for an unknown policy mode."""
    return say(_("Unknown backorder policy mode '%(mode)s': use allow, "
                 "ship_complete or cancel_remainder."), mode=mode)


def validate_policy(mode, min_fill_ratio, max_backorder_days,
                    translate=None):
    """Raise ``ValueError`` with a user message for a bad policy setting.

    A false ratio or number of days counts as 0.

    >>> validate_policy('allow', 80, 30)
    >>> validate_policy('allow', 120, 30)
    Traceback (most recent call last):
    ...
    ValueError: The minimum fill ratio must be between 0 and 100 %, not 120.
    """
    say = speaker(translate)
    if mode not in MODES:
        raise ValueError(_mode_error(mode, say))
    if not 0 <= (min_fill_ratio or 0) <= 100:
        raise ValueError(say(
            _('The minimum fill ratio must be between 0 and 100 %%, not '
              '%(value)s.'),
            value=format_number(min_fill_ratio, _RATIO_PRECISION)))
    if (max_backorder_days or 0) < 0:
        raise ValueError(say(
            _('The maximum age of a backorder cannot be negative (%(value)s '
              'days); use 0 to keep backorders open.'),
            value=max_backorder_days))


def backorder_is_expired(create_date, today, max_days):
    """Whether an open backorder is older than ``max_days`` days.

    ``max_days`` 0 (or false) means backorders never expire. Dates may be
    ``date``, ``datetime`` or Odoo 11 strings; only the day counts.

    >>> backorder_is_expired('2018-03-01 17:00:00', '2018-03-31', 29)
    True
    >>> backorder_is_expired('2018-03-01 17:00:00', '2018-03-31', 30)
    False
    >>> backorder_is_expired('2018-03-01', '2019-03-01', 0)
    False
    """
    if not max_days:
        return False
    if max_days < 0:
        raise ValueError('max_days cannot be negative, got %r' % max_days)
    return (as_date(today) - as_date(create_date)).days > max_days


def expected_date(needed, available, receipts, today, lead_days=None,
                  precision=0.001):
    """The day a backordered quantity can be expected, or None.

    Never invented: ``needed`` is covered by what the sourcing warehouse
    has free now (``available``: today), then by its incoming receipts
    (``receipts``: ``(date, qty)`` in any order, the day the cumulated
    quantity reaches ``needed``), else by replenishment when the product
    has a route that buys or makes it (``lead_days``: vendor or
    manufacturing lead time, from ``today``; not before the last receipt).
    Without any of these, None: the date is to be confirmed.

    >>> today = datetime.date(2026, 12, 4)
    >>> expected_date(4, 0, [], today) is None
    True
    >>> expected_date(4, 4, [], today)
    datetime.date(2026, 12, 4)
    >>> receipts = [(datetime.date(2026, 12, 10), 3),
    ...             (datetime.date(2026, 12, 8), 2)]
    >>> expected_date(4, 0, receipts, today)
    datetime.date(2026, 12, 10)
    >>> expected_date(2, 0, receipts, today)
    datetime.date(2026, 12, 8)
    >>> expected_date(9, 1, receipts, today) is None
    True
    >>> expected_date(9, 1, receipts, today, lead_days=3)
    datetime.date(2026, 12, 10)
    >>> expected_date(9, 1, receipts, today, lead_days=14)
    datetime.date(2026, 12, 18)
    """
    today = as_date(today)
    covered = available or 0.0
    if covered >= needed - precision:
        return today
    last = today
    for day, qty in sorted((as_date(day), qty) for day, qty in receipts):
        covered += qty
        last = max(last, day)
        if covered >= needed - precision:
            return last
    if lead_days is None:
        return None
    return max(last, today + datetime.timedelta(days=math.ceil(lead_days)))


def backorder_expiry_cutoff(today, max_days):
    """The day before which an open backorder created is expired on
    ``today`` (as ``backorder_is_expired``), as an ISO date string: a
    backorder is expired when its creation date is earlier than it, so a
    search can find the expired ones without reading the others. None when
    ``max_days`` is 0 or false (backorders never expire).

    >>> backorder_expiry_cutoff('2018-03-31', 29)
    '2018-03-02'
    >>> backorder_is_expired('2018-03-01 23:59:59', '2018-03-31', 29)
    True
    >>> backorder_is_expired('2018-03-02 00:00:00', '2018-03-31', 29)
    False
    >>> backorder_expiry_cutoff('2018-03-31', 0) is None
    True
    """
    if not max_days:
        return None
    if max_days < 0:
        raise ValueError('max_days cannot be negative, got %r' % max_days)
    return (as_date(today) - datetime.timedelta(days=max_days)).isoformat()

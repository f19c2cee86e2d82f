# Copyright 2026 sales_order_mgmt contributors
# License LGPL-3.0 or later (http://www.gnu.org/licenses/lgpl).
"""Helpers several engine modules share: user messages, quantities, dates
and chunks.

Pure Python, no Odoo, like the rest of ``engine/``. The message texts
themselves stay in the module that says them (Odoo extracts each ``_``
call where it stands); only the machinery is here.
"""
import datetime
import decimal
import math


# Messages -----------------------------------------------------------------

def _(template):
    """Mark ``template`` for Odoo's translation extraction; unchanged.

    >>> _('%(qty)s from %(wh)s')
    '%(qty)s from %(wh)s'
    """
    return template


def speaker(translate=None):
    """Return ``say(template, *args, **params)`` rendering a user message.

    ``template`` is translated by ``translate`` when given, then filled
    with the positional ``args`` or the named ``params`` (``%``
    formatting); without values it is returned as translated (a ``%%``
    stays as it is).

    >>> say = speaker()
    >>> say('%(qty)s of %(product)s', qty='4', product='Desk')
    '4 of Desk'
    >>> say('%s (warning)', 'Zero price')
    'Zero price (warning)'
    >>> speaker(str.upper)('100%% sure')
    '100%% SURE'
    """
    def say(template, *args, **params):
        if args and params:
            raise TypeError('say() takes positional or named values, '
                            'not both')
        text = translate(template) if translate else template
        values = args or params
        return text % values if values else text
    return say


# Quantities ---------------------------------------------------------------

def decimals(precision):
    """Number of decimals a ``precision`` such as 0.001 implies.

    >>> decimals(0.001), decimals(0.5), decimals(1), decimals(10)
    (3, 1, 0, 0)
    """
    exponent = decimal.Decimal(repr(float(precision))).normalize()
    return max(0, -exponent.as_tuple().exponent)


def round_to(value, precision):
    """Round half away from zero to a multiple of ``precision``.

    >>> round_to(10 - 3.3, 0.001), round_to(0.0004, 0.001), round_to(2.5, 1)
    (6.7, 0.0, 3.0)
    >>> round_to(-2.5, 1), round_to(-0.0004, 0.001)
    (-3.0, 0.0)
    """
    steps = abs(value) / precision
    steps = math.floor(steps + 0.5 + max(steps, 1.0) * 1e-12)
    return math.copysign(round(steps * precision, decimals(precision)),
                         value) + 0.0


def strip_zeros(text):
    """A formatted number without trailing decimal zeros (nor a bare
    decimal point).

    >>> strip_zeros('10.000'), strip_zeros('2.50'), strip_zeros('100')
    ('10', '2.5', '100')
    """
    return text.rstrip('0').rstrip('.') if '.' in text else text


def plain_qty(value):
    """A quantity for a sentence, to three decimals at most, without
    trailing zeros (what the order's notes and messages write).

    >>> plain_qty(10.0), plain_qty(2.5), plain_qty(0.1234)
    ('10', '2.5', '0.123')
    """
    return strip_zeros('%.3f' % value)


def format_number(value, precision):
    """A number for a sentence: rounded as ``round_to``, no trailing
    zeros.

    >>> format_number(60.0, 0.01), format_number(2.50, 0.001)
    ('60', '2.5')
    >>> format_number(0.0005, 0.001), format_number(1234.5, 1)
    ('0.001', '1235')
    """
    return strip_zeros('%.*f' % (decimals(precision),
                                 round_to(value, precision)))


# Dates --------------------------------------------------------------------

def as_date(value):
    """A date from a date, a datetime or an ISO string (Odoo 11 fields:
    only the first 10 characters count).

    >>> as_date('2018-03-01 17:00:00'), as_date(datetime.date(2018, 3, 1))
    (datetime.date(2018, 3, 1), datetime.date(2018, 3, 1))
    """
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    return datetime.datetime.strptime(value[:10], '%Y-%m-%d').date()


# Chunks -------------------------------------------------------------------

def chunks(items, size):
    """Split ``items`` into lists of at most ``size`` items, in order.

    >>> list(chunks([1, 2, 3, 4, 5], 2))
    [[1, 2], [3, 4], [5]]
    >>> list(chunks([], 3))
    []
    """
    if size < 1:
        raise ValueError('chunk size must be >= 1')
    items = list(items)
    for start in range(0, len(items), size):
        yield items[start:start + size]

# Copyright 2026 sales_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""What an operation in progress tells the code it calls, kept beside the
transaction's database cursor rather than in the context.

In Odoo 11 the cache of every computed field, stored or not, is keyed by
environment, hence by context: running Odoo's confirmation or delivery
validation under a context of our own made it read from the database and
compute again what it already had in cache (move lines' quantities,
deliveries' states, order amounts...). An operation pushes a value here for
its duration instead; the code it calls looks at what is open on the same
transaction.
"""
import contextlib
import weakref

# {cursor: {key: [value, ...]}}, innermost value last; entries go with the
# cursor.
_OPEN = weakref.WeakKeyDictionary()


def open_values(env, key):
    """The values pushed under ``key`` on ``env``'s transaction and not yet
    popped, outermost first."""
    return _OPEN.get(env.cr, {}).get(key, [])


def open_ids(env, key):
    """Every id of the sets pushed under ``key`` and still open."""
    return set().union(*open_values(env, key))


def innermost(env, key):
    """The last value pushed under ``key`` and still open, or None."""
    values = open_values(env, key)
    return values[-1] if values else None


@contextlib.contextmanager
def pushed(env, key, value):
    """Open ``value`` under ``key`` for the duration of the block."""
    values = _OPEN.setdefault(env.cr, {}).setdefault(key, [])
    values.append(value)
    try:
        yield value
    finally:
        # By identity: values may compare equal (two empty sets).
        del values[next(index for index in range(len(values) - 1, -1, -1)
                        if values[index] is value)]

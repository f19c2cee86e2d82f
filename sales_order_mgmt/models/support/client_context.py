# Copyright 2026 sales_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""What a client may not say through the context.

Odoo fills a new record's fields from the context's ``default_<field>``
keys, which any RPC or JSON client sends: a field that the system alone
writes (signature evidence, the checks' record of a confirmation...) must
not take its value from there. ``create`` overrides call
:func:`without_defaults` on their recordset before ``super().create``.
Nor may a client write such a field: :func:`users_vals` drops it unless the
system writes it (:func:`system_write`).
"""

from . import transaction_state

DEFAULT_PREFIX = 'default_'


def without_defaults(records, names):
    """``records`` whose context carries no ``default_<name>`` for the
    fields ``names`` (the same recordset when it carries none)."""
    context = records.env.context
    dropped = [key for key in context if key.startswith(DEFAULT_PREFIX)
               and key[len(DEFAULT_PREFIX):] in names]
    if not dropped:
        return records
    # Replacing the context is the point: the keys must be gone.
    return records.with_context(  # pylint: disable=context-overridden
        {key: value for key, value in context.items() if key not in dropped})


def default_of(records, vals, name):
    """The value ``create`` will give field ``name``: from ``vals``, else
    from the context's ``default_<name>``."""
    if name in vals:
        return vals[name]
    return records.env.context.get(DEFAULT_PREFIX + name)


SYSTEM_WRITING = 'system_writing'


def system_write(records, vals):
    """Write ``vals`` on ``records`` as the system: fields that users only
    read (see :func:`users_vals`), told through the transaction."""
    with transaction_state.pushed(records.env, SYSTEM_WRITING,
                                  (records._name, frozenset(records.ids))):
        return records.write(vals)


def users_vals(records, vals, names):
    """``vals`` without the fields ``names`` (system-written: readonly for
    users, ignored as the form ignores readonly fields) unless the system is
    writing ``records`` (:func:`system_write`)."""
    if not set(vals) & set(names):
        return vals
    for model, ids in transaction_state.open_values(records.env,
                                                    SYSTEM_WRITING):
        if model == records._name and set(records.ids) <= ids:
            return vals
    return {key: value for key, value in vals.items() if key not in names}

# Copyright 2026 sales_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Reading configuration records for a decision in a few queries.

The sourcing rules and terms templates a decision looks at are found by an
ORM search (access rights and record rules apply); what the engine needs
of them is then read here with one query per relation, whatever their
number: browsing them record by record costs the ORM's per-record
prefetching, which grows with the number of records.
"""


def read_many2many(records, names):
    """``{field name: {record id: set(related ids)}}`` for the many2many
    fields ``names`` of ``records``: one query for all of them."""
    ids = tuple(records.ids)
    related = {name: {record_id: set() for record_id in ids}
               for name in names}
    if not ids or not names:
        return related
    parts = []
    for index, name in enumerate(names):
        field = records._fields[name]
        parts.append('SELECT %d, "%s", "%s" FROM "%s" WHERE "%s" IN %%(ids)s'
                     % (index, field.column1, field.column2, field.relation,
                        field.column1))
    records.env.cr.execute(' UNION ALL '.join(parts), {'ids': ids})
    for index, record_id, other_id in records.env.cr.fetchall():
        related[names[index]][record_id].add(other_id)
    return related


def channel_codes(env, channel_ids):
    """``{sale.entry.channel id: code}``."""
    if not channel_ids:
        return {}
    env.cr.execute('SELECT id, code FROM sale_entry_channel WHERE id IN %s',
                   (tuple(channel_ids),))
    return dict(env.cr.fetchall())

# Copyright 2026 sales_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Grow a database's sales orders to TOTAL by copying, in SQL, the orders
that are there with their lines and stock moves (same states, same
deliveries): ``clone_orders.py DSN TOTAL``, e.g.
``clone_orders.py "dbname=som_x host=/var/run/postgresql" 10000``.

For measuring the install time of the addon on a database with many orders
(docs/COEXISTENCE.md, install time): making 10,000 orders through Odoo's
flows takes hours on a small machine; the copies have what the install reads
(orders, lines, moves to customers), not a realistic history. Run it on a
database without the addon.
"""
import sys

import psycopg2


def columns(cr, table):
    cr.execute("""SELECT column_name FROM information_schema.columns
                   WHERE table_name = %s AND column_name != 'id'
                   ORDER BY ordinal_position""", (table,))
    return [row[0] for row in cr.fetchall()]


def copy_rows(cr, table, source_sql, overrides):
    """Insert a copy of each row of ``table`` listed by ``source_sql``
    (rows ``old_id, new_id, copy``), with ``overrides`` {column: SQL
    expression over ``src`` and ``m``}."""
    names = columns(cr, table)
    values = [overrides.get(name, 'src."%s"' % name) for name in names]
    cr.execute('INSERT INTO "%s" (id, %s) SELECT m.new_id, %s FROM "%s" src '
               'JOIN (%s) m ON m.old_id = src.id' % (
                   table, ', '.join('"%s"' % name for name in names),
                   ', '.join(values), table, source_sql))
    return cr.rowcount


def main(dsn, total):
    connection = psycopg2.connect(dsn)
    cr = connection.cursor()
    cr.execute('SELECT count(*) FROM sale_order')
    existing = cr.fetchone()[0]
    copies = max(0, -(-(int(total) - existing) // existing))
    cr.execute("""CREATE TEMP TABLE order_map AS
        SELECT o.id AS old_id, nextval('sale_order_id_seq') AS new_id,
               g AS copy
          FROM sale_order o, generate_series(1, %s) g""", (copies,))
    cr.execute("""CREATE TEMP TABLE line_map AS
        SELECT l.id AS old_id, nextval('sale_order_line_id_seq') AS new_id,
               m.new_id AS order_id
          FROM sale_order_line l JOIN order_map m ON m.old_id = l.order_id""")
    cr.execute("""CREATE TEMP TABLE move_map AS
        SELECT mv.id AS old_id, nextval('stock_move_id_seq') AS new_id,
               lm.new_id AS line_id
          FROM stock_move mv
          JOIN line_map lm ON lm.old_id = mv.sale_line_id""")
    orders = copy_rows(cr, 'sale_order', 'SELECT * FROM order_map', {
        'name': "src.name || '-' || m.copy"})
    lines = copy_rows(cr, 'sale_order_line', 'SELECT * FROM line_map', {
        'order_id': 'm.order_id'})
    moves = copy_rows(cr, 'stock_move', 'SELECT * FROM move_map', {
        'sale_line_id': 'm.line_id'})
    connection.commit()
    print('copied %d orders, %d lines, %d moves (%d orders now)' % (
        orders, lines, moves, existing + orders))


if __name__ == '__main__':
    main(*sys.argv[1:3])

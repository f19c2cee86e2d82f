"""Invariants after `make load`, in each database, by SQL on what the load
committed:

- no over-reservation: no quant of an internal location reserves more than
  it holds or less than zero;
- reservations agree: per product and internal location, what the quants
  reserve = what the open move lines reserve (no lost update);
- quants = moves: per product and internal location, the quants' quantity
  = the done move lines in - out (the stock came from an inventory, so done
  moves explain every unit);
- every order line's delivered quantity = its done outgoing moves (returns
  excepted: the load makes none).

Prints a Markdown list; exits 1 when an invariant does not hold.
    .venv/bin/python bench/load_check.py DB [DB ...]
"""
import sys

import psycopg2

TOLERANCE = 1e-4
CHECKS = [
    ('no over-reservation (0 ≤ reserved ≤ on hand in every internal quant)',
     """SELECT q.id, q.quantity, q.reserved_quantity
          FROM stock_quant q JOIN stock_location l ON l.id = q.location_id
         WHERE l.usage = 'internal'
           AND (q.reserved_quantity > q.quantity + %(tol)s
                OR q.reserved_quantity < -%(tol)s)"""),
    ('quants reserve what the open move lines reserve',
     """WITH quants AS (
            SELECT q.product_id, q.location_id,
                   sum(q.reserved_quantity) AS qty
              FROM stock_quant q JOIN stock_location l
                ON l.id = q.location_id AND l.usage = 'internal'
             GROUP BY 1, 2),
        lines AS (
            SELECT ml.product_id, ml.location_id, sum(ml.product_qty) AS qty
              FROM stock_move_line ml JOIN stock_location l
                ON l.id = ml.location_id AND l.usage = 'internal'
             WHERE ml.state NOT IN ('done', 'cancel')
             GROUP BY 1, 2)
        SELECT coalesce(quants.product_id, lines.product_id),
               coalesce(quants.location_id, lines.location_id),
               coalesce(quants.qty, 0), coalesce(lines.qty, 0)
          FROM quants FULL JOIN lines USING (product_id, location_id)
         WHERE abs(coalesce(quants.qty, 0) - coalesce(lines.qty, 0))
               > %(tol)s"""),
    ('quants = done moves (in - out) per product and internal location',
     """WITH done AS (
            SELECT ml.product_id, ml.location_dest_id AS location_id,
                   ml.qty_done / lu.factor * pu.factor AS qty
              FROM stock_move_line ml
              JOIN product_uom lu ON lu.id = ml.product_uom_id
              JOIN product_product p ON p.id = ml.product_id
              JOIN product_template t ON t.id = p.product_tmpl_id
              JOIN product_uom pu ON pu.id = t.uom_id
             WHERE ml.state = 'done'
            UNION ALL
            SELECT ml.product_id, ml.location_id,
                   -ml.qty_done / lu.factor * pu.factor
              FROM stock_move_line ml
              JOIN product_uom lu ON lu.id = ml.product_uom_id
              JOIN product_product p ON p.id = ml.product_id
              JOIN product_template t ON t.id = p.product_tmpl_id
              JOIN product_uom pu ON pu.id = t.uom_id
             WHERE ml.state = 'done'),
        moves AS (
            SELECT done.product_id, done.location_id, sum(done.qty) AS qty
              FROM done
              JOIN stock_location l ON l.id = done.location_id
             WHERE l.usage = 'internal' GROUP BY 1, 2),
        quants AS (
            SELECT q.product_id, q.location_id, sum(q.quantity) AS qty
              FROM stock_quant q JOIN stock_location l
                ON l.id = q.location_id AND l.usage = 'internal'
             GROUP BY 1, 2)
        SELECT coalesce(quants.product_id, moves.product_id),
               coalesce(quants.location_id, moves.location_id),
               coalesce(quants.qty, 0), coalesce(moves.qty, 0)
          FROM quants FULL JOIN moves USING (product_id, location_id)
         WHERE abs(coalesce(quants.qty, 0) - coalesce(moves.qty, 0))
               > %(tol)s"""),
    ("every order line's delivered quantity = its done outgoing moves",
     """SELECT sol.id, sol.qty_delivered, coalesce(sum(
                   m.product_uom_qty / mu.factor * su.factor), 0)
          FROM sale_order_line sol
          JOIN product_uom su ON su.id = sol.product_uom
          LEFT JOIN stock_move m ON m.sale_line_id = sol.id
               AND m.state = 'done'
               AND m.location_dest_id IN (SELECT id FROM stock_location
                                           WHERE usage = 'customer')
          LEFT JOIN product_uom mu ON mu.id = m.product_uom
         GROUP BY sol.id, sol.qty_delivered
        HAVING abs(sol.qty_delivered - coalesce(sum(
                   m.product_uom_qty / mu.factor * su.factor), 0))
               > %(tol)s"""),
]
COUNTS = """
    SELECT (SELECT count(*) FROM sale_order WHERE state IN ('sale', 'done')),
           (SELECT count(*) FROM stock_picking WHERE state = 'done'),
           (SELECT count(*) FROM stock_picking WHERE backorder_id IS NOT NULL),
           (SELECT count(*) FROM account_invoice WHERE state = 'open')
"""


def check(db):
    """(markdown lines, every invariant holds) for one database."""
    lines, ok = [], True
    with psycopg2.connect(dbname=db, host='/var/run/postgresql') as conn:
        with conn.cursor() as cr:
            cr.execute(COUNTS)
            orders, pickings, backorders, invoices = cr.fetchone()
            lines.append('- `%s`: %d confirmed orders, %d done deliveries '
                         '(%d backorders), %d open invoices' % (
                             db, orders, pickings, backorders, invoices))
            for title, query in CHECKS:
                cr.execute(query, {'tol': TOLERANCE})
                rows = cr.fetchall()
                if rows:
                    ok = False
                    lines.append('  - %s: **VIOLATED** in %d rows, e.g. %s'
                                 % (title, len(rows), rows[:3]))
                else:
                    lines.append('  - %s: holds' % title)
    return lines, ok


def main():
    every_ok = True
    for db in sys.argv[1:]:
        lines, ok = check(db)
        every_ok = every_ok and ok
        sys.stdout.write('\n'.join(lines) + '\n')
    sys.exit(0 if every_ok else 1)


if __name__ == '__main__':
    main()

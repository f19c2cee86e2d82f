"""Fill a database with many orders fast: a few real orders made through
the ORM in each state a company's database holds, then copied at SQL level
(INSERT ... SELECT, one statement per table for all the copies).

Prototypes (through Odoo, so every row and stored figure is Odoo's own):
quotations, partially shipped (a backorder open), shipped, closed short
(remainder cancelled), cancelled, invoiced (invoice open) and locked
("done"); spread over the 3 warehouses. Each copy k of a prototype gets its
own ids for every row of the order (lines, sourcing rows, procurement
group, deliveries, moves, move lines, invoices, invoice lines, journal
entries and items), foreign keys between them remapped, references made
unique (`SO012-k`), and every date moved back by the same number of days
(copies spread over 2 years). Quants are then set from the done moves and
the open reservations, so stock stays consistent.

    .venv/bin/python bench/big_generate.py --config CFG --db DB \
        --orders 200000 --data DATA.json   (DATA: bench/load_setup.py's)
"""
import argparse
import json
import math
import time

import odoo
from odoo import SUPERUSER_ID, api
from psycopg2 import sql

# (state, how many prototypes): the mix of a company's order book.
PROTOTYPES = [('quotation', 3), ('partial', 2), ('shipped', 3),
              ('short', 1), ('cancelled', 1), ('invoiced', 9), ('done', 1)]
DAYS = 730
# Tables copied, by the root they hang from; rows found by prototype_rows.
TABLES = ['procurement_group', 'sale_order', 'sale_order_line',
          'sale_order_line_sourcing', 'stock_picking', 'stock_move',
          'stock_move_line', 'account_invoice', 'account_invoice_line',
          'account_invoice_tax', 'account_move', 'account_move_line']
# Many2many tables between copied tables: (table, column, copied table).
RELATIONS = [
    ('sale_order_line_invoice_rel', [('order_line_id', 'sale_order_line'),
                                     ('invoice_line_id',
                                      'account_invoice_line')]),
    ('account_tax_sale_order_line_rel', [('sale_order_line_id',
                                          'sale_order_line')]),
    ('account_invoice_line_tax', [('invoice_line_id',
                                   'account_invoice_line')]),
    ('account_move_line_account_tax_rel', [('account_move_line_id',
                                            'account_move_line')]),
    ('stock_move_move_rel', [('move_orig_id', 'stock_move'),
                             ('move_dest_id', 'stock_move')]),
]
# Reference columns made unique per copy.
UNIQUE_TEXT = {
    'sale_order': ['name'], 'procurement_group': ['name'],
    'stock_picking': ['name', 'origin'], 'stock_move': ['origin'],
    'account_invoice': ['number', 'move_name', 'origin', 'reference'],
    'account_move': ['name', 'ref'], 'account_move_line': ['ref'],
}


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--config', required=True)
    parser.add_argument('--db', required=True)
    parser.add_argument('--data', required=True)
    parser.add_argument('--orders', type=int, default=200000)
    return parser.parse_args()


# -- prototypes through the ORM ---------------------------------------------
def validate(picking, short=False, cancel_rest=False):
    """Validate a delivery in full, or its first line half done."""
    if picking.state != 'assigned':
        picking.action_assign()
    for index, line in enumerate(picking.move_line_ids.sorted('id')):
        line.qty_done = line.product_uom_qty // 2 if short and index == 0 \
            else line.product_uom_qty
    result = picking.button_validate()
    if isinstance(result, dict) and result.get('res_model') == \
            'stock.backorder.confirmation':
        wizard = picking.env[result['res_model']].browse(result['res_id'])
        if cancel_rest:
            wizard.process_cancel_backorder()
        else:
            wizard.process()


def make_prototypes(env, data):
    """[(state, sale.order)] made through Odoo."""
    products = data['products']
    customers = data['customers']
    warehouses = data['warehouses']
    cancel_policy = 'sale.backorder.policy' in env and env[
        'sale.backorder.policy'].search([('mode', '=', 'cancel_remainder')],
                                        limit=1)
    made = []
    number = 0
    for state, count in PROTOTYPES:
        for _index in range(count):
            number += 1
            order = env['sale.order'].create({
                'partner_id': customers[number % len(customers)],
                'warehouse_id': warehouses[number % len(warehouses)],
                'order_line': [(0, 0, {
                    'product_id': products[(number * 7 + line) %
                                           len(products)],
                    'product_uom_qty': 1 + (number + line) % 9,
                }) for line in range(5)],
            })
            made.append((state, order))
            if state == 'quotation':
                continue
            if state == 'short' and cancel_policy:
                order.backorder_policy_id = cancel_policy
            order.action_confirm()
            if state == 'cancelled':
                order.action_cancel()
                continue
            pickings = order.picking_ids.sorted('id')
            if state in ('partial', 'short'):
                validate(pickings[0], short=True,
                         cancel_rest=state == 'short')
                pickings = pickings[1:]
            for picking in pickings:
                validate(picking)
            if state in ('invoiced', 'done'):
                invoices = env['account.invoice'].browse(
                    order.action_invoice_create())
                invoices.action_invoice_open()
            if state == 'done':
                order.action_done()
    return made


# -- copies at SQL level ----------------------------------------------------
def prototype_rows(cr, order_ids):
    """{table: [ids]} of every copied row of the prototype orders."""
    rows = {'sale_order': list(order_ids)}

    def ids(query, *params):
        cr.execute(query, params)
        return sorted({row[0] for row in cr.fetchall() if row[0]})
    orders = tuple(order_ids)
    rows['sale_order_line'] = ids(
        'SELECT id FROM sale_order_line WHERE order_id IN %s', orders)
    rows['sale_order_line_sourcing'] = ids(
        'SELECT id FROM sale_order_line_sourcing WHERE order_id IN %s',
        orders) if table_exists(cr, 'sale_order_line_sourcing') else []
    rows['procurement_group'] = ids(
        'SELECT id FROM procurement_group WHERE sale_id IN %s', orders)
    rows['stock_picking'] = ids(
        'SELECT id FROM stock_picking WHERE sale_id IN %s', orders)
    rows['stock_move'] = ids(
        'SELECT id FROM stock_move WHERE sale_line_id IN %s OR picking_id '
        'IN %s', tuple(rows['sale_order_line']),
        tuple(rows['stock_picking']) or (0,))
    rows['stock_move_line'] = ids(
        'SELECT id FROM stock_move_line WHERE move_id IN %s',
        tuple(rows['stock_move']) or (0,))
    rows['account_invoice_line'] = ids(
        'SELECT invoice_line_id FROM sale_order_line_invoice_rel '
        'WHERE order_line_id IN %s', tuple(rows['sale_order_line']))
    rows['account_invoice'] = ids(
        'SELECT invoice_id FROM account_invoice_line WHERE id IN %s',
        tuple(rows['account_invoice_line']) or (0,))
    invoices = tuple(rows['account_invoice']) or (0,)
    rows['account_invoice_line'] = ids(
        'SELECT id FROM account_invoice_line WHERE invoice_id IN %s',
        invoices)
    rows['account_invoice_tax'] = ids(
        'SELECT id FROM account_invoice_tax WHERE invoice_id IN %s',
        invoices)
    rows['account_move'] = ids(
        'SELECT move_id FROM account_invoice WHERE id IN %s', invoices)
    rows['account_move_line'] = ids(
        'SELECT id FROM account_move_line WHERE move_id IN %s',
        tuple(rows['account_move']) or (0,))
    return rows


def table_exists(cr, table):
    cr.execute('SELECT to_regclass(%s)', (table,))
    return bool(cr.fetchone()[0])


def columns(cr, table):
    """[(column, data type, referenced table or None)]."""
    cr.execute("""
        SELECT a.attname, format_type(a.atttypid, a.atttypmod),
               (SELECT c.confrelid::regclass::text FROM pg_constraint c
                 WHERE c.conrelid = a.attrelid AND c.contype = 'f'
                   AND c.conkey = ARRAY[a.attnum] LIMIT 1)
          FROM pg_attribute a
         WHERE a.attrelid = %s::regclass AND a.attnum > 0
           AND NOT a.attisdropped
         ORDER BY a.attnum""", (table,))
    return cr.fetchall()


def copy_rows(cr, rows, copies):
    """Copy every prototype row `copies` times, in one statement per
    table; foreign keys between copied tables remapped.

    Each table's copies take one block of ids from its sequence: copy k
    (1..copies) of the prototype row of rank r (0..n-1) gets
    ``base + (k - 1) * n + r``. A foreign key to another copied table is
    remapped by the same arithmetic from the referenced row's rank, so
    every join is on a table of prototype rows (a few dozen), whatever
    the number of copies."""
    cr.execute('SET LOCAL session_replication_role = replica')  # FKs later
    cr.execute('SET LOCAL jit = off')
    cr.execute('CREATE TEMP TABLE copy_k ON COMMIT DROP AS '
               'SELECT k, (k * 7919 %% %s) AS days '
               'FROM generate_series(1, %s) k', (DAYS, copies))
    blocks = {}  # table: (base id, prototype rows)
    for table in TABLES:
        if not rows.get(table):
            continue
        count = len(rows[table])
        cr.execute("SELECT nextval(pg_get_serial_sequence(%s, 'id'))",
                   (table,))
        base = cr.fetchone()[0]
        cr.execute("SELECT setval(pg_get_serial_sequence(%s, 'id'), %s)",
                   (table, base + copies * count - 1))
        blocks[table] = (base, count)
        cr.execute(sql.SQL(
            'CREATE TEMP TABLE {rank} ON COMMIT DROP AS '
            'SELECT old_id, (row_number() OVER (ORDER BY old_id) - 1)::int '
            'AS r FROM unnest(%s::int[]) old_id').format(
                rank=sql.Identifier('rank_' + table)), (rows[table],))

    def new_id(table, rank_alias):
        base, count = blocks[table]
        return sql.SQL('({base} + (k.k - 1) * {count} + {alias}.r)').format(
            base=sql.Literal(base), count=sql.Literal(count),
            alias=rank_alias)

    for table in TABLES:
        if not rows.get(table):
            continue
        started = time.time()
        select, joins, names = [], [], []
        for position, (name, kind, target) in enumerate(columns(cr, table)):
            names.append(sql.Identifier(name))
            column = sql.SQL('t.{}').format(sql.Identifier(name))
            if name == 'id':
                select.append(new_id(table, sql.Identifier('r')))
            elif target in blocks:
                alias = sql.Identifier('j%d' % position)
                joins.append(sql.SQL(
                    'LEFT JOIN {rank} {alias} ON {alias}.old_id = {col}')
                    .format(rank=sql.Identifier('rank_' + target),
                            alias=alias, col=column))
                select.append(sql.SQL('COALESCE({new}, {col})').format(
                    new=new_id(target, alias), col=column))
            elif kind.startswith('timestamp') or kind == 'date':
                select.append(sql.SQL(
                    "{col} - k.days * interval '1 day'").format(col=column))
            elif name in UNIQUE_TEXT.get(table, ()):
                select.append(sql.SQL("{col} || '-' || k.k").format(
                    col=column))
            else:
                select.append(column)
        cr.execute(sql.SQL(
            'INSERT INTO {table} ({names}) SELECT {select} FROM {table} t '
            'JOIN {rank} r ON r.old_id = t.id CROSS JOIN copy_k k '
            '{joins}').format(
                table=sql.Identifier(table), names=sql.SQL(', ').join(names),
                select=sql.SQL(', ').join(select),
                rank=sql.Identifier('rank_' + table),
                joins=sql.SQL(' ').join(joins)))
        print('  %-26s %9d rows  %6.1f s' % (table, cr.rowcount,
                                             time.time() - started),
              flush=True)
    for table, mapped in RELATIONS:
        if not all(target in blocks for _column, target in mapped):
            continue
        started = time.time()
        cols = [name for name, _kind, _target in columns(cr, table)]
        targets = dict(mapped)
        select, joins = [], []
        for name in cols:
            if name in targets:
                alias = sql.Identifier('r_' + name)
                joins.append(sql.SQL(
                    'JOIN {rank} {alias} ON {alias}.old_id = t.{col}').format(
                        rank=sql.Identifier('rank_' + targets[name]),
                        alias=alias, col=sql.Identifier(name)))
                select.append(new_id(targets[name], alias))
            else:
                select.append(sql.SQL('t.{}').format(sql.Identifier(name)))
        cr.execute(sql.SQL(
            'INSERT INTO {table} ({names}) SELECT {select} FROM {table} t '
            '{joins} CROSS JOIN copy_k k').format(
                table=sql.Identifier(table),
                names=sql.SQL(', ').join(map(sql.Identifier, cols)),
                select=sql.SQL(', ').join(select),
                joins=sql.SQL(' ').join(joins)))
        print('  %-26s %9d rows  %6.1f s' % (table, cr.rowcount,
                                             time.time() - started),
              flush=True)
    cr.execute('SET LOCAL session_replication_role = origin')


def settle_quants(cr):
    """Quants of internal locations = their done moves (in - out), and
    reserve what the open move lines reserve."""
    cr.execute("""
        WITH net AS (
            SELECT product_id, location_id, sum(qty) AS qty FROM (
                SELECT product_id, location_dest_id AS location_id,
                       qty_done AS qty
                  FROM stock_move_line WHERE state = 'done'
                UNION ALL
                SELECT product_id, location_id, -qty_done
                  FROM stock_move_line WHERE state = 'done') moves
             GROUP BY 1, 2),
        reserved AS (
            SELECT product_id, location_id, sum(product_qty) AS qty
              FROM stock_move_line WHERE state NOT IN ('done', 'cancel')
             GROUP BY 1, 2)
        UPDATE stock_quant q
           SET quantity = net.qty,
               reserved_quantity = COALESCE(reserved.qty, 0)
          FROM net LEFT JOIN reserved USING (product_id, location_id),
               stock_location l
         WHERE q.product_id = net.product_id
           AND q.location_id = net.location_id
           AND l.id = q.location_id AND l.usage = 'internal'
    """)


def main():
    args = parse_args()
    odoo.tools.config.parse_config(['-c', args.config, '--log-level=warn'])
    with open(args.data) as handle:
        data = json.load(handle)
    started = time.time()
    with api.Environment.manage():
        with odoo.registry(args.db).cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            made = make_prototypes(env, data)
            print('%d prototype orders through the ORM in %.0f s' % (
                len(made), time.time() - started), flush=True)
            copies = max(0, int(math.ceil(
                float(args.orders - len(made)) / len(made))))
            rows = prototype_rows(cr, [order.id for _s, order in made])
            copy_rows(cr, rows, copies)
            settle_quants(cr)
        # ANALYZE outside the transaction: the planner sees the new rows.
        with odoo.sql_db.db_connect(args.db).cursor() as cr:
            cr.autocommit(True)
            cr.execute('ANALYZE')
    print('%d orders in %.0f s' % (len(made) * (copies + 1),
                                   time.time() - started), flush=True)


if __name__ == '__main__':
    main()

"""Order-flow benchmark: vanilla Odoo 11 against Odoo 11 + sales_order_mgmt.

Both databases are copies of the same template and get the same generated
data (same seed). Each row is measured in both databases in one run,
alternating (the first database of a repetition goes second in the next),
after a full garbage collection, and the median of the repetitions is
reported with the SQL query count of one operation. Nothing is committed
after the data set-up.

Run through `make bench` (which builds the databases); by hand:
    .venv/bin/python bench/order_bench.py --config .run/bench.cfg \
        --vanilla som_bench_vanilla --addon som_bench_addon
"""
import argparse
import cProfile
import gc
import json
import pstats
import random
import statistics
import time

import odoo
from odoo import SUPERUSER_ID, api

PRODUCTS = 20
CUSTOMERS = 20


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--config', required=True)
    parser.add_argument('--vanilla', required=True)
    parser.add_argument('--addon', required=True)
    parser.add_argument('--reps', type=int, default=7,
                        help='repetitions per row and database')
    parser.add_argument('--lines', type=int, default=5,
                        help='lines per order')
    parser.add_argument('--json', help='also write the figures here')
    return parser.parse_args()


def setup_data(env, seed=42):
    """Warehouses, products with stock, customers: identical in both DBs."""
    rng = random.Random(seed)
    company = env.user.company_id
    warehouses = env['stock.warehouse'].search(
        [('company_id', '=', company.id)])
    for index in range(len(warehouses), 3):
        warehouses |= env['stock.warehouse'].create({
            'name': 'Bench WH %d' % index, 'code': 'BW%d' % index})
    product_model = env['product.product']
    products = product_model.browse([product_model.create({
        'name': 'Bench product %d' % index, 'type': 'product',
        'list_price': rng.randint(10, 500), 'invoice_policy': 'order',
    }).id for index in range(PRODUCTS)])  # Odoo 11: create takes one dict
    quant = env['stock.quant']
    for product in products:
        for warehouse in warehouses:
            quant._update_available_quantity(
                product, warehouse.lot_stock_id, 100000)
    countries = env['res.country'].search(
        [('code', 'in', ['DE', 'FR', 'US', 'BE', 'ES'])])
    customers = env['res.partner'].browse([env['res.partner'].create({
        'name': 'Bench customer %d' % index, 'customer': True,
        'street': 'Street %d' % index, 'city': 'City', 'zip': '%05d' % index,
        'country_id': countries[index % len(countries)].id,
    }).id for index in range(CUSTOMERS)])
    return {'warehouses': warehouses.ids, 'products': products.ids,
            'customers': customers.ids}


class Database(object):
    """One benchmark database: registry, data ids, measurement helpers."""

    def __init__(self, name, label):
        self.name = name
        self.label = label
        self.registry = odoo.registry(name)
        self.data = None
        self.rng = random.Random(7)

    def prepare(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            self.data = setup_data(env)
            if 'sale.sourcing.rule' in env:
                configure_addon(env, self.data)

    def measure(self, operation, lines):
        """Run `operation` once in a rolled-back transaction.

        A full garbage collection first, not timed: the two databases'
        registries share this process, and a collection of what one left
        must not be timed in the other's steps.

        Returns {step: (seconds, queries)} for each step it reports."""
        gc.collect()
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            try:
                return operation(env, self, lines)
            finally:
                cr.rollback()


def configure_addon(env, data, rules=50):
    """The addon configured as a company would: 3 warehouses (setup_data),
    `rules` sourcing rules (most regional ones miss, every 10th matches
    every order), backorder policies, terms templates; signature not
    required."""
    company = env.user.company_id
    create_rules(env, data, rules)
    policies = env['sale.backorder.policy']
    allow = policies.create({'name': 'Bench allow', 'mode': 'allow',
                             'company_id': company.id})
    policies.create({'name': 'Bench cancel rest', 'mode': 'cancel_remainder',
                     'company_id': company.id})
    company.write({'backorder_policy_id': allow.id,
                   'signature_required_amount': 0.0})
    for index, code in enumerate(['DE', 'FR', 'US']):
        env['sale.terms.template'].create({
            'name': 'Bench terms %s' % code, 'sequence': index,
            'usage': 'both', 'company_id': company.id,
            'country_ids': [(6, 0, env['res.country'].search(
                [('code', '=', code)]).ids)],
            'body': 'Terms for {{ partner.name }}, order {{ order.name }}.',
        })


def create_rules(env, data, count, start=0):
    """`count` sourcing rules numbered from `start`."""
    warehouses = data['warehouses'][:3]
    countries = env['res.country'].search([], limit=40)
    strategies = ['fixed', 'priority', 'split']
    for index in range(start, start + count):
        country = countries[index % len(countries)]
        env['sale.sourcing.rule'].create({
            'name': 'Bench rule %d' % index,
            'sequence': index,
            'company_id': env.user.company_id.id,
            'country_ids': [(6, 0, [] if index % 10 == 9 else country.ids)],
            'zip_prefixes': '' if index % 10 == 9 else '9%d' % (index % 10),
            'strategy': strategies[index % 3],
            'warehouse_line_ids': [(0, 0, {
                'sequence': position, 'warehouse_id': warehouse_id,
            }) for position, warehouse_id in enumerate(
                warehouses[index % 3:] + warehouses[:index % 3])],
        })


def rules_scaling(db, lines, reps, counts=(0, 50, 500)):
    """Create + confirm in the addon database with 0, 50 and 500 active
    sourcing rules (changed in a rolled-back transaction), the same
    orders for each count: ms and queries per order, median of `reps`."""
    rows = []
    for count in counts:
        times, queries = [], []
        # The same orders for each number of rules: only the rules differ.
        db.rng = random.Random(11)
        for _rep in range(reps):
            gc.collect()  # see Database.measure
            with db.registry.cursor() as cr:
                env = api.Environment(cr, SUPERUSER_ID, {})
                try:
                    rules = env['sale.sourcing.rule'].search([])
                    if count < len(rules):
                        rules[count:].write({'active': False})
                    elif count > len(rules):
                        create_rules(env, db.data, count - len(rules),
                                     start=len(rules))
                    env['res.partner'].invalidate_cache()
                    figures = order_flow(env, db, lines, only_confirm=True)
                finally:
                    cr.rollback()
            seconds, count_queries = figures['create + confirm order']
            times.append(seconds)
            queries.append(count_queries)
        rows.append({'rules': count,
                     'ms': statistics.median(times) * 1000,
                     'queries': statistics.median(queries)})
    return rows


# While set, timed() counts the Python function calls of each step (with
# cProfile) instead of timing it: a figure machine noise does not move.
COUNT_CALLS = [False]


def timed(env, func):
    """``(result, seconds, queries)`` of ``func()``; while COUNT_CALLS is
    set, the number of Python function calls in place of the seconds."""
    cr = env.cr
    start_queries = cr.sql_log_count
    if COUNT_CALLS[0]:
        profile = cProfile.Profile()
        profile.enable()
        result = func()
        env['res.partner'].invalidate_cache()
        profile.disable()
        return result, pstats.Stats(profile).total_calls, \
            cr.sql_log_count - start_queries
    start = time.perf_counter()
    result = func()
    env['res.partner'].invalidate_cache()
    return result, time.perf_counter() - start, \
        cr.sql_log_count - start_queries


def order_flow(env, db, lines, only_confirm=False):
    """Create + confirm an order, validate its deliveries, invoice it."""
    products = env['product.product'].browse(
        db.rng.sample(db.data['products'], lines))
    partner = env['res.partner'].browse(db.rng.choice(db.data['customers']))
    values = {
        'partner_id': partner.id,
        'order_line': [(0, 0, {
            'product_id': product.id, 'product_uom_qty': db.rng.randint(1, 9),
        }) for product in products],
    }

    def confirm():
        order = env['sale.order'].create(values)
        order.action_confirm()
        return order
    order, confirm_s, confirm_q = timed(env, confirm)
    if only_confirm:
        return {'create + confirm order': (confirm_s, confirm_q)}

    def deliver():
        for picking in order.picking_ids:
            picking.action_assign()
            for move in picking.move_lines:
                for move_line in move.move_line_ids:
                    move_line.qty_done = move_line.product_uom_qty
            picking.button_validate()
    _res, deliver_s, deliver_q = timed(env, deliver)

    def invoice():
        invoices = env['account.invoice'].browse(
            order.action_invoice_create())
        invoices.action_invoice_open()
    _res, invoice_s, invoice_q = timed(env, invoice)

    def render_pdf():
        report = env.ref('sale.action_report_saleorder')
        return report.render_qweb_pdf(order.ids)
    _res, pdf_s, _pdf_q = timed(env, render_pdf)
    return {
        'create + confirm order': (confirm_s, confirm_q),
        'validate deliveries': (deliver_s, deliver_q),
        'create + validate invoice': (invoice_s, invoice_q),
        'render quote PDF': (pdf_s, None),
    }


def run(args):
    odoo.tools.config.parse_config(['-c', args.config, '--log-level=warn'])
    dbs = [Database(args.vanilla, 'vanilla'), Database(args.addon, 'addon')]
    with api.Environment.manage():
        for db in dbs:
            db.prepare()
            db.measure(order_flow, args.lines)  # warm-up (caches, bundles)
        samples = {db.label: {} for db in dbs}
        for rep in range(args.reps):
            # Alternate, and swap which database goes first every other
            # repetition (A B B A ...): neither always runs second.
            for db in (dbs if rep % 2 == 0 else dbs[::-1]):
                for step, figures in db.measure(order_flow,
                                                args.lines).items():
                    samples[db.label].setdefault(step, []).append(figures)
        # One more flow in each database, profiled (not timed).
        COUNT_CALLS[0] = True
        try:
            calls = {db.label: db.measure(order_flow, args.lines)
                     for db in dbs}
        finally:
            COUNT_CALLS[0] = False
        scaling = rules_scaling(dbs[1], args.lines, args.reps)
    return summarize(samples, calls), scaling


def summarize(samples, calls):
    rows = []
    for step in samples['vanilla']:
        row = {'step': step}
        for label in ('vanilla', 'addon'):
            row[label + '_calls'] = calls[label][step][0]
        row['calls_ratio'] = row['addon_calls'] / row['vanilla_calls']
        for label in ('vanilla', 'addon'):
            times = [s for s, _q in samples[label][step]]
            queries = [q for _s, q in samples[label][step]]
            row[label + '_ms'] = statistics.median(times) * 1000
            row[label + '_queries'] = None if queries[0] is None else \
                statistics.median(queries)
        row['ratio'] = row['addon_ms'] / row['vanilla_ms']
        rows.append(row)
    return rows


def print_table(rows, args):
    print('Order flow, %d-line orders, median of %d repetitions per '
          'database, alternating' % (args.lines, args.reps))
    header = '| step | vanilla ms | addon ms | ratio | vanilla queries |' \
        ' addon queries | vanilla Python calls | addon Python calls |' \
        ' calls ratio |'
    print(header)
    print('|' + ' --- |' * 9)
    for row in rows:
        print('| %s | %.1f | %.1f | %.2f× | %s | %s | %d | %d | %.2f× |' % (
            row['step'], row['vanilla_ms'], row['addon_ms'], row['ratio'],
            _q(row['vanilla_queries']), _q(row['addon_queries']),
            row['vanilla_calls'], row['addon_calls'], row['calls_ratio']))
    print()
    print('Python calls: the function calls of the same step in one more '
          'flow per database, profiled and not timed. They do not move '
          'with the machine\'s load (the times do, by about ±0.1 in ratio '
          'from run to run here); the PDF row counts Odoo\'s side only, '
          'not wkhtmltopdf.')


def print_scaling(rows, args):
    print()
    print('Create + confirm with 0, 50 and 500 active sourcing rules (addon '
          'database, %d-line orders, median of %d)' % (args.lines, args.reps))
    print('| active rules | ms per order | queries per order |')
    print('| --- | --- | --- |')
    for row in rows:
        print('| %d | %.1f | %d |' % (row['rules'], row['ms'], row['queries']))


def _q(value):
    return '–' if value is None else '%d' % value


def main():
    args = parse_args()
    rows, scaling = run(args)
    print_table(rows, args)
    print_scaling(scaling, args)
    if args.json:
        with open(args.json, 'w') as handle:
            json.dump({'flow': rows, 'rules': scaling}, handle, indent=1)


if __name__ == '__main__':
    main()

"""Large-database figures: what a user waits for on a database of many
orders (bench/big_generate.py), vanilla against the addon.

As the order desk user `load` (sales manager, inventory manager, billing),
each figure the median of REPS runs, each in a transaction rolled back,
caches cleared first:
- the quotations list (Odoo's list view: its fields, 80 rows, the count);
- one order's form (its form fields, then its lines' list fields);
- the pivot by month and warehouse: the addon's Fulfilment analysis
  (orders, fill rate, on-time rate, processing hours), vanilla's Sales
  Analysis (quantities ordered and delivered, total);
- the accounting export of one month (the addon's XLSX, real file);
- the backorder ageing run (the addon's daily scheduled action over every
  open backorder; the policy's limit makes it cancel one day's worth).

    .venv/bin/python bench/big_bench.py --config CFG \
        --vanilla DB --addon DB [--reps 3]
"""
import argparse
import datetime
import gc
import statistics
import time

import odoo
from odoo import SUPERUSER_ID, api


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--config', required=True)
    parser.add_argument('--vanilla', required=True)
    parser.add_argument('--addon', required=True)
    parser.add_argument('--reps', type=int, default=3)
    parser.add_argument('--login', default='load')
    return parser.parse_args()


def view_fields(env, xmlid, view_type):
    view = env['sale.order'].fields_view_get(
        view_id=env.ref(xmlid).id, view_type=view_type)
    return view['fields']


def quotations_list(env):
    names = list(view_fields(env, 'sale.view_quotation_tree', 'tree'))
    domain = [('state', 'in', ('draft', 'sent'))]

    def run():
        orders = env['sale.order'].search_read(domain, names, limit=80)
        env['sale.order'].search_count(domain)
        return '%d rows' % len(orders)
    return run


def order_form(env):
    fields = view_fields(env, 'sale.view_order_form', 'form')
    line_fields = list(fields['order_line']['views']['tree']['fields'])
    order = env['sale.order'].search([('state', '=', 'done')], limit=1,
                                     order='id desc')

    def run():
        values = order.read(list(fields))[0]
        env['sale.order.line'].browse(values['order_line']).read(line_fields)
        return '%d lines' % len(values['order_line'])
    return run


def pivot(env):
    if 'sale.fulfilment.report' in env:
        model = env['sale.fulfilment.report']
        measures = ['order_count', 'fill_rate', 'on_time_rate',
                    'processing_hours']
        groupby = ['date:month', 'warehouse_id']
    else:
        model = env['sale.report']
        measures = ['product_uom_qty', 'qty_delivered', 'price_total']
        groupby = ['date:month', 'warehouse_id']

    def run():
        groups = model.read_group([], measures + ['date', 'warehouse_id'],
                                  groupby, lazy=False)
        return '%s, %d cells' % (model._name, len(groups))
    return run


def accounting_export(env):
    if 'sale.accounting.export' not in env:
        return None
    env.cr.execute("""
        SELECT date_trunc('month', date_invoice)::date, count(*)
          FROM account_invoice WHERE state = 'open'
         GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 1""")
    month = datetime.datetime.strptime(
        str(env.cr.fetchone()[0])[:10], '%Y-%m-%d').date()
    last = (month + datetime.timedelta(days=32)).replace(day=1) - \
        datetime.timedelta(days=1)

    def run():
        wizard = env['sale.accounting.export'].create({
            'date_from': str(month), 'date_to': str(last)})
        data = wizard.get_xlsx()
        env.cr.execute("""
            SELECT count(*) FROM account_invoice_line line
              JOIN account_invoice inv ON inv.id = line.invoice_id
             WHERE inv.state = 'open' AND inv.date_invoice BETWEEN %s AND %s
        """, (month, last))
        return '%s, %d invoice lines, %d kB' % (
            month.strftime('%Y-%m'), env.cr.fetchone()[0], len(data) // 1024)
    return run


def ageing(env):
    picking = env['stock.picking']
    if not hasattr(picking, '_cron_cancel_expired_backorders'):
        return None

    def run():
        open_count = picking.search_count([
            ('backorder_id', '!=', False),
            ('state', 'not in', ('done', 'cancel'))])
        cancelled = picking._cron_cancel_expired_backorders()
        return '%d open backorders, %d cancelled' % (
            open_count, len(cancelled))
    return run


MEASURES = [('quotations list (80 rows + count)', quotations_list),
            ('order form (order + lines)', order_form),
            ('pivot by month and warehouse', pivot),
            ('accounting export, one month (XLSX)', accounting_export),
            ('backorder ageing run', ageing)]


def measure(db, login, reps):
    """{label: (median seconds, note)} for one database."""
    registry = odoo.registry(db)
    figures = {}
    with registry.cursor() as cr:
        cr.execute('SELECT count(*) FROM sale_order')
        figures['orders'] = cr.fetchone()[0]
    for label, factory in MEASURES:
        times, note = [], None
        for _rep in range(reps + 1):  # the first run warms the caches
            gc.collect()
            with registry.cursor() as cr:
                env = api.Environment(cr, SUPERUSER_ID, {})
                uid = env['res.users'].search([('login', '=', login)]).id
                env = api.Environment(cr, uid, {})
                run = factory(env)
                if run is None:
                    break
                env.clear()
                started = time.perf_counter()
                note = run()
                times.append(time.perf_counter() - started)
                cr.rollback()
        figures[label] = (statistics.median(times[1:]) if times else None,
                          note)
    return figures


def main():
    args = parse_args()
    odoo.tools.config.parse_config(['-c', args.config, '--log-level=warn'])
    with api.Environment.manage():
        vanilla = measure(args.vanilla, args.login, args.reps)
        addon = measure(args.addon, args.login, args.reps)
    print('Large database: %d orders (vanilla) / %d orders (addon), '
          'median of %d runs after one warm-up, as a sales manager' % (
              vanilla['orders'], addon['orders'], args.reps))
    print()
    print('| measured | vanilla | addon | ratio | what |')
    print('| --- | --- | --- | --- | --- |')
    for label, _factory in MEASURES:
        v_time, v_note = vanilla[label]
        a_time, a_note = addon[label]
        print('| %s | %s | %s | %s | %s |' % (
            label, _s(v_time), _s(a_time),
            '%.2f×' % (a_time / v_time) if v_time and a_time else '',
            '; '.join(note for note in (
                v_note and 'vanilla: %s' % v_note,
                a_note and 'addon: %s' % a_note) if note)))


def _s(seconds):
    return '–' if seconds is None else '%.3f s' % seconds


if __name__ == '__main__':
    main()

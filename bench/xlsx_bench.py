"""XLSX export benchmark: the accounting export against raw xlsxwriter.

Generates N invoice lines fast (one validated invoice built by the ORM, its
line copied N-1 times by one INSERT ... SELECT generate_series, spread over
invoices of 1000 lines), then measures in a child process per size:
  - the addon's export (`sale.accounting.export.get_xlsx()`: batched reads,
    the lines as plain rows after an ORM search, + xlsxwriter
    constant_memory), rows of the Lines sheet per second;
  - raw xlsxwriter constant_memory writing the same rows (already in memory);
  - peak RSS of the process (ru_maxrss) before and after each.
Nothing is committed: the generated data is rolled back.

    .venv/bin/python bench/xlsx_bench.py --config .run/test.cfg \
        --db som_test_xxxxxx --rows 10000 100000
"""
import argparse
import io
import json
import resource
import subprocess
import sys
import time

LINES_PER_INVOICE = 1000


def rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def generate(env, rows):
    """`rows` invoice lines in validated invoices of March 2019."""
    company = env.user.company_id
    journal = env['account.journal'].search(
        [('type', '=', 'sale'), ('company_id', '=', company.id)], limit=1)
    income = env['account.account'].search(
        [('company_id', '=', company.id), ('user_type_id', '=', env.ref(
            'account.data_account_type_revenue').id)], limit=1)
    partner = env['res.partner'].create({'name': 'Bench customer'})
    product = env['product.product'].create({'name': 'Bench product'})
    invoices = env['account.invoice']
    count = max(1, rows // LINES_PER_INVOICE)
    for index in range(count):
        invoices |= env['account.invoice'].create({
            'partner_id': partner.id, 'journal_id': journal.id,
            'date_invoice': '2019-03-%02d' % (index % 28 + 1),
            'invoice_line_ids': [(0, 0, {
                'product_id': product.id, 'name': 'Bench line',
                'quantity': 1, 'price_unit': 10.0,
                'account_id': income.id})],
        })
    invoices.action_invoice_open()
    per_invoice = rows // count
    # Copy each invoice's line (per_invoice - 1) times, in SQL: fast.
    env.cr.execute("""
        INSERT INTO account_invoice_line (
            invoice_id, sequence, name, product_id, account_id, quantity,
            price_unit, discount, price_subtotal, price_subtotal_signed,
            price_total, company_id, currency_id, partner_id, uom_id,
            create_uid, write_uid, create_date, write_date)
        SELECT l.invoice_id, l.sequence + g, l.name || ' ' || g,
               l.product_id, l.account_id, l.quantity, l.price_unit,
               l.discount, l.price_subtotal, l.price_subtotal_signed,
               l.price_total, l.company_id, l.currency_id, l.partner_id,
               l.uom_id, l.create_uid, l.write_uid, l.create_date,
               l.write_date
          FROM account_invoice_line l, generate_series(1, %s) g
         WHERE l.invoice_id IN %s
    """, (per_invoice - 1, tuple(invoices.ids)))
    env['account.invoice'].invalidate_cache()
    return count * per_invoice


def raw_xlsxwriter(rows):
    import xlsxwriter
    output = io.BytesIO()
    workbook = xlsxwriter.Workbook(output, {'constant_memory': True})
    sheet = workbook.add_worksheet('Lines')
    money = workbook.add_format({'num_format': '#,##0.00'})
    date = workbook.add_format({'num_format': 'yyyy-mm-dd'})
    for index, row in enumerate(rows, 1):
        for col, value in enumerate(row):
            if isinstance(value, str):
                sheet.write_string(index, col, value)
            elif hasattr(value, 'year'):
                sheet.write_datetime(index, col, value, date)
            else:
                sheet.write_number(index, col, value, money)
    workbook.close()
    return len(output.getvalue())


def child(args):
    import datetime
    import odoo
    from odoo import SUPERUSER_ID, api
    import openpyxl  # noqa: F401  (imported now: not counted below)
    odoo.tools.config.parse_config(['-c', args.config, '-d', args.db])
    registry = odoo.registry(args.db)
    result = {'rows_asked': args.child}
    with api.Environment.manage(), registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        result['rows'] = generate(env, args.child)
        result['rss_before_mb'] = rss_mb()
        wizard = env['sale.accounting.export'].create({
            'date_from': '2019-03-01', 'date_to': '2019-03-31'})
        start = time.time()
        data = wizard.get_xlsx()
        result['export_s'] = time.time() - start
        result['export_rows_per_s'] = result['rows'] / result['export_s']
        result['export_bytes'] = len(data)
        result['rss_after_export_mb'] = rss_mb()
        del data
        row = ['INV/2019/0001', datetime.datetime(2019, 3, 1), '400000',
               'Bench product', 'Bench line 1', 1.0, 10.0, 0.0, '', 'EUR',
               10.0, 10.0]
        rows = [list(row) for _i in range(result['rows'])]
        start = time.time()
        raw_xlsxwriter(rows)
        result['raw_s'] = time.time() - start
        result['raw_rows_per_s'] = result['rows'] / result['raw_s']
        result['ratio'] = result['export_rows_per_s'] / \
            result['raw_rows_per_s']
        cr.rollback()
    print(json.dumps(result))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--config', required=True)
    parser.add_argument('--db', required=True)
    parser.add_argument('--rows', type=int, nargs='+',
                        default=[10000, 100000])
    parser.add_argument('--child', type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return child(args)
    print('| rows | export rows/s | raw xlsxwriter rows/s | ratio '
          '| peak RSS before export (MB) | peak RSS after export (MB) |')
    print('| --- | --- | --- | --- | --- | --- |')
    for rows in args.rows:
        output = subprocess.check_output([
            sys.executable, __file__, '--config', args.config,
            '--db', args.db, '--child', str(rows)])
        res = json.loads(output.decode().strip().splitlines()[-1])
        print('| %(rows)d | %(export_rows_per_s).0f | %(raw_rows_per_s).0f '
              '| %(ratio).0f%% | %(rss_before_mb).0f '
              '| %(rss_after_export_mb).0f |' % dict(
                  res, ratio=res['ratio'] * 100))


if __name__ == '__main__':
    main()

"""Printing benchmark: quotes printed through report_wkhtmltopdf_compat.

Measures, in one database where sales_order_mgmt (hence
report_wkhtmltopdf_compat) is installed, the wall time per document of
printing N = 1, 20, 100 quotes in one call, against a single vanilla
render (Odoo's own path, same quote, same wkhtmltopdf; the vanilla path
is reached with the context key ``report_wkhtmltopdf_compat_disable``).
The pages of the vanilla path for 20 quotes are shown too (0 on a
wkhtmltopdf without patched Qt). Nothing is committed but the compiled
stylesheet bundles (what the first print of any database does).

    .venv/bin/python bench/print_bench.py --config .run/test.cfg \
        --db som_test_xxxxxx [--sizes 1,20,100] [--reps 3]
"""
import argparse
import io
import os
import statistics
import time

from PyPDF2 import PdfFileReader

import odoo
from odoo import SUPERUSER_ID, api

REPORT = 'sale.action_report_saleorder'


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--config', required=True)
    parser.add_argument('--db', required=True)
    parser.add_argument('--sizes', default='1,20,100')
    parser.add_argument('--reps', type=int, default=3,
                        help='repetitions of each row (median reported)')
    parser.add_argument('--lines', type=int, default=5,
                        help='lines per quote')
    return parser.parse_args()


def pages(pdf):
    try:
        return PdfFileReader(io.BytesIO(pdf), strict=False).getNumPages()
    except Exception:  # pylint: disable=broad-except
        return 0


def warm_up(registry):
    """Compile the stylesheet bundles once and commit them (as the first
    print of a database does), so that no row pays for lessc."""
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        report = env.ref('base.ir_module_reference_print')
        modules = env['ir.module.module'].search(
            [('name', '=', 'report_wkhtmltopdf_compat')])
        html = report.with_context(debug=False).render_qweb_html(
            modules.ids)[0]
        report._prepare_html(html.decode('utf-8'))
        cr.commit()


def make_quotes(env, count, lines):
    partner = env['res.partner'].create({
        'name': 'Bench print customer', 'customer': True,
        'street': '1 Bench Street', 'city': 'Lyon', 'zip': '69002'})
    product = env['product.product'].create({
        'name': 'Bench print product', 'type': 'consu',
        'list_price': 42.0})
    return env['sale.order'].browse([env['sale.order'].create({
        'partner_id': partner.id,
        'order_line': [(0, 0, {
            'product_id': product.id, 'product_uom_qty': line + 1,
            'price_unit': 42.0}) for line in range(lines)],
    }).id for _index in range(count)])


def measure(report, ids, reps):
    times = []
    pdf = b''
    for _rep in range(reps):
        start = time.perf_counter()
        pdf = report.render_qweb_pdf(ids)[0]
        times.append(time.perf_counter() - start)
    return statistics.median(times), pages(pdf)


def main():
    args = parse_args()
    odoo.tools.config.parse_config(['-c', args.config])
    registry = odoo.registry(args.db)
    sizes = [int(size) for size in args.sizes.split(',')]
    warm_up(registry)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        report = env.ref(REPORT)
        # Bundles are compiled: never commit the bench quotes.
        report = report.with_context(commit_assetsbundle=False)
        quotes = make_quotes(env, max(sizes), args.lines)
        vanilla = report.with_context(report_wkhtmltopdf_compat_disable=True)
        binary = report._compat_wkhtmltopdf_bin()
        active = report._compat_active()
        workers = report._compat_workers()
        base, base_pages = measure(vanilla, quotes[:1].ids, args.reps)
        _time, vanilla_20_pages = measure(vanilla, quotes[:20].ids, 1)
        rows = []
        for size in sizes:
            reps = args.reps if size <= 20 else 1
            total, count = measure(report, quotes[:size].ids, reps)
            rows.append((size, total, total / size, count))
        cr.rollback()
    print('# Printing quotes (%d lines each)' % args.lines)
    print()
    print('wkhtmltopdf: %s, compat path %s, %d worker(s), %d cores, '
          'load average %.1f' % (
              binary, 'on (unpatched Qt)' if active else 'off',
              workers, os.cpu_count() or 1,
              os.getloadavg()[0]))
    print()
    print('| print | total (s) | per document (s) | vs vanilla single '
          '| pages |')
    print('| --- | ---: | ---: | ---: | ---: |')
    print('| vanilla Odoo, 1 quote (no header/footer) | %.2f | %.2f | 1.00 '
          '| %d |' % (base, base, base_pages))
    for size, total, per_doc, count in rows:
        print('| compat, %d quote(s) | %.2f | %.2f | %.2f | %d |' % (
            size, total, per_doc, per_doc / base, count))
    print()
    print('Vanilla Odoo, 20 quotes in one call: %d page(s).'
          % vanilla_20_pages)


if __name__ == '__main__':
    with api.Environment.manage():
        main()

"""Data for `make load`, committed in one database (vanilla or addon).

The same data in both databases (same seed): 3 warehouses, 20 stocked
products, 20 customers, and a user `load` (password `load`) with the rights
an order desk needs (sales manager, inventory manager, billing). The stock
comes from an inventory adjustment, so every quant is explained by done
moves (an invariant `bench/load_check.py` checks afterwards). When the addon
is installed it is configured as `make bench` configures it
(order_bench.configure_addon: 50 sourcing rules, an "allow" backorder policy,
terms templates, signature not required), with "Reserve stock after
confirming" on, the setting meant for many people confirming at once
(SOM_LOAD_RESERVE_AFTER=0: off, Odoo's reservation inside the confirmation).

    .venv/bin/python bench/load_setup.py --config CFG --db DB --json OUT
"""
import argparse
import json
import os
import random
import sys

import odoo
from odoo import SUPERUSER_ID, api

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from order_bench import CUSTOMERS, PRODUCTS, configure_addon  # noqa: E402

STOCK = 200000  # per product and warehouse: no level runs out
LOGIN = 'load'


def setup(env, seed=42, stock=STOCK):
    rng = random.Random(seed)
    company = env.user.company_id
    warehouses = env['stock.warehouse'].search(
        [('company_id', '=', company.id)])
    for index in range(len(warehouses), 3):
        warehouses |= env['stock.warehouse'].create({
            'name': 'Load WH %d' % index, 'code': 'LW%d' % index})
    products = env['product.product']
    for index in range(PRODUCTS):
        products |= products.create({
            'name': 'Load product %d' % index, 'type': 'product',
            'list_price': rng.randint(10, 500), 'invoice_policy': 'order'})
    for warehouse in warehouses:
        inventory = env['stock.inventory'].create({
            'name': 'Load stock %s' % warehouse.code,
            'location_id': warehouse.lot_stock_id.id, 'filter': 'partial'})
        inventory.action_start()
        inventory.write({'line_ids': [(0, 0, {
            'product_id': product.id, 'product_qty': stock,
            'location_id': warehouse.lot_stock_id.id,
        }) for product in products]})
        inventory.action_done()
    countries = env['res.country'].search(
        [('code', 'in', ['DE', 'FR', 'US', 'BE', 'ES'])])
    customers = env['res.partner']
    for index in range(CUSTOMERS):
        customers |= customers.create({
            'name': 'Load customer %d' % index, 'customer': True,
            'street': 'Street %d' % index, 'city': 'City',
            'zip': '%05d' % index, 'email': 'load%d@example.com' % index,
            'country_id': countries[index % len(countries)].id})
    groups = [env.ref(xmlid).id for xmlid in (
        'base.group_user', 'sales_team.group_sale_manager',
        'stock.group_stock_manager', 'account.group_account_invoice')]
    env['res.users'].with_context(no_reset_password=True).create({
        'name': 'Load test desk', 'login': LOGIN, 'password': LOGIN,
        'email': 'load@example.com', 'groups_id': [(6, 0, groups)]})
    data = {'warehouses': warehouses.ids, 'products': products.ids,
            'customers': customers.ids, 'login': LOGIN, 'password': LOGIN}
    if 'sale.sourcing.rule' in env:
        configure_addon(env, data)
        company.reserve_after_confirmation = \
            os.environ.get('SOM_LOAD_RESERVE_AFTER', '1') != '0'
        data['reserve_after_confirmation'] = \
            company.reserve_after_confirmation
    return data


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--config', required=True)
    parser.add_argument('--db', required=True)
    parser.add_argument('--json', required=True)
    parser.add_argument('--stock', type=float, default=STOCK,
                        help='units per product and warehouse')
    args = parser.parse_args()
    odoo.tools.config.parse_config(['-c', args.config, '--log-level=warn'])
    with api.Environment.manage():
        with odoo.registry(args.db).cursor() as cr:
            data = setup(api.Environment(cr, SUPERUSER_ID, {}),
                         stock=args.stock)
    data['db'] = args.db
    with open(args.json, 'w') as handle:
        json.dump(data, handle)


if __name__ == '__main__':
    main()

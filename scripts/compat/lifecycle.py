# Copyright 2026 sales_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Install on a running database, upgrade, uninstall: what ``make compat``
checks around Odoo's own suites.

``lifecycle.py CONFIG DATABASE STEP FILE [COUNT]``, steps:

- ``populate``: orders in every state (quotation, sent, to ship, partially
  shipped, shipped, closed short, cancelled, invoiced), COUNT of them (8 by
  default, one of each), made with Odoo's own flows and committed; what
  each should show is written to FILE (JSON). With the addon installed
  (the upgrade check), the customer also gets a backorder policy.
- ``installed``: after installing the addon into such a database: each
  order's fulfilment figures match its state; an existing quotation can be
  opened (form view and its fields, as a salesperson), edited and
  confirmed.
- ``upgraded``: after updating the addon from its previous release: the
  figures and the policies of the orders are kept, the shipped checks keep
  whether they were switched on, the delivery checks apply only to orders
  shipping something.
- ``uninstall``: uninstall the addon (as the Apps menu does);
- ``uninstalled``: after uninstalling the addon: orders, deliveries and
  invoices open (form views and fields) and print (real PDFs); no view,
  report, menu or action is left on a model or field that is gone.

Each step prints what it checked and exits 1 on the first difference.
"""
import json
import sys
import time

import odoo

ORDERED = 10.0
# kind -> (Odoo state, fulfilment state the addon must show, qty shipped)
KINDS = {
    'quotation': ('draft', False, 0.0),
    'sent': ('sent', False, 0.0),
    'to_ship': ('sale', 'to_ship', 0.0),
    'partially_shipped': ('sale', 'partially_shipped', 6.0),
    'shipped': ('sale', 'shipped', 10.0),
    'closed_short': ('sale', 'closed_short', 6.0),
    'cancelled': ('cancel', 'cancelled', 0.0),
    'invoiced': ('sale', 'shipped', 10.0),
}


class CheckFailed(Exception):
    pass


def expect(condition, message):
    if not condition:
        raise CheckFailed(message)


def ship(picking, qty):
    """Validate ``picking`` with ``qty`` done on its only move."""
    picking.action_assign()
    move = picking.move_lines
    if move.move_line_ids:
        move.move_line_ids[0].qty_done = qty
    else:
        picking.env['stock.move.line'].create(
            dict(move._prepare_move_line_vals(), qty_done=qty))
    picking.action_done()


def populate(env, path, count):
    company = env.ref('base.main_company')
    warehouse = env['stock.warehouse'].search(
        [('company_id', '=', company.id)], limit=1)
    product = env['product.product'].create({
        'name': 'Lifecycle Desk', 'type': 'product', 'list_price': 100.0,
        'invoice_policy': 'delivery', 'taxes_id': [(6, 0, [])]})
    env['stock.quant']._update_available_quantity(
        product, warehouse.lot_stock_id, ORDERED * count)
    customer = env['res.partner'].create({
        'name': 'Lifecycle Customer', 'customer': True,
        'street': 'Lifecycle Street 1', 'city': 'Berlin', 'zip': '10115',
        'country_id': env.ref('base.de').id,
        'email': 'lifecycle@example.com'})
    if 'backorder_policy_id' in env['res.partner']._fields:
        customer.backorder_policy_id = env['sale.backorder.policy'].create({
            'name': 'Lifecycle allow', 'mode': 'allow'})
    kinds = sorted(KINDS)
    orders = {}
    for index in range(count):
        kind = kinds[index % len(kinds)]
        order = env['sale.order'].create({
            'partner_id': customer.id,
            'order_line': [(0, 0, {
                'product_id': product.id, 'name': product.name,
                'product_uom_qty': ORDERED,
                'product_uom': product.uom_id.id, 'price_unit': 100.0})]})
        if kind == 'sent':
            order.state = 'sent'
        elif kind != 'quotation':
            order.action_confirm()
        picking = order.picking_ids
        if kind in ('partially_shipped', 'closed_short'):
            ship(picking, 6.0)
            if kind == 'closed_short':
                order.picking_ids.filtered(
                    lambda p: p.state not in ('done', 'cancel')
                ).action_cancel()
        elif kind in ('shipped', 'invoiced'):
            ship(picking, ORDERED)
        elif kind == 'cancelled':
            order.action_cancel()
        if kind == 'invoiced':
            invoices = env['account.invoice'].browse(
                order.action_invoice_create())
            invoices.action_invoice_open()
        expect(order.state == KINDS[kind][0], '%s: %s is %s' % (
            kind, order.name, order.state))
        orders[order.id] = {
            'kind': kind, 'name': order.name,
            'policy': order.backorder_policy_id.id
            if 'backorder_policy_id' in order._fields else False}
        if index % 50 == 49:
            env.cr.commit()  # pylint: disable=invalid-commit
    checks = switch_checks_on(env)
    with open(path, 'w') as out:
        json.dump({'orders': orders, 'checks': checks}, out)
    print('populate: %d orders (%s)' % (count, ', '.join(kinds)))


#: Shipped checks a company switches on before an upgrade (the signature
#: check, gone in 11.0.1.5.0, when the installed version has it).
SWITCHED_ON = ('delivery_address', 'credit_limit', 'zero_price', 'signature')


def switch_checks_on(env):
    """When the addon is installed (an earlier version, before an upgrade):
    switch some shipped checks on, as a Sales manager configures them; the
    upgrade must keep them so. ``{check: active}`` of the shipped ones."""
    if 'sale.sourcing.rule' not in env:
        return {}
    rules = env['exception.rule'].with_context(active_test=False)
    found = {}
    for name in SWITCHED_ON:
        rule_id = env['ir.model.data'].xmlid_to_res_id(
            'sales_order_mgmt.exception_rule_%s' % name)
        if rule_id:
            rules.browse(rule_id).active = True
            found[name] = True
    return found


def check_figures(env, data):
    orders = env['sale.order'].browse([int(key) for key in data['orders']])
    for order in orders:
        kind = data['orders'][str(order.id)]['kind']
        state, fulfilment, shipped = KINDS[kind]
        expect(order.state == state, '%s (%s): state %s' % (
            order.name, kind, order.state))
        expect(order.fulfilment_state == fulfilment, (
            '%s (%s): fulfilment %r, expected %r' % (
                order.name, kind, order.fulfilment_state, fulfilment)))
        if fulfilment and kind != 'cancelled':
            expect(abs(order.fulfilment_shipped_qty - shipped) < 1e-6 and
                   abs(order.fulfilment_ordered_qty - ORDERED) < 1e-6, (
                       '%s (%s): shipped %s of %s, expected %s of %s' % (
                           order.name, kind, order.fulfilment_shipped_qty,
                           order.fulfilment_ordered_qty, shipped, ORDERED)))
    print('figures: %d orders show the fulfilment of their state' % len(
        orders))
    return orders


def open_form(env, record):
    """What the web client does to open ``record``: its form view and the
    fields in it."""
    view = record.fields_view_get(view_type='form')
    values = record.read(list(view['fields']))[0]
    expect(values['id'] == record.id, 'could not read %s' % record)
    return values


def installed(env, data):
    orders = check_figures(env, data)
    salesman = env['res.users'].with_context(
        no_reset_password=True).create({
            'name': 'Lifecycle Salesman', 'login': 'lifecycle_salesman',
            'email': 'lifecycle.salesman@example.com',
            'groups_id': [(6, 0, [
                env.ref('base.group_user').id,
                env.ref('sales_team.group_sale_salesman_all_leads').id])]})
    quotations = orders.filtered(lambda o: o.state in ('draft', 'sent'))
    expect(quotations, 'no quotation to try')
    quotation = quotations[0].sudo(salesman)
    open_form(env, quotation)
    line = quotation.order_line
    quotation.write({'order_line': [(1, line.id, {'product_uom_qty': 4})]})
    expect(line.product_uom_qty == 4, 'the quotation line was not edited')
    quotation.action_confirm()
    expect(quotation.state == 'sale' and quotation.picking_ids,
           '%s was not confirmed' % quotation.name)
    expect(quotation.fulfilment_state == 'to_ship',
           '%s: fulfilment %s after confirmation' % (
               quotation.name, quotation.fulfilment_state))
    print('quotation %s opened, edited and confirmed by a salesperson' %
          quotation.name)


def upgraded(env, data):
    orders = check_figures(env, data)
    for order in orders:
        expect(order.backorder_policy_id.id ==
               data['orders'][str(order.id)]['policy'],
               '%s lost its backorder policy' % order.name)
    rules = env['exception.rule'].with_context(active_test=False)
    expect(data['checks'], 'no shipped check before the upgrade')
    for name in data['checks']:
        rule_id = env['ir.model.data'].xmlid_to_res_id(
            'sales_order_mgmt.exception_rule_%s' % name)
        if name == 'signature':
            # 11.0.1.5.0: the signature requirement is not a check any more.
            expect(not rule_id and not rules.search([
                ('method', '=', '_checks_signature_missing')]),
                'the signature check survived the upgrade')
            continue
        expect(rules.browse(rule_id).active,
               'check %s was switched off by the upgrade' % name)
    address = env.ref('sales_order_mgmt.exception_rule_delivery_address')
    expect(address.delivery_only, 'the address check still applies to '
           'orders shipping nothing')
    empty = env['sale.order'].create({
        'partner_id': env['res.partner'].create({'name': 'No address'}).id})
    empty.action_confirm()
    expect(empty.state == 'sale', 'an order with no lines was refused')
    print('upgrade: %d orders kept their figures and policies; the checks '
          'kept their switches' % len(orders))


def uninstalled(env, data):
    orders = env['sale.order'].browse([int(key) for key in data['orders']])
    expect(len(orders.exists()) == len(orders), 'orders were lost')
    pickings = orders.mapped('picking_ids')
    invoices = orders.mapped('invoice_ids')
    expect(pickings and invoices, 'no delivery or invoice to open')
    for record in (orders[0], pickings[0], invoices[0]):
        open_form(env, record)
        record.fields_view_get(view_type='tree')
        record.fields_view_get(view_type='search')
    for xmlid, record in (('sale.action_report_saleorder', orders[0]),
                          ('stock.action_report_delivery', pickings[0]),
                          ('account.account_invoices', invoices[0])):
        pdf, _kind = env.ref(xmlid).render_qweb_pdf(record.ids)
        expect(pdf[:4] == b'%PDF', '%s printed no PDF' % xmlid)
    # Odoo's flow still runs: a new order confirmed, shipped, invoiced.
    line = orders[0].order_line[0]
    order = env['sale.order'].create({
        'partner_id': orders[0].partner_id.id,
        'order_line': [(0, 0, {
            'product_id': line.product_id.id, 'name': line.name,
            'product_uom_qty': 2, 'product_uom': line.product_uom.id,
            'price_unit': 100.0})]})
    order.action_confirm()
    ship(order.picking_ids, 2.0)
    env['account.invoice'].browse(
        order.action_invoice_create()).action_invoice_open()
    expect(order.invoice_status == 'invoiced' and
           order.picking_ids.state == 'done',
           'a new order could not be confirmed, shipped and invoiced')
    left = env['ir.model.data'].search_count(
        [('module', '=', 'sales_order_mgmt')])
    expect(not left, '%d records of the addon are left' % left)
    views = env['ir.ui.view'].with_context(active_test=False).search([])
    dangling = views.filtered(lambda v: v.model and v.model not in env)
    expect(not dangling, 'views of models that are gone: %s' % ', '.join(
        dangling.mapped('name')))
    # Every view still combines with those inheriting it (a view left on a
    # field that is gone would break the form it inherits).
    broken = []
    for view in views.filtered(lambda v: not v.inherit_id and v.model and
                               v.type in ('form', 'tree', 'search')):
        try:
            env[view.model].fields_view_get(view_id=view.id,
                                            view_type=view.type)
        except Exception as error:  # pylint: disable=broad-except
            broken.append('%s (%s)' % (view.name, error))
    expect(not broken, 'views that no longer open: %s' % '; '.join(
        broken[:10]))
    reports = env['ir.actions.report'].search([])
    expect(all(report.model in env for report in reports),
           'reports of models that are gone')
    actions = env['ir.actions.act_window'].search([])
    gone = actions.filtered(lambda a: a.res_model not in env)
    expect(not gone, 'actions of models that are gone: %s' % ', '.join(
        gone.mapped('name')))
    print('uninstall: %d orders, %d deliveries, %d invoices open and print; '
          'a new order is confirmed, shipped and invoiced; %d views '
          'combine, no view, report or action left on a model that is '
          'gone' % (len(orders), len(pickings), len(invoices), len(views)))


def main(config, database, step, path, count='8'):
    odoo.tools.config.parse_config(
        ['-c', config, '-d', database, '--log-level=warn'])
    started = time.time()
    with odoo.api.Environment.manage():
        with odoo.registry(database).cursor() as cr:
            env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
            try:
                if step == 'populate':
                    populate(env, path, int(count))
                elif step == 'uninstall':
                    env['ir.module.module'].search([
                        ('name', '=', 'sales_order_mgmt')
                    ]).button_immediate_uninstall()
                else:
                    with open(path) as source:
                        data = json.load(source)
                    {'installed': installed, 'upgraded': upgraded,
                     'uninstalled': uninstalled}[step](env, data)
                    cr.rollback()  # checks leave the database as it was
            except CheckFailed as error:
                cr.rollback()
                print('%s: FAILED: %s' % (step, error))
                return 1
    print('%s: ok (%.0f s)' % (step, time.time() - started))
    return 0


if __name__ == '__main__':
    sys.exit(main(*sys.argv[1:]))

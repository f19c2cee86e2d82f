"""Test fixtures shared by every capability of sales_order_mgmt.

`OrderFixtures` builds company-safe data (users of each sales/stock/accounting
group, warehouses, storable products with stock, customers with tags) in any
environment; `SalesOrderCase` runs it once per class in a SavepointCase.
Tests never rely on demo data.
"""
from odoo.tests.common import SavepointCase, get_db_name

from .browser import warm_asset_bundles

GROUPS = {
    'salesman': ['sales_team.group_sale_salesman'],
    'salesman_all': ['sales_team.group_sale_salesman_all_leads'],
    'sale_manager': ['sales_team.group_sale_manager'],
    'stock_user': ['stock.group_stock_user'],
    'accountant': ['account.group_account_invoice'],
}

# The checks the addon ships (exception.rule xml ids without the
# "sales_order_mgmt.exception_rule_" prefix). They come switched off.
SHIPPED_CHECKS = ('delivery_address', 'credit_limit', 'zero_price',
                  'edi_reference', 'ship_complete_stock')


class OrderFixtures(object):
    """Builders of the records a sales order flow needs."""

    @classmethod
    def setup_fixtures(cls, env):
        """Create users, warehouses, products and customers in `env`."""
        cls.env = env
        cls.company = env.ref('base.main_company')
        cls.uom_unit = env.ref('product.product_uom_unit')
        cls.main_warehouse = env['stock.warehouse'].search(
            [('company_id', '=', cls.company.id)], limit=1)
        cls.users = {
            key: cls.create_user(key, groups)
            for key, groups in GROUPS.items()}
        cls.salesman = cls.users['salesman']
        cls.sale_manager = cls.users['sale_manager']
        cls.stock_user = cls.users['stock_user']
        cls.accountant = cls.users['accountant']
        cls.warehouses = [
            cls.create_warehouse('Test WH %s' % name, 'TW%d' % index, country)
            for index, (name, country) in enumerate(
                [('Berlin', 'base.de'), ('Lyon', 'base.fr'),
                 ('Chicago', 'base.us')], 1)]
        cls.categ = env['product.category'].create({
            'name': 'Test office furniture',
            'parent_id': env.ref('product.product_category_all').id,
        })
        cls.desk = cls.create_product('Test Desk', 500.0)
        cls.chair = cls.create_product('Test Chair', 120.0)
        cls.tag_key = env['res.partner.category'].create({'name': 'Test key'})
        cls.customer_de = cls.create_customer(
            'Test Kunde GmbH', 'base.de', 'Teststraße 1', 'Berlin', '10115',
            tags=cls.tag_key)
        cls.customer_fr = cls.create_customer(
            'Test Client SARL', 'base.fr', '1 rue du Test', 'Lyon', '69002')
        cls.customer_us = cls.create_customer(
            'Test Customer Inc.', 'base.us', '1 Test Ave', 'Chicago', '60606')

    @classmethod
    def activate_checks(cls, *names):
        """Switch on the shipped checks `names` (all by default) as a Sales
        manager does in the checks list: they come switched off."""
        rules = cls.env['exception.rule'].browse([
            cls.env.ref('sales_order_mgmt.exception_rule_%s' % name).id
            for name in names or SHIPPED_CHECKS])
        rules.sudo(cls.sale_manager).write({'active': True})

    @classmethod
    def create_user(cls, login, groups, company=None):
        company = company or cls.company
        group_ids = [cls.env.ref('base.group_user').id] + [
            cls.env.ref(xmlid).id for xmlid in groups]
        return cls.env['res.users'].with_context(
            no_reset_password=True, mail_create_nosubscribe=True).create({
                'name': 'Test %s' % login.replace('_', ' ').title(),
                'login': 'som_test_%s' % login,
                'password': 'som_test_%s' % login,
                'email': 'som_test_%s@example.com' % login,
                'company_id': company.id,
                'company_ids': [(6, 0, company.ids)],
                'groups_id': [(6, 0, group_ids)],
            })

    @classmethod
    def create_warehouse(cls, name, code, country_xmlid, company=None):
        company = company or cls.company
        address = cls.env['res.partner'].create({
            'name': name, 'country_id': cls.env.ref(country_xmlid).id,
            'company_id': company.id, 'type': 'delivery',
        })
        return cls.env['stock.warehouse'].create({
            'name': name, 'code': code, 'partner_id': address.id,
            'company_id': company.id,
        })

    @classmethod
    def create_product(cls, name, price, invoice_policy='delivery', **vals):
        values = {
            'name': name, 'type': 'product', 'list_price': price,
            'standard_price': price / 2, 'categ_id': cls.categ.id,
            'invoice_policy': invoice_policy, 'uom_id': cls.uom_unit.id,
            'uom_po_id': cls.uom_unit.id, 'taxes_id': [(6, 0, [])],
        }
        values.update(vals)
        return cls.env['product.product'].create(values)

    @classmethod
    def create_customer(cls, name, country_xmlid, street, city, zip_code,
                        tags=None, **vals):
        values = {
            'name': name, 'is_company': True, 'customer': True,
            'street': street, 'city': city, 'zip': zip_code,
            'country_id': cls.env.ref(country_xmlid).id,
            'email': '%s@example.com' % name.split()[0].lower(),
            'category_id': [(6, 0, tags.ids if tags else [])],
        }
        values.update(vals)
        return cls.env['res.partner'].create(values)

    @classmethod
    def set_stock(cls, product, warehouse, quantity):
        """Put `quantity` of `product` on hand in `warehouse`'s stock."""
        cls.env['stock.quant']._update_available_quantity(
            product, warehouse.lot_stock_id, quantity)

    @classmethod
    def create_order(cls, partner, lines, user=None, **vals):
        """A quotation of `lines` [(product, qty)] or [(product, qty, price)],
        created by `user` (the salesman by default)."""
        user = user or cls.salesman
        values = {
            'partner_id': partner.id,
            'user_id': user.id,
            'order_line': [(0, 0, {
                'product_id': line[0].id,
                'name': line[0].display_name,
                'product_uom_qty': line[1],
                'product_uom': line[0].uom_id.id,
                'price_unit': line[2] if len(line) > 2 else line[0].lst_price,
            }) for line in lines],
        }
        values.update(vals)
        return cls.env['sale.order'].sudo(user).create(values)

    @classmethod
    def deliver(cls, picking, quantities=None, user=None):
        """Validate `picking` as a warehouse clerk would: `quantities`
        {product: qty done}; all of the reserved/ordered quantity if None.
        Returns what `button_validate` returned (a wizard action or True)."""
        picking = picking.sudo(user or cls.stock_user)
        picking.action_assign()
        for move in picking.move_lines:
            done = move.product_uom_qty if quantities is None \
                else quantities.get(move.product_id, 0.0)
            if move.move_line_ids:
                move.move_line_ids[0].qty_done = done
                move.move_line_ids[1:].write({'qty_done': 0.0})
            elif done:
                cls.env['stock.move.line'].sudo(user or cls.stock_user).create(
                    dict(move._prepare_move_line_vals(), qty_done=done))
        return picking.button_validate()

    @classmethod
    def invoice_order(cls, order, user=None):
        """Create the order's invoice as an accountant and validate it."""
        order = order.sudo(user or cls.accountant)
        invoice_ids = order.action_invoice_create()
        invoices = cls.env['account.invoice'].sudo(
            user or cls.accountant).browse(invoice_ids)
        invoices.action_invoice_open()
        return invoices


class SalesOrderCase(OrderFixtures, SavepointCase):
    """Base of the addon's ORM tests: fixtures built once per class."""

    @classmethod
    def setUpClass(cls):
        # Stylesheets (lessc) compiled once per run, committed: PDF tests of
        # every class would otherwise compile them again in their rolled-back
        # transaction.
        warm_asset_bundles(get_db_name())
        super(SalesOrderCase, cls).setUpClass()
        cls.env = cls.env(context=dict(
            cls.env.context, tracking_disable=False, mail_notrack=False,
            no_reset_password=True))
        cls.setup_fixtures(cls.env)

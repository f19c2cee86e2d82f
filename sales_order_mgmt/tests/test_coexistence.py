# Copyright 2026 sales_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Coexistence with standard Odoo (issue 19): installed and not configured,
the addon changes nothing Odoo users rely on; Odoo's habits stay under a
policy; a quotation confirmed again ships to its new address.

Each test tells the scenario of the Odoo test (``make compat``) that
failed only with the addon."""
from odoo.exceptions import UserError

from .common import SHIPPED_CHECKS, SalesOrderCase


class TestInstalledNotConfigured(SalesOrderCase):
    """What the install leaves as Odoo had it (the test database is
    installed without the addon's demo data, as a company installs it)."""

    @classmethod
    def setUpClass(cls):
        super(TestInstalledNotConfigured, cls).setUpClass()
        cls.walkin = cls.create_customer(
            'Test Walk-in', 'base.de', False, 'Berlin', False)
        cls.consulting = cls.create_product(
            'Test Consulting', 90.0, type='service', invoice_policy='order')

    def shipped_checks(self):
        return self.env['exception.rule'].with_context(
            active_test=False).browse([
                self.env.ref('sales_order_mgmt.exception_rule_%s' % name).id
                for name in SHIPPED_CHECKS])

    def test_shipped_checks_come_switched_off(self):
        """Odoo's sale_stock lead-time tests: a customer without street or
        ZIP is confirmed by Odoo; the shipped checks, switched off until a
        Sales manager switches them on, refuse nothing."""
        checks = self.shipped_checks()
        self.assertEqual(checks.mapped('active'), [False] * len(checks))
        order = self.create_order(self.walkin, [(self.desk, 2)])
        order.sudo(self.salesman).action_confirm()
        self.assertEqual(order.state, 'sale')
        self.assertEqual(order.picking_ids.partner_id, self.walkin)

    def test_checks_are_switched_on_in_the_checks_list(self):
        """The checks list (Sales > Configuration) shows every shipped
        check, switched off, with its description; switching the address
        check on there refuses the walk-in customer's desks."""
        action = self.env.ref('sale_exception.action_sale_test_tree')
        self.assertIn("'active_test': False", action.context)
        listed = self.env['exception.rule'].sudo(self.sale_manager) \
            .with_context(active_test=False).search(
                [('rule_group', '=', 'sale')])
        self.assertLessEqual(self.shipped_checks(), listed)
        for check in self.shipped_checks():
            self.assertTrue(check.description, check.name)
        address = self.env.ref(
            'sales_order_mgmt.exception_rule_delivery_address')
        address.sudo(self.sale_manager).active = True
        order = self.create_order(self.walkin, [(self.desk, 2)])
        with self.assertRaises(UserError) as caught:
            order.sudo(self.salesman).action_confirm()
        self.assertIn('Delivery address incomplete', caught.exception.name)
        self.assertEqual(order.state, 'draft')

    def test_delivery_check_skips_orders_shipping_nothing(self):
        """Odoo's sale test_sale_to_invoice: an order with no lines, then a
        down payment, is confirmed and invoiced although the customer has
        no address; so is an order of services only. The address check is
        on: an order of desks to the same customer is refused."""
        self.env.ref('sales_order_mgmt.exception_rule_delivery_address') \
            .sudo(self.sale_manager).active = True
        empty = self.create_order(self.walkin, [])
        empty.sudo(self.salesman).action_confirm()
        self.assertEqual(empty.state, 'sale')
        wizard = self.env['sale.advance.payment.inv'].sudo(
            self.sale_manager).with_context(
                active_model='sale.order', active_ids=empty.ids,
                active_id=empty.id).create({
                    'advance_payment_method': 'fixed', 'amount': 100.0})
        wizard.create_invoices()
        self.assertEqual(empty.invoice_ids.mapped('amount_untaxed'), [100.0])
        services = self.create_order(self.walkin, [(self.consulting, 3)])
        services.sudo(self.salesman).action_confirm()
        self.assertEqual(services.state, 'sale')
        desks = self.create_order(self.walkin, [(self.desk, 1)])
        with self.assertRaises(UserError) as caught:
            desks.sudo(self.salesman).action_confirm()
        self.assertIn('Delivery address incomplete', caught.exception.name)

    def test_odoo_backorder_wizard_warehouse_and_terms_stay(self):
        """No backorder policy, sourcing rule or terms template comes with
        the install: 6 of 10 desks shipped opens Odoo's backorder wizard,
        the delivery leaves from the order's warehouse and is reserved by
        the confirmation itself (*Reserve stock after confirming* is off),
        the quotation carries the company's default terms."""
        self.assertFalse(self.company.backorder_policy_id)
        self.assertFalse(self.company.reserve_after_confirmation)
        self.env['ir.config_parameter'].sudo().set_param(
            'sale.use_sale_note', 'True')
        self.company.sale_note = 'Test company terms: 30 days net.'
        lyon = self.warehouses[1]
        self.set_stock(self.desk, lyon, 6)
        order = self.create_order(self.customer_fr, [(self.desk, 10)],
                                  warehouse_id=lyon.id)
        self.assertEqual(order.note, 'Test company terms: 30 days net.')
        self.assertFalse(order.backorder_policy_id)
        order.sudo(self.salesman).action_confirm()
        picking = order.picking_ids
        self.assertEqual(picking.picking_type_id.warehouse_id, lyon)
        self.assertEqual(picking.partner_id, self.customer_fr)
        self.assertEqual(picking.move_lines.reserved_availability, 6)
        action = self.deliver(picking, {self.desk: 6})
        self.assertEqual(action['res_model'], 'stock.backorder.confirmation')
        self.assertEqual(picking.state, 'assigned')


class TestOdooHabitsUnderPolicy(SalesOrderCase):
    """A delivery under a backorder policy validated as Odoo users do."""

    @classmethod
    def setUpClass(cls):
        super(TestOdooHabitsUnderPolicy, cls).setUpClass()
        cls.policy_allow = cls.env['sale.backorder.policy'].sudo(
            cls.sale_manager).create({'name': 'Test allow', 'mode': 'allow'})

    def sell(self, lines):
        order = self.create_order(self.customer_de, lines,
                                  backorder_policy_id=self.policy_allow.id)
        order.sudo(self.salesman).action_confirm()
        return order

    def test_validate_with_nothing_set_is_immediate_transfer(self):
        """Validating a delivery with no quantity set (the "Validate"
        method, as over RPC) processes what is reserved, as Odoo's
        immediate transfer: 6 of 10 desks ship, the policy backorders 4."""
        self.set_stock(self.desk, self.main_warehouse, 6)
        order = self.sell([(self.desk, 10)])
        picking = order.picking_ids.sudo(self.stock_user)
        picking.action_assign()
        picking.action_done()
        self.assertEqual(picking.state, 'done')
        self.assertEqual(order.order_line.qty_delivered, 6.0)
        backorder = self.env['stock.picking'].search(
            [('backorder_id', '=', picking.id)])
        self.assertEqual(backorder.move_lines.product_uom_qty, 4.0)
        self.assertIn('a backorder will follow for: 4 Unit(s) of Test Desk',
                      picking.backorder_decision)

    def test_quantities_in_detailed_operations_ship(self):
        """Odoo's sale_stock test_07_forced_qties: three lines of one dozen
        desks, none in stock; the clerk adds three operations of one dozen
        each in the detailed operations and validates: all three ship
        (the policy saw them, it refused "Nothing is being shipped")."""
        dozen = self.env.ref('product.product_uom_dozen')
        order = self.create_order(self.customer_de, [], backorder_policy_id=(
            self.policy_allow.id), order_line=[(0, 0, {
                'product_id': self.desk.id, 'name': 'Desk',
                'product_uom_qty': 1, 'product_uom': dozen.id,
                'price_unit': 500.0}) for _index in range(3)])
        order.sudo(self.salesman).action_confirm()
        picking = order.picking_ids.sudo(self.stock_user)
        self.assertEqual(len(picking.move_lines), 3)
        picking.write({'move_line_ids': [(0, 0, {
            'product_id': self.desk.id, 'product_uom_qty': 0, 'qty_done': 1,
            'product_uom_id': dozen.id,
            'location_id': picking.location_id.id,
            'location_dest_id': picking.location_dest_id.id,
        }) for _index in range(3)]})
        picking.button_validate()
        self.assertEqual(picking.state, 'done')
        self.assertEqual(order.order_line.mapped('qty_delivered'),
                         [1.0, 1.0, 1.0])


class TestReconfirmation(SalesOrderCase):
    """Confirm, cancel, set to quotation, change the customer, confirm."""

    def reconfirm(self, order, partner):
        order.sudo(self.salesman).action_confirm()
        first = order.picking_ids
        order.sudo(self.salesman).action_cancel()
        order.sudo(self.salesman).action_draft()
        order.sudo(self.salesman).write({
            'partner_id': partner.id, 'partner_invoice_id': partner.id,
            'partner_shipping_id': partner.id})
        order.sudo(self.salesman).action_confirm()
        self.assertEqual(first.state, 'cancel')
        return order.picking_ids - first

    def test_new_delivery_goes_to_new_address(self):
        """Odoo's sale_stock test_05_confirm_cancel_confirm, no sourcing
        rule: the new delivery goes to the new customer (it went to the
        first one's address)."""
        order = self.create_order(self.customer_de, [(self.desk, 1)])
        second = self.reconfirm(order, self.customer_fr)
        self.assertEqual(second.partner_id, self.customer_fr)
        self.assertEqual(second.move_lines.partner_id, self.customer_fr)
        self.assertEqual(order.procurement_group_id.partner_id,
                         self.customer_fr)

    def test_new_delivery_from_warehouse_sourcing_picks_now(self):
        """With sourcing rules (German customers from Berlin, French ones
        from Lyon): after the change of customer the new delivery leaves
        from Lyon, to the French customer."""
        berlin, lyon = self.warehouses[:2]
        rules = self.env['sale.sourcing.rule'].sudo(self.sale_manager)
        for name, warehouse, country in (('DE', berlin, 'base.de'),
                                         ('FR', lyon, 'base.fr')):
            rules.create({
                'name': 'Test %s' % name, 'strategy': 'fixed',
                'warehouse_line_ids': [(0, 0, {
                    'sequence': 1, 'warehouse_id': warehouse.id})],
                'country_ids': [(6, 0, [self.env.ref(country).id])]})
        order = self.create_order(self.customer_de, [(self.desk, 1)])
        second = self.reconfirm(order, self.customer_fr)
        self.assertEqual(second.picking_type_id.warehouse_id, lyon)
        self.assertEqual(second.partner_id, self.customer_fr)

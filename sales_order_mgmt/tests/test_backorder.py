# Copyright 2026 sales_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
# pylint: disable=too-many-lines
"""Backorder policies on a delivery of 10 desks with 6 in stock."""
import datetime
import time

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import format_date
from psycopg2 import sql

from .common import SalesOrderCase


class BackorderCase(SalesOrderCase):
    """Policies of each mode and helpers to sell and ship desks."""

    @classmethod
    def setUpClass(cls):
        super(BackorderCase, cls).setUpClass()
        Policy = cls.env['sale.backorder.policy'].sudo(cls.sale_manager)
        cls.template = cls.env.ref(
            'sales_order_mgmt.mail_template_backorder_notice')
        cls.policy_allow = Policy.create({
            'name': 'Test allow', 'mode': 'allow'})
        cls.policy_complete = Policy.create({
            'name': 'Test ship complete', 'mode': 'ship_complete'})
        cls.policy_cancel = Policy.create({
            'name': 'Test cancel remainder', 'mode': 'cancel_remainder'})
        cls.lamp = cls.create_product('Test Lamp', 40.0)

    def sell(self, policy, lines=None, partner=None, **vals):
        """A confirmed order of 10 desks (default) under ``policy``."""
        order = self.create_order(
            partner or self.customer_de, lines or [(self.desk, 10)],
            backorder_policy_id=policy.id, **vals)
        order.sudo(self.salesman).action_confirm()
        return order

    def delivery(self, order):
        pickings = order.picking_ids.filtered(
            lambda p: p.state not in ('done', 'cancel'))
        self.assertEqual(len(pickings), 1)
        return pickings

    def backorders_of(self, picking):
        return self.env['stock.picking'].search(
            [('backorder_id', '=', picking.id)])

    def chatter(self, record):
        return '\n'.join(record.message_ids.mapped('body'))

    def receive(self, product, qty, days, warehouse=None):
        """A receipt of ``qty`` ``product`` into ``warehouse`` (the main
        one by default), expected in ``days`` days; returns that date."""
        warehouse = warehouse or self.main_warehouse
        when = fields.Date.from_string(fields.Date.context_today(
            self.env['stock.picking'])) + datetime.timedelta(days=days)
        picking_type = warehouse.in_type_id
        receipt = self.env['stock.picking'].create({
            'picking_type_id': picking_type.id,
            'location_id': self.env.ref('stock.stock_location_suppliers').id,
            'location_dest_id': picking_type.default_location_dest_id.id,
            'move_lines': [(0, 0, {
                'name': product.name, 'product_id': product.id,
                'product_uom_qty': qty, 'product_uom': product.uom_id.id,
                'location_id': self.env.ref(
                    'stock.stock_location_suppliers').id,
                'location_dest_id':
                    picking_type.default_location_dest_id.id,
                'date_expected': fields.Datetime.to_string(
                    datetime.datetime.combine(when, datetime.time(12))),
            })]})
        receipt.action_confirm()
        return when


class TestBackorderModes(BackorderCase):

    def test_allow_ships_six_backorders_four(self):
        """Allow: 6 of 10 desks ship without Odoo's wizard, a backorder of
        4 follows and the order's chatter says so."""
        self.set_stock(self.desk, self.main_warehouse, 6)
        order = self.sell(self.policy_allow)
        picking = self.delivery(order)
        self.assertEqual(picking.backorder_policy_id, self.policy_allow)
        result = self.deliver(picking, {self.desk: 6})
        self.assertFalse(isinstance(result, dict), 'no wizard expected')
        self.assertEqual(picking.state, 'done')
        self.assertEqual(picking.move_lines.mapped('quantity_done'), [6.0])
        backorder = self.backorders_of(picking)
        self.assertEqual(len(backorder), 1)
        self.assertEqual(backorder.move_lines.product_uom_qty, 4.0)
        self.assertEqual(backorder.backorder_policy_id, self.policy_allow)
        self.assertEqual(order.order_line.qty_delivered, 6.0)
        self.assertIn('60% of this delivery ships now; a backorder will '
                      'follow for: 4 Unit(s) of Test Desk.',
                      picking.backorder_decision)
        self.assertIn(backorder.name, picking.backorder_decision)
        chatter = self.chatter(order)
        self.assertIn('a backorder will follow for: 4 Unit(s) of Test Desk',
                      chatter)
        self.assertIn(backorder.name, chatter)

    def test_ship_complete_refuses_short_delivery(self):
        """Ship complete: validating 6 of 10 is refused with the missing
        product and quantity; nothing is validated, no backorder."""
        self.set_stock(self.desk, self.main_warehouse, 6)
        order = self.sell(self.policy_complete)
        picking = self.delivery(order)
        with self.assertRaises(UserError) as error:
            self.deliver(picking, {self.desk: 6})
        self.assertIn('only accepts complete deliveries', str(error.exception))
        self.assertIn('Missing: 4 Unit(s) of Test Desk', str(error.exception))
        self.assertNotEqual(picking.state, 'done')
        self.assertFalse(picking.move_lines.filtered(
            lambda m: m.state == 'done'))
        self.assertFalse(self.backorders_of(picking))
        self.assertEqual(order.order_line.qty_delivered, 0.0)
        # Once the stock is there, the complete delivery ships.
        self.set_stock(self.desk, self.main_warehouse, 4)
        self.deliver(picking)
        self.assertEqual(picking.state, 'done')
        self.assertEqual(order.order_line.qty_delivered, 10.0)

    def test_cancel_remainder_then_invoice_what_shipped(self):
        """Cancel remainder: 6 ship, 4 are cancelled (no backorder), the
        order delivered 6 and its invoice bills 6 desks."""
        self.set_stock(self.desk, self.main_warehouse, 6)
        order = self.sell(self.policy_cancel)
        picking = self.delivery(order)
        result = self.deliver(picking, {self.desk: 6})
        self.assertFalse(isinstance(result, dict), 'no wizard expected')
        self.assertEqual(picking.state, 'done')
        self.assertFalse(self.backorders_of(picking))
        cancelled = picking.move_lines.filtered(lambda m: m.state == 'cancel')
        self.assertEqual(cancelled.product_uom_qty, 4.0)
        self.assertEqual(order.order_line.qty_delivered, 6.0)
        self.assertIn('the rest is cancelled: 4 Unit(s) of Test Desk',
                      self.chatter(order))
        invoice = self.invoice_order(order)
        self.assertEqual(invoice.invoice_line_ids.quantity, 6.0)
        self.assertEqual(invoice.amount_total, 3000.0)
        self.assertEqual(invoice.state, 'open')
        self.assertEqual(order.order_line.qty_invoiced, 6.0)
        self.assertEqual(order.invoice_status, 'no')

    def test_fill_ratio_refusal(self):
        """Allow with an 80% minimum: shipping 6 of 10 (60%) is refused;
        shipping 8 of 10 passes with a backorder of 2."""
        self.policy_allow.sudo(self.sale_manager).min_fill_ratio = 80
        self.set_stock(self.desk, self.main_warehouse, 8)
        order = self.sell(self.policy_allow)
        picking = self.delivery(order)
        with self.assertRaises(UserError) as error:
            self.deliver(picking, {self.desk: 6})
        self.assertIn('Only 60% of this delivery would ship, below the 80% '
                      'minimum', str(error.exception))
        self.assertNotEqual(picking.state, 'done')
        self.assertFalse(self.backorders_of(picking))
        self.deliver(picking, {self.desk: 8})
        self.assertEqual(picking.state, 'done')
        self.assertEqual(self.backorders_of(picking).move_lines
                         .product_uom_qty, 2.0)

    def test_complete_delivery_untouched(self):
        """A complete delivery validates as in Odoo, without decision."""
        self.set_stock(self.desk, self.main_warehouse, 10)
        order = self.sell(self.policy_complete)
        picking = self.delivery(order)
        self.deliver(picking)
        self.assertEqual(picking.state, 'done')
        self.assertFalse(picking.backorder_decision)

    def test_immediate_transfer_follows_policy(self):
        """Validating with no quantity set goes through Odoo's immediate
        transfer wizard; the reserved 6 ship and the policy (cancel
        remainder) applies instead of Odoo's backorder wizard."""
        self.set_stock(self.desk, self.main_warehouse, 6)
        order = self.sell(self.policy_cancel)
        picking = self.delivery(order).sudo(self.stock_user)
        picking.action_assign()
        action = picking.button_validate()
        self.assertEqual(action['res_model'], 'stock.immediate.transfer')
        wizard = self.env['stock.immediate.transfer'].sudo(
            self.stock_user).browse(action['res_id'])
        self.assertFalse(wizard.process())
        self.assertEqual(picking.state, 'done')
        self.assertEqual(order.order_line.qty_delivered, 6.0)
        self.assertFalse(self.backorders_of(picking))

    def test_picking_without_order_keeps_odoo_behaviour(self):
        """A delivery not linked to a sales order still gets Odoo's
        backorder wizard."""
        self.set_stock(self.desk, self.main_warehouse, 6)
        warehouse = self.main_warehouse
        picking = self.env['stock.picking'].sudo(self.stock_user).create({
            'picking_type_id': warehouse.out_type_id.id,
            'location_id': warehouse.lot_stock_id.id,
            'location_dest_id': self.env.ref(
                'stock.stock_location_customers').id,
            'partner_id': self.customer_de.id,
            'move_lines': [(0, 0, {
                'name': 'Desk', 'product_id': self.desk.id,
                'product_uom_qty': 10, 'product_uom': self.uom_unit.id,
                'location_id': warehouse.lot_stock_id.id,
                'location_dest_id': self.env.ref(
                    'stock.stock_location_customers').id,
            })],
        })
        picking.action_confirm()
        self.assertFalse(picking.backorder_policy_id)
        action = self.deliver(picking, {self.desk: 6})
        self.assertEqual(action['res_model'], 'stock.backorder.confirmation')


class TestBackorderMultiDelivery(BackorderCase):
    """An order shipped from two warehouses: each delivery on its own."""

    @classmethod
    def setUpClass(cls):
        super(TestBackorderMultiDelivery, cls).setUpClass()
        berlin = cls.warehouses[0]
        cls.berlin = berlin
        cls.route_berlin = cls.env['stock.location.route'].create({
            'name': 'Test ship from Berlin', 'sale_selectable': True,
            'pull_ids': [(0, 0, {
                'name': 'Berlin -> Customers', 'action': 'move',
                'procure_method': 'make_to_stock',
                'location_id': cls.env.ref(
                    'stock.stock_location_customers').id,
                'location_src_id': berlin.lot_stock_id.id,
                'picking_type_id': berlin.out_type_id.id,
            })],
        })

    def test_each_delivery_follows_policy(self):
        """Allow with a 50% minimum: the main warehouse ships 6 of 10
        desks (backorder of 4) while Berlin's 2 of 5 lamps (40%) are
        refused, then its 3 of 5 ship with their own backorder."""
        self.policy_allow.sudo(self.sale_manager).min_fill_ratio = 50
        self.set_stock(self.desk, self.main_warehouse, 6)
        self.set_stock(self.lamp, self.berlin, 3)
        order = self.create_order(
            self.customer_de, [(self.desk, 10), (self.lamp, 5)],
            backorder_policy_id=self.policy_allow.id)
        lamp_line = order.order_line.filtered(
            lambda line: line.product_id == self.lamp)
        lamp_line.route_id = self.route_berlin
        order.sudo(self.salesman).action_confirm()
        pickings = order.picking_ids
        self.assertEqual(len(pickings), 2)
        main = pickings.filtered(
            lambda p: p.picking_type_id == self.main_warehouse.out_type_id)
        berlin = pickings - main
        self.assertEqual(berlin.picking_type_id, self.berlin.out_type_id)
        self.assertEqual(pickings.mapped('backorder_policy_id'),
                         self.policy_allow)

        self.deliver(main, {self.desk: 6})
        self.assertEqual(main.state, 'done')
        self.assertEqual(self.backorders_of(main).move_lines.product_uom_qty,
                         4.0)
        self.assertNotEqual(berlin.state, 'done')

        with self.assertRaises(UserError) as error:
            self.deliver(berlin, {self.lamp: 2})
        self.assertIn('Only 40%', str(error.exception))
        self.assertIn('3 Unit(s) of Test Lamp', str(error.exception))
        self.deliver(berlin, {self.lamp: 3})
        self.assertEqual(berlin.state, 'done')
        self.assertEqual(
            self.backorders_of(berlin).move_lines.product_uom_qty, 2.0)
        self.assertEqual(
            self.backorders_of(berlin).picking_type_id,
            self.berlin.out_type_id)
        self.assertEqual(
            order.order_line.mapped('qty_delivered'), [6.0, 3.0])
        chatter = self.chatter(order)
        self.assertIn(main.name, chatter)
        self.assertIn(berlin.name, chatter)

    def test_ship_complete_per_delivery(self):
        """Ship complete: the complete Berlin delivery ships, the short
        main one is refused."""
        self.set_stock(self.desk, self.main_warehouse, 6)
        self.set_stock(self.lamp, self.berlin, 5)
        order = self.create_order(
            self.customer_de, [(self.desk, 10), (self.lamp, 5)],
            backorder_policy_id=self.policy_complete.id)
        lamp_line = order.order_line.filtered(
            lambda line: line.product_id == self.lamp)
        lamp_line.route_id = self.route_berlin
        order.sudo(self.salesman).action_confirm()
        main = order.picking_ids.filtered(
            lambda p: p.picking_type_id == self.main_warehouse.out_type_id)
        berlin = order.picking_ids - main
        self.deliver(berlin)
        self.assertEqual(berlin.state, 'done')
        with self.assertRaises(UserError):
            self.deliver(main, {self.desk: 6})
        self.assertNotEqual(main.state, 'done')


class TestBackorderDeliverAllAtOnce(BackorderCase):
    """Interplay with Odoo's shipping policy "deliver all at once"."""

    def test_ship_complete_sets_all_at_once(self):
        """A ship-complete order delivers all at once (move type one)."""
        order = self.sell(self.policy_complete)
        self.assertEqual(order.picking_policy, 'one')
        self.assertEqual(self.delivery(order).move_type, 'one')

    def test_customer_change_to_ship_complete(self):
        """Changing the customer to one with a ship-complete policy
        takes the policy and delivers all at once."""
        self.customer_fr.backorder_policy_id = self.policy_complete
        order = self.create_order(self.customer_de, [(self.desk, 10)])
        self.assertEqual(order.picking_policy, 'direct')
        order.sudo(self.salesman).partner_id = self.customer_fr
        self.assertEqual(order.backorder_policy_id, self.policy_complete)
        self.assertEqual(order.picking_policy, 'one')

    def test_all_at_once_with_allow_policy(self):
        """An order set to deliver all at once under an allow policy:
        the 6 desks still ship with a backorder when the clerk validates
        short, without Odoo's wizard."""
        self.set_stock(self.desk, self.main_warehouse, 6)
        order = self.sell(self.policy_allow, picking_policy='one')
        picking = self.delivery(order)
        self.assertEqual(picking.move_type, 'one')
        self.deliver(picking, {self.desk: 6})
        self.assertEqual(picking.state, 'done')
        self.assertEqual(
            self.backorders_of(picking).move_lines.product_uom_qty, 4.0)


class TestBackorderConfiguration(BackorderCase):

    def test_defaults_customer_then_company(self):
        """Orders take the commercial partner's policy, else the
        company's; a done order's policy cannot change."""
        self.company.backorder_policy_id = self.policy_allow
        self.customer_fr.backorder_policy_id = self.policy_cancel
        contact = self.env['res.partner'].create({
            'name': 'Test Contact', 'parent_id': self.customer_fr.id,
            'type': 'contact'})
        self.assertEqual(contact.backorder_policy_id, self.policy_cancel)
        order = self.create_order(contact, [(self.desk, 1)])
        self.assertEqual(order.backorder_policy_id, self.policy_cancel)
        order_us = self.create_order(self.customer_us, [(self.desk, 1)])
        self.assertEqual(order_us.backorder_policy_id, self.policy_allow)
        order_us.partner_id = self.customer_fr
        self.assertEqual(order_us.backorder_policy_id, self.policy_cancel)
        # Editable while the order is open; open deliveries follow, done
        # ones keep the policy they shipped under.
        self.set_stock(self.desk, self.main_warehouse, 1)
        order_us.sudo(self.salesman).action_confirm()
        self.assertEqual(order_us.picking_ids.backorder_policy_id,
                         self.policy_cancel)
        order_us.sudo(self.salesman).backorder_policy_id = self.policy_allow
        self.assertEqual(order_us.backorder_policy_id, self.policy_allow)
        self.assertEqual(order_us.picking_ids.backorder_policy_id,
                         self.policy_allow)
        self.deliver(order_us.picking_ids)
        order_us.sudo(self.salesman).backorder_policy_id = self.policy_complete
        self.assertEqual(order_us.picking_ids.backorder_policy_id,
                         self.policy_allow)
        order_us.sudo(self.salesman).action_done()
        with self.assertRaises(UserError):
            order_us.sudo(self.salesman).backorder_policy_id = \
                self.policy_cancel

    def test_bad_input(self):
        """Ratio outside 0-100, negative days, another company's policy:
        ValidationError in plain words."""
        Policy = self.env['sale.backorder.policy'].sudo(self.sale_manager)
        with self.assertRaises(ValidationError) as error:
            Policy.create({'name': 'Bad', 'mode': 'allow',
                           'min_fill_ratio': 120})
        self.assertIn('between 0 and 100', str(error.exception))
        with self.assertRaises(ValidationError) as error:
            Policy.create({'name': 'Bad', 'mode': 'allow',
                           'max_backorder_days': -1})
        self.assertIn('cannot be negative', str(error.exception))
        other = self.env['res.company'].create({'name': 'Test Other Co'})
        foreign = self.env['sale.backorder.policy'].create({
            'name': 'Foreign', 'mode': 'allow', 'company_id': other.id})
        with self.assertRaises(ValidationError) as error:
            self.env['sale.order'].create({
                'partner_id': self.customer_de.id,
                'backorder_policy_id': foreign.id})
        self.assertIn('belongs to the company Test Other Co',
                      str(error.exception))
        with self.assertRaises(ValidationError):
            self.company.backorder_policy_id = foreign
        with self.assertRaises(ValidationError):
            self.env['res.partner'].create({
                'name': 'Test Partner', 'company_id': self.company.id,
                'backorder_policy_id': foreign.id})

    def test_access(self):
        """Salesmen read policies, only managers configure them; a
        salesman does not see another company's policies."""
        Policy = self.env['sale.backorder.policy']
        self.assertTrue(Policy.sudo(self.salesman).search(
            [('id', '=', self.policy_allow.id)]))
        with self.assertRaises(AccessError):
            Policy.sudo(self.salesman).create({'name': 'X', 'mode': 'allow'})
        with self.assertRaises(AccessError):
            self.policy_allow.sudo(self.salesman).mode = 'ship_complete'
        other = self.env['res.company'].create({'name': 'Test Other Co'})
        foreign = Policy.create({
            'name': 'Foreign', 'mode': 'allow', 'company_id': other.id})
        self.assertFalse(Policy.sudo(self.salesman).search(
            [('id', '=', foreign.id)]))


class TestBackorderNotice(BackorderCase):
    """Customer notices: content, language, ageing."""

    @classmethod
    def setUpClass(cls):
        super(TestBackorderNotice, cls).setUpClass()
        lang = cls.env['res.lang'].with_context(active_test=False).search(
            [('code', '=', 'fr_FR')])
        if lang:
            lang.active = True
        else:
            cls.env['res.lang'].load_lang('fr_FR')
        cls.customer_fr.lang = 'fr_FR'
        cls.customer_de.lang = 'en_US'
        template_fr = cls.template.with_context(lang='fr_FR')
        body = cls.template.body_html
        for english, french in (
                ('Dear', 'Bonjour'), ('Here is the status of your order',
                                      'Voici où en est votre commande'),
                ('Backordered', 'En reliquat'), ('Shipped', 'Expédié'),
                ('expected on', 'prévu le'), ('Cancelled', 'Annulé'),
                ('Kind regards', 'Cordialement')):
            body = body.replace(english, french)
        template_fr.write({
            'body_html': body,
            'subject': '${object.company_id.name} : votre livraison '
                       '${object.name}'})
        cls.policy_allow.write({
            'notify_customer': True, 'mail_template_id': cls.template.id,
            'max_backorder_days': 10})
        cls.policy_cancel.write({
            'notify_customer': True, 'mail_template_id': cls.template.id})

    def notices(self, picking):
        return picking.message_ids.filtered(
            lambda m: self.template.model == m.model and
            m.partner_ids and m.subject)

    def test_notice_english(self):
        """The English customer is told 6 desks shipped and 4 follow on
        the day the receipts bring them (3 in 5 days, 2 in 8 days)."""
        self.set_stock(self.desk, self.main_warehouse, 6)
        self.receive(self.desk, 3, 5)
        expected_day = self.receive(self.desk, 2, 8)
        self.set_stock(self.chair, self.main_warehouse, 2)
        order = self.sell(self.policy_allow, [(self.desk, 10),
                                              (self.chair, 2)])
        picking = self.delivery(order)
        self.deliver(picking, {self.desk: 6, self.chair: 2})
        backorder = self.backorders_of(picking)
        notice = self.notices(picking)
        self.assertEqual(len(notice), 1)
        self.assertEqual(notice.partner_ids, self.customer_de)
        self.assertIn(picking.name, notice.subject)
        body = notice.body
        self.assertIn('Shipped', body)
        self.assertIn('6 Unit(s) Test Desk', body)
        self.assertIn('2 Unit(s) Test Chair', body)
        self.assertEqual(backorder.backorder_expected_date,
                         fields.Date.to_string(expected_day))
        expected = format_date(self.env(context={'lang': 'en_US'}),
                               backorder.backorder_expected_date)
        self.assertIn('4 Unit(s) Test Desk,\n        expected on %s'
                      % expected, body)
        self.assertIn('%s, expected on %s.' % (backorder.name, expected),
                      self.chatter(order))
        self.assertNotIn('Cancelled', body)
        self.assertIn('The customer was notified by e-mail',
                      self.chatter(order))
        mail = self.env['mail.mail'].search(
            [('mail_message_id', '=', notice.id)])
        self.assertTrue(mail, 'an e-mail is queued for the customer')

    def test_notice_french(self):
        """The French customer gets the notice in French, with the date
        in the French format; cancel remainder lists what is cancelled."""
        self.set_stock(self.desk, self.main_warehouse, 6)
        order = self.sell(self.policy_cancel, partner=self.customer_fr)
        picking = self.delivery(order)
        self.deliver(picking, {self.desk: 6})
        notice = self.notices(picking)
        self.assertEqual(len(notice), 1)
        self.assertIn('votre livraison', notice.subject)
        self.assertIn('Expédié', notice.body)
        self.assertIn('Annulé', notice.body)
        self.assertNotIn('Shipped', notice.body)
        self.assertIn('Test Desk', notice.body)

    def test_french_expected_date_format(self):
        """Expected dates follow the customer's language."""
        self.set_stock(self.desk, self.main_warehouse, 6)
        self.receive(self.desk, 4, 3)
        order = self.sell(self.policy_allow, partner=self.customer_fr)
        picking = self.delivery(order)
        self.deliver(picking, {self.desk: 6})
        backorder = self.backorders_of(picking)
        expected = format_date(self.env(context={'lang': 'fr_FR'}),
                               backorder.backorder_expected_date)
        body = self.notices(picking).body
        self.assertIn('prévu le %s' % expected, body)
        self.assertIn('En reliquat', body)

    def test_no_stock_no_receipt_date_to_be_confirmed(self):
        """Issue 20 (3): webcams no warehouse has and no receipt brings are
        not promised for today: the backorder, the chatter and the notice
        say the date is to be confirmed. A receipt into another warehouse
        does not count; the stock of the delivery's own warehouse does."""
        self.set_stock(self.desk, self.main_warehouse, 6)
        self.receive(self.desk, 10, 2, warehouse=self.warehouses[0])
        order = self.sell(self.policy_allow)
        picking = self.delivery(order)
        self.deliver(picking, {self.desk: 6})
        backorder = self.backorders_of(picking)
        self.assertFalse(backorder.backorder_expected_date)
        self.assertFalse(backorder.move_lines.backorder_expected_date)
        self.assertIn('%s, date to be confirmed.' % backorder.name,
                      self.chatter(order))
        body = self.notices(picking).body
        self.assertIn('date to be confirmed', body)
        self.assertNotIn('expected on', body)

    def test_stock_in_own_warehouse_expected_today(self):
        """Stock free in the delivery's warehouse now (the clerk shipped
        less): the backorder is expected today."""
        self.set_stock(self.desk, self.main_warehouse, 10)
        order = self.sell(self.policy_allow)
        picking = self.delivery(order)
        self.deliver(picking, {self.desk: 6})
        backorder = self.backorders_of(picking)
        self.assertEqual(backorder.backorder_expected_date,
                         fields.Date.context_today(backorder))

    def test_ageing_cancels_old_backorders(self):
        """A backorder older than the policy's 10 days is cancelled by the
        daily action, with the same notice and a chatter message."""
        self.set_stock(self.desk, self.main_warehouse, 6)
        order = self.sell(self.policy_allow)
        picking = self.delivery(order)
        self.deliver(picking, {self.desk: 6})
        backorder = self.backorders_of(picking)
        Picking = self.env['stock.picking']
        today = fields.Date.from_string(fields.Date.context_today(Picking))
        in_days = lambda days: fields.Date.to_string(  # noqa: E731
            today + datetime.timedelta(days=days))
        self.assertFalse(Picking._cron_cancel_expired_backorders(in_days(10)))
        self.assertNotEqual(backorder.state, 'cancel')
        expired = Picking._cron_cancel_expired_backorders(in_days(11))
        self.assertEqual(expired, backorder)
        self.assertEqual(backorder.state, 'cancel')
        self.assertIn('more than 10 days', backorder.backorder_decision)
        chatter = self.chatter(order)
        self.assertIn('Backorder cancelled', chatter)
        notice = self.notices(backorder)
        self.assertEqual(len(notice), 1)
        self.assertIn('Cancelled', notice.body)
        self.assertIn('4 Unit(s) Test Desk', notice.body)
        cron = self.env.ref('sales_order_mgmt.ir_cron_backorder_ageing')
        self.assertEqual(cron.interval_type, 'days')
        self.assertTrue(cron.active)

    def test_ageing_many_open_backorders(self):
        """The daily action on a database with thousands of open backorders
        that are not due yet finishes in a fraction of a second and cancels
        only the one that is due. (It used to load every open backorder to
        compare dates in Python: 36 s for 20,000 in `make bench-big`, on
        the way to a scheduled action killed at limit_time_real.)"""
        self.set_stock(self.desk, self.main_warehouse, 6)
        order = self.sell(self.policy_allow)
        picking = self.delivery(order)
        self.deliver(picking, {self.desk: 6})
        backorder = self.backorders_of(picking)
        # 5,000 more open backorders of the same delivery, five days
        # younger: copies of its row (the ORM would take minutes).
        self.env.cr.execute("""
            SELECT column_name FROM information_schema.columns
             WHERE table_name = 'stock_picking' AND column_name != 'id'""")
        names = [row[0] for row in self.env.cr.fetchall()]
        values = [sql.SQL("name || '-' || n") if name == 'name' else
                  sql.SQL("create_date + interval '5 days'")
                  if name == 'create_date' else sql.Identifier(name)
                  for name in names]
        self.env.cr.execute(sql.SQL(
            'INSERT INTO stock_picking ({names}) SELECT {values} '
            'FROM stock_picking, generate_series(1, 5000) n '
            'WHERE id = %s').format(
                names=sql.SQL(', ').join(map(sql.Identifier, names)),
                values=sql.SQL(', ').join(values)), (backorder.id,))
        Picking = self.env['stock.picking']
        Picking.invalidate_cache()
        today = fields.Date.from_string(fields.Date.context_today(Picking))
        due = fields.Date.to_string(today + datetime.timedelta(days=11))
        started = time.time()
        expired = Picking._cron_cancel_expired_backorders(due)
        seconds = time.time() - started
        self.assertEqual(expired, backorder)
        self.assertEqual(backorder.state, 'cancel')
        self.assertEqual(Picking.search_count([
            ('backorder_id', '=', picking.id),
            ('state', 'not in', ('done', 'cancel'))]), 5000)
        self.assertLess(seconds, 2.0, msg='%.1f s' % seconds)

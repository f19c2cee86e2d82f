# Copyright 2026 sales_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The customer's portal order page, over real HTTP, gives a backorder the
expected date the order and the backorder notice give, or says it is to be
confirmed (issue 20, item 3)."""
import datetime

from odoo import fields
from odoo.tools.misc import format_date

from .browser import HttpServerCase
from .common import OrderFixtures


class TestBackorderPortal(OrderFixtures, HttpServerCase):

    def setUp(self):
        super(TestBackorderPortal, self).setUp()
        with self.db():
            self.setup_fixtures(self.env)
            self.policy = self.env['sale.backorder.policy'].sudo(
                self.sale_manager).create({
                    'name': 'Test allow', 'mode': 'allow',
                    'notify_customer': True,
                    'mail_template_id': self.env.ref(
                        'sales_order_mgmt.mail_template_backorder_notice').id})
            self.customer_de.lang = 'en_US'
            self.set_stock(self.desk, self.main_warehouse, 6)
            self.commit_fixtures()

    def receive(self, qty, days):
        """A receipt of ``qty`` desks into the main warehouse, expected in
        ``days`` days."""
        when = fields.Date.from_string(fields.Date.context_today(
            self.env['stock.picking'])) + datetime.timedelta(days=days)
        picking_type = self.main_warehouse.in_type_id
        supplier = self.env.ref('stock.stock_location_suppliers')
        receipt = self.env['stock.picking'].create({
            'picking_type_id': picking_type.id,
            'location_id': supplier.id,
            'location_dest_id': picking_type.default_location_dest_id.id,
            'move_lines': [(0, 0, {
                'name': self.desk.name, 'product_id': self.desk.id,
                'product_uom_qty': qty, 'product_uom': self.desk.uom_id.id,
                'location_id': supplier.id,
                'location_dest_id':
                    picking_type.default_location_dest_id.id,
                'date_expected': fields.Datetime.to_string(
                    datetime.datetime.combine(when, datetime.time(12))),
            })]})
        receipt.action_confirm()

    def ship_six_of_ten(self):
        """10 desks sold, 6 shipped: the backorder of 4, its notice and
        the portal page's text."""
        with self.db():
            order = self.create_order(self.customer_de, [(self.desk, 10)],
                                      backorder_policy_id=self.policy.id)
            order.sudo(self.salesman).action_confirm()
            picking = order.picking_ids
            self.deliver(picking, {self.desk: 6})
            backorder = self.env['stock.picking'].search(
                [('backorder_id', '=', picking.id)])
            notice = '\n'.join(picking.message_ids.filtered(
                lambda m: m.partner_ids and m.subject).mapped('body'))
            if not order.access_token:
                order.access_token = 'portal-backorder-token-0123456789'
            url = '%s/my/orders/%s?access_token=%s' % (
                self.base_url, order.id, order.access_token)
            self.commit_fixtures()
        page = self.opener.get(url, timeout=60)
        self.assertEqual(page.status_code, 200)
        return order, backorder, notice, page.text

    def test_portal_shows_expected_date_of_backorder(self):
        """4 desks follow with a receipt in 8 days: the order's backorder,
        the notice and the portal page give the same day."""
        with self.db():
            self.receive(4, 8)
            self.commit_fixtures()
        order, backorder, notice, page = self.ship_six_of_ten()
        self.assertTrue(backorder.backorder_expected_date)
        expected = 'expected on %s' % format_date(
            self.env(context={'lang': 'en_US'}),
            backorder.backorder_expected_date)
        self.assertIn(expected, notice)
        self.assertIn('%s, %s.' % (backorder.name, expected),
                      '\n'.join(order.message_ids.mapped('body')))
        self.assertIn(backorder.name, page)
        self.assertIn('Backordered, <span class="o_som_backorder_expected">'
                      '%s</span>' % expected, page)

    def test_portal_date_to_be_confirmed(self):
        """Nothing brings the 4 desks: no date on the order, the notice
        says "date to be confirmed", and so does the portal, instead of
        the delivery's scheduled date."""
        order, backorder, notice, page = self.ship_six_of_ten()
        self.assertFalse(backorder.backorder_expected_date)
        self.assertIn('date to be confirmed', notice)
        self.assertIn('Backordered, <span class="o_som_backorder_expected">'
                      'date to be confirmed</span>', page)
        self.assertNotIn('Being prepared, expected on', page)

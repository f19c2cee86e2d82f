# Copyright 2026 sales_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""After-sale, delivered: a user or the carrier (token, real HTTP) marks a
done delivery delivered; the order gets its delivered date and state, the
customer a notice in their language; refusals write nothing."""
import base64
import io
import json
from datetime import datetime, timedelta

from PIL import Image

from odoo import fields
from odoo.exceptions import AccessError, UserError

from ..engine import aftersale
from .browser import HttpServerCase
from .common import OrderFixtures
from .test_tracking import TrackingCase


def proof_png():
    image = Image.new('RGB', (200, 80), 'white')
    for x in range(20, 180):
        image.putpixel((x, 40), (0, 0, 0))
    buffer = io.BytesIO()
    image.save(buffer, 'PNG')
    return base64.b64encode(buffer.getvalue()).decode()


class TestDelivered(TrackingCase):

    @classmethod
    def setUpClass(cls):
        super(TestDelivered, cls).setUpClass()
        cls.env['res.lang'].load_lang('de_DE')
        cls.customer_de.lang = 'de_DE'
        cls.customer_us.lang = 'en_US'
        template = cls.env.ref(
            'sales_order_mgmt.mail_template_delivered_notice')
        template.with_context(lang='de_DE').write({
            'subject': 'Ihre Bestellung ${object.sale_id.name} wurde '
                       'zugestellt',
            'body_html': '<p>Zugestellt: ${object.name}, empfangen von '
                         '${object.delivered_received_by}</p>',
        })

    def shipped(self, partner=None, quantities=None):
        order = self.confirmed_order([(self.desk, 3), (self.chair, 2)],
                                     partner=partner or self.customer_us)
        picking = order.picking_ids
        if quantities:
            self.validate_with_backorder(picking, quantities)
        else:
            self.deliver(picking)
        return order, picking

    def test_user_marks_delivered_order_and_notice(self):
        """The warehouse clerk marks the delivery delivered with the
        recipient's name and signature: the order is delivered on that
        date, the customer is e-mailed, the order's chatter says so."""
        order, picking = self.shipped()
        self.assertEqual(order.fulfilment_state, 'shipped')
        when = fields.Datetime.now()
        picking.sudo(self.stock_user).mark_delivered(
            date=when, received_by='Anna Receiver', proof=proof_png())
        self.assertEqual(picking.delivered_date, when)
        self.assertEqual(picking.delivered_received_by, 'Anna Receiver')
        self.assertTrue(picking.delivered_proof)
        self.assertEqual(order.fulfilment_state, 'delivered')
        self.assertEqual(order.delivered_date, when)
        message = picking.message_ids.filtered(
            lambda m: self.customer_us in m.partner_ids)
        self.assertEqual(len(message), 1)
        self.assertIn('was delivered', message.subject)
        self.assertIn('Anna Receiver', message.body)
        self.assertIn('3 Unit(s) Test Desk', message.body)
        self.assertTrue(any(
            picking.name in body and 'Anna Receiver' in body
            for body in self.messages(order)))
        # The order's delivered state is a complete state (KPIs).
        self.assertTrue(order.on_time)

    def test_notice_in_customer_language(self):
        order, picking = self.shipped(partner=self.customer_de)
        picking.sudo(self.salesman).mark_delivered(received_by='Jan')
        message = picking.message_ids.filtered(
            lambda m: self.customer_de in m.partner_ids)
        self.assertEqual(message.subject,
                         'Ihre Bestellung %s wurde zugestellt' % order.name)
        self.assertIn('empfangen von Jan', message.body)

    def test_partial_delivery_not_delivered_until_the_last(self):
        """Shipped in two deliveries: the order is delivered when both
        are, on the later date."""
        order, picking = self.shipped(quantities={self.desk: 3})
        picking.sudo(self.stock_user).action_mark_delivered()
        self.assertEqual(order.fulfilment_state, 'partially_shipped')
        self.assertFalse(order.delivered_date)
        backorder = order.picking_ids - picking
        self.deliver(backorder)
        self.assertEqual(order.fulfilment_state, 'shipped')
        backorder.sudo(self.stock_user).action_mark_delivered()
        self.assertEqual(order.fulfilment_state, 'delivered')
        self.assertEqual(order.delivered_date, backorder.delivered_date)

    def test_refusals_write_nothing(self):
        order, picking = self.shipped()
        open_order = self.confirmed_order(partner=self.customer_us)
        clerk = picking.sudo(self.stock_user)
        cases = [
            (open_order.picking_ids.sudo(self.stock_user), {},
             'not a shipped delivery'),
            (clerk, {'date': fields.Datetime.to_string(
                datetime.now() + timedelta(days=2))}, 'in the future'),
            (clerk, {'date': '2001-01-01 00:00:00'}, 'before it shipped'),
            (clerk, {'date': 'yesterday'}, 'must be a date'),
            (clerk, {'proof': 'bm90IGFuIGltYWdl'}, 'proof of delivery'),
            (clerk, {'received_by': ''}, None),
        ]
        for records, kwargs, text in cases:
            with self.assertRaises(UserError) as caught:
                records.mark_delivered(**kwargs)
            if text:
                self.assertIn(text, caught.exception.name)
        picking.invalidate_cache()
        self.assertFalse(picking.delivered_date)
        self.assertEqual(order.fulfilment_state, 'shipped')
        clerk.mark_delivered()
        with self.assertRaises(UserError) as caught:
            clerk.mark_delivered()
        self.assertIn('already marked delivered', caught.exception.name)

    def test_fields_only_through_mark_delivered(self):
        order, picking = self.shipped()
        with self.assertRaises(UserError):
            picking.sudo(self.stock_user).write(
                {'delivered_date': fields.Datetime.now()})
        with self.assertRaises(UserError):
            picking.sudo().write({'delivered_received_by': 'X'})
        self.assertFalse(picking.delivered_date)

    def test_only_warehouse_and_sales_users(self):
        order, picking = self.shipped()
        with self.assertRaises(AccessError):
            picking.sudo(self.accountant).mark_delivered()
        self.assertFalse(picking.delivered_date)


class TestCarrierRoute(OrderFixtures, HttpServerCase):
    """The carrier's JSON route, over real HTTP."""

    def setUp(self):
        super(TestCarrierRoute, self).setUp()
        with self.db():
            self.build()
            self.commit_fixtures()

    def build(self):
        self.setup_fixtures(self.env)
        self.set_stock(self.desk, self.main_warehouse, 100)
        order = self.create_order(self.customer_us, [(self.desk, 2)])
        order.action_confirm()
        self.order = order
        self.picking = order.picking_ids
        self.picking.write({'carrier_name': 'DHL',
                            'carrier_tracking_ref': 'JJD000111'})
        self.deliver(self.picking)
        self.token = 'carrier-secret-token-0123456789'
        self.carrier = self.env['sale.carrier.token'].create({
            'name': 'dhl', 'company_id': self.company.id})
        self.carrier.sudo().write({
            'token_hash': aftersale.hash_token(self.token)})

    def post(self, params, raw=None):
        data = raw if raw is not None else json.dumps(
            {'jsonrpc': '2.0', 'method': 'call', 'params': params})
        response = self.opener.post(
            self.base_url + '/sales_order_mgmt/carrier/delivered',
            data=data, headers={'Content-Type': 'application/json'},
            timeout=60)
        self.assertNotIn('Traceback', response.text)
        return response

    def state(self):
        with self.db() as env:
            picking = env['stock.picking'].browse(self.picking.id)
            order = env['sale.order'].browse(self.order.id)
            return (picking.delivered_date, picking.delivered_by_carrier,
                    order.fulfilment_state)

    def test_carrier_confirms_with_its_token(self):
        answer = self.post({'token': self.token, 'reference': 'JJD000111',
                            'received_by': 'Front desk',
                            'proof': proof_png()}).json()['result']
        self.assertEqual(answer.get('delivery'), self.picking.name, answer)
        date, carrier, state = self.state()
        self.assertTrue(date)
        self.assertEqual(carrier, 'dhl')
        self.assertEqual(state, 'delivered')
        # The hash only is stored.
        with self.db() as env:
            env.cr.execute('SELECT token_hash FROM sale_carrier_token '
                           'WHERE id = %s', (self.carrier.id,))
            self.assertNotIn(self.token, env.cr.fetchone()[0])

    def test_wrong_expired_and_bad_input_write_nothing(self):
        good = {'token': self.token, 'reference': 'JJD000111'}
        variants = [
            (dict(good, token='wrong'), 'not valid'),
            (dict(good, token=''), 'not valid'),
            (dict(good, token=['x']), 'not valid'),
            (dict(good, token='x' * 10000), 'not valid'),
            (dict(good, reference='OTHER'), 'No delivery'),
            (dict(good, reference={'a': 1}), 'not valid'),
            (dict(good, delivered_at='tomorrow'), 'must be a date'),
            (dict(good, delivered_at='2099-01-01 00:00:00'), 'future'),
            (dict(good, received_by=42), 'not valid'),
            (dict(good, proof='<script>'), 'proof of delivery'),
            (dict(good, unexpected='x'), 'not valid'),
        ]
        for params, text in variants:
            result = self.post(params).json().get('result') or {}
            self.assertIn(text, result.get('error', ''), (params, result))
        for raw in ('{not json', '[]', 'null'):
            response = self.post(None, raw=raw)
            self.assertNotIn('"success"', response.text)
        self.assertEqual(self.state(), (False, False, 'shipped'))
        # Expired, then another carrier's delivery.
        with self.db() as env:
            env['sale.carrier.token'].browse(self.carrier.id).write(
                {'expiry_date': '2020-01-01'})
            self.commit_fixtures()
        result = self.post(good).json()['result']
        self.assertIn('expired', result.get('error', ''), result)
        with self.db() as env:
            env['sale.carrier.token'].browse(self.carrier.id).write(
                {'expiry_date': False, 'name': 'UPS'})
            self.commit_fixtures()
        result = self.post(good).json()['result']
        self.assertIn('No delivery of UPS', result.get('error', ''), result)
        self.assertEqual(self.state(), (False, False, 'shipped'))

    def shown_token(self, env, action):
        """The token the "shown once" dialog displays, as the web client
        loads it (the record it opens, or the new record's defaults)."""
        model = env[action['res_model']].with_context(
            **(action.get('context') or {}))
        if action.get('res_id'):
            return model.browse(action['res_id']).token
        return model.default_get(['token']).get('token')

    def test_generated_token_stored_nowhere_in_clear(self):
        """The manager generates a token: the dialog shows it, no row of
        the database holds it (only its hash), and the route accepts it."""
        with self.db() as env:
            carrier = env['sale.carrier.token'].sudo(
                self.sale_manager).browse(
                self.carrier.id)
            action = carrier.action_generate_token()
            token = self.shown_token(env, action)
            self.commit_fixtures()
        self.assertTrue(token and len(token) >= 32)
        with self.db() as env:
            for table in ('sale_carrier_token', 'sale_carrier_token_show'):
                env.cr.execute(
                    "SELECT COUNT(*) FROM information_schema.tables "
                    "WHERE table_name = %s", (table,))
                if not env.cr.fetchone()[0]:
                    continue
                env.cr.execute(
                    'SELECT row_to_json(t)::text FROM %s t' % table)
                for (row,) in env.cr.fetchall():
                    self.assertNotIn(token, row, table)
        answer = self.post({'token': token,
                            'reference': 'JJD000111'}).json()['result']
        self.assertEqual(answer.get('delivery'), self.picking.name, answer)
        # The old token stopped working when the new one was made.
        self.assertIn('not valid', self.post(
            {'token': self.token, 'reference': 'JJD000111'}).json()[
                'result'].get('error', ''))

    def test_other_company_carrier_cannot_confirm(self):
        """A carrier token of another company, with the same carrier name,
        confirms nothing of this company (by tracking reference or by
        delivery name) and learns nothing about the order."""
        with self.db() as env:
            other = env['res.company'].create({'name': 'Other Co carriers'})
            env['sale.carrier.token'].create({
                'name': 'DHL', 'company_id': other.id}).write({
                    'token_hash': aftersale.hash_token('other-co-token-99')})
            self.commit_fixtures()
        for reference in ('JJD000111', self.picking.name):
            response = self.post({'token': 'other-co-token-99',
                                  'reference': reference})
            result = response.json()['result']
            self.assertIn('No delivery of DHL', result.get('error', ''),
                          result)
            self.assertNotIn(self.order.name, response.text)
            self.assertNotIn(self.customer_us.name, response.text)
        self.assertEqual(self.state(), (False, False, 'shipped'))

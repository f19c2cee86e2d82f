# Copyright 2026 sales_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""After-sale on the portal, over real HTTP: the order page shows its
deliveries' status; the holder of the order's link asks for a return;
a wrong token or bad input writes nothing."""
import json

from .browser import HttpServerCase
from .common import OrderFixtures


class TestPortalReturn(OrderFixtures, HttpServerCase):

    def setUp(self):
        super(TestPortalReturn, self).setUp()
        with self.db():
            self.build()
            self.commit_fixtures()

    def build(self):
        self.setup_fixtures(self.env)
        self.set_stock(self.desk, self.main_warehouse, 100)
        order = self.create_order(self.customer_us, [(self.desk, 10)])
        order.action_confirm()
        self.deliver(order.picking_ids)
        order.picking_ids.sudo(self.stock_user).action_mark_delivered()
        if not order.access_token:
            order.access_token = 'portal-return-token-0123456789'
        self.order = order
        self.token = order.access_token
        self.line = order.order_line
        self.reason = self.env.ref(
            'sales_order_mgmt.sale_return_reason_damaged')
        other = self.create_order(self.customer_fr, [(self.desk, 1)])
        other.action_confirm()
        self.other_line = other.order_line

    def post(self, params):
        response = self.opener.post(
            self.base_url + '/my/orders/return', data=json.dumps(
                {'jsonrpc': '2.0', 'method': 'call', 'params': params}),
            headers={'Content-Type': 'application/json'}, timeout=60)
        self.assertEqual(response.status_code, 200)
        self.assertNotIn('Traceback', response.text)
        return response.json().get('result') or {}

    def returns(self):
        with self.db() as env:
            return [(ret.origin, ret.state, ret.line_ids.quantity)
                    for ret in env['sale.return'].search(
                        [('order_id', '=', self.order.id)])]

    def good(self, **changes):
        params = {'res_id': self.order.id, 'access_token': self.token,
                  'lines': {str(self.line.id): 2}, 'reason_id': self.reason.id,
                  'resolution': 'refund', 'note': 'Two arrived broken'}
        params.update(changes)
        return params

    def test_page_shows_deliveries_then_return_by_token(self):
        page = self.opener.get('%s/my/orders/%s?access_token=%s' % (
            self.base_url, self.order.id, self.token), timeout=60)
        self.assertEqual(page.status_code, 200)
        self.assertIn(self.order.picking_ids.name, page.text)
        self.assertIn('Delivered on', page.text)
        self.assertIn('o_som_return_form', page.text)
        result = self.post(self.good())
        self.assertIn('success', result, result)
        self.assertEqual(self.returns(), [('portal', 'requested', 2.0)])
        # More than is left (8) is refused, nothing written.
        result = self.post(self.good(lines={str(self.line.id): 9}))
        self.assertIn('Only 8 of Test Desk', result.get('error', ''))
        self.assertEqual(self.returns(), [('portal', 'requested', 2.0)])
        page = self.opener.get('%s/my/orders/%s?access_token=%s' % (
            self.base_url, self.order.id, self.token), timeout=60)
        self.assertIn('RMA/', page.text)

    def test_wrong_token_and_bad_input_write_nothing(self):
        variants = [
            (self.good(access_token='wrong'), 'not valid for this order'),
            (self.good(access_token=None), 'not valid'),
            (self.good(access_token=['x']), 'not valid'),
            (self.good(res_id='1; DROP TABLE sale_order'), 'not valid'),
            (self.good(res_id=2 ** 70), 'not valid'),
            (self.good(lines=[]), 'not valid'),
            (self.good(lines={'abc': 1}), 'not valid'),
            (self.good(lines={str(self.line.id): 'many'}), 'not valid'),
            (self.good(lines={str(self.line.id): [1]}), 'not valid'),
            (self.good(lines={str(self.other_line.id): 1}),
             'Only the lines of order'),
            (self.good(lines={str(self.line.id): -1}), 'negative'),
            (self.good(lines={str(self.line.id): 0}), 'takes nothing back'),
            (self.good(reason_id=0), 'not valid'),
            (self.good(reason_id=999999), 'return reasons'),
            (self.good(resolution='cash'), 'not valid'),
            (self.good(note='x' * 5000), 'not valid'),
            (self.good(extra='x'), 'not valid'),
        ]
        for params, text in variants:
            result = self.post(params)
            self.assertIn(text, result.get('error', ''), (params, result))
        self.assertEqual(self.returns(), [])

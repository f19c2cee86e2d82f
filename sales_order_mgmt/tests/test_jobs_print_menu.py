# Copyright 2026 sales_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The web client's Print menu on many orders, over real HTTP: above the
print threshold /report/download starts a background task and answers with
the message the web client shows; below it the PDF comes as in Odoo; a
selection with an order the user may not read is refused as Odoo does."""
import html
import json

from odoo.tests.common import get_db_name

from .browser import HttpServerCase
from .common import OrderFixtures

DOWNLOAD = '/report/download'


class TestPrintMenuInBackground(OrderFixtures, HttpServerCase):

    def setUp(self):
        super(TestPrintMenuInBackground, self).setUp()
        with self.db():
            self.setup_fixtures(self.env)
            self.orders = self.env['sale.order']
            for qty in (1, 2, 3):
                self.orders |= self.create_order(
                    self.customer_de, [(self.desk, qty)])
            self.env['ir.config_parameter'].sudo().set_param(
                'sales_order_mgmt.job_threshold_print_documents', '2')
            self.commit_fixtures()
        self.login_as(self.salesman)

    def login_as(self, user):
        """Log in over HTTP, as the web client does (password = login)."""
        answer = self.opener.post(
            self.base_url + '/web/session/authenticate', timeout=60,
            data=json.dumps({'jsonrpc': '2.0', 'method': 'call', 'params': {
                'db': get_db_name(), 'login': user.login,
                'password': user.login}}),
            headers={'Content-Type': 'application/json'}).json()
        self.assertEqual(answer['result']['uid'], user.id)

    def download(self, orders, report='sale.report_saleorder'):
        """What the web client posts for Print > <report> on ``orders``."""
        url = '/report/pdf/%s/%s' % (report, ','.join(
            str(order_id) for order_id in orders.ids))
        return self.opener.post(self.base_url + DOWNLOAD, data={
            'data': json.dumps([url, 'qweb-pdf']), 'token': 'som-42',
            'csrf_token': self.csrf()}, timeout=120)

    def csrf(self):
        page = self.opener.get(self.base_url + '/web', timeout=60).text
        return page.split('csrf_token: "', 1)[1].split('"', 1)[0]

    def tasks(self):
        with self.db() as env:
            return env['sale.job'].search([('kind', '=', 'print')])

    def test_above_threshold_a_task_and_a_message(self):
        response = self.download(self.orders)
        self.assertNotIn('application/pdf',
                         response.headers.get('Content-Type', ''))
        answer = json.loads(html.unescape(response.text))
        self.assertEqual(answer['data']['exception_type'], 'user_error')
        message = answer['data']['message']
        self.assertIn('3 documents are printed in the background', message)
        self.assertIn('Sales > Background tasks', message)
        tasks = self.tasks()
        self.assertEqual(len(tasks), 1)
        with self.db():
            self.assertEqual((tasks.units_total, tasks.user_id),
                             (3, self.salesman))
            self.assertIn(tasks.name, message)
            self.assertEqual(json.loads(tasks.params)['report'],
                             'sale.action_report_saleorder')

    def test_below_threshold_the_pdf_as_in_odoo(self):
        response = self.download(self.orders[:2])
        self.assertEqual(response.status_code, 200)
        self.assertIn('application/pdf', response.headers['Content-Type'])
        # (Odoo renders HTML instead of calling wkhtmltopdf in test mode.)
        self.assertIn('attachment', response.headers['Content-Disposition'])
        self.assertFalse(self.tasks())

    def test_an_order_of_another_salesman_is_refused(self):
        with self.db():
            other = self.create_order(self.customer_fr, [(self.desk, 1)],
                                      user=self.sale_manager)
            self.commit_fixtures()
        response = self.download(self.orders | other)
        self.assertNotIn('application/pdf',
                         response.headers.get('Content-Type', ''))
        self.assertNotIn('printed in the background', response.text)
        self.assertFalse(self.tasks())

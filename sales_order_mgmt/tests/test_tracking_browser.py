# Copyright 2026 sales_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Real browser: a sales manager opens Sales > Reporting > Fulfilment."""
from selenium.webdriver.common.by import By

from .browser import BrowserCase
from .common import OrderFixtures


class TestTrackingBrowser(OrderFixtures, BrowserCase):

    def setUp(self):
        super(TestTrackingBrowser, self).setUp()
        # Leave the previous test's page (its long-polling requests share
        # the test cursor) before building data on the shared cursor.
        self.browser.get('about:blank')
        with self.db():
            self.build_orders()
            self.commit_fixtures()

    def build_orders(self):
        """Four orders: shipped, partially shipped, shipped, to ship."""
        self.setup_fixtures(self.env)
        for product in (self.desk, self.chair):
            self.set_stock(product, self.main_warehouse, 1000)
        self.orders = self.env['sale.order']
        for channel, partner, desks, shipped in (
                ('phone', self.customer_de, 10, 10),
                ('phone', self.customer_fr, 10, 6),
                ('web', self.customer_us, 8, 8),
                ('email', self.customer_de, 5, 0)):
            order = self.create_order(
                partner, [(self.desk, desks), (self.chair, 2)],
                entry_channel=channel)
            order.action_confirm()
            if shipped < desks:
                order.picking_ids.write({
                    'carrier_name': 'DHL', 'carrier_tracking_ref': 'JJD0123'})
            if shipped:
                result = self.deliver(order.picking_ids, {
                    self.desk: shipped, self.chair: 2})
                if isinstance(result, dict):  # keep a backorder
                    self.env[result['res_model']].browse(
                        result['res_id']).process()
            self.orders |= order

    def test_manager_opens_fulfilment_pivot(self):
        """The pivot shows the KPIs by month and entry channel."""
        action = self.env.ref('sales_order_mgmt.sale_fulfilment_report_action')
        self.login(self.sale_manager)
        self.browser.get('about:blank')
        self.browser.get('%s/web#action=%d' % (self.base_url, action.id))
        pivot = self.wait_for('.o_pivot table')
        self.wait_for_client_idle()
        headers = self.browser.find_element(By.CSS_SELECTOR, '.o_pivot').text
        for text in ('Orders', 'Fill rate (%)', 'On-time rate (%)',
                     'Processing hours', 'Phone', 'Web', 'E-mail'):
            self.assertIn(text, headers)
        # Fill rates (12 units an order): phone (12/12 + 8/12) / 2 =
        # 83.33%; all orders that shipped: (100 + 66.67 + 100) / 3.
        self.assertIn('83.33', pivot.text)
        self.assertIn('88.89', pivot.text)
        self.assertEqual(self.severe_console_entries(), [])
        self.screenshot('tracking_fulfilment_pivot.png')

    def test_order_form_shows_deliveries(self):
        """The order's Fulfilment tab lists its deliveries with state."""
        order = self.orders[1]
        names = order.picking_ids.mapped('name')
        self.assertEqual(len(names), 2)  # done + backorder
        self.login(self.salesman)
        self.open_record(order)
        tab = self.browser.find_element(
            By.XPATH, "//a[@role='tab' and contains(., 'Fulfilment')]")
        tab.click()
        page = self.wait_for_text('.tab-pane.active', 'Partially shipped')
        for name in names:
            self.assertIn(name, page.text)
        self.assertIn('Done', page.text)
        self.assertIn('Carrier', page.text)
        self.assertIn('JJD0123', page.text)
        self.assertEqual(self.severe_console_entries(), [])
        self.screenshot('tracking_order_fulfilment.png')

# Copyright 2026 sales_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Real browser: a warehouse clerk validates short deliveries."""
from selenium.webdriver.common.by import By

from .browser import BrowserCase
from .common import OrderFixtures


class TestBackorderBrowser(OrderFixtures, BrowserCase):

    def setUp(self):
        super(TestBackorderBrowser, self).setUp()
        # No page of a previous test may use the shared cursor meanwhile.
        self.browser.get('about:blank')
        with self.db():
            self.setup_fixtures(self.env)
            Policy = self.env['sale.backorder.policy']
            self.policy_allow = Policy.create({
                'name': 'Partial OK, backorder the rest', 'mode': 'allow',
                'min_fill_ratio': 50, 'max_backorder_days': 30,
                'notify_customer': True})
            self.policy_complete = Policy.create({
                'name': 'Complete deliveries only',
                'mode': 'ship_complete'})
            self.set_stock(self.desk, self.main_warehouse, 6)

    def short_delivery(self, policy):
        """A confirmed order of 10 desks, its delivery with 6 done."""
        with self.db():
            order = self.create_order(self.customer_de, [(self.desk, 10)],
                                      backorder_policy_id=policy.id)
            order.action_confirm()
            picking = order.picking_ids
            picking.action_assign()
            picking.move_line_ids.qty_done = 6
            self.commit_fixtures()
        return order, picking

    def click_validate(self):
        self.browser.find_element(
            By.XPATH,
            "//div[@class='o_statusbar_buttons']/button["
            "normalize-space()='Validate' and "
            "not(contains(@class, 'o_invisible_modifier'))]").click()

    def test_ship_complete_refused_in_the_client(self):
        """Ship complete: clicking Validate on 6 of 10 desks shows why it
        is refused, and the delivery stays open."""
        order, picking = self.short_delivery(self.policy_complete)
        self.login(self.stock_user)
        self.open_record(picking)
        form = self.wait_for_text('.o_form_view', 'Complete deliveries only')
        self.click_validate()
        dialog = self.wait_for_text(
            '.modal-dialog', 'only accepts complete deliveries')
        self.assertIn('Missing: 4 Unit(s) of Test Desk', dialog.text)
        self.screenshot('backorder_ship_complete_refused.png')
        with self.db():
            picking.invalidate_cache()
            self.assertNotEqual(picking.state, 'done')
        self.assertTrue(form)

    def test_allow_ships_without_wizard(self):
        """Allow: clicking Validate ships the 6 desks straight away (no
        backorder wizard); the delivery shows the decision."""
        order, picking = self.short_delivery(self.policy_allow)
        self.login(self.stock_user)
        self.open_record(picking)
        self.wait_for_text('.o_form_view', 'Partial OK')
        self.click_validate()
        form = self.wait_for_text(
            '.o_form_view', 'a backorder will follow for')
        self.assertFalse(self.browser.find_elements(
            By.CSS_SELECTOR, '.modal-dialog'))
        self.assertIn('60% of this delivery ships now', form.text)
        self.wait_for_client_idle()
        self.screenshot('backorder_delivery_decision.png')
        with self.db():
            picking.invalidate_cache()
            self.assertEqual(picking.state, 'done')
        # The order's chatter tells the salesman.
        self.login(self.salesman)
        self.open_record(order)
        message = self.wait_for_text('.o_thread_message',
                                     'a backorder will follow')
        self.browser.execute_script(
            'arguments[0].scrollIntoView({block: "center"});', message)
        self.screenshot('backorder_order_chatter.png')

    def test_manager_sees_policy_form(self):
        """A sales manager configures policies in Sales > Configuration."""
        with self.db():
            self.commit_fixtures()
        self.login(self.sale_manager)
        self.open_record(self.policy_allow)
        form = self.wait_for_text('.o_form_view', 'Minimum fill ratio')
        self.assertIn('Partial OK, backorder the rest', form.text)
        self.screenshot('backorder_policy_form.png')

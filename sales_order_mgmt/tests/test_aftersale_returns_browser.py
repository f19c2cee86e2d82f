# Copyright 2026 sales_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Real browser: a return from the order form to its resolution (a sales
manager who also receives goods: request, approve, receive, credit note)."""
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as expected

from .browser import BrowserCase
from .common import OrderFixtures


class TestReturnsBrowser(OrderFixtures, BrowserCase):

    def setUp(self):
        super(TestReturnsBrowser, self).setUp()
        self.browser.get('about:blank')
        with self.db():
            self.setup_fixtures(self.env)
            self.manager = self.create_user(
                'return_manager', ['sales_team.group_sale_manager',
                                   'stock.group_stock_user',
                                   'account.group_account_invoice'])
            self.set_stock(self.desk, self.main_warehouse, 50)
            order = self.create_order(self.customer_us, [(self.desk, 10)],
                                      user=self.manager)
            order.action_confirm()
            self.deliver(order.picking_ids)
            order.picking_ids.sudo(self.stock_user).action_mark_delivered()
            self.invoice_order(order)
            self.order = order
            self.commit_fixtures()

    def click_button(self, label):
        """A header button by its label (Odoo 11 renders no name)."""
        self.wait_for_client_idle()
        self.browser.find_element(
            By.XPATH,
            "//div[@class='o_statusbar_buttons']/button["
            "normalize-space()='%s' and "
            "not(contains(@class, 'o_invisible_modifier'))]" % label).click()
        self.wait_for_client_idle()

    def test_return_from_order_form_to_credit_note(self):
        self.login(self.manager)
        self.open_record(self.order)
        self.wait_for_text('.o_form_view', 'Return / exchange')
        self.screenshot('returns_order_form.png')
        self.click_button('Return / exchange')
        self.wait_for('.o_form_view .o_field_widget[name=line_ids]')
        # 3 of the 10 desks.
        cell = self.wait_for(
            '.o_field_widget[name=line_ids] .o_data_row td.o_data_cell'
            ':nth-child(3)')
        cell.click()
        qty = self.wait_for(
            '.o_field_widget[name=line_ids] input[name=quantity]')
        qty.send_keys(Keys.CONTROL, 'a')
        qty.send_keys('3')
        reason = self.browser.find_element(
            By.CSS_SELECTOR, '.o_field_widget[name=reason_id] input')
        reason.click()
        reason.send_keys('Arrived dam')
        self.wait_until(
            expected.element_to_be_clickable((
                By.XPATH, "//ul[contains(@class, 'ui-autocomplete')]//a["
                "contains(., 'Arrived damaged')]"))).click()
        self.browser.find_element(
            By.CSS_SELECTOR, '.o_form_button_save').click()
        self.wait_for_text('.o_statusbar_status .btn-primary', 'Requested')
        self.click_button('Approve')
        self.wait_for_text('.o_statusbar_status .btn-primary', 'Approved')
        form = self.wait_for_text('.o_form_view', 'WH/IN/')
        self.screenshot('returns_approved.png')
        self.click_button('Receive goods')
        self.wait_for_text('.o_statusbar_status .btn-primary', 'Resolved')
        form = self.browser.find_element(By.CSS_SELECTOR, '.o_form_view')
        with self.db() as env:
            ret = env['sale.return'].search(
                [('order_id', '=', self.order.id)])
            self.assertEqual(ret.state, 'resolved')
            self.assertEqual(ret.line_ids.quantity, 3)
            self.assertEqual(ret.category, 'damaged')
            note = ret.credit_note_ids
            self.assertAlmostEqual(note.amount_total, 1500.0)
            number = note.number
        self.assertIn(number, form.text)
        self.assertIn('credit note %s' % number, form.text)  # chatter
        self.assertEqual(self.severe_console_entries(), [])
        self.screenshot('returns_resolved.png')

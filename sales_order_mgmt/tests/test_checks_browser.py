# Copyright 2026 sales_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Real browser: a blocked quotation shows its failed checks; a Sales
manager confirms it anyway with a reason, logged in the chatter."""
from selenium.webdriver.common.by import By

from .browser import BrowserCase
from .common import OrderFixtures


class TestChecksBrowser(OrderFixtures, BrowserCase):

    def setUp(self):
        super(TestChecksBrowser, self).setUp()
        self.setup_fixtures(self.env)
        self.activate_checks()
        self.walkin = self.create_customer(
            'Test Walk-in Kunde', 'base.de', 'Weg 1', 'Berlin', False)
        self.order = self.create_order(
            self.walkin, [(self.desk, 2), (self.chair, 1, 0.0)],
            user=self.sale_manager)
        self.commit_fixtures()

    def test_manager_sees_checks_and_confirms_anyway(self):
        self.login(self.sale_manager)
        self.open_record(self.order)
        banner = self.wait_for_text('.o_som_checks_blocked',
                                    'Delivery address incomplete')
        self.assertIn('Zero price on a product that is not free',
                      banner.text)
        self.screenshot('checks_blocked_quotation.png')

        # Odoo 11 renders header buttons without their name: by label.
        self.browser.find_element(
            By.XPATH, "//div[contains(@class, 'o_statusbar_buttons')]"
                      "/button[normalize-space()='Confirm anyway']").click()
        reason = self.wait_for('.modal textarea')
        reason.send_keys('Customer collects in person; chair is a gift')
        self.screenshot('checks_override_wizard.png')
        self.browser.find_element(
            By.CSS_SELECTOR, '.modal-footer button[name=action_confirm]'
        ).click()
        self.wait_for_text('.o_form_view', 'Checks overridden by')
        self.wait_for_client_idle()
        with self.db() as env:
            order = env['sale.order'].browse(self.order.id)
            self.assertEqual(order.state, 'sale')
            self.assertEqual(order.check_override_user_id, self.sale_manager)
        self.assertEqual(self.severe_console_entries(), [])
        self.browser.find_element(
            By.XPATH, "//ul[contains(@class, 'nav-tabs')]"
                      "//a[normalize-space()='Checks']").click()
        self.wait_for_text('.tab-pane.active', 'Test Sale Manager')
        self.screenshot('checks_overridden_order.png')

    def test_blocked_in_draft_filter(self):
        """Issue 20 (6): "Blocked in draft" lists the quotations the checks
        block, with their main exception; a clean quotation is not
        listed."""
        clean = self.create_order(self.customer_de, [(self.desk, 1)],
                                  user=self.sale_manager)
        action = self.env.ref('sale.action_quotations')
        self.commit_fixtures()
        self.login(self.sale_manager)
        self.browser.get('about:blank')
        self.browser.get('%s/web#action=%d&view_type=list' % (
            self.base_url, action.id))
        self.wait_for('.o_list_view')
        self.wait_for_client_idle()
        # Odoo 11 folds the filter menus under the search view's toggle.
        self.wait_for('.o_searchview_more').click()
        self.wait_for('.o_search_options')
        self.browser.find_element(
            By.XPATH, "//button[contains(@class, 'o_dropdown_toggler_btn')]"
                      "[contains(normalize-space(), 'Filters')]").click()
        self.browser.find_element(
            By.XPATH, "//ul[contains(@class, 'o_filters_menu')]"
                      "//a[normalize-space()='Blocked in draft']").click()
        self.wait_for_text('.o_searchview_facet', 'Blocked in draft')
        self.wait_until(
            lambda browser: clean.name not in browser.find_element(
                By.CSS_SELECTOR, '.o_list_view tbody').text)
        self.wait_for_client_idle()
        rows = self.wait_for_text('.o_list_view tbody', self.order.name)
        self.assertIn('Delivery address incomplete', rows.text)
        self.assertNotIn(clean.name, rows.text)
        headers = self.browser.find_element(
            By.CSS_SELECTOR, '.o_list_view thead').text
        self.assertIn('Main exception', headers)
        self.screenshot('checks_blocked_filter.png')
        self.assertEqual(self.severe_console_entries(), [])

    def test_check_names_readable_on_checks_page(self):
        """Issue 20 (6): the Checks page lists the failing checks by their
        full names, none cut off (they were tags, clipped with an
        ellipsis)."""
        self.login(self.sale_manager)
        self.open_record(self.order)
        self.browser.find_element(
            By.XPATH, "//ul[contains(@class, 'nav-tabs')]"
                      "//a[normalize-space()='Checks']").click()
        field = self.wait_for_text(
            '.tab-pane.active .o_field_widget[name=check_failure_ids]',
            'Zero price on a product that is not free')
        self.assertIn('Delivery address incomplete', field.text)
        # Nothing in the list hides part of its text (an element narrower
        # than its content, with its overflow hidden).
        clipped = self.browser.execute_script(
            "var field = arguments[0], clipped = [];"
            "field.querySelectorAll('*').forEach(function (el) {"
            "  var style = window.getComputedStyle(el);"
            "  if (el.textContent.trim() && style.overflowX !== 'visible' &&"
            "      el.scrollWidth > el.clientWidth + 1) {"
            "    clipped.push(el.textContent.trim());"
            "  }"
            "});"
            "return clipped;", field)
        self.assertEqual(clipped, [])
        self.assertEqual(self.severe_console_entries(), [])

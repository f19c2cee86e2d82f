# Copyright 2026 sales_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Real browser: a salesman adds a line to a quotation in the order form and
reads the "Not enough inventory!" warnings the web client shows (issue 20,
item 4): one dialog per line, about the warehouses the sourcing ships from;
without a sourcing rule, Odoo's own warning about the order's warehouse."""
import time

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as expected

from .browser import BrowserCase
from .common import OrderFixtures


class TestStockWarningBrowser(OrderFixtures, BrowserCase):

    def setUp(self):
        super(TestStockWarningBrowser, self).setUp()
        self.setup_fixtures(self.env)
        self.berlin, self.lyon, _chicago = self.warehouses
        # 3 desks in Berlin, 2 in Lyon, none in the order's own warehouse.
        self.set_stock(self.desk, self.berlin, 3)
        self.set_stock(self.desk, self.lyon, 2)
        self.set_stock(self.chair, self.main_warehouse, 50)

    def create_rule(self):
        return self.env['sale.sourcing.rule'].create({
            'name': 'EU customers', 'strategy': 'split', 'sequence': 5,
            'country_ids': [(6, 0, [self.env.ref('base.de').id])],
            'warehouse_line_ids': [
                (0, 0, {'sequence': 1, 'warehouse_id': self.berlin.id}),
                (0, 0, {'sequence': 2, 'warehouse_id': self.lyon.id})],
        })

    def warning_dialogs(self):
        """The stock warning dialogs open now (Odoo stacks them), as the
        text of each: title and message."""
        return [dialog.text for dialog in self.browser.find_elements(
            By.CSS_SELECTOR, '.modal-dialog')
            if dialog.is_displayed() and (
                'Not enough inventory' in dialog.text or
                'Warnings' in dialog.text)]

    def add_line(self, product, qty):
        """In the open quotation (edit mode): "Add an item", choose
        `product`, type `qty`, leave the line; the warnings stay open."""
        self.browser.find_element(
            By.CSS_SELECTOR, '.o_field_x2many_list_row_add a').click()
        product_input = self.wait_for(
            '.o_selected_row .o_field_widget[name=product_id] input')
        product_input.send_keys(product.name)
        self.wait_until(
            expected.element_to_be_clickable((
                By.XPATH, "//ul[contains(@class, 'ui-autocomplete')]//a["
                "contains(., '%s')]" % product.name))).click()
        # The product's onchange has answered: its description is set.
        self.wait_until(
            lambda browser: self.warning_dialogs() or browser.execute_script(
                "var el = document.querySelector("
                "  '.o_selected_row textarea[name=name]');"
                "return el && el.value;"))
        self.close_dialogs_counting()
        qty_input = self.wait_for(
            '.o_selected_row input[name=product_uom_qty]')
        qty_input.send_keys(Keys.CONTROL, 'a')
        qty_input.send_keys(str(qty))
        # Leave the line (click on the order's header): the quantity's
        # onchange runs.
        self.browser.find_element(
            By.CSS_SELECTOR, '.o_form_sheet .oe_title').click()
        # The quantity's onchange has answered: a warning, or the line
        # left (no row in edition) with its quantity.
        self.wait_until(
            lambda browser: self.warning_dialogs() or not
            browser.find_elements(By.CSS_SELECTOR, '.o_selected_row'))
        self.close_dialogs_counting()
        self.wait_until(
            lambda browser: not browser.find_elements(
                By.CSS_SELECTOR, '.o_selected_row'))
        self.wait_for_text('.o_field_widget[name=order_line]', '%d.000' % qty)
        self.close_dialogs_counting()

    def close_dialogs_counting(self):
        """Record and close every stock warning dialog now open."""
        for _round in range(10):
            # A dialog opens when the onchange answers (no busy indicator
            # in Odoo 11): give a second one the time to follow.
            time.sleep(1)
            self.wait_for_client_idle()
            dialogs = self.warning_dialogs()
            if not dialogs:
                return
            self.seen.extend(dialogs)
            buttons = [button for button in self.browser.find_elements(
                By.CSS_SELECTOR, '.modal-footer button')
                if button.is_displayed()]
            buttons[-1].click()
            self.wait_until(
                lambda _browser, count=len(dialogs):
                len(self.warning_dialogs()) < count)

    def run_scenario(self, qty, product=None):
        order = self.create_order(self.customer_de, [(self.chair, 1)])
        self.commit_fixtures()
        self.seen = []
        self.login(self.salesman)
        self.open_record(order)
        self.browser.find_element(
            By.CSS_SELECTOR, '.o_form_button_edit').click()
        self.wait_for('.o_form_editable')
        self.add_line(product or self.desk, qty)
        self.assertEqual(self.severe_console_entries(), [])
        return order

    def test_sourced_line_one_warning_naming_warehouses(self):
        """9 desks for a German customer, shipped by the rule from Berlin
        (3) and Lyon (2): one warning for the line, naming Berlin and Lyon
        and the 4 missing, written "9 Unit(s)" (not "9.0"); none about the
        order's own warehouse."""
        self.create_rule()
        order = self.run_scenario(9)
        self.assertEqual(len(self.seen), 1, self.seen)
        message = self.seen[0]
        self.assertIn('Not enough inventory!', message)
        self.assertIn('Test WH Berlin, Test WH Lyon', message)
        self.assertIn('You plan to sell 9 Unit(s) of Test Desk', message)
        self.assertIn('5 Unit(s) free: 4 Unit(s) missing', message)
        self.assertNotIn('9.0', message)
        self.assertNotIn(order.warehouse_id.name, message)

    def test_sourced_line_warned_once(self):
        """A lamp no warehouse of the rule has: chosen (1 lamp), then 9
        typed: one warning for the line (Odoo's onchanges of the product
        and of the quantity warned twice), naming where the sourcing ships
        from, the quantity written "1 Unit(s)"."""
        self.create_rule()
        lamp = self.create_product('Test Lamp', 40.0)
        order = self.run_scenario(9, product=lamp)
        self.assertEqual(len(self.seen), 1, self.seen)
        message = self.seen[0]
        self.assertIn('Not enough inventory!', message)
        self.assertIn('You plan to sell 1 Unit(s) of Test Lamp', message)
        self.assertIn('Test WH Berlin', message)
        self.assertNotIn('1.0', message)
        self.assertNotIn(order.warehouse_id.name, message)

    def test_sourced_line_enough_stock_no_warning(self):
        """4 desks, Berlin 3 + Lyon 2: no warning at all, though the
        order's own warehouse has none."""
        self.create_rule()
        self.run_scenario(4)
        self.assertEqual(self.seen, [])

    def test_without_rule_odoo_warning(self):
        """No sourcing rule (the addon installed, nothing configured):
        Odoo's own warnings, about the order's warehouse, as without the
        addon (one when the product is chosen, one when 9 are typed)."""
        order = self.run_scenario(9)
        self.assertEqual(len(self.seen), 2, self.seen)
        self.assertIn('You plan to sell 1.0 Unit(s) but you only have',
                      self.seen[0])
        self.assertIn('You plan to sell 9.0 Unit(s) but you only have',
                      self.seen[1])
        self.assertIn('in %s warehouse' % order.warehouse_id.name,
                      self.seen[1])

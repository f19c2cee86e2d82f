"""Real browser: a salesman previews the sourcing of a quotation and reads
the Sourcing tab; a sales manager opens a sourcing rule."""
from selenium.webdriver.common.by import By

from .browser import BrowserCase
from .common import OrderFixtures


class TestSourcingBrowser(OrderFixtures, BrowserCase):

    def setUp(self):
        super(TestSourcingBrowser, self).setUp()
        # Leave the previous test's web client (its pending requests could
        # set a session cookie again) before starting without cookies.
        self.browser.get(self.base_url + '/web/login')
        self.browser.delete_all_cookies()
        self.setup_fixtures(self.env)
        berlin, lyon, chicago = self.warehouses
        self.rule = self.env['sale.sourcing.rule'].create({
            'name': 'EU customers', 'strategy': 'split', 'sequence': 5,
            'country_ids': [(6, 0, [self.env.ref('base.de').id,
                                    self.env.ref('base.fr').id])],
            'zip_prefixes': '10, 69',
            'warehouse_line_ids': [
                (0, 0, {'sequence': 1, 'warehouse_id': berlin.id}),
                (0, 0, {'sequence': 2, 'warehouse_id': lyon.id}),
                (0, 0, {'sequence': 3, 'warehouse_id': chicago.id})],
        })
        self.set_stock(self.desk, berlin, 4)
        self.set_stock(self.desk, lyon, 3)
        self.set_stock(self.desk, chicago, 10)
        self.set_stock(self.chair, lyon, 20)
        self.order = self.create_order(
            self.customer_de, [(self.desk, 10), (self.chair, 6)])
        self.commit_fixtures()

    def open_tab(self, label):
        self.browser.find_element(
            By.XPATH, "//a[@data-toggle='tab' and normalize-space()='%s']"
            % label).click()
        return self.wait_for('.o_notebook .tab-pane.active')

    def test_preview_sourcing_shows_tab(self):
        """Preview sourcing on the quotation: the Sourcing tab lists each
        warehouse's share with its reason; nothing is delivered yet."""
        self.login(self.salesman)
        self.open_record(self.order)
        self.browser.find_element(
            By.XPATH, "//div[contains(@class, 'o_statusbar_buttons')]"
            "/button[normalize-space()='Preview sourcing']").click()
        self.wait_for_client_idle()
        self.open_tab('Sourcing')
        pane = self.wait_for_text(
            '.o_notebook .tab-pane.active',
            "Rule 'EU customers': Test WH Berlin had 4 of 10")
        self.assertIn('Test WH Chicago', pane.text)
        self.assertIn('all 6 from Test WH Lyon', pane.text)
        rows = pane.find_elements(By.CSS_SELECTOR, 'tr.o_data_row')
        self.assertEqual(len(rows), 4)
        self.assertEqual(self.severe_console_entries(), [])
        self.screenshot('sourcing_tab.png')
        with self.db() as env:
            order = env['sale.order'].browse(self.order.id)
            self.assertEqual(len(order.sourcing_ids), 4)
            self.assertFalse(order.picking_ids)

    def test_rule_form(self):
        """A sales manager opens a rule: conditions and ordered candidates."""
        self.login(self.sale_manager)
        self.open_record(self.rule)
        form = self.wait_for_text('.o_form_view', 'EU customers')
        for text in ('Split', 'Germany', 'Test WH Berlin', 'Test WH Lyon',
                     'Test WH Chicago', 'Candidate warehouses'):
            self.assertIn(text, form.text)
        self.assertEqual(self.severe_console_entries(), [])
        self.screenshot('sourcing_rule_form.png')

# Copyright 2026 sales_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Real browser: an accountant opens the Sales export (XLSX) wizard and
exports."""
from selenium.webdriver.common.by import By

from .browser import BrowserCase
from .common import OrderFixtures


class TestDocumentsBrowser(OrderFixtures, BrowserCase):

    def setUp(self):
        super(TestDocumentsBrowser, self).setUp()
        self.setup_fixtures(self.env)
        # Read before the browser's requests share the test cursor.
        self.action_id = self.env.ref(
            'sales_order_mgmt.sale_accounting_export_action').id
        self.commit_fixtures()

    def test_accountant_opens_export_wizard(self):
        """The wizard opens as a dialog with the period, journals and
        invoice states (open and paid by default) and an Export button."""
        self.login(self.accountant)
        self.browser.get('about:blank')
        self.browser.get('%s/web#action=%d' % (self.base_url, self.action_id))
        dialog = self.wait_for_text('.modal-dialog', 'Sales export (XLSX)')
        self.wait_for_client_idle()
        for label in ('From', 'To', 'Journals', 'Invoice states', 'Export'):
            self.assertIn(label, dialog.text)
        self.assertIn('Open', dialog.text)
        self.assertIn('Paid', dialog.text)
        self.assertEqual(self.severe_console_entries(), [])
        self.screenshot('documents_export_wizard.png')

    def test_export_shows_result(self):
        """Issue 20 (7): Export shows what was exported (file name, counts)
        with a download link and a Close button, instead of leaving the
        wizard as it was."""
        self.login(self.accountant)
        self.browser.get('about:blank')
        self.browser.get('%s/web#action=%d' % (self.base_url, self.action_id))
        self.wait_for_text('.modal-dialog', 'Sales export (XLSX)')
        self.wait_for_client_idle()
        self.browser.find_element(
            By.CSS_SELECTOR, '.modal-footer button[name=action_export]'
        ).click()
        done = self.wait_for_text('.o_som_export_done', 'Export done.')
        self.assertRegex(done.text, r'sales_export_\S+\.xlsx: \d+ customer '
                         r'invoices and credit notes')
        link = done.find_element(By.CSS_SELECTOR, 'a')
        self.assertIn('sales_export_', link.text)
        footer = self.browser.find_element(By.CSS_SELECTOR, '.modal-footer')
        self.assertEqual(
            [button.text for button in footer.find_elements(
                By.CSS_SELECTOR, 'button') if button.is_displayed()],
            ['Close'])
        self.assertEqual(self.severe_console_entries(), [])
        self.screenshot('documents_export_done.png')

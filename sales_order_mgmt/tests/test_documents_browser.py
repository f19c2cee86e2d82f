# Copyright 2026 sales_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Real browser: an accountant opens the Sales export (XLSX) wizard."""
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

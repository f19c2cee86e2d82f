# Copyright 2026 sales_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Real browser: an accountant's export above the threshold becomes a
background task whose progress moves in the web client, chunk by chunk,
until the file can be downloaded."""
from selenium.webdriver.common.by import By

from odoo import fields

from .browser import BrowserCase
from .common import OrderFixtures
from .test_jobs import JobRunnerMixin


class TestJobsBrowser(JobRunnerMixin, OrderFixtures, BrowserCase):

    def setUp(self):
        super(TestJobsBrowser, self).setUp()
        with self.db():
            self.setup_fixtures(self.env)
            company = self.company
            journal = self.env['account.journal'].search(
                [('type', '=', 'sale'), ('company_id', '=', company.id)],
                limit=1)
            income = self.env['account.account'].search(
                [('user_type_id', '=', self.env.ref(
                    'account.data_account_type_revenue').id),
                 ('company_id', '=', company.id)], limit=1)
            today = fields.Date.context_today(self.env['account.invoice'])
            for qty in (1, 2, 3):
                invoice = self.env['account.invoice'].sudo(
                    self.accountant).create({
                        'partner_id': self.customer_de.id,
                        'type': 'out_invoice', 'date_invoice': today,
                        'journal_id': journal.id,
                        'invoice_line_ids': [(0, 0, {
                            'product_id': self.desk.id, 'name': 'Desk',
                            'quantity': qty, 'price_unit': 100.0,
                            'account_id': income.id})]})
                invoice.action_invoice_open()
            self.set_param('threshold_export_lines', 2)
            self.set_param('chunk_export_lines', 1)
            self.commit_fixtures()

    def progress_text(self):
        return self.wait_for(
            '.o_form_view .o_field_widget[name=progress]').text

    def reload(self, task):
        self.open_record(task)
        self.wait_for_text('.o_form_view h1', task.name)

    def test_progress_moves_until_download(self):
        self.login(self.accountant)
        self.browser.get(self.base_url + '/web#action='
                         'sales_order_mgmt.sale_accounting_export_action')
        self.wait_for('.modal .o_form_view')
        self.wait_for_client_idle()
        self.browser.find_element(
            By.XPATH, "//div[contains(@class, 'modal')]//footer//button["
            "normalize-space()='Export'] | //div[contains(@class, 'modal')]"
            "//div[contains(@class, 'modal-footer')]//button["
            "normalize-space()='Export']").click()
        # The request leaves the work to a task and opens it.
        self.wait_for_text('.o_statusbar_status .btn-primary', 'Queued')
        self.assertIn('0%', self.progress_text())
        with self.db() as env:
            task = env['sale.job'].search(
                [('user_id', '=', self.accountant.id)])
            self.assertEqual(len(task), 1)
            # the plan, the workbook (one day: never split), the file
            self.run_next(task)
            self.commit_fixtures()
        self.reload(task)
        self.wait_for_text('.o_statusbar_status .btn-primary', 'Running')
        self.assertIn('33%', self.progress_text())
        self.screenshot('jobs_task_running.png')
        with self.db() as env:
            self.run_all(task)
            self.assertEqual(task.state, 'done')
            self.commit_fixtures()
        self.reload(task)
        self.wait_for_text('.o_statusbar_status .btn-primary', 'Done')
        self.assertIn('100%', self.progress_text())
        buttons = [button.text for button in self.browser.find_elements(
            By.CSS_SELECTOR, '.o_statusbar_buttons button')
            if button.is_displayed()]
        self.assertIn('DOWNLOAD', [text.upper() for text in buttons])
        self.wait_for_text('.o_form_view', '.xlsx')
        self.screenshot('jobs_task_done.png')
        self.assertEqual(self.severe_console_entries(), [])

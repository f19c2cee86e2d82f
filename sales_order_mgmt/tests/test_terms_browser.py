# Copyright 2026 sales_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Real browser: a sales manager configures terms templates, a salesman
sees the chosen terms on the quotation."""
from selenium.webdriver.common.by import By

from .browser import BrowserCase
from .common import OrderFixtures


class TestTermsBrowser(OrderFixtures, BrowserCase):

    def setUp(self):
        super(TestTermsBrowser, self).setUp()
        # Hold the shared test cursor: the page of a previous test may
        # still send requests while the fixtures are built.
        with self.db():
            self.make_fixtures()
        self.commit_fixtures()

    def make_fixtures(self):
        self.setup_fixtures(self.env)
        templates = self.env['sale.terms.template'].sudo(self.sale_manager)
        self.template = templates.create({
            'name': 'Terms for Germany',
            'country_ids': [(6, 0, self.env.ref('base.de').ids)],
            'body': 'Offer {{ order.name }} for {{ partner.name }}, valid '
                    "until {{ order.validity_date | date | default('on "
                    "request') }}.\nTotal {{ order.amount_total | money }}"
                    ", {{ payment_term | default('payable on receipt') }}."
                    '\nPlace of jurisdiction: {{ company.city | '
                    "default('Berlin') }}.",
        })
        self.template.write({'body': self.template.body.replace(
            'Total', 'Amount due')})
        self.order = self.create_order(
            self.customer_de, [(self.desk, 3), (self.chair, 2)])

    def test_salesman_sees_terms_on_quotation(self):
        """The quotation shows the template, its version, why it was
        chosen and the rendered terms."""
        self.login(self.salesman)
        self.open_record(self.order)
        form = self.wait_for_text('.o_form_view', 'Terms for Germany')
        self.assertIn('matched country Germany', form.text)
        self.assertIn('Offer %s for Test Kunde GmbH, valid until on request'
                      % self.order.name, form.text)
        self.assertIn('Amount due $ 1,740.00', form.text)
        self.browser.execute_script(
            "document.querySelector('[name=terms_template_row]')"
            ".scrollIntoView({block: 'center'});")
        self.assertEqual(self.severe_console_entries(), [])
        self.screenshot('terms_order_form.png')

    def test_manager_template_form_refuses_unsafe_placeholder(self):
        """The manager sees conditions, documented placeholders and the
        version history; saving an unsafe placeholder shows an error
        naming it, and nothing is saved."""
        self.login(self.sale_manager)
        self.open_record(self.template)
        form = self.wait_for_text('.o_form_view', 'Terms for Germany')
        self.assertIn('payment_term', form.text)
        self.assertIn("default('text')", form.text)
        self.screenshot('terms_template_form.png')

        self.browser.find_element(
            By.XPATH, "//a[contains(., 'Version history')]").click()
        history = self.wait_for_text('.o_form_view .tab-pane.active',
                                     'Amount due')
        self.assertIn('Total', history.text)
        self.screenshot('terms_template_versions.png')

        self.browser.find_element(
            By.XPATH, "//a[normalize-space()='Text']").click()
        self.browser.find_element(
            By.CSS_SELECTOR, '.o_form_button_edit').click()
        body = self.wait_for('textarea[name=body]')
        body.clear()
        body.send_keys('Dear {{ order.sudo().partner_id.name }}')
        self.browser.find_element(
            By.CSS_SELECTOR, '.o_form_button_save').click()
        dialog = self.wait_for_text(
            '.modal-dialog', '{{ order.sudo().partner_id.name }}')
        self.assertIn('Forbidden placeholder', dialog.text)
        self.screenshot('terms_template_refused.png')
        # The only error the browser logged is that refusal.
        errors = self.severe_console_entries()
        self.assertTrue(errors)
        for entry in errors:
            self.assertIn('ValidationError', entry['message'])
        with self.db() as env:
            template = env['sale.terms.template'].browse(self.template.id)
            template.invalidate_cache()
            self.assertEqual(template.version, 2)
            self.assertIn('Amount due', template.body)

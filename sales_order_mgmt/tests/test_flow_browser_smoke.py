"""Real browser: a salesman logs in and opens a sales order form."""
from .browser import BrowserCase
from .common import OrderFixtures


class TestBrowserSmoke(OrderFixtures, BrowserCase):

    def setUp(self):
        super(TestBrowserSmoke, self).setUp()
        self.setup_fixtures(self.env)
        self.order = self.create_order(
            self.customer_de, [(self.desk, 3), (self.chair, 2)])
        self.commit_fixtures()

    def test_login_page_is_served(self):
        """The login page answers 200 with a styled page, not an error 500."""
        response = self.url_open('/web/login')
        self.assertEqual(response.status_code, 200)
        self.assertIn('name="login"', response.text)
        self.assertNotIn('Internal Server Error', response.text)

    def test_salesman_opens_order_form(self):
        """A salesman logs in, opens their quotation and sees its lines."""
        self.login(self.salesman)
        self.open_record(self.order)
        form = self.wait_for_text('.o_form_view', self.order.name)
        self.assertIn(self.customer_de.name, form.text)
        self.assertIn('Test Desk', form.text)
        self.assertIn('Test Chair', form.text)
        # Styled, without asset-bundle errors: Odoo reports a failed
        # stylesheet bundle in body::before, and an unstyled navbar has no
        # background colour.
        self.assertIn(self.body_before_content(), ('none', 'normal', ''))
        navbar_bg = self.browser.execute_script(
            "return getComputedStyle(document.querySelector("
            "'#oe_main_menu_navbar')).backgroundColor;")
        self.assertNotIn(navbar_bg, ('rgba(0, 0, 0, 0)', 'transparent'))
        self.assertEqual(self.severe_console_entries(), [])
        self.screenshot('sale_order_form.png')

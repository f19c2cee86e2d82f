# Copyright 2026 sales_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Quote, order and invoice PDFs rendered by Debian's wkhtmltopdf, their
text read back with pdftotext: every component a buyer expects is there."""
import os
import re
import shutil
import subprocess
import tempfile

from odoo.tools import config

from .common import SalesOrderCase

ARTIFACTS = os.environ.get('SOM_TEST_ARTIFACTS', os.path.join(
    os.path.dirname(__file__), '..', '..', 'test-artifacts'))


def pdf_text(pdf):
    """The text of `pdf` (bytes) as pdftotext reads it, spaces squashed."""
    with tempfile.NamedTemporaryFile(suffix='.pdf') as handle:
        handle.write(pdf)
        handle.flush()
        text = subprocess.check_output(
            ['pdftotext', '-layout', handle.name, '-']).decode('utf-8')
    return re.sub(r'[ \t\xa0]+', ' ', text)


class TestDocumentsPdf(SalesOrderCase):

    @classmethod
    def setUpClass(cls):
        super(TestDocumentsPdf, cls).setUpClass()
        # Odoo renders HTML instead of PDF in test mode unless a report
        # directory is set: render real PDFs.
        cls.report_dir = tempfile.mkdtemp(prefix='som-pdf-')
        cls._saved_report_dir = config.get('test_report_directory')
        config['test_report_directory'] = cls.report_dir
        env = cls.env
        cls.company.write({
            'name': 'Test Seller AG', 'street': 'Verkäuferweg 7',
            'zip': '80331', 'city': 'München',
            'country_id': env.ref('base.de').id, 'vat': 'DE811907980',
            'phone': '+49 89 123456', 'email': 'sales@seller.example',
        })
        account = env['account.account'].search(
            [('company_id', '=', cls.company.id)], limit=1)
        cls.tax15 = cls.create_tax('Test VAT 15%', 15.0, account)
        cls.tax7 = cls.create_tax('Test VAT 7%', 7.0, account)
        cls.desk_o = cls.create_product(
            'Test Standing Desk', 500.0, invoice_policy='order')
        cls.chair_o = cls.create_product(
            'Test Office Chair', 120.0, invoice_policy='order')
        cls.invoice_contact = env['res.partner'].create({
            'name': 'Accounts Payable', 'type': 'invoice',
            'parent_id': cls.customer_de.id, 'street': 'Rechnungsstr. 9',
            'city': 'Hamburg', 'zip': '20095',
            'country_id': env.ref('base.de').id})
        cls.delivery_contact = env['res.partner'].create({
            'name': 'Goods Reception', 'type': 'delivery',
            'parent_id': cls.customer_de.id, 'street': 'Lagerweg 3',
            'city': 'Potsdam', 'zip': '14467',
            'country_id': env.ref('base.de').id})
        cls.customer_de.vat = 'DE123456788'
        cls.order = cls.create_order(
            cls.customer_de, [(cls.desk_o, 2), (cls.chair_o, 3)],
            partner_invoice_id=cls.invoice_contact.id,
            partner_shipping_id=cls.delivery_contact.id,
            validity_date='2030-06-30',
            payment_term_id=env.ref('account.account_payment_term_15days').id,
            note='Goods remain our property until paid in full.')
        desk_line, chair_line = cls.order.order_line
        desk_line.sudo(cls.salesman).write({
            'discount': 10.0, 'tax_id': [(6, 0, cls.tax15.ids)]})
        chair_line.sudo(cls.salesman).write(
            {'tax_id': [(6, 0, cls.tax7.ids)]})

    @classmethod
    def tearDownClass(cls):
        config['test_report_directory'] = cls._saved_report_dir
        shutil.rmtree(cls.report_dir, ignore_errors=True)
        super(TestDocumentsPdf, cls).tearDownClass()

    @classmethod
    def create_tax(cls, name, amount, account):
        return cls.env['account.tax'].create({
            'name': name, 'amount': amount, 'amount_type': 'percent',
            'type_tax_use': 'sale', 'company_id': cls.company.id,
            'account_id': account.id, 'refund_account_id': account.id,
            'tax_group_id': cls.env['account.tax.group'].create(
                {'name': 'Group %s' % name}).id,
        })

    def render(self, xmlid, records, user):
        pdf, kind = self.env.ref(xmlid).sudo(user).render_qweb_pdf(
            records.ids)
        self.assertEqual(kind, 'pdf')
        self.assertTrue(pdf.startswith(b'%PDF'), pdf[:100])
        return pdf

    def assert_seller(self, text):
        for expected in ('Seller:', 'Test Seller AG', 'Verkäuferweg 7',
                         '80331 München', 'DE811907980', '+49 89 123456',
                         'sales@seller.example'):
            self.assertIn(expected, text)

    def test_quote_pdf_components(self):
        """A salesman prints the quotation: seller, customer, invoice and
        delivery addresses, salesperson, date, validity, payment terms,
        every line with discount and taxes, totals per tax and the terms."""
        pdf = self.render('sale.action_report_saleorder', self.order,
                          self.salesman)
        text = pdf_text(pdf)
        self.assert_seller(text)
        for expected in (
                'Quotation # %s' % self.order.name,
                'Customer:', 'Test Kunde GmbH', 'Teststraße 1',
                'DE123456788',
                'Invoicing address:', 'Rechnungsstr. 9', 'Hamburg',
                'Shipping address:', 'Lagerweg 3', 'Potsdam',
                'Salesperson:', self.salesman.name,
                'Quotation Date:', 'Expiration Date:', '06/30/2030',
                'Payment Terms:', '15 Days',
                'Description', 'Quantity', 'Unit Price', 'Disc.(%)', 'Taxes',
                'Amount',
                'Test Standing Desk', '2.000', '500.00', '10.00',
                'Test VAT 15%', '900.00',
                'Test Office Chair', '3.000', '120.00', 'Test VAT 7%',
                '360.00',
                'Subtotal', '1,260.00',
                'Group Test VAT 15%', '135.00',
                'Group Test VAT 7%', '25.20',
                'Total', '1,420.20',
                'Terms and conditions:',
                'Goods remain our property until paid in full.'):
            self.assertIn(expected, text)
        self.assertNotIn('Delivery charges', text)
        self.assertFalse(self.order._documents_delivery_lines())
        # README: the rendered first page of the quote.
        os.makedirs(ARTIFACTS, exist_ok=True)
        path = os.path.join(ARTIFACTS, 'documents_quote.pdf')
        with open(path, 'wb') as handle:
            handle.write(pdf)
        subprocess.check_call([
            'pdftoppm', '-png', '-r', '60', '-f', '1', '-l', '1',
            '-singlefile', path,
            os.path.join(ARTIFACTS, 'documents_quote_pdf')])

    def test_partial_delivery_invoice_pdf(self):
        """Issue 20 (1), as printed: 11 of 23 desks delivered and invoiced;
        the invoice's terms state its own amount due ($ 5,500.00), not the
        order's total ($ 11,500.00). Its first page is the README's."""
        self.env['sale.terms.template'].sudo(self.sale_manager).create({
            'name': 'Invoice terms', 'usage': 'invoice',
            'body': 'Invoice {{ invoice.number }} for order {{ order.name }}'
                    ': amount due {{ invoice.amount_due | money }} by '
                    '{{ invoice.date_due | date }} ({{ payment_term }}).'})
        self.set_stock(self.desk, self.main_warehouse, 11)
        order = self.create_order(
            self.customer_de, [(self.desk, 23)],
            payment_term_id=self.env.ref(
                'account.account_payment_term_15days').id)
        order.sudo(self.salesman).action_confirm()
        action = self.deliver(order.picking_ids, {self.desk: 11})
        self.env['stock.backorder.confirmation'].sudo(
            self.stock_user).browse(action['res_id']).process()
        invoice = self.invoice_order(order)
        self.assertEqual(order.amount_total, 11500.0)
        self.assertEqual(invoice.amount_total, 5500.0)
        pdf = self.render('account.account_invoices', invoice,
                          self.accountant)
        text = ' '.join(pdf_text(pdf).split())
        self.assertIn('Invoice %s for order %s: amount due $ 5,500.00 by'
                      % (invoice.number, order.name), text)
        self.assertIn('(15 Days)', text)
        self.assertNotIn('11,500.00', text)
        os.makedirs(ARTIFACTS, exist_ok=True)
        path = os.path.join(ARTIFACTS, 'documents_invoice_partial.pdf')
        with open(path, 'wb') as handle:
            handle.write(pdf)
        subprocess.check_call([
            'pdftoppm', '-png', '-r', '60', '-f', '1', '-l', '1',
            '-singlefile', path,
            os.path.join(ARTIFACTS, 'documents_invoice_partial_pdf')])

    def test_same_addresses_said_once(self):
        """Invoice and delivery address equal to the customer: the PDF
        says so instead of leaving the address column empty."""
        order = self.create_order(self.customer_fr, [(self.chair_o, 1)])
        text = pdf_text(self.render(
            'sale.action_report_saleorder', order, self.salesman))
        self.assertIn('Invoicing and shipping address:', text)
        self.assertEqual(text.count('1 rue du Test'), 2)

    def test_order_and_invoice_pdf(self):
        """Confirmed order: 'Order #' with its date; its invoice shows the
        seller, customer, salesperson, payment terms, the order reference,
        lines, totals and the terms."""
        order = self.order.sudo(self.salesman)
        order.action_confirm()
        text = pdf_text(self.render(
            'sale.action_report_saleorder', order, self.salesman))
        self.assertIn('Order # %s' % order.name, text)
        self.assertIn('Date Ordered:', text)
        invoice = self.invoice_order(order)
        text = pdf_text(self.render(
            'account.account_invoices', invoice, self.accountant))
        self.assert_seller(text)
        for expected in (
                'Invoice %s' % invoice.number, 'Customer:',
                'Accounts Payable', 'Rechnungsstr. 9',
                'Invoice Date:', 'Due Date:',
                'Source:', order.name,
                'Salesperson:', self.salesman.name,
                'Payment Terms:', '15 Days',
                'Test Standing Desk', '500.00', '10.00', 'Test VAT 15%',
                '900.00', 'Test Office Chair', '360.00',
                'Subtotal', '1,260.00', '135.00', '25.20', '1,420.20',
                'Terms and conditions:',
                'Goods remain our property until paid in full.'):
            self.assertIn(expected, text)
        self.assertEqual(invoice.origin, order.name)

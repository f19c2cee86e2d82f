"""Real PDFs from Debian's wkhtmltopdf (unpatched Qt), read back with
pdftotext: header and footer on every page, page numbers, several
documents at once, failures as clear errors, styles without a server.

Quotes and invoices need the sale and account apps: they are installed in
the project's test database; elsewhere those tests are skipped.
"""
import base64
import io
import os
import re
import shutil
import stat
import subprocess
import tempfile
import unittest

from PyPDF2 import PdfFileReader

from odoo.exceptions import UserError
from odoo.tests.common import SavepointCase
from odoo.tools import config

from ..models import ir_actions_report as compat

WKHTMLTOPDF = shutil.which('wkhtmltopdf')
PDFTOTEXT = shutil.which('pdftotext')


def pdf_pages(pdf):
    return PdfFileReader(io.BytesIO(pdf)).getNumPages()


def pdf_text(pdf, *options):
    """Text of the PDF, one item per page (pdftotext)."""
    with tempfile.NamedTemporaryFile(suffix='.pdf') as pdf_file:
        pdf_file.write(pdf)
        pdf_file.flush()
        out = subprocess.run(
            [PDFTOTEXT] + list(options) + [pdf_file.name, '-'],
            stdout=subprocess.PIPE, check=True).stdout.decode('utf-8')
    if '-bbox' in options:
        return out
    return out.split('\f')[:pdf_pages(pdf)]


def pdf_image_pages(pdf):
    """Page numbers (1-based) holding at least one image (pdfimages)."""
    with tempfile.NamedTemporaryFile(suffix='.pdf') as pdf_file:
        pdf_file.write(pdf)
        pdf_file.flush()
        out = subprocess.run(
            ['pdfimages', '-list', pdf_file.name],
            stdout=subprocess.PIPE, check=True).stdout.decode('utf-8')
    return {int(line.split()[0]) for line in out.splitlines()[2:]
            if line.strip()}


def logo_png():
    """A small red PNG, base64-encoded: the company logo of the tests."""
    from PIL import Image
    stream = io.BytesIO()
    Image.new('RGB', (240, 80), (200, 30, 30)).save(stream, 'PNG')
    return base64.b64encode(stream.getvalue())


def save_artifact(name, pdf):
    """Keep the PDF and a PNG of each page in test-artifacts/."""
    directory = os.path.join(os.getcwd(), 'test-artifacts')
    if not os.path.isdir(directory) or not shutil.which('pdftoppm'):
        return
    path = os.path.join(directory, name + '.pdf')
    with open(path, 'wb') as pdf_file:
        pdf_file.write(pdf)
    subprocess.run(['pdftoppm', '-png', '-r', '60', path, path[:-4]],
                   check=False)


def write_script(directory, name, body):
    path = os.path.join(directory, name)
    with open(path, 'w') as script:
        script.write('#!/bin/sh\n' + body + '\n')
    os.chmod(path, os.stat(path).st_mode | stat.S_IXUSR)
    return path


@unittest.skipUnless(WKHTMLTOPDF and PDFTOTEXT,
                     'wkhtmltopdf and pdftotext (poppler-utils) needed')
class PrintingCase(SavepointCase):

    @classmethod
    def setUpClass(cls):
        super(PrintingCase, cls).setUpClass()
        # Real PDFs in test mode (else Odoo returns HTML), and nothing
        # listening where wkhtmltopdf could fetch styles over HTTP.
        cls.report_dir = tempfile.mkdtemp(prefix='report_compat_test.')
        cls._old_report_dir = config['test_report_directory']
        config['test_report_directory'] = cls.report_dir
        params = cls.env['ir.config_parameter'].sudo()
        params.set_param('report.url', 'http://127.0.0.1:9')
        params.set_param('web.base.url', 'http://127.0.0.1:9')
        params.set_param(compat.PARAM_BINARY, '')
        # Compile the stylesheet bundles once for the class (lessc is
        # slow; each test's savepoint would otherwise drop them).
        report = cls.env.ref('base.ir_module_reference_print').with_context(
            debug=False)
        html = report.render_qweb_html(cls.env['ir.module.module'].search(
            [('name', '=', 'report_wkhtmltopdf_compat')]).ids)[0]
        report._prepare_html(html.decode('utf-8'))
        cls.company = cls.env.ref('base.main_company')
        cls.company.write({
            'name': 'Compat Printing Company',
            'street': '12 Printer Lane', 'city': 'Lyon', 'zip': '69002',
            'country_id': cls.env.ref('base.fr').id,
            'vat': 'FR40303265045', 'phone': '+33 4 00 00 00 00',
            'email': 'print@compat.example.com',
            'report_header': 'Compat Tagline Motto',
            'logo': logo_png(),
            'external_report_layout': 'standard',
            'paperformat_id': cls.env.ref('base.paperformat_euro').id,
        })

    @classmethod
    def tearDownClass(cls):
        config['test_report_directory'] = cls._old_report_dir
        shutil.rmtree(cls.report_dir, ignore_errors=True)
        super(PrintingCase, cls).tearDownClass()

    @classmethod
    def create_user(cls, login, xmlids):
        groups = [cls.env.ref('base.group_user').id] + [
            cls.env.ref(xmlid).id for xmlid in xmlids]
        return cls.env['res.users'].with_context(
            no_reset_password=True).create({
                'name': 'Compat %s' % login, 'login': 'compat_%s' % login,
                'email': 'compat_%s@example.com' % login,
                'company_id': cls.company.id,
                'company_ids': [(6, 0, cls.company.ids)],
                'groups_id': [(6, 0, groups)]})

    def assertHeaderFooter(self, page_text, number, total):
        """Company header and footer with "Page x / y" on this page."""
        for text in ('Compat Printing Company', '12 Printer Lane',
                     'Compat Tagline Motto', 'print@compat.example.com',
                     'FR40303265045', 'Page %d / %d' % (number, total)):
            self.assertIn(text, page_text,
                          'page %d of %d' % (number, total))


class TestDetection(PrintingCase):

    def test_debian_build_is_unpatched(self):
        """Debian's wkhtmltopdf is detected as unpatched Qt."""
        self.assertFalse(compat.wkhtmltopdf_is_patched(WKHTMLTOPDF))
        self.assertTrue(self.env['ir.actions.report']._compat_active())

    def test_patched_build_keeps_odoo_path(self):
        """A build saying "with patched qt" keeps Odoo's own path."""
        directory = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, directory)
        fake = write_script(
            directory, 'wkhtmltopdf',
            'echo "wkhtmltopdf 0.12.5 (with patched qt)"')
        self.assertTrue(compat.wkhtmltopdf_is_patched(fake))
        self.env['ir.config_parameter'].sudo().set_param(
            compat.PARAM_BINARY, fake)
        self.assertFalse(self.env['ir.actions.report']._compat_active())

    def test_workers_default_to_cpu_cores(self):
        """Without the system parameter, as many wkhtmltopdf processes as
        CPU cores (at most 4); the parameter wins when it is a number."""
        report = self.env['ir.actions.report']
        params = self.env['ir.config_parameter'].sudo()
        params.set_param(compat.PARAM_WORKERS, False)  # unset
        self.assertEqual(report._compat_workers(),
                         max(1, min(4, os.cpu_count() or 1)))
        params.set_param(compat.PARAM_WORKERS, '3')
        self.assertEqual(report._compat_workers(), 3)
        params.set_param(compat.PARAM_WORKERS, 'many')
        self.assertEqual(report._compat_workers(),
                         max(1, min(4, os.cpu_count() or 1)))

    def modules(self):
        return self.env['ir.module.module'].search(
            [('name', 'in', ['web', 'bus', 'report_wkhtmltopdf_compat'])],
            order='name desc')

    def test_vanilla_several_records_give_no_page(self):
        """The defect this addon fixes: Odoo's own path on Debian's
        wkhtmltopdf returns a PDF without pages for several records."""
        report = self.env.ref('base.ir_module_reference_print')
        pdf, _format = report.with_context(
            report_wkhtmltopdf_compat_disable=True).render_qweb_pdf(
                self.modules().ids)
        self.assertEqual(compat.count_pages(pdf), 0)

    def test_no_page_on_odoo_path_is_an_error(self):
        """Odoo's path (kept for patched builds) never returns an empty
        PDF either: here the binary claims patched Qt but is not."""
        directory = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, directory)
        fake = write_script(
            directory, 'wkhtmltopdf',
            'case "$1" in -V|--version) '
            'echo "wkhtmltopdf 0.12.5 (with patched qt)";; '
            '*) exec %s "$@";; esac' % WKHTMLTOPDF)
        self.env['ir.config_parameter'].sudo().set_param(
            compat.PARAM_BINARY, fake)
        report = self.env.ref('base.ir_module_reference_print')
        with self.assertRaises(UserError) as error:
            report.render_qweb_pdf(self.modules().ids)
        self.assertIn('without any page', error.exception.name)

    def test_odoo_path_gets_inline_styles_too(self):
        """With a patched build, Odoo's header, footer and bodies are kept
        but their stylesheets are inlined as well."""
        directory = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, directory)
        fake = write_script(
            directory, 'wkhtmltopdf',
            'echo "wkhtmltopdf 0.12.5 (with patched qt)"')
        self.env['ir.config_parameter'].sudo().set_param(
            compat.PARAM_BINARY, fake)
        report = self.env.ref('base.ir_module_reference_print')
        html = report.render_qweb_html(self.modules().ids)[0]
        bodies, _ids, header, footer, _args = report._prepare_html(
            html.decode('utf-8'))
        self.assertEqual(len(bodies), 3)
        self.assertNotIsInstance(bodies[0], compat.ReportBody)
        for document in bodies + [header, footer]:
            self.assertIn(b'<style', document)
            self.assertNotRegex(document, rb'<link[^>]+/web/content/')
        # Odoo's own header keeps the page numbers it substitutes.
        self.assertIn(b'topage', header)

    def test_forced_failure_is_a_clear_error(self):
        """wkhtmltopdf exiting 1 without output: an error, no empty PDF."""
        directory = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, directory)
        broken = write_script(
            directory, 'wkhtmltopdf',
            'echo "Error: broken on purpose" >&2; exit 1')
        self.env['ir.config_parameter'].sudo().set_param(
            compat.PARAM_BINARY, broken)
        report = self.env.ref('base.ir_module_reference_print')
        module = self.env['ir.module.module'].search(
            [('name', '=', 'web')])
        with self.assertRaises(UserError) as error:
            report.render_qweb_pdf(module.ids)
        message = error.exception.name
        self.assertIn('could not be created', message)
        self.assertIn('exit code 1', message)
        self.assertIn('broken on purpose', message)

    def test_missing_binary_is_a_clear_error(self):
        self.env['ir.config_parameter'].sudo().set_param(
            compat.PARAM_BINARY, '/nonexistent/wkhtmltopdf')
        report = self.env.ref('base.ir_module_reference_print')
        module = self.env['ir.module.module'].search(
            [('name', '=', 'web')])
        with self.assertRaises(UserError) as error:
            report.render_qweb_pdf(module.ids)
        self.assertIn('cannot be started', error.exception.name)

    def test_several_records_of_any_report(self):
        """Several records of a report without company layout: one PDF
        with every record, in order (the vanilla call gives 0 pages)."""
        report = self.env.ref('base.ir_module_reference_print')
        modules = self.modules()
        pdf, _format = report.render_qweb_pdf(modules.ids)
        self.assertGreaterEqual(pdf_pages(pdf), 3)
        text = ''.join(pdf_text(pdf))
        positions = [text.find(module.shortdesc) for module in modules]
        self.assertNotIn(-1, positions)
        self.assertEqual(positions, sorted(positions))


@unittest.skipUnless(WKHTMLTOPDF and PDFTOTEXT,
                     'wkhtmltopdf and pdftotext (poppler-utils) needed')
class TestSalePrinting(PrintingCase):

    @classmethod
    def setUpClass(cls):
        super(TestSalePrinting, cls).setUpClass()
        if 'sale.order' not in cls.env.registry:
            raise unittest.SkipTest('sale is not installed')
        cls.salesman = cls.create_user(
            'salesman', ['sales_team.group_sale_salesman'])
        cls.customer = cls.env['res.partner'].create({
            'name': 'Compat Customer', 'customer': True,
            'street': '1 Customer Road', 'city': 'Paris', 'zip': '75001',
            'country_id': cls.env.ref('base.fr').id})
        cls.product = cls.env['product.product'].create({
            'name': 'Compat Widget', 'type': 'consu', 'list_price': 10.0})
        cls.report = cls.env.ref('sale.action_report_saleorder')

    def create_quote(self, lines=1):
        return self.env['sale.order'].sudo(self.salesman).create({
            'partner_id': self.customer.id,
            'order_line': [(0, 0, {
                'product_id': self.product.id,
                'name': 'Compat Widget line %d' % index,
                'product_uom_qty': index + 1,
                'price_unit': 10.0}) for index in range(lines)]})

    def test_two_page_quote_header_footer_page_numbers(self):
        """A quote over two pages: company header, footer and
        "Page x / 2" on both pages."""
        quote = self.create_quote(lines=35)
        pdf, _format = self.report.sudo(self.salesman).render_qweb_pdf(
            quote.ids)
        save_artifact('printing_two_page_quote', pdf)
        pages = pdf_text(pdf)
        self.assertEqual(len(pages), 2)
        for number, text in enumerate(pages, 1):
            self.assertHeaderFooter(text, number, 2)
        self.assertIn(quote.name, pages[0])
        self.assertIn('Compat Widget line 34', pages[1])
        # The company logo (the only image of the quote) on both pages.
        self.assertEqual(pdf_image_pages(pdf), {1, 2})

    def test_twenty_quotes_at_once(self):
        """20 quotes in one print: >= 20 pages, every quote, in order,
        each with its header and numbered on its own."""
        quotes = self.env['sale.order'].browse(
            [self.create_quote(lines=2).id for _index in range(20)])
        pdf, _format = self.report.sudo(self.salesman).render_qweb_pdf(
            quotes.ids)
        pages = pdf_text(pdf)
        self.assertGreaterEqual(len(pages), 20)
        firsts = [next(index for index, text in enumerate(pages)
                       if quote.name in text) for quote in quotes]
        self.assertEqual(firsts, sorted(firsts))
        self.assertEqual(len(set(firsts)), 20)
        for index in firsts:
            self.assertHeaderFooter(pages[index], 1, 1)

    def test_styled_without_server(self):
        """Stylesheets are inlined: no server at report.url, yet the
        bootstrap layout applies (tagline right-aligned in its column)."""
        quote = self.create_quote(lines=1)
        report = self.report.sudo(self.salesman)
        html = report.render_qweb_html(quote.ids)[0]
        bodies = report._prepare_html(html.decode('utf-8'))[0]
        self.assertIn(b'<style', bodies[0])
        self.assertIn(b'.col-xs-9', bodies[0])
        self.assertNotRegex(bodies[0], rb'<link[^>]+/web/content/')
        # Header and footer are pages of that same styled document.
        self.assertEqual(bodies[0].margin_pages, (
            ('header', bodies[0].header), ('footer', bodies[0].footer)))
        self.assertIn(bodies[0].header, bodies[0])
        self.assertIn(bodies[0].footer, bodies[0])
        pdf, _format = report.render_qweb_pdf(quote.ids)
        bbox = pdf_text(pdf, '-bbox')
        page_width = float(re.search(r'<page width="([\d.]+)"',
                                     bbox).group(1))
        tagline_x = float(re.search(
            r'<word xMin="([\d.]+)"[^>]*>Compat</word>\s*'
            r'<word[^>]*>Tagline</word>', bbox).group(1))
        self.assertGreater(tagline_x, page_width / 2)

    def test_header_footer_in_margins(self):
        """The header lies in the top margin, the footer in the bottom
        margin above "Page x / y" (European A4: 40 mm and 28 mm)."""
        quote = self.create_quote(lines=1)
        pdf, _format = self.report.sudo(self.salesman).render_qweb_pdf(
            quote.ids)
        bbox = pdf_text(pdf, '-bbox')
        height = float(re.search(r'<page width="[\d.]+" height="([\d.]+)"',
                                 bbox).group(1))
        mm = 72 / 25.4

        def words(text):
            return [(float(y_min), float(y_max)) for y_min, y_max in
                    re.findall(r'<word xMin="[\d.]+" yMin="([\d.]+)" '
                               r'xMax="[\d.]+" yMax="([\d.]+)">%s</word>'
                               % re.escape(text), bbox)]
        tagline, = words('Tagline')
        self.assertGreater(tagline[0], 3 * mm)
        self.assertLess(tagline[1], 40 * mm)
        # The company email is in the quote's body too: one in the footer.
        self.assertTrue([word for word in words('print@compat.example.com')
                         if word[0] > height - 28 * mm
                         and word[1] < height - 8 * mm])
        page_number, = words('Page')
        self.assertGreater(page_number[0], height - 8 * mm)

    def test_batch_renders_header_and_footer_once(self):
        """Several quotes: the header and footer pages are rendered with
        the first quote only, and laid on the pages of every quote."""
        quotes = self.create_quote() | self.create_quote()
        report = self.report.sudo(self.salesman)
        html = report.render_qweb_html(quotes.ids)[0]
        bodies = report._prepare_html(html.decode('utf-8'))[0]
        self.assertEqual(len(bodies[0].margin_pages), 2)
        self.assertEqual(bodies[1].margin_pages, ())
        self.assertEqual(bodies[1].header, bodies[0].header)
        self.assertNotIn(bodies[1].header, bodies[1])
        pages = pdf_text(report.render_qweb_pdf(quotes.ids)[0])
        self.assertEqual(len(pages), 2)
        for text in pages:
            self.assertHeaderFooter(text, 1, 1)

    def test_no_javascript_wait_without_javascript(self):
        """A document without JavaScript is printed without wkhtmltopdf's
        200 ms wait for it; a document with a script keeps the wait."""
        directory = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, directory)
        log = os.path.join(directory, 'args.log')
        logging_binary = write_script(
            directory, 'wkhtmltopdf',
            'echo "$@" >> %s\nexec %s "$@"' % (log, WKHTMLTOPDF))
        self.env['ir.config_parameter'].sudo().set_param(
            compat.PARAM_BINARY, logging_binary)
        quote = self.create_quote()
        report = self.report.sudo(self.salesman)
        report.render_qweb_pdf(quote.ids)
        with open(log) as log_file:
            self.assertIn('--javascript-delay 0', log_file.read())
        open(log, 'w').close()
        html = report.render_qweb_html(quote.ids)[0].replace(
            b'</address>', b'<script>document.title = "x";</script>'
                           b'</address>', 1)
        bodies = report._prepare_html(html.decode('utf-8'))[0]
        self.assertTrue(bodies[0].javascript)
        report._run_wkhtmltopdf(bodies)
        with open(log) as log_file:
            self.assertNotIn('--javascript-delay', log_file.read())


@unittest.skipUnless(WKHTMLTOPDF and PDFTOTEXT,
                     'wkhtmltopdf and pdftotext (poppler-utils) needed')
class TestInvoicePrinting(PrintingCase):

    @classmethod
    def setUpClass(cls):
        super(TestInvoicePrinting, cls).setUpClass()
        if 'account.invoice' not in cls.env.registry:
            raise unittest.SkipTest('account is not installed')
        cls.accountant = cls.create_user(
            'accountant', ['account.group_account_invoice'])
        cls.customer = cls.env['res.partner'].create({
            'name': 'Compat Invoice Customer', 'customer': True,
            'country_id': cls.env.ref('base.fr').id})
        cls.product = cls.env['product.product'].create({
            'name': 'Compat Service', 'type': 'service',
            'list_price': 100.0})
        cls.income = cls.env['account.account'].search([
            ('company_id', '=', cls.company.id),
            ('user_type_id', '=',
             cls.env.ref('account.data_account_type_revenue').id)],
            limit=1)
        cls.report = cls.env.ref('account.account_invoices')

    def create_invoice(self, index):
        invoice = self.env['account.invoice'].sudo(self.accountant).create({
            'partner_id': self.customer.id,
            'type': 'out_invoice',
            'invoice_line_ids': [(0, 0, {
                'product_id': self.product.id,
                'name': 'Compat service %d' % index,
                'account_id': self.income.id,
                'quantity': 1, 'price_unit': 100.0 + index})]})
        invoice.action_invoice_open()
        return invoice

    def test_five_invoices_at_once(self):
        """5 validated invoices in one print: >= 5 pages in order, header
        and footer on each, and each invoice gets its own saved PDF."""
        invoices = self.env['account.invoice'].browse(
            [self.create_invoice(index).id for index in range(5)])
        pdf, _format = self.report.sudo(self.accountant).render_qweb_pdf(
            invoices.ids)
        save_artifact('printing_five_invoices', pdf)
        pages = pdf_text(pdf)
        self.assertGreaterEqual(len(pages), 5)
        firsts = [next(index for index, text in enumerate(pages)
                       if invoice.number in text) for invoice in invoices]
        self.assertEqual(firsts, sorted(firsts))
        self.assertEqual(len(set(firsts)), 5)
        for index in firsts:
            self.assertHeaderFooter(pages[index], 1, 1)
        attachments = self.env['ir.attachment'].search([
            ('res_model', '=', 'account.invoice'),
            ('res_id', 'in', invoices.ids)])
        self.assertEqual(len(attachments), 5)
        for attachment in attachments:
            invoice = invoices.browse(attachment.res_id)
            own = base64.b64decode(attachment.datas)
            self.assertIn(invoice.number, ''.join(pdf_text(own)))

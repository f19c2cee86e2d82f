# Copyright 2026 sales_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Sales export for accounting (XLSX): what an accountant opens in a
spreadsheet, read back with openpyxl and checked against the ledger."""
import base64
import io
import re
import zipfile

import openpyxl

from odoo.exceptions import AccessError, UserError
from odoo.tools.safe_eval import safe_eval

from .common import SalesOrderCase

MONEY = '#,##0.00'
INJECTED_NAME = '=HYPERLINK("http://evil.example","click")'


class DocumentsXlsxCase(SalesOrderCase):
    """Invoices of March 2019 in two currencies with two taxes."""

    date_from, date_to = '2019-03-01', '2019-03-31'

    @classmethod
    def setUpClass(cls):
        super(DocumentsXlsxCase, cls).setUpClass()
        env = cls.env
        cls.currency = cls.company.currency_id
        cls.foreign = env['res.currency'].with_context(
            active_test=False).search(
            [('id', '!=', cls.currency.id), ('name', 'in', ('GBP', 'CHF'))],
            limit=1)
        cls.foreign.active = True
        # 1 company currency = 1.3 foreign: amounts in the foreign currency
        # convert with rounding on every line.
        env['res.currency.rate'].search(
            [('currency_id', 'in', (cls.currency | cls.foreign).ids)]
        ).unlink()
        env['res.currency.rate'].create({
            'name': '2019-01-01', 'rate': 1.3,
            'currency_id': cls.foreign.id, 'company_id': cls.company.id})
        env['res.currency.rate'].create({
            'name': '2019-01-01', 'rate': 1.0,
            'currency_id': cls.currency.id, 'company_id': cls.company.id})
        cls.journal = env['account.journal'].search(
            [('type', '=', 'sale'), ('company_id', '=', cls.company.id)],
            limit=1)
        cls.income = env['account.account'].search(
            [('user_type_id', '=', env.ref(
                'account.data_account_type_revenue').id),
             ('company_id', '=', cls.company.id)], limit=1)
        tax_account = env['account.account'].search(
            [('company_id', '=', cls.company.id),
             ('user_type_id', '=', env.ref(
                 'account.data_account_type_current_liabilities').id)],
            limit=1) or cls.income
        cls.tax15 = cls.create_tax('Test VAT 15%', 15.0, tax_account)
        cls.tax7 = cls.create_tax('Test VAT 7%', 7.0, tax_account)
        cls.customer_evil = cls.create_customer(
            INJECTED_NAME, 'base.us', '1 Formula St', 'Chicago', '60606',
            email='evil@example.com', vat='@SUM(1,2)')
        cls.customer_de.vat = 'DE123456788'
        cls.inv_eur = cls.make_invoice(cls.customer_de, '2019-03-05', [
            (cls.desk, 2, 500.0, 10.0, cls.tax15),
            (cls.chair, 3, 120.0, 0.0, cls.tax7)], origin='SO-TEST-1')
        cls.inv_foreign = cls.make_invoice(cls.customer_fr, '2019-03-10', [
            (cls.desk, 1, 333.33, 0.0, cls.tax15 | cls.tax7),
            (cls.chair, 7, 12.34, 5.0, cls.tax7),
            (cls.chair, 3, 0.77, 0.0, cls.tax15)],
            currency=cls.foreign, origin='SO-TEST-2')
        cls.refund = cls.make_invoice(cls.customer_de, '2019-03-15', [
            (cls.chair, 1, 120.0, 0.0, cls.tax15)], refund=True)
        cls.inv_evil = cls.make_invoice(cls.customer_evil, '2019-03-20', [
            (cls.chair, 1, 100.0, 0.0, cls.tax15)],
            origin='-2+3', description='+SUM(A1:A9)')
        cls.draft = cls.make_invoice(cls.customer_fr, '2019-03-25', [
            (cls.desk, 1, 250.0, 0.0, cls.tax15)], validate=False)
        cls.outside = cls.make_invoice(cls.customer_fr, '2019-04-02', [
            (cls.desk, 1, 999.0, 0.0, cls.tax15)])
        cls.posted = cls.inv_eur | cls.inv_foreign | cls.refund | \
            cls.inv_evil

    @classmethod
    def create_tax(cls, name, amount, account):
        return cls.env['account.tax'].create({
            'name': name, 'amount': amount, 'amount_type': 'percent',
            'type_tax_use': 'sale', 'company_id': cls.company.id,
            'account_id': account.id, 'refund_account_id': account.id,
            'tax_group_id': cls.env['account.tax.group'].create(
                {'name': 'Group %s' % name}).id,
        })

    @classmethod
    def make_invoice(cls, partner, date, lines, currency=None, refund=False,
                     origin=False, description=None, validate=True):
        """An invoice (or credit note) of `lines` [(product, qty, price,
        discount %, taxes)], created and validated by the accountant."""
        invoice = cls.env['account.invoice'].sudo(cls.accountant).create({
            'partner_id': partner.id,
            'type': 'out_refund' if refund else 'out_invoice',
            'date_invoice': date,
            'journal_id': cls.journal.id,
            'currency_id': (currency or cls.currency).id,
            'origin': origin,
            'invoice_line_ids': [(0, 0, {
                'product_id': product.id,
                'name': description or product.name,
                'quantity': qty, 'price_unit': price, 'discount': discount,
                'account_id': cls.income.id,
                'invoice_line_tax_ids': [(6, 0, taxes.ids)],
            }) for product, qty, price, discount, taxes in lines],
        })
        if not invoice.tax_line_ids:
            invoice.compute_taxes()
        if validate:
            invoice.action_invoice_open()
        return invoice

    def export(self, user=None, **vals):
        values = {'date_from': self.date_from, 'date_to': self.date_to,
                  'company_id': self.company.id}
        values.update(vals)
        wizard = self.env['sale.accounting.export'].sudo(
            user or self.accountant).create(values)
        return wizard.get_xlsx()

    @staticmethod
    def rows(sheet):
        return [[cell.value for cell in row] for row in sheet.iter_rows()]

    def ledger(self, domain):
        """-sum(balance) of the period's sales journal items in `domain`."""
        lines = self.env['account.move.line'].search([
            ('date', '>=', self.date_from), ('date', '<=', self.date_to),
            ('journal_id', '=', self.journal.id)] + domain)
        return -sum(lines.mapped('balance'))


class TestDocumentsXlsx(DocumentsXlsxCase):

    @classmethod
    def setUpClass(cls):
        super(TestDocumentsXlsx, cls).setUpClass()
        cls.data = cls.env['sale.accounting.export'].sudo(
            cls.accountant).create({
                'date_from': cls.date_from, 'date_to': cls.date_to,
                'company_id': cls.company.id}).get_xlsx()
        cls.book = openpyxl.load_workbook(io.BytesIO(cls.data))
        cls.values = openpyxl.load_workbook(
            io.BytesIO(cls.data), data_only=True)

    def test_sheets_and_headers(self):
        """The workbook has the sheets Invoices, Lines and Taxes, each with
        a frozen header row and an autofilter over its data."""
        self.assertEqual(self.book.sheetnames, ['Invoices', 'Lines', 'Taxes'])
        cc = self.currency.name
        invoices = self.book['Invoices']
        self.assertEqual(self.rows(invoices)[0], [
            'Number', 'Date', 'Due date', 'Customer', 'VAT', 'Currency',
            'Untaxed', 'Untaxed (%s)' % cc, 'Tax', 'Tax (%s)' % cc, 'Total',
            'Total (%s)' % cc, 'Amount due', 'Amount due (%s)' % cc, 'State',
            'Source order'])
        self.assertEqual(self.rows(self.book['Lines'])[0], [
            'Invoice', 'Date', 'Account', 'Product', 'Description',
            'Quantity', 'Unit price', 'Discount (%)', 'Taxes', 'Currency',
            'Subtotal', 'Subtotal (%s)' % cc])
        self.assertEqual(self.rows(self.book['Taxes'])[0], [
            'Tax', 'Base (%s)' % cc, 'Amount (%s)' % cc])
        for name, last in (('Invoices', 'P5'), ('Lines', 'L8'),
                           ('Taxes', 'C3')):
            sheet = self.book[name]
            self.assertEqual(sheet.freeze_panes, 'A2', name)
            self.assertEqual(sheet.auto_filter.ref, 'A1:%s' % last, name)

    def test_invoice_rows(self):
        """One row per posted invoice/credit note of the period, in date
        order; credit notes negative; drafts and other periods left out;
        dates and amounts typed and formatted."""
        sheet = self.book['Invoices']
        rows = self.rows(sheet)[1:5]
        self.assertEqual([row[0] for row in rows], self.posted.mapped(
            'number'))
        eur = rows[0]
        self.assertEqual(eur[1].date().isoformat(), '2019-03-05')
        self.assertEqual(eur[3], 'Test Kunde GmbH')
        self.assertEqual(eur[4], 'DE123456788')
        self.assertEqual(eur[5], self.currency.name)
        self.assertAlmostEqual(eur[6], 1260.0)   # 900 + 360
        self.assertAlmostEqual(eur[8], 135.0 + 25.2)
        self.assertAlmostEqual(eur[10], 1420.2)
        self.assertAlmostEqual(eur[12], 1420.2)  # amount due
        self.assertEqual(eur[14], 'Open')
        self.assertEqual(eur[15], 'SO-TEST-1')
        refund = rows[2]
        self.assertAlmostEqual(refund[6], -120.0)
        self.assertAlmostEqual(refund[7], -120.0)
        self.assertAlmostEqual(refund[10], -138.0)
        self.assertAlmostEqual(refund[13], -138.0)
        foreign = rows[1]
        self.assertEqual(foreign[5], self.foreign.name)
        self.assertAlmostEqual(foreign[10], self.inv_foreign.amount_total)
        self.assertAlmostEqual(
            foreign[11], self.inv_foreign.amount_total_company_signed,
            delta=0.02)
        self.assertEqual(self.rows(sheet)[5][0], 'Total')
        self.assertEqual(len(self.rows(sheet)), 6)
        self.assertEqual(sheet['B2'].number_format, 'yyyy-mm-dd')
        self.assertTrue(sheet['B2'].is_date)
        for column in 'GHIJKLMN':
            self.assertEqual(sheet['%s2' % column].number_format, MONEY)

    def test_totals_equal_ledger(self):
        """The totals rows are SUM formulas whose values equal the journal
        items of the period to the cent: revenue, taxes, receivables, per
        tax base and amount."""
        invoices = self.book['Invoices']
        values = self.values['Invoices']
        self.assertEqual(invoices['A6'].value, 'Total')
        self.assertEqual(invoices['H6'].value, '=SUM(H2:H5)')
        self.assertEqual(invoices['J6'].value, '=SUM(J2:J5)')
        self.assertEqual(invoices['L6'].value, '=SUM(L2:L5)')
        # Two currencies: no meaningless sum of document-currency amounts.
        self.assertIsNone(invoices['G6'].value)
        revenue = self.ledger([('tax_line_id', '=', False), (
            'account_id.internal_type', '!=', 'receivable')])
        tax = self.ledger([('tax_line_id', '!=', False)])
        receivable = -self.ledger(
            [('account_id.internal_type', '=', 'receivable')])
        self.assertNotEqual(revenue, 0.0)
        self.assertAlmostEqual(values['H6'].value, revenue, places=2)
        self.assertAlmostEqual(values['J6'].value, tax, places=2)
        self.assertAlmostEqual(values['L6'].value, receivable, places=2)
        # The cached totals are the sums of the rows above them.
        self.assertAlmostEqual(values['H6'].value, sum(
            row[7] for row in self.rows(values)[1:5]), places=2)
        lines = self.values['Lines']
        self.assertEqual(self.book['Lines']['L9'].value, '=SUM(L2:L8)')
        self.assertAlmostEqual(lines['L9'].value, revenue, places=2)
        self.assertAlmostEqual(sum(
            row[11] for row in self.rows(lines)[1:8]), revenue, places=2)
        taxes = {row[0]: row for row in self.rows(self.values['Taxes'])[1:3]}
        for tax_record in (self.tax15, self.tax7):
            base = self.ledger([('tax_ids', 'in', tax_record.ids)])
            amount = self.ledger([('tax_line_id', '=', tax_record.id)])
            self.assertAlmostEqual(taxes[tax_record.name][1], base, places=2)
            self.assertAlmostEqual(
                taxes[tax_record.name][2], amount, places=2)
        self.assertEqual(self.book['Taxes']['C4'].value, '=SUM(C2:C3)')
        self.assertAlmostEqual(
            self.values['Taxes']['C4'].value, tax, places=2)

    def test_lines(self):
        """Lines: account code, product, quantity, unit price, discount,
        taxes and subtotal; credit note lines negative."""
        rows = self.rows(self.book['Lines'])[1:8]
        self.assertEqual(len(rows), 7)
        first = rows[0]
        self.assertEqual(first[0], self.inv_eur.number)
        self.assertEqual(first[2], self.income.code)
        self.assertIn('Test Desk', first[3])
        self.assertEqual(first[5:9], [2, 500, 10, 'Test VAT 15%'])
        self.assertAlmostEqual(first[10], 900.0)
        multi_tax = rows[2]
        self.assertEqual(multi_tax[8], 'Test VAT 15%, Test VAT 7%')
        refund_line = [row for row in rows if row[0] == self.refund.number]
        self.assertEqual(refund_line[0][5], -1)
        self.assertAlmostEqual(refund_line[0][10], -120.0)
        self.assertAlmostEqual(refund_line[0][11], -120.0)
        self.assertEqual(self.book['Lines']['F2'].number_format, '#,##0.###')

    def test_formula_injection_written_as_text(self):
        """Names and texts starting with = + - @ stay text: no formula
        other than the totals' SUM in the file."""
        rows = self.rows(self.book['Invoices'])
        evil = [row for row in rows if row[0] == self.inv_evil.number][0]
        self.assertEqual(evil[3], INJECTED_NAME)
        self.assertEqual(evil[4], '@SUM(1,2)')
        self.assertEqual(evil[15], '-2+3')
        line = [row for row in self.rows(self.book['Lines'])
                if row[0] == self.inv_evil.number][0]
        self.assertEqual(line[4], '+SUM(A1:A9)')
        with zipfile.ZipFile(io.BytesIO(self.data)) as archive:
            for name in archive.namelist():
                if not name.startswith('xl/worksheets/'):
                    continue
                xml = archive.read(name).decode('utf-8')
                formulas = re.findall(r'<f>(.*?)</f>', xml)
                self.assertTrue(all(
                    re.match(r'^SUM\([A-Z]+\d+:[A-Z]+\d+\)$', formula)
                    for formula in formulas), formulas)
                self.assertNotIn('HYPERLINK', ''.join(formulas))

    def test_states_journals_filters(self):
        """Draft invoices come only when asked; another journal gives an
        empty export."""
        book = openpyxl.load_workbook(io.BytesIO(self.export(
            invoice_states=[(6, 0, self.env.ref(
                'sales_order_mgmt.sale_accounting_export_state_draft').ids)]
        )))
        rows = self.rows(book['Invoices'])
        self.assertEqual(len(rows), 3)  # header, the draft, totals
        self.assertEqual(rows[1][0], 'Draft')
        self.assertAlmostEqual(rows[1][6], 250.0)
        self.assertEqual(rows[1][14], 'Draft')
        self.assertAlmostEqual(rows[1][9], 37.5)
        taxes = self.rows(book['Taxes'])
        self.assertEqual(taxes[1][0], 'Test VAT 15%')
        self.assertAlmostEqual(taxes[1][2], 37.5)


class TestDocumentsXlsxBadInput(DocumentsXlsxCase):

    def test_empty_period(self):
        """A period without invoices gives the headers and a note, not an
        error."""
        book = openpyxl.load_workbook(io.BytesIO(self.export(
            date_from='2018-01-01', date_to='2018-01-31')))
        for name in ('Invoices', 'Lines', 'Taxes'):
            rows = self.rows(book[name])
            self.assertEqual(len(rows), 2, name)
            self.assertTrue(rows[1][0].startswith('No data'), rows[1][0])
        self.assertEqual(book['Invoices']['A1'].value, 'Number')

    def test_invoices_without_tax(self):
        """Issue 20 (7): a period whose invoices carry no tax says so on the
        Taxes sheet, not "No data: no customer invoice"."""
        self.make_invoice(self.customer_de, '2018-05-07', [
            (self.desk, 1, 500.0, 0.0, self.env['account.tax'])])
        book = openpyxl.load_workbook(io.BytesIO(self.export(
            date_from='2018-05-01', date_to='2018-05-31')))
        self.assertEqual(len(self.rows(book['Invoices'])), 3)
        taxes = self.rows(book['Taxes'])
        self.assertEqual(taxes[1][0], 'No tax: the 1 customer invoices and '
                                      'credit notes of the period carry no '
                                      'tax.')

    def test_file_names(self):
        """Issue 20 (7): the workbooks are named after what they hold (the
        name report_xlsx's download route gives the file), not
        "sales_export.xlsx"."""
        wizard = self.env['sale.accounting.export'].sudo(
            self.accountant).create({
                'date_from': '2019-03-01', 'date_to': '2019-03-31',
                'company_id': self.company.id})
        report = self.env.ref('sales_order_mgmt.sale_accounting_export_xlsx')
        self.assertEqual(
            safe_eval(report.print_report_name, {'object': wizard}),
            'sales_export_%s_2019-03-01_2019-03-31'
            % self.company.name.replace(' ', '_'))
        order = self.create_order(self.customer_de, [(self.desk, 1)])
        report = self.env.ref('sales_order_mgmt.sale_order_xlsx')
        self.assertEqual(
            safe_eval(report.print_report_name, {'object': order}),
            'order_%s' % order.name)

    def test_dates_reversed(self):
        """date_to before date_from: a clear error."""
        with self.assertRaisesRegex(UserError, 'before the start date'):
            self.export(date_from='2019-03-31', date_to='2019-03-01')

    def test_foreign_journal_refused(self):
        """Only the company's sales journals can be exported."""
        purchase = self.env['account.journal'].search(
            [('type', '=', 'purchase'), ('company_id', '=', self.company.id)],
            limit=1)
        with self.assertRaisesRegex(UserError, 'Only sales journals'):
            self.export(journal_ids=[(6, 0, purchase.ids)])

    def test_access(self):
        """Accountants and sales managers export; a salesman is refused."""
        with self.assertRaisesRegex(AccessError, 'accountants and sales'):
            self.export(user=self.salesman)
        for user in (self.accountant, self.sale_manager):
            book = openpyxl.load_workbook(io.BytesIO(self.export(user=user)))
            self.assertEqual(len(self.rows(book['Invoices'])), 6, user.login)

    def test_action_export_shows_result(self):
        """Issue 20 (7): Export no longer leaves the wizard as it was, with
        no word: the wizard shows what was exported (file name, invoices,
        lines and taxes counted as in the workbook) and the file to
        download, and offers Close."""
        wizard = self.env['sale.accounting.export'].sudo(
            self.accountant).create({'date_from': self.date_from,
                                     'date_to': self.date_to})
        action = wizard.action_export()
        self.assertEqual((action['res_model'], action['res_id'],
                          action['target']),
                         ('sale.accounting.export', wizard.id, 'new'))
        self.assertEqual(wizard.state, 'done')
        name = 'sales_export_%s_%s_%s.xlsx' % (
            self.company.name.replace(' ', '_'), self.date_from,
            self.date_to)
        self.assertEqual(wizard.file_name, name)
        book = openpyxl.load_workbook(io.BytesIO(
            base64.b64decode(wizard.file_data)))

        def data_rows(sheet):
            # Without the header and the Total row.
            return len([row for row in self.rows(book[sheet])[1:]
                        if row[0] and row[0] != 'Total'])
        invoices, lines, taxes = (data_rows('Invoices'), data_rows('Lines'),
                                  data_rows('Taxes'))
        self.assertTrue(invoices and lines and taxes)
        self.assertEqual(wizard.result_summary, (
            '%s: %d customer invoices and credit notes (sheet Invoices), '
            '%d invoice lines (sheet Lines), %d taxes (sheet Taxes), from '
            '%s to %s.') % (name, invoices, lines, taxes, self.date_from,
                            self.date_to))

    def test_queries_do_not_grow_with_invoices(self):
        """Reads are batched: twice the invoices, the same query count."""
        def count_queries():
            wizard = self.env['sale.accounting.export'].sudo(
                self.accountant).create({
                    'date_from': '2019-05-01', 'date_to': '2019-05-31'})
            self.env['account.invoice'].invalidate_cache()
            before = self.env.cr.sql_log_count
            wizard.get_xlsx()
            return self.env.cr.sql_log_count - before

        for day in range(1, 4):
            self.make_invoice(self.customer_de, '2019-05-%02d' % day, [
                (self.desk, 1, 10.0 * day, 0.0, self.tax15)])
        small = count_queries()
        for day in range(4, 10):
            self.make_invoice(self.customer_fr, '2019-05-%02d' % day, [
                (self.chair, day, 10.0, 0.0, self.tax7),
                (self.desk, 1, 10.0, 0.0, self.tax15)])
        large = count_queries()
        self.assertLessEqual(large, small + 3, (small, large))


class TestSaleOrderXlsx(DocumentsXlsxCase):

    def test_orders_from_list_selection(self):
        """Print > Orders (XLSX) on selected orders: one row per order
        with amounts, channel and fulfilment figures, and totals."""
        desk = self.create_product('Test Desk (order)', 500.0,
                                   invoice_policy='order')
        first = self.create_order(self.customer_de, [(desk, 3)],
                                  entry_channel='phone')
        second = self.create_order(self.customer_evil, [(desk, 1, 99.5)],
                                   entry_channel='web')
        report = self.env.ref('sales_order_mgmt.sale_order_xlsx')
        self.assertEqual(report.binding_model_id.model, 'sale.order')
        data = report.sudo(self.salesman).render_xlsx(
            (first | second).ids, {})[0]
        book = openpyxl.load_workbook(io.BytesIO(data))
        rows = self.rows(book['Orders'])
        self.assertEqual(rows[0][:3], ['Order', 'Customer',
                                       'Customer reference'])
        by_name = {row[0]: row for row in rows[1:3]}
        row = by_name[first.name]
        self.assertEqual(row[1], 'Test Kunde GmbH')
        self.assertEqual(row[7], 'Phone')
        self.assertEqual(row[8], 'Quotation')
        self.assertAlmostEqual(row[13], 1500.0)
        self.assertEqual(row[14:18], [3, 0, 0, 0])
        self.assertEqual(by_name[second.name][1], INJECTED_NAME)
        self.assertEqual(by_name[second.name][7], 'Web')
        self.assertEqual(rows[3][0], 'Total')
        self.assertEqual(rows[3][13], '=SUM(N2:N3)')
        self.assertEqual(book['Orders'].freeze_panes, 'A2')

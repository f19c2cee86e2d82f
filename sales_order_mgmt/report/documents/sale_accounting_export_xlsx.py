# Copyright 2026 sales_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""XLSX of the sales export for accounting (OCA report_xlsx), streamed.

The workbook is written in xlsxwriter's constant_memory mode: each sheet's
rows go to a temporary file in order, so memory does not grow with the
number of rows. Text is always written as text (`write_string`): a customer
named "=HYPERLINK(...)" stays a name, never becomes a formula.
"""
import datetime
from io import BytesIO

import xlsxwriter
from odoo import _, fields, models

from ...engine.spreadsheet import is_formula_like, sum_formula

#: Workbook options of every XLSX of the addon.
WORKBOOK_OPTIONS = {
    'constant_memory': True,
    'strings_to_formulas': False,
    'strings_to_numbers': False,
    'strings_to_urls': False,
    'default_date_format': 'yyyy-mm-dd',
}


MONEY_FORMAT = '#,##0.00'


QUANTITY_FORMAT = '#,##0.###'


DATE_FORMAT = 'yyyy-mm-dd'


class SheetWriter(object):
    """Writes one sheet row by row: header (bold, frozen), typed cells,
    an autofilter over the data and a totals row of SUM formulas.

    `columns`: [(title, kind, width)] with kind in text, date, money,
    quantity, percent.
    """

    #: Distinct date values whose cell value is kept (see write_row).
    DATE_CACHE_SIZE = 4096

    def __init__(self, workbook, formats, name, columns):
        self.sheet = workbook.add_worksheet(name)
        self.formats = formats
        self.columns = columns
        self.kinds = [kind for _title, kind, _width in columns]
        self.dates = {}
        self.row = 0
        for index, (title, _kind, width) in enumerate(columns):
            self.sheet.set_column(index, index, width)
            self.sheet.write_string(0, index, title, formats['header'])
        self.sheet.freeze_panes(1, 0)
        self.row = 1

    def write_row(self, values):
        """Write `values` (one per column) on the next row; None, False and
        '' leave the cell empty. Called once per exported row: lookups are
        hoisted out of the loop and a date's cell value is computed once per
        distinct value."""
        sheet, formats, row, kinds = self.sheet, self.formats, self.row, \
            self.kinds
        write_string, write_number = sheet.write_string, sheet.write_number
        for index, value in enumerate(values):
            if value is None or value is False or value == '':
                continue
            kind = kinds[index]
            if kind == 'text':
                if value.__class__ is not str:
                    value = '%s' % (value,)
                write_string(row, index, value, formats['text_guard']
                             if is_formula_like(value) else None)
            elif kind == 'date':
                sheet.write_datetime(row, index, self._date_cell(value),
                                     formats['date'])
            else:
                write_number(row, index, value, formats[kind])
        self.row += 1

    def _date_cell(self, value):
        """The datetime written for a date value (a date or a date string),
        memoized: an export repeats few distinct dates on many rows."""
        dates = self.dates
        cell = dates.get(value)
        if cell is None:
            date = value
            if not isinstance(date, datetime.date):
                date = fields.Date.from_string(date)
            cell = datetime.datetime.combine(date, datetime.time())
            if len(dates) >= self.DATE_CACHE_SIZE:
                dates.clear()
            dates[value] = cell
        return cell

    def write_note(self, text):
        self.sheet.write_string(self.row, 0, text, self.formats['note'])
        self.row += 1

    def finish(self, totals=None, label=None):
        """Autofilter over the data rows, then a totals row.

        `totals`: {column index: cached value} of the columns to sum (the
        value is what the formula gives, stored for readers that do not
        recalculate)."""
        last_data_row = self.row - 1
        self.sheet.autofilter(
            0, 0, max(last_data_row, 0), len(self.columns) - 1)
        if totals is None or last_data_row < 1:
            return
        row = self.row
        self.sheet.write_string(
            row, 0, label or _('Total'), self.formats['total_label'])
        for index, value in sorted(totals.items()):
            self.sheet.write_formula(
                row, index, sum_formula(index, 1, last_data_row),
                self.formats['total_money'], value)
        self.row += 1


def make_formats(workbook):
    return {
        'header': workbook.add_format({
            'bold': True, 'bottom': 1, 'bg_color': '#DDDDDD',
            'text_wrap': True}),
        'text_guard': workbook.add_format({'quote_prefix': True}),
        'date': workbook.add_format({'num_format': DATE_FORMAT}),
        'money': workbook.add_format({'num_format': MONEY_FORMAT}),
        'quantity': workbook.add_format({'num_format': QUANTITY_FORMAT}),
        'percent': workbook.add_format({'num_format': '0.00'}),
        'note': workbook.add_format({'italic': True}),
        'total_label': workbook.add_format({'bold': True, 'top': 1}),
        'total_money': workbook.add_format({
            'bold': True, 'top': 1, 'num_format': MONEY_FORMAT}),
    }


class SaleAccountingExportXlsx(models.AbstractModel):
    _name = 'report.sales_order_mgmt.sale_accounting_export_xlsx'
    _inherit = 'report.report_xlsx.abstract'
    _description = 'Sales export for accounting (XLSX)'

    def get_workbook_options(self):
        return dict(WORKBOOK_OPTIONS)

    def create_xlsx_report(self, docids, data):
        """report_xlsx's, but the file's bytes are taken with getvalue(),
        which hands over the buffer, instead of read(), which copies it:
        rows stream through temporary files, so the finished file is what
        memory grows with, and it is held once instead of twice."""
        objs = self._get_objs_for_report(docids, data)
        file_data = BytesIO()
        workbook = xlsxwriter.Workbook(file_data, self.get_workbook_options())
        self.generate_xlsx_report(workbook, data, objs)
        workbook.close()
        return file_data.getvalue(), 'xlsx'

    def generate_xlsx_report(self, workbook, data, objs):
        wizard = objs
        wizard.ensure_one()
        wizard._check_export_access()
        wizard._check_parameters()
        formats = make_formats(workbook)
        currency = wizard.company_id.currency_id
        cc = currency.name
        invoices, tax_amounts = wizard._read_invoices()
        no_data = _('No data: no customer invoice or credit note from %s '
                    'to %s in the chosen journals and states.') % (
                        wizard.date_from, wizard.date_to)
        single_currency = len({inv['currency'] for inv in invoices}) == 1

        def total(rows, key):
            return currency.round(sum(row[key] for row in rows))

        # Invoices -----------------------------------------------------
        sheet = SheetWriter(workbook, formats, _('Invoices'), [
            (_('Number'), 'text', 16), (_('Date'), 'date', 11),
            (_('Due date'), 'date', 11), (_('Customer'), 'text', 30),
            (_('VAT'), 'text', 16), (_('Currency'), 'text', 9),
            (_('Untaxed'), 'money', 13),
            (_('Untaxed (%s)') % cc, 'money', 13),
            (_('Tax'), 'money', 12), (_('Tax (%s)') % cc, 'money', 12),
            (_('Total'), 'money', 13), (_('Total (%s)') % cc, 'money', 13),
            (_('Amount due'), 'money', 13),
            (_('Amount due (%s)') % cc, 'money', 13),
            (_('State'), 'text', 10), (_('Source order'), 'text', 16),
        ])
        for inv in invoices:
            sheet.write_row([
                inv['number'], inv['date'], inv['date_due'],
                inv['customer'], inv['vat'], inv['currency'],
                inv['untaxed'], inv['untaxed_cc'], inv['tax'],
                inv['tax_cc'], inv['total'], inv['total_cc'], inv['due'],
                inv['due_cc'], inv['state'], inv['origin']])
        if not invoices:
            sheet.write_note(no_data)
        totals = {7: total(invoices, 'untaxed_cc'),
                  9: total(invoices, 'tax_cc'),
                  11: total(invoices, 'total_cc'),
                  13: total(invoices, 'due_cc')}
        if single_currency:
            totals.update({6: total(invoices, 'untaxed'),
                           8: total(invoices, 'tax'),
                           10: total(invoices, 'total'),
                           12: total(invoices, 'due')})
        sheet.finish(totals if invoices else None)

        # Lines ----------------------------------------------------------
        sheet = SheetWriter(workbook, formats, _('Lines'), [
            (_('Invoice'), 'text', 16), (_('Date'), 'date', 11),
            (_('Account'), 'text', 10), (_('Product'), 'text', 28),
            (_('Description'), 'text', 30), (_('Quantity'), 'quantity', 10),
            (_('Unit price'), 'money', 12), (_('Discount (%)'), 'percent', 9),
            (_('Taxes'), 'text', 16), (_('Currency'), 'text', 9),
            (_('Subtotal'), 'money', 13),
            (_('Subtotal (%s)') % cc, 'money', 13),
        ])
        bases = {}
        subtotal = subtotal_cc = 0.0
        count = 0
        for line in wizard._iter_lines(invoices):
            sheet.write_row([
                line['invoice'], line['date'], line['account'],
                line['product'], line['description'], line['quantity'],
                line['price_unit'], line['discount'], line['taxes'],
                line['currency'], line['subtotal'], line['subtotal_cc']])
            subtotal += line['subtotal']
            subtotal_cc += line['subtotal_cc']
            for tax_id in line['tax_ids']:
                bases[tax_id] = bases.get(tax_id, 0.0) + line['subtotal_cc']
            count += 1
        if not count:
            sheet.write_note(no_data)
        totals = {11: currency.round(subtotal_cc)}
        if single_currency:
            totals[10] = currency.round(subtotal)
        sheet.finish(totals if count else None)

        # Taxes ----------------------------------------------------------
        sheet = SheetWriter(workbook, formats, _('Taxes'), [
            (_('Tax'), 'text', 30), (_('Base (%s)') % cc, 'money', 14),
            (_('Amount (%s)') % cc, 'money', 14),
        ])
        tax_ids = sorted(set(bases) | set(tax_amounts))
        taxes = wizard.env['account.tax'].browse(tax_ids).read(['name'])
        taxes.sort(key=lambda tax: (tax['name'], tax['id']))
        for tax in taxes:
            sheet.write_row([
                tax['name'], currency.round(bases.get(tax['id'], 0.0)),
                currency.round(tax_amounts.get(tax['id'], 0.0))])
        if not taxes:
            sheet.write_note(no_data if not invoices else _(
                'No tax: the %d customer invoices and credit notes of the '
                'period carry no tax.') % len(invoices))
        if isinstance(data, dict) and isinstance(data.get('counts'), dict):
            # What the wizard tells the user it exported.
            data['counts'].update(invoices=len(invoices), lines=count,
                                  taxes=len(taxes))
        sheet.finish({
            1: currency.round(sum(bases.get(t['id'], 0.0) for t in taxes)),
            2: currency.round(sum(tax_amounts.values())),
        } if taxes else None)

# Copyright 2026 sales_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Sales export for accounting: the period's customer invoices and credit
notes as an XLSX workbook (sheets Invoices, Lines, Taxes) that reconciles to
the ledger.

The wizard reads in batches (one search/read or read_group per kind of fact
and per chunk of invoices, never one query per invoice; the lines, the bulk
of the rows, as plain tuples after an ORM search) and hands plain rows
to the XLSX report `report.sales_order_mgmt.sale_accounting_export_xlsx`,
which streams them (xlsxwriter's constant_memory mode).
"""
import base64
import time
from collections import defaultdict

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools.safe_eval import safe_eval

from ...engine.spreadsheet import chunks_by_weight, sign_for

#: Groups allowed to export: accountants (Billing and above) and sales
#: managers. Salesmen are refused.
EXPORT_GROUPS = ('account.group_account_invoice',
                 'sales_team.group_sale_manager')


#: Invoice lines per batch of reads: bounds memory on large periods.
CHUNK_LINES = 2000


#: Fields of account.invoice.line the Lines sheet shows.
LINE_FIELDS = ['invoice_id', 'account_id', 'product_id', 'name', 'quantity',
               'price_unit', 'discount', 'invoice_line_tax_ids',
               'price_subtotal', 'price_subtotal_signed']


#: Fixed queries (no string building): lines per invoice (to size the
#: chunks), the columns of lines found by an ORM search, and their taxes (the
#: relation table of invoice_line_tax_ids).
LINES_QUERY = """
    SELECT id, invoice_id, account_id, product_id, name, quantity,
           price_unit, discount, price_subtotal, price_subtotal_signed
      FROM account_invoice_line
     WHERE id IN %s
  ORDER BY id
"""


LINE_COUNTS_QUERY = """
    SELECT invoice_id, count(*)
      FROM account_invoice_line
     WHERE invoice_id IN %s
  GROUP BY invoice_id
"""


LINE_TAXES_QUERY = """
    SELECT invoice_line_id, tax_id
      FROM account_invoice_line_tax
     WHERE invoice_line_id IN %s
"""


class SaleAccountingExport(models.TransientModel):
    _name = 'sale.accounting.export'
    _description = 'Sales export for accounting (XLSX)'

    def _default_date_from(self):
        return fields.Date.from_string(
            fields.Date.context_today(self)).replace(day=1)

    def _default_invoice_states(self):
        return self.env['sale.accounting.export.state'].search(
            [('code', 'in', ('open', 'paid'))])

    date_from = fields.Date(
        string='From', required=True, default=_default_date_from)
    date_to = fields.Date(
        string='To', required=True, default=fields.Date.context_today)
    company_id = fields.Many2one(
        'res.company', required=True,
        default=lambda self: self.env.user.company_id)
    journal_ids = fields.Many2many(
        'account.journal', string='Journals',
        domain="[('type', '=', 'sale'), ('company_id', '=', company_id)]",
        help='Sales journals to export; empty: all of the company\'s.')
    invoice_states = fields.Many2many(
        'sale.accounting.export.state',
        relation='sale_accounting_export_state_rel',
        column1='export_id', column2='state_id',
        string='Invoice states', default=_default_invoice_states,
        help='Invoice states to export; empty: draft, open and paid.')
    # The result, shown in the wizard once exported.
    state = fields.Selection(
        [('choose', 'Choose'), ('done', 'Exported')], default='choose',
        readonly=True)
    file_data = fields.Binary(string='File', readonly=True,
                              attachment=False)
    file_name = fields.Char(readonly=True)
    result_summary = fields.Text(string='Exported', readonly=True)

    # -- checks ------------------------------------------------------------
    @api.model
    def _check_export_access(self):
        user = self.env.user
        if not any(user.has_group(group) for group in EXPORT_GROUPS):
            raise AccessError(_(
                'Only accountants and sales managers may export the sales '
                'for accounting (user %s).') % user.name)

    @api.multi
    def _check_parameters(self):
        for wizard in self:
            if wizard.date_to < wizard.date_from:
                raise UserError(_(
                    'The end date (%s) is before the start date (%s): '
                    'choose a period that ends after it starts.') % (
                        wizard.date_to, wizard.date_from))
            if wizard.company_id not in self.env.user.company_ids:
                raise AccessError(_(
                    'You may not export the sales of company %s.')
                    % wizard.company_id.name)
            foreign = wizard.journal_ids.filtered(
                lambda journal: journal.company_id != wizard.company_id
                or journal.type != 'sale')
            if foreign:
                raise UserError(_(
                    'Only sales journals of %s can be exported, not: %s.')
                    % (wizard.company_id.name,
                       ', '.join(foreign.mapped('name'))))

    # -- CRUD --------------------------------------------------------------
    @api.model
    def create(self, vals):
        self._check_export_access()
        wizard = super(SaleAccountingExport, self).create(vals)
        wizard._check_parameters()
        return wizard

    @api.multi
    def write(self, vals):
        self._check_export_access()
        result = super(SaleAccountingExport, self).write(vals)
        self._check_parameters()
        return result

    # -- actions -------------------------------------------------------------
    @api.multi
    def action_export(self):
        """Write the workbook and show it in the wizard: its file name,
        what it holds (invoices, lines, taxes) and a download link."""
        self.ensure_one()
        self._check_export_access()
        self._check_parameters()
        report = self.env.ref('sales_order_mgmt.sale_accounting_export_xlsx')
        counts = {}
        content = report.render_xlsx(self.ids, {'counts': counts})[0]
        name = '%s.xlsx' % safe_eval(report.print_report_name,
                                     {'object': self, 'time': time})
        self.write({
            'state': 'done',
            'file_data': base64.b64encode(content),
            'file_name': name,
            'result_summary': _(
                '%s: %d customer invoices and credit notes (sheet '
                'Invoices), %d invoice lines (sheet Lines), %d taxes (sheet '
                'Taxes), from %s to %s.') % (
                    name, counts.get('invoices', 0), counts.get('lines', 0),
                    counts.get('taxes', 0), self.date_from, self.date_to),
        })
        return {
            'type': 'ir.actions.act_window',
            'name': _('Sales export (XLSX)'),
            'res_model': self._name,
            'res_id': self.id,
            'view_mode': 'form',
            'target': 'new',
        }

    @api.multi
    def get_xlsx(self):
        """The workbook's bytes (for scripts, scheduled mails and tests)."""
        self.ensure_one()
        self._check_export_access()
        self._check_parameters()
        report = self.env.ref('sales_order_mgmt.sale_accounting_export_xlsx')
        return report.render_xlsx(self.ids, {})[0]

    # -- data (batched reads, plain rows) -----------------------------------
    @api.multi
    def _invoice_domain(self):
        self.ensure_one()
        states = self.invoice_states.mapped('code') or \
            ['draft', 'open', 'paid']
        domain = [
            ('type', 'in', ('out_invoice', 'out_refund')),
            ('company_id', '=', self.company_id.id),
            ('state', 'in', states),
            ('date_invoice', '>=', self.date_from),
            ('date_invoice', '<=', self.date_to),
        ]
        if self.journal_ids:
            domain.append(('journal_id', 'in', self.journal_ids.ids))
        return domain

    @api.multi
    def _read_invoices(self):
        """Plain dicts of the period's invoices, in date/number order,
        with company-currency amounts taken from the ledger for posted
        invoices (from the invoice's own conversion for drafts).

        Returns (invoices, tax_amounts) where tax_amounts maps a tax id to
        its amount in company currency (ledger)."""
        self.ensure_one()
        invoice_model = self.env['account.invoice']
        records = invoice_model.search_read(
            self._invoice_domain(),
            ['number', 'date_invoice', 'date_due', 'partner_id',
             'commercial_partner_id', 'currency_id', 'type', 'state',
             'origin', 'move_id', 'amount_untaxed', 'amount_tax',
             'amount_total', 'residual_signed', 'residual_company_signed',
             'amount_untaxed_signed', 'amount_total_company_signed',
             'amount_total_signed'],
            order='date_invoice, number, id')
        if not records:
            return [], {}
        partner_ids = {rec['commercial_partner_id'][0] for rec in records}
        vats = {partner['id']: partner['vat'] for partner in self.env[
            'res.partner'].browse(list(partner_ids)).read(['vat'])}
        states = dict(invoice_model._fields['state']._description_selection(
            self.env))
        # Company-currency figures of posted invoices, from the ledger: one
        # read_group over their journal items (receivable excluded).
        move_ids = [rec['move_id'][0] for rec in records if rec['move_id']]
        ledger = defaultdict(lambda: {'untaxed': 0.0, 'tax': 0.0})
        tax_amounts = defaultdict(float)
        if move_ids:
            groups = self.env['account.move.line'].read_group(
                [('move_id', 'in', move_ids),
                 ('account_id.internal_type', 'not in',
                  ('receivable', 'payable'))],
                ['move_id', 'tax_line_id', 'balance'],
                ['move_id', 'tax_line_id'], lazy=False)
            for group in groups:
                amount = -group['balance']
                move_id = group['move_id'][0]
                if group['tax_line_id']:
                    ledger[move_id]['tax'] += amount
                    tax_amounts[group['tax_line_id'][0]] += amount
                else:
                    ledger[move_id]['untaxed'] += amount
        invoices = []
        draft_ids = []
        for rec in records:
            sign = sign_for(rec['type'])
            if rec['move_id']:
                figures = ledger[rec['move_id'][0]]
                untaxed_cc, tax_cc = figures['untaxed'], figures['tax']
            else:
                draft_ids.append(rec['id'])
                untaxed_cc = rec['amount_untaxed_signed']
                tax_cc = rec['amount_total_company_signed'] - untaxed_cc
            invoices.append({
                'id': rec['id'],
                'number': rec['number'] or _('Draft'),
                'date': rec['date_invoice'],
                'date_due': rec['date_due'],
                'customer': rec['partner_id'][1] if rec['partner_id'] else '',
                'vat': vats.get(rec['commercial_partner_id'][0]) or '',
                'currency': rec['currency_id'][1],
                'untaxed': sign * rec['amount_untaxed'],
                'untaxed_cc': untaxed_cc,
                'tax': sign * rec['amount_tax'],
                'tax_cc': tax_cc,
                'total': sign * rec['amount_total'],
                'total_cc': untaxed_cc + tax_cc,
                'due': rec['residual_signed'],
                'due_cc': rec['residual_company_signed'],
                'state': states.get(rec['state'], rec['state']),
                'origin': rec['origin'] or '',
                'sign': sign,
                'ratio': (rec['amount_total_company_signed'] /
                          rec['amount_total_signed'])
                if rec['amount_total_signed'] else 1.0,
            })
        if draft_ids:
            # Drafts have no journal items: their tax lines, converted at
            # the invoice's own company/document ratio.
            ratios = {inv['id']: inv['sign'] * inv['ratio']
                      for inv in invoices}
            for tax_line in self.env['account.invoice.tax'].search_read(
                    [('invoice_id', 'in', draft_ids)],
                    ['invoice_id', 'tax_id', 'amount_total']):
                if tax_line['tax_id']:
                    tax_amounts[tax_line['tax_id'][0]] += self.company_id.\
                        currency_id.round(tax_line['amount_total'] * ratios[
                            tax_line['invoice_id'][0]])
        return invoices, dict(tax_amounts)

    @api.multi
    def _iter_lines(self, invoices):
        """Plain dicts of the invoices' lines, invoice by invoice in the
        order of `invoices` (lines by id within an invoice), read by chunks
        of about CHUNK_LINES lines (bounded memory).

        Per chunk: an ORM search gives the lines the user may read (access
        rights and record rules), then two fixed queries read their columns
        and their taxes as plain tuples, without building records: the ORM's
        read() cost more than writing the cells. Values are the ones read()
        gives (a NULL number is 0.0); the taxes of a line are those
        read() would show, i.e. the field's domain and account.tax's record
        rules applied through an ORM search, in account.tax's order."""
        self.ensure_one()
        line_model = self.env['account.invoice.line']
        line_model.check_access_rights('read')
        line_model.check_field_access_rights('read', LINE_FIELDS)
        # Stored computed amounts still pending (written in a norecompute
        # block of this transaction) are computed first, as read() would.
        line_model.recompute()
        tax_model = self.env['account.tax']
        tax_domain = line_model._fields['invoice_line_tax_ids'].domain
        tax_domain = tax_domain if isinstance(tax_domain, list) else []
        cr = self.env.cr
        by_id = {inv['id']: inv for inv in invoices}
        account_codes = {}
        product_names = {}
        tax_seen = set()    # every tax id met, readable or not
        tax_rank = {}       # readable tax id: its place in account.tax order
        tax_names = {}
        invoice_ids = [inv['id'] for inv in invoices]
        # Line counts only size the chunks (nothing of them is exported):
        # a plain GROUP BY, without the join to account.invoice (for its
        # order) that read_group adds and that PostgreSQL may plan badly.
        counts = {}
        if invoice_ids:
            cr.execute(LINE_COUNTS_QUERY, (tuple(invoice_ids),))
            counts = dict(cr.fetchall())
        for invoice_ids in chunks_by_weight(invoice_ids, counts,
                                            CHUNK_LINES):
            line_ids = tuple(line_model.search(
                [('invoice_id', 'in', invoice_ids)], order='id').ids)
            if not line_ids:
                continue
            position = {inv_id: index for index, inv_id in
                        enumerate(invoice_ids)}
            cr.execute(LINES_QUERY, (line_ids,))
            rows = cr.fetchall()
            # In the order of `invoices`, by id within an invoice (the rows
            # come by id and the sort is stable).
            rows.sort(key=lambda row: position[row[1]])
            cr.execute(LINE_TAXES_QUERY, (line_ids,))
            line_taxes = defaultdict(list)
            for line_id, tax_id in cr.fetchall():
                line_taxes[line_id].append(tax_id)
            new_taxes = {tax_id for tax_ids in line_taxes.values()
                         for tax_id in tax_ids} - tax_seen
            if new_taxes:
                tax_seen |= new_taxes
                readable = tax_model.search(
                    tax_domain + [('id', 'in', list(tax_seen))])
                tax_rank = {tax_id: rank
                            for rank, tax_id in enumerate(readable.ids)}
                unnamed = [tax_id for tax_id in readable.ids
                           if tax_id not in tax_names]
                tax_names.update(
                    (tax['id'], tax['name'])
                    for tax in tax_model.browse(unnamed).read(['name']))
            new_products = {row[3] for row in rows if row[3]} - \
                set(product_names)
            if new_products:
                product_names.update(self.env['product.product'].browse(
                    list(new_products)).name_get())
            new_accounts = {row[2] for row in rows if row[2]} - \
                set(account_codes)
            if new_accounts:
                account_codes.update(
                    (acc['id'], acc['code']) for acc in self.env[
                        'account.account'].browse(list(new_accounts)).read(
                            ['code']))
            for (line_id, invoice_id, account_id, product_id, name,
                 quantity, price_unit, discount, subtotal,
                 subtotal_cc) in rows:
                invoice = by_id[invoice_id]
                sign = invoice['sign']
                tax_ids = line_taxes.get(line_id)
                if tax_ids:
                    tax_ids = sorted(
                        (tax_id for tax_id in tax_ids if tax_id in tax_rank),
                        key=tax_rank.__getitem__)
                else:
                    tax_ids = []
                yield {
                    'invoice': invoice['number'],
                    'date': invoice['date'],
                    'account': account_codes.get(account_id, ''),
                    'product': product_names.get(product_id, ''),
                    'description': name or '',
                    'quantity': sign * (quantity or 0.0),
                    'price_unit': price_unit or 0.0,
                    'discount': discount or 0.0,
                    'tax_ids': tax_ids,
                    'taxes': ', '.join(
                        tax_names[tax_id] for tax_id in tax_ids),
                    'currency': invoice['currency'],
                    'subtotal': sign * (subtotal or 0.0),
                    'subtotal_cc': subtotal_cc or 0.0,
                }

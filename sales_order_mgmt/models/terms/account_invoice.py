# Copyright 2026 sales_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models

from ..support import client_context, transaction_state

#: Which terms version an invoice got, and why: written by the system.
INVOICE_TERMS_RECORD_FIELDS = ('terms_template_version',
                               'terms_template_reason')


class AccountInvoiceTerms(models.Model):
    """Invoices made from orders carry the invoice terms template chosen
    by rules (sale.order._prepare_invoice), its version and its text."""
    _inherit = 'account.invoice'

    terms_template_id = fields.Many2one(
        'sale.terms.template', string='Terms template', readonly=True,
        copy=False, ondelete='restrict',
        help='The first matching terms template of usage Invoices, chosen '
             'when the invoice was made from the sale order; its text is '
             'in the terms and conditions.')
    terms_template_version = fields.Integer(
        string='Terms version', readonly=True, copy=False)
    terms_template_reason = fields.Char(
        string='Terms chosen because', readonly=True, copy=False)

    @api.model
    def create(self, vals):
        if not transaction_state.innermost(self.env, 'invoicing_orders'):
            # Which version was rendered and why is the system's record
            # (the orders' invoicing sets it): from anyone else, the
            # template's own version, chosen by them.
            vals = {key: value for key, value in vals.items()
                    if key not in INVOICE_TERMS_RECORD_FIELDS}
            if vals.get('terms_template_id'):
                vals.update({
                    'terms_template_version': self.env[
                        'sale.terms.template'].browse(
                            vals['terms_template_id']).version,
                    'terms_template_reason': _('chosen by %s') % (
                        self.env.user.name)})
        invoice = super(AccountInvoiceTerms, client_context.without_defaults(
            self, INVOICE_TERMS_RECORD_FIELDS)).create(vals)
        if vals.get('terms_template_id'):
            invoice._som_log_note(
                invoice.terms_template_id._terms_message(
                    _("Terms '%s' v%d applied: %s."),
                    invoice.terms_template_reason or '',
                    invoice.terms_template_version))
        return invoice

    @api.multi
    def write(self, vals):
        # The terms record is written at creation only: ignored here.
        vals = client_context.users_vals(
            self, vals, INVOICE_TERMS_RECORD_FIELDS)
        if self._som_terms_rendered_after():
            # The operation in progress renders the terms once, at its end.
            return super(AccountInvoiceTerms, self).write(vals)
        unedited = self._som_terms_unedited(vals)
        result = super(AccountInvoiceTerms, self).write(vals)
        unedited._som_terms_render()
        return result

    @api.multi
    def action_invoice_open(self):
        """Validation gives the number, the dates and the amount due: the
        terms are rendered a last time, then stay as issued. Odoo's
        validation writes the invoice several times (due date, move,
        number...): the terms are rendered once, at its end."""
        unedited = self._som_terms_unedited()
        with transaction_state.pushed(self.env, 'terms_render_after',
                                      frozenset(self.ids)):
            result = super(AccountInvoiceTerms, self).action_invoice_open()
        unedited._som_terms_render()
        return result

    @api.multi
    def _som_terms_rendered_after(self):
        """Whether an operation in progress on all of ``self`` renders their
        terms when it ends (validation; the orders' invoicing, which
        renders the invoices it made)."""
        if transaction_state.innermost(self.env, 'invoicing_orders'):
            return True
        return set(self.ids) <= transaction_state.open_ids(
            self.env, 'terms_render_after')

    @api.multi
    def _som_terms_unedited(self, vals=None):
        """The draft invoices of ``self`` whose terms are still their
        template's text as it renders now, when ``vals`` (a write; None:
        validation) touches what the terms may show."""
        if vals is not None and (
                'comment' in vals or
                not set(vals) & INVOICE_TERMS_REFRESH_FIELDS):
            return self.browse()
        return self.filtered(
            lambda invoice: invoice.terms_template_id and
            invoice.state == 'draft' and invoice.comment ==
            invoice.terms_template_id._render_invoice(invoice))

    @api.multi
    def _som_terms_render(self):
        """Render the invoice template of each invoice of ``self`` from the
        invoice (amounts, due date, payment terms, currency) into its
        terms; a template that cannot be rendered leaves them as they are
        and says so."""
        for invoice in self:
            template = invoice.terms_template_id
            text = template._render_invoice(invoice)
            if text is None:
                invoice._som_log_note(template._terms_message(_(
                    "Terms '%s' v%d could not be rendered; the terms and "
                    "conditions were left as they are."),
                    version=invoice.terms_template_version))
            elif text != invoice.comment:
                invoice.write({'comment': text})


# Fields of an invoice its terms may show: a change of a draft renders
# them again.
INVOICE_TERMS_REFRESH_FIELDS = frozenset((
    'invoice_line_ids', 'tax_line_ids', 'payment_term_id', 'date_invoice',
    'date_due', 'currency_id', 'partner_id', 'reference', 'origin',
    'user_id', 'company_id'))

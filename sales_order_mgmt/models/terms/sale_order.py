# Copyright 2026 sales_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models

from ..support import client_context, transaction_state

#: Written by the terms capability only (_write_terms).
TERMS_RECORD_FIELDS = ('terms_template_version', 'terms_template_reason')


class SaleOrderTerms(models.Model):
    """Terms & conditions chosen by rules (sale.terms.template), rendered
    into the note on creation, on a change of customer and when another
    template is chosen; the invoice gets the first invoice template."""
    _inherit = 'sale.order'

    terms_template_id = fields.Many2one(
        'sale.terms.template', string='Terms template',
        domain="[('usage', 'in', ('sale', 'both')),"
               " '|', ('company_id', '=', False),"
               " ('company_id', '=', company_id)]",
        track_visibility='onchange', ondelete='restrict',
        states={'sale': [('readonly', True)], 'done': [('readonly', True)],
                'cancel': [('readonly', True)]},
        help='Chosen automatically (first matching template) when the '
             'quotation is created and when the customer changes; choose '
             'another to render its text into the terms and conditions.')
    terms_template_version = fields.Integer(
        string='Terms version', readonly=True,
        help='Version of the template whose text is in the terms and '
             'conditions of this document.', prefetch=False)
    terms_template_reason = fields.Char(
        string='Terms chosen because', readonly=True, prefetch=False)

    @api.onchange('terms_template_id')
    def _onchange_terms_template_id(self):
        """Show the chosen template's text before saving."""
        template = self.terms_template_id
        if template:
            text = template._render_order(self)
            if text is not None:
                self.note = text
                self.terms_template_version = template.version

    @api.model
    def create(self, vals):
        # Which version was rendered and why is the terms' own record.
        vals = {key: value for key, value in vals.items()
                if key not in TERMS_RECORD_FIELDS}
        order = super(SaleOrderTerms, client_context.without_defaults(
            self, TERMS_RECORD_FIELDS)).create(vals)
        if vals.get('terms_template_id'):
            order._apply_terms_template(
                order.terms_template_id,
                _('chosen when the quotation was created'))
        else:
            order._select_terms_template()
        return order

    @api.multi
    def write(self, vals):
        if set(self.ids) <= transaction_state.open_ids(
                self.env, 'terms_applying'):
            # The terms capability's own write (_write_terms).
            return super(SaleOrderTerms, self).write(vals)
        # Which version was rendered and why is the terms' own record:
        # ignored from anyone else (readonly in the form).
        vals = {key: value for key, value in vals.items()
                if key not in TERMS_RECORD_FIELDS}
        if 'terms_template_id' in vals:
            self.env['sale.terms.template']._check_terms_changeable(self)
        unedited = self._som_terms_unedited(vals)
        # The lines this write makes or changes leave the terms to it.
        with transaction_state.pushed(self.env, 'som_terms_refreshing',
                                      frozenset(self.ids)):
            result = super(SaleOrderTerms, self).write(vals)
        unedited._som_terms_refresh()
        if vals.get('terms_template_id'):
            template = self.env['sale.terms.template'].browse(
                vals['terms_template_id'])
            for order in self:
                order._apply_terms_template(
                    template, _('chosen by %s') % self.env.user.name)
        elif 'terms_template_id' in vals:
            self._write_terms({'terms_template_version': 0,
                               'terms_template_reason': False})
        elif 'partner_id' in vals:
            self.filtered(lambda order: order.state in ('draft', 'sent')) \
                ._select_terms_template()
        return result

    @api.multi
    def action_select_terms_template(self):
        """Choose the first matching template again (e.g. after the lines
        changed the amount) and render it."""
        self.env['sale.terms.template']._check_terms_changeable(self)
        self._select_terms_template()
        return True

    @api.multi
    def _write_terms(self, vals):
        """Write what the terms capability decided, past the checks of
        `write` (told through the transaction, never the context: a client
        sets the context)."""
        with transaction_state.pushed(self.env, 'terms_applying',
                                      frozenset(self.ids)):
            return self.write(vals)

    @api.multi
    def _select_terms_template(self):
        """One search of the candidates, then pure matching per order."""
        if not self:
            return
        choices = self.env['sale.terms.template']._select_for_orders(
            self, 'sale')
        for order in self:
            template, reason = choices[order.id]
            if template:
                order._apply_terms_template(template, reason)
            elif order.terms_template_id:
                order._write_terms({
                    'terms_template_id': False,
                    'terms_template_version': 0,
                    'terms_template_reason': False})
                order._som_log_note(_(
                    'No terms template matches this customer any more: '
                    'the terms and conditions were left as they are.'))

    @api.multi
    def _apply_terms_template(self, template, reason):
        """Render ``template`` into the note, record version and reason."""
        self.ensure_one()
        text = template._render_order(self)
        if text is None:
            self._som_log_note(template._terms_message(_(
                "Terms '%s' v%d could not be rendered; the terms and "
                "conditions were left as they are.")))
            return
        # No tracking message: the note below says which template and why.
        self.with_context(mail_notrack=True)._write_terms({
            'terms_template_id': template.id,
            'terms_template_version': template.version,
            'terms_template_reason': reason,
            'note': text,
        })
        self._som_log_note(template._terms_message(
            _("Terms '%s' v%d applied: %s."), reason))

    @api.multi
    def _prepare_invoice(self):
        """The invoice gets the first matching template of usage
        invoice/both (rendered from the invoice once its lines are made:
        action_invoice_create); without one it keeps the order's terms
        (Odoo)."""
        vals = super(SaleOrderTerms, self)._prepare_invoice()
        template, reason = self.env['sale.terms.template']._select_for_orders(
            self, 'invoice')[self.id]
        if template:
            vals.update({
                'terms_template_id': template.id,
                'terms_template_version': template.version,
                'terms_template_reason': reason,
            })
        return vals

    @api.multi
    def action_invoice_create(self, grouped=False, final=False):
        # The invoices get the terms _prepare_invoice chose, with their
        # version and reason (told through the transaction: see
        # account_invoice.py).
        with transaction_state.pushed(self.env, 'invoicing_orders', True):
            invoice_ids = super(SaleOrderTerms, self).action_invoice_create(
                grouped=grouped, final=final)
        self.env['account.invoice'].browse(invoice_ids).filtered(
            'terms_template_id')._som_terms_render()
        return invoice_ids

    @api.multi
    def _som_terms_unedited(self, vals=None):
        """The quotations of ``self`` whose terms are still their
        template's text as it renders now, when ``vals`` (a write; None: a
        change of lines) touches what the terms may show. Signed and
        confirmed orders keep the text the customer accepted."""
        if vals is not None and not set(vals) & TERMS_REFRESH_FIELDS:
            return self.browse()
        if vals is not None and 'note' in vals:
            return self.browse()
        candidates = self.filtered(
            lambda order: order.terms_template_id and
            not order._som_terms_locked())
        return candidates.filtered(
            lambda order: order.note ==
            order.terms_template_id._render_order(order))

    @api.multi
    def _som_terms_refresh(self):
        """Render the terms of ``self`` (``_som_terms_unedited`` before the
        change) again from what the quotations are now."""
        for order in self.exists():
            text = order.terms_template_id._render_order(order)
            if text is not None and text != order.note:
                order.write({'note': text})

    @api.multi
    def _som_terms_locked(self):
        """True when the order's terms are the ones the customer accepted
        (confirmed or cancelled; the signature capability adds: signed)."""
        self.ensure_one()
        return self.state not in ('draft', 'sent')


# Fields of an order its terms may show (amounts, dates, references,
# currency, salesperson, payment terms): a change renders the terms again.
TERMS_REFRESH_FIELDS = frozenset((
    'order_line', 'client_order_ref', 'origin', 'pricelist_id',
    'currency_id', 'date_order', 'validity_date', 'user_id',
    'payment_term_id', 'company_id'))

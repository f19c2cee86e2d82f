# Copyright 2026 sales_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import html_escape

from ...engine import placeholders, terms
from ..support import config_reads, transaction_state

_logger = logging.getLogger(__name__)


BODY_FIELD = 'sale.terms.template,body'


def _pick(getters, names=None):
    """``{name: getter()}`` for the ``names`` wanted (all when None): the
    values of the placeholders a template does not use are not read."""
    return {name: getter() for name, getter in getters.items()
            if names is None or name in names}


class SaleTermsTemplate(models.Model):
    _name = 'sale.terms.template'
    _description = 'Terms & conditions template'
    _order = 'sequence, id'

    name = fields.Char(required=True)
    body = fields.Text(
        required=True, translate=True,
        help='The terms, with placeholders such as {{ order.name }} or '
             '{{ order.validity_date | date }}: see the list below the '
             'text. Checked when saved, in every language.')
    sequence = fields.Integer(
        default=10, help='Templates are tried lower sequence first; the '
                         'first whose conditions all match is used.')
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        'res.company', index=True,
        default=lambda self: self.env['res.company']._company_default_get(
            'sale.terms.template'),
        help='Empty: used by every company.')
    usage = fields.Selection(
        [('sale', 'Quotations'), ('invoice', 'Invoices'),
         ('both', 'Quotations and invoices'),
         ('return', 'Returns and their credit notes')],
        required=True, default='sale')
    country_ids = fields.Many2many(
        'res.country', 'sale_terms_template_country_rel', 'template_id',
        'country_id', string='Countries',
        help="The customer's country is one of these (empty: any).")
    partner_category_ids = fields.Many2many(
        'res.partner.category', 'sale_terms_template_partner_category_rel',
        'template_id', 'category_id', string='Customer tags',
        help='The customer has at least one of these tags (empty: any).')
    team_ids = fields.Many2many(
        'crm.team', 'sale_terms_template_team_rel', 'template_id',
        'team_id', string='Sales teams',
        help="The document's sales team is one of these (empty: any).")
    entry_channel_ids = fields.Many2many(
        'sale.entry.channel', 'sale_terms_template_entry_channel_rel',
        'template_id', 'channel_id', string='Entry channels',
        help="The order's entry channel is one of these (empty: any).")
    min_amount = fields.Float(
        string='Minimum untaxed amount', digits=(16, 2),
        help="The order's untaxed amount is at least this, in the order's "
             "currency (0: no minimum).")
    date_start = fields.Date(
        string='Valid from',
        help='First day (document date) the template is used.')
    date_end = fields.Date(
        string='Valid until',
        help='Last day (document date) the template is used.')
    version = fields.Integer(
        default=1, readonly=True, copy=False,
        help='Starts at 1, +1 each time the text changes (in any '
             'language). Documents keep the version they were given.')
    version_ids = fields.One2many(
        'sale.terms.template.version', 'template_id',
        string='Version history', readonly=True, copy=False)

    @api.constrains('date_start', 'date_end')
    def _check_dates(self):
        for template in self:
            if template.date_start and template.date_end and \
                    template.date_end < template.date_start:
                raise ValidationError(
                    _("Terms template '%s': the end of validity (%s) is "
                      "before its start (%s).")
                    % (template.name, template.date_end,
                       template.date_start))

    @api.constrains('body', 'usage')
    def _check_body(self):
        """Check the body in the source language and every installed one,
        against the placeholders of the template's usage."""
        codes = [code for code, _name in
                 self.env['res.lang'].get_installed()]
        for template in self:
            for code in [None] + codes:
                body = template.with_context(lang=code).body
                self._validate_body(body, template.name, code,
                                    template.usage)

    @api.model
    def _validate_body(self, body, name, lang_code=None, usage='sale'):
        """Raise a ValidationError naming the placeholder at fault."""
        try:
            placeholders.validate(body or '', placeholders.schema_for(usage))
        except placeholders.PlaceholderError as error:
            if lang_code:
                raise ValidationError(
                    _("Terms template '%s' (%s): %s")
                    % (name, lang_code, error))
            raise ValidationError(
                _("Terms template '%s': %s") % (name, error))

    @api.model
    def create(self, vals):
        template = super(SaleTermsTemplate, self).create(vals)
        template._add_version_row()
        return template

    @api.multi
    def write(self, vals):
        if 'body' not in vals:
            return super(SaleTermsTemplate, self).write(vals)
        before = {template.id: template.body for template in self}
        # The translations this write makes are versioned here, not again
        # by ir.translation (told through the transaction, not the context).
        with transaction_state.pushed(self.env, 'terms_template_writing',
                                      frozenset(self.ids)):
            result = super(SaleTermsTemplate, self).write(vals)
        for template in self:
            if template.body != before[template.id]:
                template._bump_version()
        return result

    @api.multi
    def copy(self, default=None):
        default = dict(default or {})
        default.setdefault('name', _('%s (copy)') % self.name)
        return super(SaleTermsTemplate, self).copy(default)

    @api.multi
    def _bump_version(self, body=None, lang=None):
        """The body changed: next version, kept in the history."""
        self.ensure_one()
        self.write({'version': self.version + 1})
        self._add_version_row(body, lang)

    @api.multi
    def _add_version_row(self, body=None, lang=None):
        """Keep the current version's text (``body`` in ``lang``, by
        default the text in the current language)."""
        self.ensure_one()
        self.env['sale.terms.template.version'].create({
            'template_id': self.id,
            'version': self.version,
            'body': self.body if body is None else body,
            'lang': lang or self.env.lang or 'en_US',
        })

    # -- choice -------------------------------------------------------------
    @api.model
    def _candidates(self, usage, companies):
        """Active templates of ``usage`` for ``companies``: one search,
        then their specs read with one query per relation (config_reads)."""
        # Active ones only, whatever the caller's context says.
        templates = self.with_context(active_test=True).search([
            ('usage', 'in', sorted(terms.USAGES[usage])),
            ('company_id', 'in', companies.ids + [False]),
        ])
        if not templates:
            return templates, []
        self.env.cr.execute("""
            SELECT id, sequence, usage, company_id, min_amount, date_start,
                   date_end
              FROM sale_terms_template WHERE id IN %s""",
                            (tuple(templates.ids),))
        heads = {row[0]: row for row in self.env.cr.fetchall()}
        related = config_reads.read_many2many(templates, (
            'country_ids', 'partner_category_ids', 'team_ids',
            'entry_channel_ids'))
        codes = config_reads.channel_codes(self.env, set().union(
            *related['entry_channel_ids'].values()))
        specs = []
        for template_id in templates.ids:
            _id, sequence, usage_, company_id, min_amount, date_start, \
                date_end = heads[template_id]
            specs.append(terms.template_spec(
                template_id, sequence=sequence, usage=usage_,
                company_id=company_id,
                country_ids=related['country_ids'][template_id],
                category_ids=related['partner_category_ids'][template_id],
                team_ids=related['team_ids'][template_id],
                channels=[codes[channel_id] for channel_id in
                          related['entry_channel_ids'][template_id]],
                min_amount=min_amount,
                date_start=date_start, date_end=date_end))
        return templates, specs

    @api.model
    def _select_for_orders(self, orders, usage):
        """``{order id: (template or empty recordset, reason)}``: the
        first matching template of ``usage`` ('sale' or 'invoice') for
        each order, with one search of the candidates for all of them."""
        templates, specs = self._candidates(
            usage, orders.mapped('company_id'))
        today = fields.Date.context_today(self)
        choices = {}
        for order in orders:
            date = today if usage in ('invoice', 'return') else \
                (order.date_order or today)[:10]
            match = terms.select_template(
                specs, self._document_facts(usage, order, date))
            if match:
                template = templates.browse(match.template_id)
                choices[order.id] = (
                    template, template._match_reason(match, order, date))
            else:
                choices[order.id] = (self.browse(), False)
        return choices

    @api.model
    def _check_terms_changeable(self, documents):
        """Refuse to change the terms of accepted or cancelled orders."""
        locked = documents.filtered(
            lambda doc: doc.state not in ('draft', 'sent'))
        if locked:
            raise UserError(_(
                'The terms of %s cannot be changed: the order is confirmed '
                'or cancelled, its terms are the ones the customer '
                'accepted.') % ', '.join(locked.mapped('name')))

    @api.model
    def _document_facts(self, usage, order, date):
        """The facts the conditions look at, from a sale order."""
        partner = order.partner_id
        commercial = partner.commercial_partner_id
        return terms.document_facts(
            usage=usage, company_id=order.company_id.id,
            country_id=(partner.country_id or commercial.country_id).id,
            category_ids=(partner.category_id | commercial.category_id).ids,
            team_id=order.team_id.id, channel=order.entry_channel,
            amount=order.amount_untaxed, date=date)

    @api.multi
    def _match_reason(self, match, order, date):
        """The matched conditions in the user's words."""
        self.ensure_one()
        partner = order.partner_id
        commercial = partner.commercial_partner_id
        parts = []
        for condition in match.reasons:
            if condition == 'country':
                parts.append(_('country %s') % (
                    partner.country_id or commercial.country_id).name)
            elif condition == 'category':
                tags = (partner.category_id | commercial.category_id) & \
                    self.partner_category_ids
                parts.append(_('customer tag %s')
                             % ', '.join(tags.mapped('name')))
            elif condition == 'team':
                parts.append(_('sales team %s') % order.team_id.name)
            elif condition == 'channel':
                channel = dict(order._fields['entry_channel'].
                               _description_selection(self.env))
                parts.append(_('entry channel %s')
                             % channel.get(order.entry_channel))
            elif condition == 'amount':
                parts.append(_('untaxed amount %.2f %s, at least %.2f') % (
                    order.amount_untaxed, order.currency_id.name,
                    self.min_amount))
            elif condition == 'dates':
                parts.append(_('date %s within the validity') % date)
        if not parts:
            return _('first template by sequence, without conditions')
        return _('matched %s') % '; '.join(parts)

    @api.multi
    def _terms_message(self, message, reason=None, version=None):
        """A chatter message ``message % (name, version[, reason])``, the
        names HTML-escaped (the chatter shows HTML)."""
        self.ensure_one()
        values = (html_escape(self.name), version or self.version)
        if reason is not None:
            values += (html_escape(reason),)
        return message % values

    # -- rendering ------------------------------------------------------------
    @api.multi
    def _render(self, values, lang_code, currency, usage='sale'):
        """The body in ``lang_code`` with ``values``, dates and amounts in
        that language's formats and ``currency``; the placeholders are
        those of a document of ``usage`` ('sale' or 'invoice')."""
        self.ensure_one()
        lang = self.env['res.lang']._lang_get(lang_code or 'en_US')
        if not lang:
            lang = self.env['res.lang']._lang_get('en_US')
        body = self.with_context(lang=lang.code or None).body
        date_format = placeholders.make_date_format(
            lang.date_format or '%Y-%m-%d')
        money_format = placeholders.make_money_format(
            currency.symbol or currency.name or '',
            position=currency.position or 'after',
            decimals=currency.decimal_places,
            thousands_sep=lang.thousands_sep or '',
            decimal_point=lang.decimal_point or '.')
        return placeholders.render(
            body, values, date_format=date_format, money_format=money_format,
            schema=placeholders.schema_for(usage))

    @api.model
    def _partner_values(self, partner, names=None):
        """A partner (customer, company, salesperson) as plain values;
        only ``names`` of them if given."""
        return _pick({
            'name': lambda: partner.name, 'ref': lambda: partner.ref,
            'vat': lambda: partner.vat, 'email': lambda: partner.email,
            'phone': lambda: partner.phone,
            'website': lambda: partner.website,
            'street': lambda: partner.street,
            'street2': lambda: partner.street2, 'zip': lambda: partner.zip,
            'city': lambda: partner.city,
            'state': lambda: partner.state_id.name,
            'country': lambda: partner.country_id.name,
        }, names)

    @staticmethod
    def _wanted(paths):
        """``{object: field names}`` the ``paths`` use, or None (all)."""
        if paths is None:
            return None
        wanted = {}
        for path in paths:
            wanted.setdefault(path[0], set()).update(path[1:2])
        return wanted

    @api.model
    def _common_values(self, wanted, partner, company, salesperson,
                       payment_term):
        """The values any document has: customer, company, salesperson
        and payment terms (of the document being rendered)."""
        def names(group):
            return None if wanted is None else wanted.get(group, ())

        def company_values():
            values = self._partner_values(company.partner_id, names(
                'company'))
            values.update(_pick({
                'name': lambda: company.name,
                'company_registry': lambda: company.company_registry,
            }, names('company')))
            return values
        return {
            'partner': lambda: self._partner_values(
                partner, names('partner')),
            'company': company_values,
            'salesperson': lambda: self._partner_values(
                salesperson.partner_id, names('salesperson')),
            'payment_term': lambda: payment_term.name,
        }

    @api.model
    def _order_fields(self, orders, names=None):
        """``order.*`` of one or more orders (an invoice may bill several:
        texts joined, dates of the first)."""
        def joined(field):
            return ', '.join(value for value in orders.mapped(field)
                             if value) or False
        first = orders[:1]
        return _pick({
            'name': lambda: joined('name'),
            'client_order_ref': lambda: joined('client_order_ref'),
            'origin': lambda: joined('origin'),
            'currency': lambda: first.currency_id.name,
            'date_order': lambda: first.date_order,
            'validity_date': lambda: first.validity_date,
            'amount_untaxed': lambda: first.amount_untaxed,
            'amount_tax': lambda: first.amount_tax,
            'amount_total': lambda: first.amount_total,
        }, names)

    @api.model
    def _order_values(self, order, lang_code, paths=None):
        """What the placeholders of a sale order stand for, read in the
        customer's language (country and payment term names). ``paths``
        (``placeholders.used_paths``): only what they use is read; None:
        everything."""
        order = order.with_context(lang=lang_code)
        wanted = self._wanted(paths)
        getters = self._common_values(
            wanted, order.partner_id, order.company_id, order.user_id,
            order.payment_term_id)
        getters['order'] = lambda: self._order_fields(
            order, None if wanted is None else wanted.get('order', ()))
        return _pick(getters, None if wanted is None else set(wanted))

    @api.model
    def _invoice_values(self, invoice, lang_code, paths=None):
        """What the placeholders of an invoice stand for: ``invoice.*``
        from the invoice itself (its amounts, dates, payment terms and
        currency), ``order.*`` from the orders it bills."""
        invoice = invoice.with_context(lang=lang_code)
        wanted = self._wanted(paths)
        getters = self._common_values(
            wanted, invoice.partner_id, invoice.company_id, invoice.user_id,
            invoice.payment_term_id)

        def invoice_fields():
            return _pick({
                'number': lambda: invoice.number,
                'reference': lambda: invoice.reference,
                'origin': lambda: invoice.origin,
                'currency': lambda: invoice.currency_id.name,
                'date_invoice': lambda: invoice.date_invoice,
                'date_due': lambda: invoice.date_due,
                'amount_untaxed': lambda: invoice.amount_untaxed,
                'amount_tax': lambda: invoice.amount_tax,
                'amount_total': lambda: invoice.amount_total,
                # A draft has no journal items yet: nothing is paid.
                'amount_due': lambda: invoice.amount_total
                if invoice.state == 'draft' else invoice.residual,
            }, None if wanted is None else wanted.get('invoice', ()))
        getters['invoice'] = invoice_fields
        getters['order'] = lambda: self._order_fields(
            invoice.invoice_line_ids.mapped('sale_line_ids.order_id'),
            None if wanted is None else wanted.get('order', ()))
        return _pick(getters, None if wanted is None else set(wanted))

    @api.multi
    def _render_order(self, order):
        """Render for a sale order in its customer's language; None (and
        a warning in the log) if that fails, which a validated body
        cannot do: the salesperson is never stopped by a template."""
        return self._render_document(order, 'sale')

    @api.multi
    def _render_invoice(self, invoice):
        """Render for an invoice, from the invoice; None if that fails."""
        return self._render_document(invoice, 'invoice')

    @api.multi
    def _render_document(self, document, usage):
        """Render for a sale order (``usage`` 'sale') or an invoice
        ('invoice') in its customer's language; None (and a warning in the
        log) if that fails."""
        self.ensure_one()
        lang_code = document.partner_id.lang or self.env.lang or 'en_US'
        reader = self._order_values if usage == 'sale' \
            else self._invoice_values
        try:
            paths = placeholders.used_paths(
                self.with_context(lang=lang_code).body)
            return self._render(reader(document, lang_code, paths),
                                lang_code, document.currency_id, usage)
        except (placeholders.PlaceholderError, TypeError, ValueError):
            _logger.warning('Terms template %s could not be rendered for '
                            '%s', self.id, document.display_name,
                            exc_info=True)
            return None

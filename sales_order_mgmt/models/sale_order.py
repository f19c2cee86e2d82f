# Copyright 2026 sales_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""sale.order: what each capability adds to the quotation / sales order.

One class per capability, each `_inherit`-ing the model, in the order
they build on each other: a later class wraps the earlier ones (its
overrides run first and reach the earlier ones through `super()`).
"""
from odoo import _, api, fields, models  # noqa: F401

from .sale_entry_channel import ENTRY_CHANNELS


# -- tracking ----------------------------------------------------------------
class SaleOrderTracking(models.Model):
    _inherit = 'sale.order'

    entry_channel = fields.Selection(
        ENTRY_CHANNELS, string='Entry channel', index=True,
        track_visibility='onchange',
        default=lambda self: self._default_entry_channel(),
        help='How the order came in. Defaults to the salesperson\'s '
             'preference, else the company\'s.')

    @api.model
    def _default_entry_channel(self):
        user = self.env.user
        return user.default_entry_channel or \
            user.company_id.default_entry_channel or False


# -- terms -------------------------------------------------------------------
class SaleOrderTerms(models.Model):
    """Terms & conditions chosen by rules (sale.terms.template), rendered
    into the note on creation, on a change of customer and when another
    template is chosen; the invoice gets the first invoice template."""
    # One class per capability (see the module docstring).
    _inherit = 'sale.order'  # pylint: disable=R8180

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
             'conditions of this document.')
    terms_template_reason = fields.Char(
        string='Terms chosen because', readonly=True)

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
        order = super(SaleOrderTerms, self).create(vals)
        if self.env.context.get('terms_applying'):
            return order
        if vals.get('terms_template_id'):
            order._apply_terms_template(
                order.terms_template_id,
                _('chosen when the quotation was created'))
        else:
            order._select_terms_template()
        return order

    @api.multi
    def write(self, vals):
        if self.env.context.get('terms_applying'):
            return super(SaleOrderTerms, self).write(vals)
        if 'terms_template_id' in vals:
            self.env['sale.terms.template']._check_terms_changeable(self)
        result = super(SaleOrderTerms, self).write(vals)
        if vals.get('terms_template_id'):
            template = self.env['sale.terms.template'].browse(
                vals['terms_template_id'])
            for order in self:
                order._apply_terms_template(
                    template, _('chosen by %s') % self.env.user.name)
        elif 'terms_template_id' in vals:
            self.with_context(terms_applying=True).write({
                'terms_template_version': 0,
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
                order.with_context(terms_applying=True).write({
                    'terms_template_id': False,
                    'terms_template_version': 0,
                    'terms_template_reason': False})
                order.message_post(body=_(
                    'No terms template matches this customer any more: '
                    'the terms and conditions were left as they are.'))

    @api.multi
    def _apply_terms_template(self, template, reason):
        """Render ``template`` into the note, record version and reason."""
        self.ensure_one()
        text = template._render_order(self)
        if text is None:
            self.message_post(body=template._terms_message(_(
                "Terms '%s' v%d could not be rendered; the terms and "
                "conditions were left as they are.")))
            return
        self.with_context(terms_applying=True).write({
            'terms_template_id': template.id,
            'terms_template_version': template.version,
            'terms_template_reason': reason,
            'note': text,
        })
        self.message_post(body=template._terms_message(
            _("Terms '%s' v%d applied: %s."), reason))

    @api.multi
    def _prepare_invoice(self):
        """The invoice gets the first matching template of usage
        invoice/both; without one it keeps the order's terms (Odoo)."""
        vals = super(SaleOrderTerms, self)._prepare_invoice()
        template, reason = self.env['sale.terms.template']._select_for_orders(
            self, 'invoice')[self.id]
        text = template._render_order(self) if template else None
        if text is not None:
            vals.update({
                'terms_template_id': template.id,
                'terms_template_version': template.version,
                'terms_template_reason': reason,
                'comment': text,
            })
        return vals


# -- backorder ---------------------------------------------------------------


# -- sourcing ----------------------------------------------------------------


# -- documents ---------------------------------------------------------------


# -- signature ---------------------------------------------------------------


# -- checks ------------------------------------------------------------------

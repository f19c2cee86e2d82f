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


# -- backorder ---------------------------------------------------------------


# -- sourcing ----------------------------------------------------------------


# -- documents ---------------------------------------------------------------


# -- signature ---------------------------------------------------------------
# Section-local imports, aliased so that the sections merge cleanly.
import base64 as signature_base64  # noqa: E402

from odoo import exceptions as signature_exceptions  # noqa: E402

from odoo.tools import formatLang as signature_format_lang  # noqa: E402

from ..engine import signature as signature_engine  # noqa: E402

SIGNATURE_FIELDS = ('signature', 'signed_by', 'signed_on', 'signature_hash')
#: What the signed content is read from (see _signature_content).
SIGNATURE_DEPENDS = [
    'signature_hash', 'currency_id', 'currency_id.name',
    'currency_id.decimal_places', 'payment_term_id',
    'payment_term_id.name', 'validity_date', 'note', 'amount_untaxed',
    'amount_tax', 'amount_total', 'order_line', 'order_line.product_id',
    'order_line.name', 'order_line.product_uom_qty',
    'order_line.product_uom', 'order_line.product_uom.name',
    'order_line.price_unit', 'order_line.discount', 'order_line.tax_id',
] + [
    '%s.%s' % (partner, field)
    for partner in ('partner_id', 'partner_invoice_id',
                    'partner_shipping_id')
    for field in ('name', 'street', 'street2', 'zip', 'city', 'state_id',
                  'country_id', 'vat')
]


class SaleOrderSignature(models.Model):
    # One class per capability section: merging is the point to avoid.
    # pylint: disable=consider-merging-classes-inherited
    """The customer's signature, bound to a hash of what was signed."""
    _inherit = 'sale.order'

    signature = fields.Binary(
        attachment=True, copy=False, readonly=True,
        help='The signature drawn by the customer (PNG or JPEG).')
    signed_by = fields.Char(
        string='Signed by', copy=False, readonly=True,
        help='Name the signer entered when signing.')
    signed_on = fields.Datetime(
        string='Signed on', copy=False, readonly=True)
    signature_hash = fields.Char(
        string='Signed content hash', copy=False, readonly=True,
        help='SHA-256 of the canonical form of the signed content '
             '(addresses, currency, payment terms, validity, lines, '
             'amounts and terms).')
    signature_state = fields.Selection(
        [('none', 'Not signed'), ('valid', 'Valid'),
         ('invalid', 'Void (changed after signing)')],
        string='Signature', compute='_compute_signature_state',
        help='Valid while the order is exactly what was signed; void as '
             'soon as the signed content changes.')
    signature_fingerprint = fields.Char(
        string='Fingerprint', compute='_compute_signature_state',
        help='First 12 hex digits of the signed content hash.')

    @api.depends(*SIGNATURE_DEPENDS)
    def _compute_signature_state(self):
        signed = self.filtered('signature_hash')
        for order in self - signed:
            order.signature_state = 'none'
            order.signature_fingerprint = False
        for order in signed:
            order.signature_state = signature_engine.signature_state(
                order.signature_hash, order._signature_content()).state
            order.signature_fingerprint = signature_engine.fingerprint(
                order.signature_hash)

    @api.multi
    def write(self, vals):
        if not self.env.context.get('som_signature_write') and \
                set(vals) & set(SIGNATURE_FIELDS):
            raise signature_exceptions.UserError(_(
                'The signature of an order can only be changed by signing '
                'it or by resetting the signature.'))
        valid = self.filtered('signature_hash').filtered(
            lambda order: order.signature_state == 'valid')
        result = super(SaleOrderSignature, self).write(vals)
        if valid:
            valid.invalidate_cache(['signature_state'], valid.ids)
            voided = valid.filtered(
                lambda order: order.signature_state == 'invalid')
            for order in voided:
                order.message_post(body=_(
                    'Signature void: the order changed after it was signed '
                    'by %s.') % order.signed_by)
        return result

    @api.multi
    def action_confirm(self):
        if not self.env.context.get('som_checks_override'):
            missing = self._signature_check_required()
            if missing:
                raise signature_exceptions.UserError('\n'.join(
                    _('%s cannot be confirmed without a valid customer '
                      'signature: %s') % (
                        order.name, order._signature_required_reason())
                    for order in missing))
        return super(SaleOrderSignature, self).action_confirm()

    @api.multi
    def action_signature_open_wizard(self):
        """Open the signing pad for this order."""
        self.ensure_one()
        action = self.env.ref(
            'sales_order_mgmt.sale_order_sign_wizard_action').read()[0]
        action['context'] = {'active_model': self._name,
                             'active_id': self.id,
                             'active_ids': self.ids}
        return action

    @api.multi
    def action_signature_reset(self):
        """Remove the signature (Sales managers), logged in the chatter."""
        if not self.env.user.has_group('sales_team.group_sale_manager'):
            raise signature_exceptions.AccessError(_(
                'Only Sales managers can reset a signature.'))
        for order in self.filtered('signature_hash'):
            body = _('Signature of %s (signed on %s, fingerprint: %s) '
                     'reset by %s.') % (
                order.signed_by, order._signature_date_text(),
                order.signature_fingerprint, self.env.user.name)
            order.with_context(som_signature_write=True).write(
                dict.fromkeys(SIGNATURE_FIELDS, False))
            order.message_post(body=body)
        return True

    @api.multi
    def sign(self, signature, signed_by):
        """Sign the order: the one entry point of the wizard and portal.

        ``signature`` is a base64 PNG or JPEG image, ``signed_by`` the
        signer's name. Refusals raise UserError and write nothing.
        """
        self.ensure_one()
        if self.state in ('cancel', 'done'):
            raise signature_exceptions.UserError(_(
                'Order %s is cancelled or done: it can no longer be '
                'signed.') % self.name)
        if self.signature_state == 'valid':
            raise signature_exceptions.UserError(_(
                'Order %s is already signed by %s: a Sales manager must '
                'reset the signature before it is signed again.') % (
                self.name, self.signed_by))
        try:
            signer = signature_engine.check_signer(signed_by)
            signature_engine.check_image(signature)
            image = signature_engine.decode_image(signature)
        except signature_engine.SignatureError as error:
            raise signature_exceptions.UserError(str(error))
        except TypeError:
            raise signature_exceptions.UserError(_(
                'The signature must be a PNG or JPEG image.'))
        digest = signature_engine.content_hash(self._signature_content())
        self.with_context(som_signature_write=True).write({
            'signature': signature_base64.b64encode(image),
            'signed_by': signer,
            'signed_on': fields.Datetime.now(),
            'signature_hash': digest,
        })
        author = self.env.context.get('som_signature_author_id')
        self.message_post(
            body=_('Signed by %s on %s (fingerprint: %s)') % (
                signer, self._signature_date_text(),
                signature_engine.fingerprint(digest)),
            author_id=author or None,
            attachments=[('signature.%s' % (
                'jpg' if image.startswith(b'\xff\xd8') else 'png'), image)])
        return True

    @api.multi
    def _signature_check_required(self):
        """The orders of ``self`` that require a signature that is not
        valid (reused by the confirmation checks)."""
        return self.filtered(
            lambda order: order._signature_required_reason() and
            order.signature_state != 'valid')

    @api.multi
    def _signature_required_reason(self):
        """Why the order needs a signature, in user words, or ''."""
        self.ensure_one()
        company = self.company_id or self.env.user.company_id
        threshold = company.signature_required_amount
        if threshold > 0:
            untaxed = self.amount_untaxed
            if self.currency_id and company.currency_id and \
                    self.currency_id != company.currency_id:
                untaxed = self.currency_id.compute(
                    untaxed, company.currency_id)
            if company.currency_id.compare_amounts(untaxed, threshold) >= 0:
                return _('its untaxed amount reaches %s.') % (
                    signature_format_lang(
                        self.env, threshold,
                        currency_obj=company.currency_id))
        commercial = self.partner_id.commercial_partner_id
        if commercial.signature_required:
            return _('customer %s requires a signature on every '
                     'order.') % commercial.display_name
        return ''

    @api.multi
    def _signature_content(self):
        """The signed content as the engine's plain dict."""
        self.ensure_one()
        currency = self.currency_id
        return {
            'customer': self._signature_address(self.partner_id),
            'invoice_address': self._signature_address(
                self.partner_invoice_id),
            'delivery_address': self._signature_address(
                self.partner_shipping_id),
            'currency': {'name': currency.name or None,
                         'decimals': currency.decimal_places or 0},
            'payment_term': self.payment_term_id.name or None,
            'validity_date': self.validity_date or None,
            'lines': [{
                'product': line.product_id.id or None,
                'description': line.name or None,
                'quantity': line.product_uom_qty,
                'uom': line.product_uom.name or None,
                'price_unit': line.price_unit,
                'discount': line.discount,
                'taxes': line.tax_id.ids,
            } for line in self.order_line],
            'amount_untaxed': self.amount_untaxed,
            'amount_tax': self.amount_tax,
            'amount_total': self.amount_total,
            'terms': self.note or None,
        }

    @api.multi
    def _signature_date_text(self):
        """The signing time in the user's time zone, for messages."""
        self.ensure_one()
        if not self.signed_on:
            return ''
        stamp = fields.Datetime.context_timestamp(
            self, fields.Datetime.from_string(self.signed_on))
        return stamp.strftime('%Y-%m-%d %H:%M %Z').strip()

    @api.multi
    def signature_data_uri(self):
        """The signature as a data URI for the PDF (PNG or JPEG)."""
        self.ensure_one()
        if not self.signature:
            return ''
        data = self.signature
        if isinstance(data, bytes):
            data = data.decode('ascii')
        mimetype = 'image/jpeg' if data.startswith('/9j/') else 'image/png'
        return 'data:%s;base64,%s' % (mimetype, data)

    @api.model
    def _signature_address(self, partner):
        """A partner's address as the engine's ADDRESS dict."""
        return {
            'name': partner.name or None,
            'street': partner.street or None,
            'street2': partner.street2 or None,
            'zip': partner.zip or None,
            'city': partner.city or None,
            'state': partner.state_id.name or None,
            'country': partner.country_id.name or None,
            'vat': partner.vat or None,
        }


# -- checks ------------------------------------------------------------------

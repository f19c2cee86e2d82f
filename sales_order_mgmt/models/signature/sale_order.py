# Copyright 2026 sales_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import base64

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import formatLang, html_escape

from ...engine import signature as signature_engine
from ..support import client_context, transaction_state

SIGNATURE_FIELDS = ('signature', 'signed_by', 'signed_on', 'signature_hash',
                    'signature_version')


#: Version of the signed content new signatures are bound to: 2 adds the
#: delivery terms (engine.signature); signatures made before keep 1.
SIGNATURE_VERSION = 2


#: What the signed content is read from (see _signature_content).
SIGNATURE_DEPENDS = [
    'signature_hash', 'currency_id', 'currency_id.name',
    'currency_id.decimal_places', 'payment_term_id',
    'payment_term_id.name', 'validity_date', 'note', 'amount_untaxed',
    'amount_tax', 'amount_total', 'order_line', 'order_line.product_id',
    'order_line.name', 'order_line.product_uom_qty',
    'order_line.product_uom', 'order_line.product_uom.name',
    'order_line.price_unit', 'order_line.discount', 'order_line.tax_id',
    'signature_version', 'payment_term_id.note', 'client_order_ref',
    'picking_policy', 'backorder_policy_id', 'backorder_policy_id.name',
    'backorder_policy_id.mode',
] + [
    '%s.%s' % (partner, field)
    for partner in ('partner_id', 'partner_invoice_id',
                    'partner_shipping_id')
    for field in ('name', 'street', 'street2', 'zip', 'city', 'state_id',
                  'country_id', 'vat')
]


class SaleOrderSignature(models.Model):

    """The customer's signature, bound to a hash of what was signed."""
    _inherit = 'sale.order'

    signature = fields.Binary(
        attachment=True, copy=False, readonly=True,
        help='The signature drawn by the customer (PNG or JPEG).')
    signed_by = fields.Char(
        string='Signed by', copy=False, readonly=True,
        help='Name the signer entered when signing.', prefetch=False)
    signed_on = fields.Datetime(
        string='Signed on', copy=False, readonly=True, prefetch=False)
    signature_hash = fields.Char(
        string='Signed content hash', copy=False, readonly=True,
        help='SHA-256 of the canonical form of the signed content '
             '(addresses, currency, payment terms, validity, lines, '
             'amounts and terms).')
    signature_version = fields.Integer(
        string='Signed content version', copy=False, readonly=True,
        prefetch=False,
        help='Form of the signed content: 2 includes the delivery terms; '
             'empty for signatures made before version 2 (form 1).')
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

    @api.model
    def create(self, vals):
        self._signature_check_protected(vals)
        return super(SaleOrderSignature, client_context.without_defaults(
            self, SIGNATURE_FIELDS)).create(vals)

    @api.multi
    def write(self, vals):
        if set(vals) & set(SIGNATURE_FIELDS) and not set(self.ids) <= \
                transaction_state.open_ids(self.env, 'signature_writing'):
            self._signature_check_protected(vals)
        valid = self.filtered('signature_hash').filtered(
            lambda order: order.signature_state == 'valid')
        result = super(SaleOrderSignature, self).write(vals)
        if valid:
            valid.invalidate_cache(['signature_state'], valid.ids)
            voided = valid.filtered(
                lambda order: order.signature_state == 'invalid')
            for order in voided:
                order._som_log_note(_(
                    'Signature void: the order changed after it was signed '
                    'by %s.') % html_escape(order.signed_by))
        return result

    @api.model
    def _signature_check_protected(self, vals):
        """Refuse any write of the signature fields but `sign` and the
        managers' reset (which go through `_signature_write`), whatever the
        caller's context."""
        if set(vals) & set(SIGNATURE_FIELDS):
            raise UserError(_(
                'The signature of an order can only be changed by signing '
                'it or by resetting the signature.'))

    @api.multi
    def _signature_write(self, vals):
        """The one writer of the signature fields (told through the
        transaction: a client sets the context, never this)."""
        with transaction_state.pushed(self.env, 'signature_writing',
                                      frozenset(self.ids)):
            return self.write(vals)

    @api.multi
    def action_confirm(self):
        """The one enforcement of the signature requirement: refused
        without a valid signature, unless a Sales manager forces the
        confirmation (`_confirm_overridden_ids`): then the chatter says the
        requirement was overridden, by whom and why."""
        missing = self._signature_check_required()
        if missing:
            overridden = self._confirm_overridden_ids()
            refused = missing.filtered(lambda o: o.id not in overridden)
            if refused:
                raise UserError('\n'.join(
                    _('%s cannot be confirmed without a valid customer '
                      'signature: %s') % (
                        order.name, order._signature_required_reason())
                    for order in refused))
            reason = self._confirm_override_reason()
            for order in missing:
                order._som_log_note(html_escape(_(
                    'Confirmed without the required customer signature '
                    '(%s); overridden by %s: %s') % (
                        order._signature_required_reason().rstrip('.'),
                        self.env.user.name, reason)))
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
            raise AccessError(_(
                'Only Sales managers can reset a signature.'))
        for order in self.filtered('signature_hash'):
            body = _('Signature of %s (signed on %s, fingerprint: %s) '
                     'reset by %s.') % (
                html_escape(order.signed_by), order._signature_date_text(),
                order.signature_fingerprint, html_escape(self.env.user.name))
            order._signature_write(dict.fromkeys(SIGNATURE_FIELDS, False))
            order._som_log_note(body)
        return True

    @api.multi
    def sign(self, signature, signed_by):
        """Sign the order in the back office: a sales user takes the
        customer's signature on the pad (the wizard's entry point).

        ``signature`` is a base64 PNG or JPEG image, ``signed_by`` the
        signer's name. Refusals raise UserError and write nothing.
        Warehouse and billing users may write orders too, but do not take
        signatures. The portal signs through `_sign_as_customer`, after
        checking the link's token.
        """
        self.ensure_one()
        if not self.env.user.has_group('sales_team.group_sale_salesman'):
            raise AccessError(_(
                "Only sales users can take a customer's signature on "
                "order %s.") % self.name)
        return self._sign_as_customer(signature, signed_by, author=None)

    @api.multi
    def _sign_as_customer(self, signature, signed_by, author):
        """Check the input, then record the signature. ``author``: the
        partner the chatter credits (the customer, on the portal), or None
        for the current user."""
        self.ensure_one()
        signer, image = self._signature_check_input(signature, signed_by)
        return self._signature_record(signer, image, author)

    @api.multi
    def _signature_record(self, signer, image, author):
        """Record a checked signature (`_signature_check_input`'s output),
        bound to the content hash, and post it with the image."""
        self.ensure_one()
        if self.state in ('cancel', 'done'):
            raise UserError(_(
                'Order %s is cancelled or done: it can no longer be '
                'signed.') % self.name)
        if self.signature_state == 'valid':
            raise UserError(_(
                'Order %s is already signed by %s: a Sales manager must '
                'reset the signature before it is signed again.') % (
                self.name, self.signed_by))
        content = self._signature_content(version=SIGNATURE_VERSION)
        digest = signature_engine.content_hash(content)
        self._signature_write({
            'signature': base64.b64encode(image),
            'signed_by': signer,
            'signed_on': fields.Datetime.now(),
            'signature_hash': digest,
            'signature_version': SIGNATURE_VERSION,
        })
        # The name is the signer's own text: escaped, never markup.
        self.message_post(
            body=_('Signed by %s on %s (fingerprint: %s)') % (
                html_escape(signer), self._signature_date_text(),
                signature_engine.fingerprint(digest)),
            author_id=author.id if author else None,
            attachments=[('signature.%s' % (
                'jpg' if image.startswith(b'\xff\xd8') else 'png'), image)])
        return True

    @api.model
    def _signature_check_input(self, signature, signed_by):
        """(signer name, image bytes) or UserError: the name (plain text,
        at most 128 characters) and the image (format, bytes, pixel size
        from its header, not blank) are checked before anything else."""
        try:
            signer = signature_engine.check_signer(signed_by)
            signature_engine.check_image(signature)
            return signer, signature_engine.decode_image(signature)
        except signature_engine.SignatureError as error:
            raise UserError(str(error))
        except TypeError:
            raise UserError(_(
                'The signature must be a PNG or JPEG image.'))

    @api.multi
    def _som_terms_locked(self):
        """A valid signature keeps the signed terms (a change of the order
        voids the signature, the terms stay what was signed)."""
        return super(SaleOrderSignature, self)._som_terms_locked() or \
            self.signature_state == 'valid'

    @api.multi
    def _confirm_requirements_missing(self):
        """The signature a confirmation requires and that is missing (hook
        of support; shown by the checks)."""
        result = super(
            SaleOrderSignature, self)._confirm_requirements_missing()
        for order in self._signature_check_required():
            result.setdefault(order.id, []).append((
                _('Signature required but not valid'),
                _("the customer's signature is missing or no longer "
                  "matches the order; it is required because %s") % (
                    order._signature_required_reason())))
        return result

    @api.multi
    def _signature_check_required(self):
        """The orders of ``self`` that require a signature that is not
        valid (the checks ask through `_confirm_requirements_missing`)."""
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
                # Today's rate, whatever date the caller's context says.
                untaxed = self.currency_id.with_context(
                    date=fields.Date.today()).compute(
                    untaxed, company.currency_id)
            if company.currency_id.compare_amounts(untaxed, threshold) >= 0:
                return _('its untaxed amount reaches %s.') % (
                    formatLang(
                        self.env, threshold,
                        currency_obj=company.currency_id))
        commercial = self.partner_id.commercial_partner_id
        if commercial.signature_required:
            return _('customer %s requires a signature on every '
                     'order.') % commercial.display_name
        return ''

    @api.multi
    def _signature_content(self, version=None):
        """The signed content as the engine's plain dict, in the form of
        ``version`` (default: the one the order was signed with; 1 for
        signatures made before the delivery terms were signed too)."""
        self.ensure_one()
        version = version or self.signature_version or (
            1 if self.signature_hash else SIGNATURE_VERSION)
        if version >= 2:
            # Names in the source language: what was signed must not read
            # differently to readers of another language.
            return self.with_context(lang=None)._signature_content_of(2)
        return self._signature_content_of(1)

    @api.multi
    def _signature_content_of(self, version):
        self.ensure_one()
        currency = self.currency_id
        content = {
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
        if version >= 2:
            content['delivery_terms'] = self._signature_delivery_terms()
            content['document'] = self.id
        return content

    @api.multi
    def _signature_delivery_terms(self):
        """What the customer agrees to about delivery and payment, beyond
        the lines: the engine's DELIVERY_TERMS dict."""
        self.ensure_one()
        policy = self.backorder_policy_id
        requested = self['requested_date'] \
            if 'requested_date' in self._fields else None
        return {
            'backorder_policy': policy and '%s (%s)' % (
                policy.name, policy.mode) or None,
            'customer_reference': self.client_order_ref or None,
            'requested_date': requested or None,
            'payment_term_note': self.payment_term_id.note or None,
            'delivery_policy': self.picking_policy or None,
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

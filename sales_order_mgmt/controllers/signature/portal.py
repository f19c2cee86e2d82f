# Copyright 2026 sales_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Portal signing: the customer signs (or accepts and signs) the quote from
its link.

Both routes take the same steps, in this order, before anything is read
or written with more rights than the visitor's:

1. the context is the route's own (a JSON client may send any
   ``params.context``): the visitor's language, nothing else;
2. the token is checked against the order's, as bytes, in constant time;
   any other shape (non-ASCII, not text, unknown order) gets the same
   "not valid" answer;
3. the signer's name and the image are checked (engine.signature: plain
   text of at most 128 characters; PNG/JPEG, byte size, pixel size read
   from the header before decoding, not blank).

Refusals are answers (``{'error': ...}``), never a traceback, and leave
nothing written.
"""
import base64

from odoo import _, http
from odoo.addons.sale.controllers.portal import CustomerPortal
from odoo.exceptions import UserError, except_orm
from odoo.http import request
from odoo.tools import html_escape

from ..support.portal_access import _order_by_token, _portal_context


def _checked_request(res_id, access_token, partner_name, signature):
    """(order, (signer, image bytes), error): the order of a valid token
    with the checked input, or the answer's error."""
    _portal_context()
    order = _order_by_token(res_id, access_token)
    if not order:
        return None, None, _('This link is not valid for this order.')
    try:
        checked = order._signature_check_input(signature, partner_name)
    except except_orm as error:
        return None, None, error.name
    return order, checked, None


class SaleOrderSignaturePortal(http.Controller):

    @http.route(['/my/orders/sign'], type='json', auth='public',
                website=True)
    def portal_order_sign(self, res_id=None, access_token=None,
                          partner_name=None, signature=None, **kwargs):
        """Sign order ``res_id`` with the portal pad's drawing.

        Answers ``{'error': ...}`` or ``{'success': ..., 'redirect_url':
        ...}``; nothing is written unless the token and the input are
        valid.
        """
        order, checked, error = _checked_request(
            res_id, access_token, partner_name, signature)
        if error:
            return {'error': error}
        try:
            with request.env.cr.savepoint():
                order._signature_record(*checked, author=order.partner_id)
        except except_orm as error:
            return {'error': error.name}
        return {
            'success': _('Thank you: your signature has been recorded.'),
            'redirect_url': '/my/orders/%s?access_token=%s' % (
                order.id, order.access_token),
        }


class SaleOrderSignatureCustomerPortal(CustomerPortal):

    @http.route(['/my/quotes/accept'], type='json', auth='public',
                website=True)
    def portal_quote_accept(self, res_id=None, access_token=None,
                            partner_name=None, signature=None, **kwargs):
        """Odoo's "Accept & Sign", with the same checks as signing: the
        signature is recorded as evidence (bound to the content) before
        confirming, so that an order that requires a signature can be
        accepted from the portal; the checks decide as for any
        confirmation (the portal never overrides them). Signing and
        confirming succeed or fail together."""
        order, checked, error = _checked_request(
            res_id, access_token, partner_name, signature)
        if error:
            return {'error': error}
        signer, image = checked
        if not self._portal_quote_user_can_accept(order.id):
            return {'error': _('Operation not allowed')}
        if order.state != 'sent':
            return {'error': _('Order is not in a state requiring customer '
                               'validation.')}
        try:
            with request.env.cr.savepoint():
                if order.signature_state != 'valid':
                    order._signature_record(
                        signer, image, author=order.partner_id)
                # Odoo's own acceptance (confirm, "Order signed by" note
                # with the image): the name goes in as text, escaped, the
                # image as the checked bytes.
                result = super(SaleOrderSignatureCustomerPortal,
                               self).portal_quote_accept(
                    order.id, access_token=access_token,
                    partner_name=html_escape(signer),
                    signature=base64.b64encode(image))
                if result.get('error'):
                    raise UserError(result['error'])
        except except_orm as error:
            # Why the confirmation was refused is internal (the customer's
            # credit, other orders, the checks' names): the salesperson
            # reads it in the chatter, the customer gets a plain answer.
            order._som_log_note(_(
                'The customer tried to accept this quotation by its link; '
                'nothing was signed or confirmed: %s') % html_escape(
                    error.name))
            return {'error': _(
                'Your order could not be confirmed online: %s will contact '
                'you about it.') % (order.user_id.name or
                                    order.company_id.name)}
        return result

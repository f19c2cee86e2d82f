# Copyright 2026 sales_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Portal signing: the customer signs the quote from its link."""
from odoo import _, http
from odoo.exceptions import UserError
from odoo.http import request
from odoo.tools import consteq

from odoo.addons.sale.controllers.portal import CustomerPortal


class SaleOrderSignaturePortal(http.Controller):

    @http.route(['/my/orders/sign'], type='json', auth='public',
                website=True)
    def portal_order_sign(self, res_id=None, access_token=None,
                          partner_name=None, signature=None, **kwargs):
        """Sign order ``res_id`` with the portal pad's drawing.

        Answers ``{'error': ...}`` or ``{'success': ..., 'redirect_url':
        ...}``; nothing is written unless the token matches.
        """
        order = self._signature_order(res_id, access_token)
        if not order:
            return {'error': _('This link is not valid for this order.')}
        try:
            # The token matched: the customer may sign this order, which
            # public/portal users cannot write, hence the sudo() record.
            order.with_context(
                som_signature_author_id=order.partner_id.id,
            ).sign(signature, partner_name)
        except UserError as error:
            return {'error': error.name}
        return {
            'success': _('Thank you: your signature has been recorded.'),
            'redirect_url': '/my/orders/%s?access_token=%s' % (
                order.id, order.access_token),
        }

    @staticmethod
    def _signature_order(res_id, access_token):
        """The order (sudo) whose token is ``access_token``, or None.

        The token is compared before any sudo(): the stored token is read
        with one parameterized query (a public user cannot read orders).
        """
        if not access_token or not isinstance(access_token, str):
            return None
        try:
            order_id = int(res_id)
        except (TypeError, ValueError):
            return None
        request.env.cr.execute(
            'SELECT access_token FROM sale_order WHERE id = %s',
            (order_id,))
        row = request.env.cr.fetchone()
        if not row or not row[0] or not consteq(row[0], access_token):
            return None
        # The token matches: the holder of the link may sign this order.
        return request.env['sale.order'].sudo().browse(order_id)


class SaleOrderSignatureCustomerPortal(CustomerPortal):

    @http.route(['/my/quotes/accept'], type='json', auth='public',
                website=True)
    def portal_quote_accept(self, res_id, access_token=None,
                            partner_name=None, signature=None):
        """Odoo's "Accept & Sign" also records the signature as evidence
        (bound to the content) before confirming, so that an order that
        requires a signature can be accepted from the portal."""
        order = SaleOrderSignaturePortal._signature_order(
            res_id, access_token)
        if order and signature and order.state == 'sent' and \
                order.signature_state != 'valid' and \
                self._portal_quote_user_can_accept(res_id):
            try:
                # Token checked above: sign on the customer's behalf.
                order.with_context(
                    som_signature_author_id=order.partner_id.id,
                ).sign(signature, partner_name)
            except UserError as error:
                return {'error': error.name}
        return super(SaleOrderSignatureCustomerPortal,
                     self).portal_quote_accept(
            res_id, access_token=access_token, partner_name=partner_name,
            signature=signature)

# Copyright 2026 sales_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""After-sale routes: the carrier confirms a delivery with its token; the
customer asks for a return from the order's portal link.

Both check their input's shape first, then the token (one parameterized
query, before any sudo()), and write inside a savepoint: a refusal leaves
nothing written.
"""
from odoo import _, http
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.http import request

from ...engine import aftersale
from ..support.portal_access import _order_by_token, _portal_context

MAX_LINES = 200


MAX_NOTE = 2000


class AfterSaleController(http.Controller):

    @http.route(['/sales_order_mgmt/carrier/delivered'], type='json',
                auth='public')
    def carrier_delivered(self, token=None, reference=None, delivered_at=None,
                          received_by=None, proof=None, **kwargs):
        """The carrier tells that the delivery with tracking reference (or
        name) ``reference`` was delivered. Answers ``{'error': ...}`` or
        ``{'success': ..., 'delivery': name}``."""
        _portal_context()
        problem = aftersale.carrier_input_problem(token, reference,
                                                  received_by)
        if problem or kwargs or not (
                delivered_at is None or isinstance(delivered_at, str)) or \
                not (proof is None or isinstance(proof, str)):
            return {'error': _('The request is not valid: give token, '
                               'reference and optionally delivered_at, '
                               'received_by and proof as text.')}
        carrier, error = request.env['sale.carrier.token']._find_by_token(
            token)
        if error:
            return {'error': error}
        # The token matched (carrier is sudo): only this carrier's done
        # deliveries of its company can be confirmed.
        pickings = request.env['stock.picking'].sudo().search([
            '|', ('carrier_tracking_ref', '=', reference.strip()),
            ('name', '=', reference.strip()),
            ('carrier_name', '=ilike', carrier.name),
            ('company_id', '=', carrier.company_id.id),
            ('picking_type_code', '=', 'outgoing')])
        if len(pickings) != 1:
            return {'error': _('No delivery of %s has the reference %s.') % (
                carrier.name, reference[:64])}
        try:
            with request.env.cr.savepoint():
                pickings.mark_delivered(
                    date=delivered_at, received_by=received_by,
                    proof=proof or None, carrier=carrier.name)
        except (UserError, ValidationError, AccessError) as error:
            return {'error': error.name}
        return {'success': _('Delivery %s recorded as delivered.') %
                pickings.name, 'delivery': pickings.name}

    @http.route(['/my/orders/return'], type='json', auth='public')
    def portal_order_return(self, res_id=None, access_token=None, lines=None,
                            reason_id=None, resolution=None, note=None,
                            **kwargs):
        """The customer asks for a return of ``lines`` ({order line id:
        quantity}) of order ``res_id`` whose link token is
        ``access_token``."""
        invalid = {'error': _('The return request is not valid.')}
        if kwargs or not isinstance(access_token, str) or \
                not access_token or len(access_token) > 256 or \
                not isinstance(lines, dict) or not lines or \
                len(lines) > MAX_LINES or \
                resolution not in dict(aftersale.RESOLUTIONS) or \
                not (note is None or (isinstance(note, str) and
                                      len(note) <= MAX_NOTE)):
            return invalid
        try:
            order_id = int(res_id)
            reason = int(reason_id)
            quantities = {int(key): float(qty) for key, qty in lines.items()
                          if not isinstance(qty, (bool, dict, list))}
        except (TypeError, ValueError, OverflowError):
            return invalid
        if len(quantities) != len(lines) or not \
                (0 < order_id < 2 ** 31 and 0 < reason < 2 ** 31):
            return invalid
        _portal_context()
        # The token matches (compared as bytes, in constant time): the
        # holder of the link may ask for a return of this order (public
        # users cannot create returns themselves).
        order = _order_by_token(order_id, access_token)
        if not order:
            return {'error': _('This link is not valid for this order.')}
        reasons = request.env['sale.return.reason'].sudo().search(
            [('id', '=', reason)])
        if not reasons:
            return {'error': _('Choose one of the return reasons.')}
        if set(quantities) - set(order.order_line.ids):
            return {'error': _('Only the lines of order %s can be '
                               'returned.') % order.name}
        try:
            with request.env.cr.savepoint():
                ret = request.env['sale.return'].sudo().create({
                    'order_id': order.id, 'reason_id': reasons.id,
                    'resolution': resolution, 'note': note or False,
                    'origin': 'portal',
                    'line_ids': [(0, 0, {'sale_line_id': line_id,
                                         'quantity': qty})
                                 for line_id, qty in sorted(
                                     quantities.items())],
                })
        except (UserError, ValidationError) as error:
            return {'error': error.name}
        return {'success': _('Your return %s was requested: we will tell '
                             'you where to send the goods.') % ret.name,
                'return': ret.name}

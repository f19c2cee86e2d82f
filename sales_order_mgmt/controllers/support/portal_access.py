# Copyright 2026 sales_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.http import request
from odoo.tools import consteq


def _portal_context():
    """The context of a portal route: the visitor's language if it is an
    installed one, nothing from the request's ``params.context``."""
    lang = request.session.context.get('lang') if request.session else None
    installed = [code for code, _name in
                 request.env['res.lang'].sudo().get_installed()]
    context = {'lang': lang if lang in installed else (
        installed[0] if installed else 'en_US')}
    request.context = context
    return context


def _order_by_token(res_id, access_token):
    """The order (sudo) whose token is ``access_token``, or None.

    The stored token is read with one parameterized query (a public user
    cannot read orders) and compared as bytes, so any text compares
    without error; anything but text is not a token.
    """
    if not access_token or not isinstance(access_token, str) or \
            len(access_token) > 256:
        return None
    if isinstance(res_id, bool) or not isinstance(res_id, (int, str)):
        return None
    try:
        order_id = int(res_id)
    except ValueError:
        return None
    if not 0 < order_id < 2 ** 31:
        return None
    request.env.cr.execute(
        'SELECT access_token FROM sale_order WHERE id = %s', (order_id,))
    row = request.env.cr.fetchone()
    if not row or not row[0] or not consteq(
            row[0].encode('utf-8'), access_token.encode('utf-8')):
        return None
    # The token matches: the holder of the link may sign this order.
    return request.env['sale.order'].sudo().browse(order_id)

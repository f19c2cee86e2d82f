# Copyright 2026 sales_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""11.0.1.4.0: the delivery checks apply only to orders that ship something.

The shipped checks are ``noupdate`` data: an upgrade keeps what the Sales
managers made of them, including whether each is switched on (new installs
get them switched off; databases upgraded keep them as they were). Only
the new ``delivery_only`` flag is set on the two checks about delivery, so
that an order of services (or with no lines yet) is no longer refused for
its delivery address.
"""
from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    rules = env['exception.rule'].with_context(active_test=False).browse([
        record_id for record_id in (
            env['ir.model.data'].xmlid_to_res_id(
                'sales_order_mgmt.exception_rule_%s' % name)
            for name in ('delivery_address', 'ship_complete_stock'))
        if record_id])
    rules.write({'delivery_only': True})

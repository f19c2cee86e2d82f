# Copyright 2026 sales_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""11.0.1.5.0: the signature requirement is enforced once, by the signature
capability; the check "Signature required but not valid" is gone.

Checks by method ``_checks_signature_missing`` (the shipped one, and any
copy a Sales manager made) are deleted: the method no longer exists. The
checks still list a missing required signature with their failures, and a
manager's override still lets such an order through (logged).
"""
from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    env['exception.rule'].with_context(active_test=False).search([
        ('method', '=', '_checks_signature_missing')]).unlink()

# Copyright 2026 sales_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""res.partner: per-customer settings of each capability (read on the
commercial partner).

One class per capability, each `_inherit`-ing the model, in the order
they build on each other: a later class wraps the earlier ones (its
overrides run first and reach the earlier ones through `super()`).
"""
from odoo import _, api, fields, models  # noqa: F401


# -- tracking ----------------------------------------------------------------


# -- terms -------------------------------------------------------------------


# -- backorder ---------------------------------------------------------------


# -- sourcing ----------------------------------------------------------------


# -- documents ---------------------------------------------------------------


# -- signature ---------------------------------------------------------------


# -- checks ------------------------------------------------------------------
class ResPartnerChecks(models.Model):
    """Credit limit of the order checks: Odoo 11's base already has
    `credit_limit` (a commercial field, synced to contacts) but shows it
    nowhere; it is reused, documented and shown on the customer form."""
    _inherit = 'res.partner'  # pylint: disable=R8180

    credit_limit = fields.Float(
        help='Most this customer may owe: open receivables + confirmed '
             'orders not invoiced yet + the order being confirmed, in the '
             'company currency. 0 = no limit. Set on the company; its '
             'contacts share it.')

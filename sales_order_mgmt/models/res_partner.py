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
class ResPartnerSignature(models.Model):
    # One class per capability section: merging is the point to avoid.
    # pylint: disable=consider-merging-classes-inherited
    _inherit = 'res.partner'

    signature_required = fields.Boolean(
        string='Orders need a signature',
        help='Orders of this customer (and its contacts) cannot be '
             'confirmed without a valid customer signature.')

    @api.model
    def _commercial_fields(self):
        """Set on the company, shown on its contacts."""
        return super(ResPartnerSignature, self)._commercial_fields() + \
            ['signature_required']


# -- checks ------------------------------------------------------------------

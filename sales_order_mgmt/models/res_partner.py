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
class ResPartnerBackorder(models.Model):
    _inherit = 'res.partner'

    backorder_policy_id = fields.Many2one(
        'sale.backorder.policy', string='Backorder policy',
        help='What happens when a delivery to this customer cannot ship '
             'complete. Read on the company of a contact; empty: the '
             'company default applies.')

    @api.constrains('backorder_policy_id', 'company_id')
    def _check_backorder_policy_company(self):
        for partner in self:
            partner.backorder_policy_id._check_company_of(
                partner.company_id, partner.display_name)

    @api.model
    def _commercial_fields(self):
        return super(ResPartnerBackorder, self)._commercial_fields() + [
            'backorder_policy_id']


# -- sourcing ----------------------------------------------------------------


# -- documents ---------------------------------------------------------------


# -- signature ---------------------------------------------------------------
class ResPartnerSignature(models.Model):
    # One class per capability section: merging is the point to avoid.

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
class ResPartnerChecks(models.Model):
    """Credit limit of the order checks: Odoo 11's base already has
    `credit_limit` (a commercial field, synced to contacts) but shows it
    nowhere; it is reused, documented and shown on the customer form."""
    _inherit = 'res.partner'

    credit_limit = fields.Float(
        help='Most this customer may owe: open receivables + confirmed '
             'orders not invoiced yet + the order being confirmed, in the '
             'company currency. 0 = no limit. Set on the company; its '
             'contacts share it.')

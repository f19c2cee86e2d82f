# Copyright 2026 sales_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""res.company: company-wide defaults of each capability.

One class per capability, each `_inherit`-ing the model, in the order
they build on each other: a later class wraps the earlier ones (its
overrides run first and reach the earlier ones through `super()`).
"""
from odoo import _, api, fields, models  # noqa: F401

from .sale_entry_channel import ENTRY_CHANNELS


# -- tracking ----------------------------------------------------------------
class ResCompanyTracking(models.Model):
    _inherit = 'res.company'

    default_entry_channel = fields.Selection(
        ENTRY_CHANNELS, string='Default entry channel', default='phone',
        help='Entry channel of new orders when the salesperson has no '
             'preference of their own.')


# -- terms -------------------------------------------------------------------


# -- backorder ---------------------------------------------------------------
class ResCompanyBackorder(models.Model):
    _inherit = 'res.company'

    backorder_policy_id = fields.Many2one(
        'sale.backorder.policy', string='Default backorder policy',
        help='Backorder policy of new orders whose customer has none.')

    @api.constrains('backorder_policy_id')
    def _check_backorder_policy_company(self):
        for company in self:
            company.backorder_policy_id._check_company_of(
                company, _('the company\'s default'))


# -- sourcing ----------------------------------------------------------------


# -- documents ---------------------------------------------------------------


# -- signature ---------------------------------------------------------------
class ResCompanySignature(models.Model):
    # One class per capability section: merging is the point to avoid.

    _inherit = 'res.company'

    signature_required_amount = fields.Monetary(
        string='Signature required from', currency_field='currency_id',
        help='Orders whose untaxed amount reaches this amount cannot be '
             'confirmed without a valid customer signature. 0 = never.')

    @api.constrains('signature_required_amount')
    def _check_signature_required_amount(self):
        if any(company.signature_required_amount < 0 for company in self):
            raise models.ValidationError(_(
                'The amount from which a signature is required cannot be '
                'negative (0 = never).'))


# -- checks ------------------------------------------------------------------

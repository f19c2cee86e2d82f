# Copyright 2026 sales_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models


class ResCompanySignature(models.Model):

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

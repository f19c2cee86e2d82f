# Copyright 2026 sales_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class ResPartnerSignature(models.Model):

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

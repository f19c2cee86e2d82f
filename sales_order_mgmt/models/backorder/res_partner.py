# Copyright 2026 sales_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


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

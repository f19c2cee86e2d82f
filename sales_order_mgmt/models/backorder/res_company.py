# Copyright 2026 sales_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models


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

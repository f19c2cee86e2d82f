# Copyright 2026 sales_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class SaleTermsTemplateVersion(models.Model):
    _name = 'sale.terms.template.version'
    _description = 'Version of a terms & conditions template'
    _order = 'template_id, version desc, id desc'
    _rec_name = 'version'

    template_id = fields.Many2one(
        'sale.terms.template', required=True,
        ondelete='cascade', index=True, readonly=True)
    company_id = fields.Many2one(
        related='template_id.company_id', store=True, readonly=True)
    version = fields.Integer(required=True, readonly=True)
    body = fields.Text(readonly=True)
    lang = fields.Char(
        string='Language', readonly=True,
        help='Language in which the text was written.')

# Copyright 2026 sales_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
# Copyright 2026 sales_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class ProductTemplate(models.Model):
    _inherit = 'product.template'

    substitute_product_ids = fields.Many2many(
        'product.product', 'product_template_substitute_rel',
        'template_id', 'product_id', string='Substitutes',
        help='Products offered instead of this one on a quotation when no '
             'warehouse that could ship it has any in stock (sourcing '
             'preview), in this order.')

    @api.constrains('substitute_product_ids')
    def _check_substitute_product_ids(self):
        for template in self:
            if template in template.substitute_product_ids.mapped(
                    'product_tmpl_id'):
                raise ValidationError(_(
                    'Substitutes: %s cannot be a substitute of itself.')
                    % template.name)

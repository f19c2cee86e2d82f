# Copyright 2026 sales_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Translations of terms templates are checked like the template itself.

The web client's translation dialog writes ``ir.translation`` records
directly, past the template's own constraint: check them here too.
"""
from odoo import api, models

from .sale_terms_template import BODY_FIELD


class IrTranslation(models.Model):
    _inherit = 'ir.translation'

    @api.constrains('value', 'name')
    def _check_terms_template_body(self):
        bodies = self.filtered(lambda tr: tr.name == BODY_FIELD)
        if not bodies:
            return
        templates = self.env['sale.terms.template'].with_context(
            active_test=False).browse(bodies.mapped('res_id')).exists()
        names = dict((template.id, template.name) for template in templates)
        for translation in bodies:
            self.env['sale.terms.template']._validate_body(
                translation.value, names.get(translation.res_id, ''),
                translation.lang)

# Copyright 2026 sales_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Translations of terms templates are checked and versioned like the
template itself.

The web client's translation dialog writes ``ir.translation`` records
directly, past the template's own constraint and versioning: check them and
record a new version here too.
"""
from odoo import api, models

from ..support import transaction_state
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

    @api.model
    def create(self, vals):
        translation = super(IrTranslation, self).create(vals)
        if vals.get('name') == BODY_FIELD:
            translation._version_terms_templates({})
        return translation

    @api.multi
    def write(self, vals):
        bodies = self.filtered(lambda tr: tr.name == BODY_FIELD)
        if 'value' not in vals or not bodies:
            return super(IrTranslation, self).write(vals)
        before = {tr.id: tr.value for tr in bodies}
        result = super(IrTranslation, self).write(vals)
        bodies._version_terms_templates(before)
        return result

    @api.multi
    def _version_terms_templates(self, before):
        """A translated body changed outside the template's own write (the
        translation dialog): the template gets a new version."""
        writing = transaction_state.open_ids(
            self.env, 'terms_template_writing')
        templates = self.env['sale.terms.template'].with_context(
            active_test=False)
        for translation in self:
            if translation.name != BODY_FIELD or \
                    translation.res_id in writing or \
                    before.get(translation.id) == translation.value:
                continue
            template = templates.browse(translation.res_id).exists()
            if template:
                template._bump_version(translation.value, translation.lang)

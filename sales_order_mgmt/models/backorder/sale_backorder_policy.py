# Copyright 2026 sales_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""sale.backorder.policy: what happens when a delivery cannot ship complete.

The decision itself is pure logic in ``engine/backorder.py``; this model
only stores the settings and checks them.
"""
import math

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ...engine import backorder as engine

BACKORDER_MODES = [
    ('allow', 'Allow backorders'),
    ('ship_complete', 'Ship complete only'),
    ('cancel_remainder', 'Cancel the remainder'),
]


class SaleBackorderPolicy(models.Model):
    _name = 'sale.backorder.policy'
    _description = 'Backorder policy'
    _order = 'name, id'

    def _default_mail_template(self):
        return self.env.ref(
            'sales_order_mgmt.mail_template_backorder_notice',
            raise_if_not_found=False)

    name = fields.Char(required=True, translate=True)
    active = fields.Boolean(default=True)
    mode = fields.Selection(
        BACKORDER_MODES, required=True, default='allow',
        help='Allow: ship what is available, the rest follows in a '
             'backorder delivery.\n'
             'Ship complete only: a delivery ships only complete; validating '
             'it short is refused (deliveries are created "all at once").\n'
             'Cancel the remainder: ship what is available, cancel the rest; '
             'the order bills only what shipped.')
    notify_customer = fields.Boolean(
        string='Notify the customer',
        help='E-mail the customer what shipped, what is backordered (with '
             'the expected date) and what was cancelled.')
    min_fill_ratio = fields.Float(
        string='Minimum fill ratio (%)', digits=(5, 2),
        help='Allow mode only: a partial delivery is refused when the share '
             'of its quantity being shipped is below this percentage '
             '(0 = any partial delivery ships).')
    max_backorder_days = fields.Integer(
        string='Maximum backorder age (days)',
        help='Open backorders older than this are cancelled by a daily '
             'scheduled action, with the same customer notice. 0 = never.')
    mail_template_id = fields.Many2one(
        'mail.template', string='Customer notice',
        domain=[('model', '=', 'stock.picking')],
        default=_default_mail_template,
        help='E-mail sent to the customer when notify is on.')
    company_id = fields.Many2one(
        'res.company', required=True, index=True,
        default=lambda self: self.env['res.company']._company_default_get(
            'sale.backorder.policy'))

    @api.constrains('mode', 'min_fill_ratio', 'max_backorder_days')
    def _check_settings(self):
        for policy in self:
            try:
                engine.validate_policy(
                    policy.mode, policy.min_fill_ratio,
                    policy.max_backorder_days,
                    translate=self._translator())
            except ValueError as error:
                raise ValidationError(
                    _('Backorder policy "%s": %s') % (policy.name, error))

    @api.model
    def create(self, vals):
        self._check_finite(vals)
        return super(SaleBackorderPolicy, self).create(vals)

    @api.multi
    def write(self, vals):
        self._check_finite(vals)
        return super(SaleBackorderPolicy, self).write(vals)

    @api.model
    def _check_finite(self, vals):
        """A ratio out of range is refused before the ORM rounds it to the
        field's precision: infinity, NaN (JSON-RPC accepts them) or a huge
        number cannot even be rounded."""
        ratio = vals.get('min_fill_ratio')
        if isinstance(ratio, (int, float)) and not (
                math.isfinite(ratio) and 0 <= ratio <= 100):
            raise ValidationError(_(
                'The minimum fill ratio must be between 0 and 100 %%, '
                'not %s.') % ratio)

    @api.multi
    def _check_company_of(self, company, owner):
        """Refuse this policy on `owner` (a text naming the record) of
        `company` when the policy belongs to another company."""
        for policy in self:
            if company and policy.company_id != company:
                raise ValidationError(
                    _('The backorder policy "%s" belongs to the company %s, '
                      'not to the company %s of %s.') % (
                        policy.name, policy.company_id.name, company.name,
                        owner))

    @api.multi
    def decide(self, lines, precision=0.001):
        """The engine's ``Decision`` for ``lines`` under this policy."""
        self.ensure_one()
        return engine.decide(
            self.mode, lines,
            min_fill_ratio=self.min_fill_ratio if self.mode == 'allow'
            else 0.0,
            precision=precision, translate=self._translator())

    @api.model
    def _translator(self):
        """Translate the engine's messages in the user's language."""
        lang = self.env.lang
        if not lang or lang == 'en_US':
            return None
        translation = self.env['ir.translation']
        return lambda source: translation._get_source(
            None, ('code',), lang, source) or source

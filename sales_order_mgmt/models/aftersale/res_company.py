# Copyright 2026 sales_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class ResCompanyAfterSale(models.Model):
    _inherit = 'res.company'

    aftersale_accuracy_days = fields.Integer(
        'Order accuracy window (days)', default=30,
        help='A return of category wrong item, damaged or short requested '
             'within this many days of delivery makes the order '
             'inaccurate (Fulfilment report).')

    @api.constrains('aftersale_accuracy_days')
    def _check_aftersale_accuracy_days(self):
        for company in self:
            if company.aftersale_accuracy_days < 1:
                raise ValidationError(_(
                    'The order accuracy window must be at least one day, '
                    'not %s.') % company.aftersale_accuracy_days)

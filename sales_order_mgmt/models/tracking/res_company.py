# Copyright 2026 sales_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models

from .sale_entry_channel import ENTRY_CHANNELS


class ResCompanyTracking(models.Model):
    _inherit = 'res.company'

    default_entry_channel = fields.Selection(
        ENTRY_CHANNELS, string='Default entry channel', default='phone',
        help='Entry channel of new orders when the salesperson has no '
             'preference of their own.')

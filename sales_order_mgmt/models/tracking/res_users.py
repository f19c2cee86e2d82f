# Copyright 2026 sales_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
# Copyright 2026 sales_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models

from .sale_entry_channel import ENTRY_CHANNELS


class ResUsers(models.Model):
    _inherit = 'res.users'

    default_entry_channel = fields.Selection(
        ENTRY_CHANNELS, string='Default entry channel',
        help='Entry channel of the orders this salesperson creates; empty: '
             "the company's default.")

    def __init__(self, pool, cr):
        """Users may edit their own preference (like their signature)."""
        super(ResUsers, self).__init__(pool, cr)
        type(self).SELF_WRITEABLE_FIELDS = list(
            self.SELF_WRITEABLE_FIELDS) + ['default_entry_channel']
        type(self).SELF_READABLE_FIELDS = list(
            self.SELF_READABLE_FIELDS) + ['default_entry_channel']

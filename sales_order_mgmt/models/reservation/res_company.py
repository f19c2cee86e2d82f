# Copyright 2026 sales_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ResCompanyReservation(models.Model):
    _inherit = 'res.company'

    reserve_after_confirmation = fields.Boolean(
        string='Reserve stock after confirming',
        help='Off (Odoo\'s way): a confirmed order\'s deliveries are reserved '
             'inside the confirmation. On: they are reserved in a short '
             'transaction of their own right after the confirmation is '
             'saved, before the user sees the order again. With many people '
             'confirming at once, confirmations then no longer wait for, '
             'and start over behind, each other\'s reservations of the same '
             'stock. If the reservation keeps meeting others, the order says '
             'so and a background job reserves its deliveries.')

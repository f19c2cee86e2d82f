# Copyright 2026 sales_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class SaleCarrierTokenShow(models.TransientModel):
    """The dialog that shows a new token once (never saved: its fields
    are not stored, see SaleCarrierToken.action_generate_token)."""
    _name = 'sale.carrier.token.show'
    _description = 'New carrier token, shown once'

    carrier_name = fields.Char('Carrier', readonly=True, store=False)
    token = fields.Char(readonly=True, store=False)

    @api.model_cr
    def init(self):
        # Versions up to 11.0.1.4.0 stored the shown token in this table
        # until the transient vacuum: none of it is kept.
        self.env.cr.execute(
            'ALTER TABLE sale_carrier_token_show DROP COLUMN IF EXISTS token')

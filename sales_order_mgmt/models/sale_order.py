# Copyright 2026 sales_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""sale.order: what each capability adds to the quotation / sales order.

One class per capability, each `_inherit`-ing the model, in the order
they build on each other: a later class wraps the earlier ones (its
overrides run first and reach the earlier ones through `super()`).
"""
from odoo import _, api, fields, models  # noqa: F401

from .sale_entry_channel import ENTRY_CHANNELS


# -- tracking ----------------------------------------------------------------
class SaleOrderTracking(models.Model):
    _inherit = 'sale.order'

    entry_channel = fields.Selection(
        ENTRY_CHANNELS, string='Entry channel', index=True,
        track_visibility='onchange',
        default=lambda self: self._default_entry_channel(),
        help='How the order came in. Defaults to the salesperson\'s '
             'preference, else the company\'s.')

    @api.model
    def _default_entry_channel(self):
        user = self.env.user
        return user.default_entry_channel or \
            user.company_id.default_entry_channel or False


# -- terms -------------------------------------------------------------------


# -- backorder ---------------------------------------------------------------


# -- sourcing ----------------------------------------------------------------


# -- documents ---------------------------------------------------------------
class SaleOrderDocuments(models.Model):
    # One class per capability by design (see the module docstring).
    # pylint: disable=consider-merging-classes-inherited
    _inherit = 'sale.order'

    @api.multi
    def _documents_delivery_lines(self):
        """Lines that are delivery charges: those the `delivery` addon flags
        (`is_delivery`) when it is installed, none otherwise."""
        lines = self.mapped('order_line')
        if 'is_delivery' not in lines._fields:
            return lines.browse()
        return lines.filtered('is_delivery')

    @api.multi
    def _documents_delivery_amount(self):
        """Delivery charges (untaxed) printed as their own total line."""
        self.ensure_one()
        return sum(self._documents_delivery_lines().mapped('price_subtotal'))


# -- signature ---------------------------------------------------------------


# -- checks ------------------------------------------------------------------

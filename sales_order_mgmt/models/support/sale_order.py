# Copyright 2026 sales_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""sale.order: the named hooks through which one capability asks another.

A capability never calls another's private methods or reads its fields: it
calls one of these, and the capability that knows the answer overrides it
(docs/ARCHITECTURE.md, "Couplings"). Each default is what the order would
say without the answering capability: nothing to add.
"""
from odoo import api, models


class SaleOrderHooks(models.Model):
    """Hooks between capabilities (first in the class chain of sale.order:
    every capability's override reaches these defaults through super())."""
    _inherit = 'sale.order'

    @api.multi
    def _confirm_requirements_missing(self):
        """``{order id: [(requirement, reason)]}``: what a capability
        requires before the orders of ``self`` may be confirmed and is not
        met now, in user words. Answered by signature (the customer's
        signature); enforced by that capability alone, shown by the checks
        with their own failures."""
        return {}

    @api.multi
    def _confirm_overridden_ids(self):
        """Ids of the orders of ``self`` whose confirmation a Sales manager
        is forcing now, with a reason. Answered by checks (its override
        wizard); a capability that refuses a confirmation lets these pass
        and records that it was overridden."""
        return set()

    @api.multi
    def _confirm_override_reason(self):
        """Why the confirmation of ``self`` is forced (see
        `_confirm_overridden_ids`), or ''. Answered by checks."""
        return ''

    @api.multi
    def _ship_complete_orders(self):
        """The orders of ``self`` that may only ship complete. Answered by
        backorder (the order's policy); asked by the checks."""
        return self.browse()

    @api.multi
    def _sourcing_shortages(self):
        """``{sale.order.line: quantity}``: what the warehouses that would
        ship each storable line of ``self`` cannot serve now, in the line's
        unit (lines served in full are left out). Answered by sourcing;
        asked by the checks."""
        return {}

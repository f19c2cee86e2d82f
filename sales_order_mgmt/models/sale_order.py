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
class SaleOrderSourcing(models.Model):
    """Where each line ships from; the work is done by sale.sourcing.rule
    (models/sale_sourcing_rule.py) and the pure engine/sourcing.py."""

    # One class per capability in this shared file (see its docstring).
    _inherit = 'sale.order'  # pylint: disable=R8180

    sourcing_ids = fields.One2many(
        'sale.order.line.sourcing', 'order_id',
        readonly=True, copy=False,
        help='Where each line ships from, and why (one delivery per '
             'warehouse).')
    sourcing_substitute_ids = fields.One2many(
        'sale.order.line.substitute', 'order_id',
        string='Substitutes in stock', readonly=True, copy=False)

    @api.multi
    def action_preview_sourcing(self):
        """Compute and store where each line would ship from (quotations
        only); stock is not touched."""
        rules = self.env['sale.sourcing.rule']
        rules._sourcing_check_quotations(self)
        rules._sourcing_store(self, rules._sourcing_allocate(self))
        return True

    @api.multi
    def action_confirm(self):
        """Recompute the sourcing, confirm (one delivery per warehouse, see
        sale.order.line._action_launch_procurement_rule), then post the
        sourcing summary on each confirmed order."""
        rules = self.env['sale.sourcing.rule']
        quotations = self.filtered(lambda o: o.state in ('draft', 'sent'))
        decided = rules._sourcing_allocate(quotations)
        rules._sourcing_store(quotations, decided)
        result = super(SaleOrderSourcing, self).action_confirm()
        rules._sourcing_post_summary(
            quotations.filtered(lambda o: o.state in ('sale', 'done')),
            decided)
        return result

    @api.multi
    def _sourcing_compute_allocations(self):
        """Where each order line would ship from, nothing written.

        :returns: ``{sale.order.line: [(stock.warehouse, qty,
            available_qty, sale.sourcing.rule (empty if none), reason),
            ...]}``, quantities in the line's unit of measure; lines that
            ship nothing (services, zero quantity) map to ``[]``. One batch
            of stock figures per order, whatever the number of rules.
        """
        result = {}
        decided = self.env['sale.sourcing.rule']._sourcing_allocate(self)
        for order_result in decided.values():
            result.update(order_result['lines'])
        return result


# -- documents ---------------------------------------------------------------


# -- signature ---------------------------------------------------------------


# -- checks ------------------------------------------------------------------

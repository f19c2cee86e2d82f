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
class SaleOrderBackorder(models.Model):
    _inherit = 'sale.order'  # pylint: disable=R8180

    backorder_policy_id = fields.Many2one(
        'sale.backorder.policy', string='Backorder policy',
        track_visibility='onchange',
        readonly=True, states={
            'draft': [('readonly', False)], 'sent': [('readonly', False)],
            'sale': [('readonly', False)]},
        help='What happens when a delivery of this order cannot ship '
             'complete. Defaults from the customer, else the company.')

    @api.constrains('backorder_policy_id', 'company_id')
    def _check_backorder_policy_company(self):
        from odoo.exceptions import ValidationError
        for order in self:
            policy = order.backorder_policy_id
            if policy and order.company_id and \
                    policy.company_id != order.company_id:
                raise ValidationError(
                    _('The backorder policy "%s" belongs to the company %s, '
                      'not to the company %s of order %s.') % (
                        policy.name, policy.company_id.name,
                        order.company_id.name, order.name))

    @api.onchange('partner_id')
    def _onchange_partner_backorder_policy(self):
        if self.partner_id:
            self.backorder_policy_id = self._default_backorder_policy(
                self.partner_id, self.company_id)

    @api.onchange('backorder_policy_id')
    def _onchange_backorder_policy(self):
        if self.backorder_policy_id.mode == 'ship_complete':
            self.picking_policy = 'one'

    @api.model
    def _default_backorder_policy(self, partner, company):
        """The customer's policy (on its commercial partner), else the
        company's default."""
        company = company or self.env.user.company_id
        policy = partner.commercial_partner_id.backorder_policy_id
        if not policy or (policy.company_id and policy.company_id != company):
            policy = company.backorder_policy_id
        return policy

    @api.model
    def _backorder_policy_vals(self, vals, partner, company):
        """Complete ``vals`` with the policy of ``partner`` and the move
        type it implies."""
        vals = dict(vals)
        if 'backorder_policy_id' not in vals and partner:
            vals['backorder_policy_id'] = self._default_backorder_policy(
                partner, company).id
        policy = self.env['sale.backorder.policy'].browse(
            vals.get('backorder_policy_id'))
        if policy.mode == 'ship_complete':
            vals['picking_policy'] = 'one'
        return vals

    @api.model
    def create(self, vals):
        partner = self.env['res.partner'].browse(vals.get('partner_id'))
        company = self.env['res.company'].browse(vals.get('company_id')) \
            or self.env['res.company']._company_default_get('sale.order')
        vals = self._backorder_policy_vals(vals, partner, company)
        return super(SaleOrderBackorder, self).create(vals)

    @api.multi
    def write(self, vals):
        from odoo.exceptions import UserError
        if 'backorder_policy_id' in vals:
            done = self.filtered(lambda order: order.state == 'done')
            if done and any(order.backorder_policy_id.id !=
                            vals['backorder_policy_id'] for order in done):
                raise UserError(
                    _('The backorder policy of a done order cannot change: '
                      '%s.') % ', '.join(done.mapped('name')))
        if 'partner_id' not in vals and \
                'backorder_policy_id' not in vals:
            return super(SaleOrderBackorder, self).write(vals)
        partner = self.env['res.partner'].browse(vals.get('partner_id'))
        if 'backorder_policy_id' in vals or not partner:
            result = super(SaleOrderBackorder, self).write(
                self._backorder_policy_vals(vals, partner, None))
        else:
            # The customer changes: each open order takes its policy.
            for order in self:
                order_vals = vals
                if order.state not in ('done', 'cancel'):
                    order_vals = self._backorder_policy_vals(
                        vals, partner, order.company_id)
                super(SaleOrderBackorder, order).write(order_vals)
            result = True
        self._backorder_policy_to_deliveries()
        return result

    @api.multi
    def _backorder_policy_to_deliveries(self):
        """Open outgoing deliveries follow the order's policy; done and
        cancelled ones keep the policy they were processed under."""
        for order in self:
            open_deliveries = order.picking_ids.filtered(
                lambda picking: picking.picking_type_id.code == 'outgoing'
                and picking.state not in ('done', 'cancel') and
                picking.backorder_policy_id != order.backorder_policy_id)
            if open_deliveries:
                open_deliveries.write(
                    {'backorder_policy_id': order.backorder_policy_id.id})

    @api.multi
    def _log_backorder_decision(self, picking, message):
        """Record a backorder decision in the order's chatter."""
        for order in self:
            order.message_post(body=_(
                'Delivery %s (backorder policy "%s"): %s') % (
                    picking.name, picking.backorder_policy_id.name, message))


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

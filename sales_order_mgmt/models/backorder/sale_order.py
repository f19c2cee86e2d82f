# Copyright 2026 sales_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import html_escape


class SaleOrderBackorder(models.Model):
    _inherit = 'sale.order'

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
        for order in self:
            order.backorder_policy_id._check_company_of(
                order.company_id, _('order %s') % order.name)

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
            # Names are users' text: escaped (the chatter shows HTML).
            order._som_log_note(_(
                'Delivery %s (backorder policy "%s"): %s') % (
                    html_escape(picking.name),
                    html_escape(picking.backorder_policy_id.name),
                    html_escape(message)))

    @api.multi
    def _ship_complete_orders(self):
        """Hook of support (asked by the checks): the orders whose policy
        ships complete only."""
        return super(SaleOrderBackorder, self)._ship_complete_orders() | \
            self.filtered(lambda o: o.backorder_policy_id.mode ==
                          'ship_complete')

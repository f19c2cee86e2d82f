# Copyright 2026 sales_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
# Copyright 2026 sales_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class SaleCheckOverrideWizard(models.TransientModel):
    """A Sales manager confirms orders despite failed checks, with a
    reason that goes to each order's chatter."""

    _name = 'sale.check.override.wizard'
    _description = 'Confirm orders despite failed checks'

    order_ids = fields.Many2many(
        'sale.order', 'sale_check_override_wizard_order_rel', 'wizard_id',
        'order_id', string='Orders', readonly=True)
    failed_checks = fields.Text(readonly=True)
    reason = fields.Text(
        required=True,
        help='Why the orders are confirmed anyway: logged in the chatter of '
             'each order with your name.')

    @api.model
    def default_get(self, fields_list):
        res = super(SaleCheckOverrideWizard, self).default_get(fields_list)
        if self.env.context.get('active_model') != 'sale.order':
            return res
        orders = self.env['sale.order'].browse(
            self.env.context.get('active_ids') or [])
        res['order_ids'] = [(6, 0, orders.ids)]
        res['failed_checks'] = '\n'.join(
            '%s:\n%s' % (order.name, order.check_summary)
            for order in orders if order.check_summary)
        return res

    @api.multi
    def action_confirm(self):
        self.ensure_one()
        self.order_ids._checks_confirm_overridden(self.reason)
        return {'type': 'ir.actions.act_window_close'}

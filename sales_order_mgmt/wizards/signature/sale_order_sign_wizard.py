# Copyright 2026 sales_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Back-office signing: the customer draws on a pad, the wizard signs."""
from odoo import api, fields, models


class SaleOrderSignWizard(models.TransientModel):
    _name = 'sale.order.sign.wizard'
    _description = 'Sign a quotation'

    order_id = fields.Many2one(
        'sale.order', required=True, ondelete='cascade',
        default=lambda self: self._default_order_id())
    signed_by = fields.Char(
        string='Signer name',
        default=lambda self: self._default_signed_by(),
        help='Name of the person signing, as printed on the order.')
    signature = fields.Binary(
        attachment=False,
        help='Draw the signature with the mouse, a pen or a finger.')

    @api.model
    def _default_order_id(self):
        if self.env.context.get('active_model') == 'sale.order':
            return self.env.context.get('active_id')
        return False

    @api.model
    def _default_signed_by(self):
        order = self.env['sale.order'].browse(self._default_order_id())
        return order.partner_id.name if order else False

    @api.multi
    def action_sign(self):
        """Sign the order with the drawn signature and the name."""
        self.ensure_one()
        self.order_id.sign(self.signature, self.signed_by)
        return {'type': 'ir.actions.act_window_close'}

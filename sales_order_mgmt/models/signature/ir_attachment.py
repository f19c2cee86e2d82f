# Copyright 2026 sales_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The signature image of an order is stored as an attachment (the field is
``attachment=True``): whoever may write the order may write that attachment
through ``ir.attachment``. Its bytes are the customer's signature, written
only by signing and the managers' reset (sale.order._signature_write)."""
from odoo import _, api, models
from odoo.exceptions import UserError

from ..support import client_context, transaction_state


class IrAttachment(models.Model):
    _inherit = 'ir.attachment'

    @api.model
    def create(self, vals):
        # The values create gives, the context's defaults included.
        target = [client_context.default_of(self, vals, name)
                  for name in ('res_model', 'res_field', 'res_id')]
        if target[:2] == ['sale.order', 'signature']:
            self.browse()._check_signature_attachment(target[2] or -1)
        return super(IrAttachment, self).create(vals)

    @api.multi
    def write(self, vals):
        self._signature_attachments()._check_signature_attachment()
        if {'res_model', 'res_field', 'res_id'} & set(vals):
            # Moved onto an order's signature.
            for att in self.sudo():
                target = [vals.get(name, att[name])
                          for name in ('res_model', 'res_field', 'res_id')]
                if target[:2] == ['sale.order', 'signature']:
                    self.browse()._check_signature_attachment(
                        target[2] or -1)
        return super(IrAttachment, self).write(vals)

    @api.multi
    def unlink(self):
        # The attachments of a deleted order go with it (Odoo's unlink).
        self._signature_attachments()._check_signature_attachment(
            deleting=True)
        return super(IrAttachment, self).unlink()

    @api.multi
    def _signature_attachments(self):
        # sudo: res_field is read to decide, not shown.
        return self.sudo().filtered(
            lambda att: att.res_model == 'sale.order' and
            att.res_field == 'signature').with_env(self.env)

    @api.multi
    def _check_signature_attachment(self, res_id=None, deleting=False):
        order_ids = set(self.mapped('res_id'))
        if res_id:
            order_ids.add(res_id)
        if deleting:
            order_ids = set(self.env['sale.order'].browse(
                list(order_ids)).exists().ids)
        if order_ids and not order_ids <= transaction_state.open_ids(
                self.env, 'signature_writing'):
            raise UserError(_(
                'The signature of an order can only be changed by signing '
                'it or by resetting the signature.'))

# Copyright 2026 sales_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import base64
from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

from ...engine import signature as signature_engine
from ..support import transaction_state

DELIVERED_FIELDS = frozenset([
    'delivered_date', 'delivered_received_by', 'delivered_proof',
    'delivered_by_carrier'])


# Clock difference a carrier's device may have: a delivered time later than
# now by more is refused.
FUTURE_SLACK = timedelta(minutes=10)


class StockPickingDelivered(models.Model):
    _inherit = 'stock.picking'

    delivered_date = fields.Datetime(
        'Delivered on', readonly=True, copy=False, index=True,
        help='When the customer received this delivery (marked by a user '
             'or by the carrier).')
    delivered_received_by = fields.Char(
        'Received by', readonly=True, copy=False,
        help='Name of the person who took the parcel, as the proof of '
             'delivery gives it.')
    delivered_proof = fields.Binary(
        'Proof of delivery', readonly=True, copy=False, attachment=True,
        help="The recipient's signature or a photo (PNG or JPEG).")
    delivered_by_carrier = fields.Char(
        'Confirmed by carrier', readonly=True, copy=False,
        help='The carrier whose token confirmed the delivery; empty when '
             'a user marked it.')

    @api.multi
    def write(self, vals):
        if DELIVERED_FIELDS.intersection(vals):
            allowed = transaction_state.open_ids(
                self.env, 'aftersale_delivering')
            if set(self.ids) - allowed:
                raise UserError(_(
                    'The delivered date and its proof are set by "Mark '
                    'delivered" only.'))
        return super(StockPickingDelivered, self).write(vals)

    @api.multi
    def action_mark_delivered(self):
        """The button: delivered now, no proof."""
        return self.mark_delivered()

    @api.multi
    def mark_delivered(self, date=None, received_by=None, proof=None,
                       carrier=None):
        """Record that these done outgoing deliveries reached the customer.

        ``date`` (server datetime string, default now), ``received_by`` (the
        recipient's name), ``proof`` (base64 PNG/JPEG signature or photo).
        Warehouse and sales users who may write the deliveries mark them;
        the carrier route calls it as the system once its token matched,
        with ``carrier`` its name. Refusals raise UserError and write
        nothing.
        """
        if not self:
            return True
        if not self.env.user._is_superuser() and not (
                self.env.user.has_group('stock.group_stock_user') or
                self.env.user.has_group('sales_team.group_sale_salesman')):
            raise AccessError(_(
                'Only warehouse and sales users can mark a delivery '
                'delivered.'))
        self.check_access_rights('write')
        self.check_access_rule('write')
        now = fields.Datetime.from_string(fields.Datetime.now())
        when = self._aftersale_parse_date(date) if date else now
        if when > now + FUTURE_SLACK:
            raise UserError(_(
                'The delivered date %s is in the future.') % date)
        vals = {'delivered_date': fields.Datetime.to_string(when),
                'delivered_by_carrier': carrier or False}
        try:
            if received_by is not None:
                vals['delivered_received_by'] = \
                    signature_engine.check_signer(received_by)
        except signature_engine.SignatureError as error:
            raise UserError(str(error))
        try:
            if proof:
                signature_engine.check_image(proof)
                vals['delivered_proof'] = base64.b64encode(
                    signature_engine.decode_image(proof))
        except signature_engine.SignatureError as error:
            raise UserError(_('The proof of delivery cannot be used: %s') %
                            str(error))
        except TypeError:
            raise UserError(_(
                'The proof of delivery must be a PNG or JPEG image.'))
        for picking in self:
            if picking.picking_type_code != 'outgoing' or \
                    picking.state != 'done':
                raise UserError(_(
                    '%s is not a shipped delivery to a customer: only '
                    'done deliveries can be marked delivered.') %
                    picking.name)
            if picking.delivered_date:
                raise UserError(_(
                    '%s was already marked delivered on %s.') % (
                        picking.name, picking.delivered_date))
            if picking.date_done and when < fields.Datetime.from_string(
                    picking.date_done):
                raise UserError(_(
                    'The delivered date of %s cannot be before it shipped '
                    '(%s).') % (picking.name, picking.date_done))
        # The access was checked above; the delivery's writes and the
        # order's note are the system's record of that confirmation.
        pickings = self.sudo()
        with transaction_state.pushed(
                self.env, 'aftersale_delivering', frozenset(self.ids)):
            pickings.write(vals)
        orders = pickings.mapped('sale_id')
        orders._fulfilment_refresh(existing=True)
        pickings._aftersale_delivered_notice()
        return True

    @api.model
    def _aftersale_parse_date(self, value):
        try:
            if not isinstance(value, str) or len(value) > 32:
                raise ValueError(value)
            text = value.replace('T', ' ').rstrip('Z')
            if len(text) == 10:
                text += ' 00:00:00'
            return fields.Datetime.from_string(text[:19])
        except ValueError:
            raise UserError(_(
                'The delivered date must be a date and time such as '
                '2026-03-02 14:30:00, not %s.') % str(value)[:40])

    @api.multi
    def _aftersale_delivered_notice(self):
        """E-mail the customer (their language) and note it on the order."""
        template = self.env.ref(
            'sales_order_mgmt.mail_template_delivered_notice')
        for picking in self:
            picking.message_post_with_template(
                template.id, composition_mode='comment',
                message_type='comment')
            order = picking.sale_id
            if order:
                lang = order.partner_id.lang or self.env.lang
                order.with_context(lang=lang)._aftersale_note_delivered(
                    picking)


class StockPickingReturnReceived(models.Model):
    """A validated return receipt moves its return on."""
    _inherit = 'stock.picking'

    @api.multi
    def action_done(self):
        result = super(StockPickingReturnReceived, self).action_done()
        incoming = self.filtered(lambda p: p.picking_type_code == 'incoming')
        if incoming:
            # The receipt's validation is the warehouse's decision; the
            # return it belongs to records it (sales users' document).
            returns = self.env['sale.return'].sudo().search([
                ('return_picking_ids', 'in', incoming.ids),
                ('state', '=', 'approved')])
            returns._aftersale_received()
        return result

# Copyright 2026 sales_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.tools import html_escape

from ..support import client_context

#: What the system records on a delivery: read-only for users.
PICKING_RECORD_FIELDS = ('shipment_notice_sent', 'backorder_decision')


class StockPickingTracking(models.Model):
    _inherit = 'stock.picking'

    # Same names as Odoo's `delivery` addon (not installed here), so that
    # installing it later keeps the data.
    carrier_name = fields.Char(
        'Carrier', copy=False,
        help='Who carries the parcel (e.g. DHL, UPS, own truck).')
    carrier_tracking_ref = fields.Char(
        'Tracking reference', copy=False,
        help='When set, validating the delivery e-mails the customer what '
             'shipped with this reference.')
    shipment_notice_sent = fields.Boolean(
        'Customer told of shipment', copy=False, readonly=True,
        help='The shipment e-mail with the tracking reference was sent.')

    @api.multi
    def write(self, vals):
        vals = client_context.users_vals(self, vals, PICKING_RECORD_FIELDS)
        result = super(StockPickingTracking, self).write(vals)
        if 'backorder_id' in vals:
            # The orders' "backordered" figure reads it (stock_move.py).
            self.sudo().mapped('move_lines.sale_line_id.order_id') \
                ._fulfilment_refresh()
        return result

    @api.multi
    def action_done(self):
        result = super(StockPickingTracking, self).action_done()
        self._send_shipment_notice()
        return result

    @api.multi
    def _send_shipment_notice(self):
        """E-mail the customer of each done outgoing delivery that has a
        tracking reference (once), and note it in the order's chatter."""
        if not self.ids:
            return
        # Most deliveries have no tracking reference: those are left out
        # with one query, without reading the validated pickings again.
        self.env.cr.execute("""
            SELECT id FROM stock_picking
             WHERE id IN %s AND COALESCE(carrier_tracking_ref, '') != ''
               AND NOT COALESCE(shipment_notice_sent, FALSE)
        """, (tuple(self.ids),))
        candidates = self.browse([row[0] for row in self.env.cr.fetchall()])
        pickings = candidates.filtered(
            lambda p: p.state == 'done' and
            p.picking_type_code == 'outgoing')
        if not pickings:
            return
        template = self.env.ref(
            'sales_order_mgmt.mail_template_shipment_notice')
        for picking in pickings:
            picking.message_post_with_template(
                template.id, composition_mode='comment',
                message_type='comment')
            if picking.sale_id:
                # sudo: the clerk may not write sales orders; the note
                # only records what was just sent from this delivery.
                picking.sale_id.sudo()._som_log_note(_(
                    'Delivery %s shipped with %s, tracking reference %s: '
                    'the customer was e-mailed.') % tuple(
                        html_escape(text) for text in (
                            picking.name,
                            picking.carrier_name or _('a carrier'),
                            picking.carrier_tracking_ref)))
        client_context.system_write(pickings, {'shipment_notice_sent': True})

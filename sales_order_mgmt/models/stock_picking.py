# Copyright 2026 sales_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""stock.picking: what each capability adds to deliveries.

One class per capability, each `_inherit`-ing the model, in the order
they build on each other: a later class wraps the earlier ones (its
overrides run first and reach the earlier ones through `super()`).
"""
from odoo import _, api, fields, models  # noqa: F401


# -- tracking ----------------------------------------------------------------
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
    def action_done(self):
        result = super(StockPickingTracking, self).action_done()
        self._send_shipment_notice()
        return result

    @api.multi
    def _send_shipment_notice(self):
        """E-mail the customer of each done outgoing delivery that has a
        tracking reference (once), and note it in the order's chatter."""
        pickings = self.filtered(
            lambda p: p.state == 'done' and
            p.picking_type_code == 'outgoing' and
            p.carrier_tracking_ref and not p.shipment_notice_sent)
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
                picking.sale_id.sudo().message_post(body=_(
                    'Delivery %s shipped with %s, tracking reference %s: '
                    'the customer was e-mailed.') % (
                        picking.name, picking.carrier_name or _('a carrier'),
                        picking.carrier_tracking_ref))
        pickings.write({'shipment_notice_sent': True})


# -- terms -------------------------------------------------------------------


# -- backorder ---------------------------------------------------------------


# -- sourcing ----------------------------------------------------------------


# -- documents ---------------------------------------------------------------


# -- signature ---------------------------------------------------------------


# -- checks ------------------------------------------------------------------

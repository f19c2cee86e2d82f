# Copyright 2026 sales_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import html_escape

from ...engine import aftersale, fulfilment
from ...engine._common import plain_qty
from .sale_return import process_in_full


class SaleOrderDelivered(models.Model):
    """The order side of "delivered": the figure and the state."""
    _inherit = 'sale.order'

    delivered_date = fields.Datetime(
        'Delivered on', compute='_compute_fulfilment', store=True,
        compute_sudo=True, readonly=True, prefetch=False,
        help='When the last delivery of the complete order was received '
             'by the customer.')

    @api.depends('date_order', 'picking_policy', 'customer_requested_date')
    def _compute_fulfilment(self):
        result = super(SaleOrderDelivered, self)._compute_fulfilment()
        dates = self._aftersale_delivered_dates()
        for order in self:
            delivered, date = aftersale.order_delivered(
                order.fulfilment_state, dates.get(order.id, []),
                complete_states=('shipped', 'closed_short'))
            order.delivered_date = date or False
            if delivered:
                order.fulfilment_state = 'delivered'
        return result

    @api.multi
    def _aftersale_delivered_dates(self):
        """{order id: [delivered date or None of each delivery that
        shipped something to the customer]}, one query."""
        orders = self.filtered(lambda o: isinstance(o.id, int) and
                               o.fulfilment_state in
                               fulfilment.COMPLETE_STATES)
        if not orders:
            return {}
        self.env.cr.execute("""
            SELECT DISTINCT line.order_id, picking.id, picking.delivered_date
              FROM stock_move move
              JOIN sale_order_line line ON line.id = move.sale_line_id
              JOIN stock_picking picking ON picking.id = move.picking_id
              JOIN stock_location source ON source.id = move.location_id
              JOIN stock_location dest ON dest.id = move.location_dest_id
             WHERE line.order_id IN %s AND move.state = 'done'
               AND dest.usage = 'customer' AND source.usage != 'customer'
        """, (tuple(orders.ids),))
        result = {}
        for order_id, _picking_id, date in self.env.cr.fetchall():
            result.setdefault(order_id, []).append(date)
        return result

    @api.multi
    def _aftersale_note_delivered(self, picking):
        """Chatter note in the context's language (the customer's)."""
        self.ensure_one()
        body = _('Delivery %s was delivered on %s') % (
            picking.name, picking.delivered_date)
        if picking.delivered_received_by:
            body += _(', received by %s') % picking.delivered_received_by
        if picking.delivered_by_carrier:
            body += _(' (confirmed by %s)') % picking.delivered_by_carrier
        body += _('; the customer was e-mailed.')
        # Plain text with the carrier's and receiver's words: escaped.
        self.sudo()._som_log_note(html_escape(body))


class SaleOrderReturns(models.Model):
    """The order side: its returns, and what may still be returned."""
    _inherit = 'sale.order'

    return_ids = fields.One2many('sale.return', 'order_id', 'Returns')
    return_count = fields.Integer(compute='_compute_return_count')

    @api.depends('return_ids')
    def _compute_return_count(self):
        data = self.env['sale.return'].read_group(
            [('order_id', 'in', self.ids)], ['order_id'], ['order_id'])
        counts = {row['order_id'][0]: row['order_id_count'] for row in data}
        for order in self:
            order.return_count = counts.get(order.id, 0)

    @api.multi
    def action_aftersale_new_return(self):
        """Start a return from the order form."""
        self.ensure_one()
        if self.state not in ('sale', 'done'):
            raise UserError(_('Only a confirmed order can have returns.'))
        returnable = self._aftersale_returnable()
        lines = [(0, 0, {'sale_line_id': line.id,
                         'quantity': 0.0})
                 for line in self.order_line
                 if returnable.get(line.id, (0.0, 0.0))[0] >
                 returnable.get(line.id, (0.0, 0.0))[1]]
        if not lines:
            raise UserError(_(
                'Nothing of %s was delivered or all was returned already: '
                'there is nothing to return.') % self.name)
        return {
            'type': 'ir.actions.act_window', 'res_model': 'sale.return',
            'view_mode': 'form', 'name': _('New return'),
            'context': {'default_order_id': self.id,
                        'default_line_ids': lines},
        }

    @api.multi
    def action_aftersale_view_returns(self):
        self.ensure_one()
        action = self.env.ref('sales_order_mgmt.sale_return_action').read()[0]
        action['domain'] = [('order_id', '=', self.id)]
        action['context'] = {'default_order_id': self.id}
        return action

    @api.model
    def _aftersale_demo_ship(self, order_ids, invoice_ids):
        """Demo data only (demo/aftersale/sale_return_demo.xml): confirm
        the orders, ship everything (the first with DHL), mark the
        deliveries delivered and invoice the orders of ``invoice_ids``."""
        # Categories created by the demo data get their parent_left/right
        # at the end of the module's install; sourcing reads them now.
        self.env['product.category']._parent_store_compute()
        orders = self.browse(order_ids)
        orders.action_confirm()
        pickings = orders.mapped('picking_ids')
        pickings[:1].write({'carrier_name': 'DHL',
                            'carrier_tracking_ref': 'JJD0001234567'})
        pickings.action_assign()
        process_in_full(pickings)
        pickings.mark_delivered(received_by='Reception')
        invoices = self.env['account.invoice'].browse(
            self.browse(invoice_ids).action_invoice_create())
        invoices.action_invoice_open()
        return True

    @api.multi
    def aftersale_portal_deliveries(self):
        """The order's deliveries to the customer, for its portal page."""
        self.ensure_one()
        self.check_access_rule('read')
        return self.picking_ids.filtered(
            lambda p: p.picking_type_code == 'outgoing' and
            p.state != 'cancel').sorted('id')

    @api.multi
    def aftersale_portal_returnable(self):
        """[{'line', 'qty'}] of the lines that may still be returned, for
        the order's portal page."""
        self.ensure_one()
        self.check_access_rule('read')
        returnable = self._aftersale_returnable()
        rows = []
        for line in self.order_line:
            delivered, returned = returnable.get(line.id, (0.0, 0.0))
            if delivered - returned > 0:
                rows.append({'line': line,
                             'qty': plain_qty(delivered - returned)})
        return rows

    @api.multi
    def _aftersale_returnable(self, exclude=None):
        """{line id: (delivered qty, qty taken by returns not refused)} in
        the lines' units, for these orders' lines; one query each."""
        self.ensure_one()
        lines = self.sudo().order_line
        result = {line.id: [0.0, 0.0] for line in lines}
        moves = self.env['stock.move'].sudo().search([
            ('sale_line_id', 'in', lines.ids), ('state', '=', 'done'),
            ('location_dest_id.usage', '=', 'customer'),
            ('location_id.usage', '!=', 'customer'),
            ('origin_returned_move_id', '=', False)])
        for move in moves:
            line = move.sale_line_id
            result[line.id][0] += move.product_uom._compute_quantity(
                move.product_uom_qty, line.product_uom)
        domain = [('return_id.order_id', '=', self.id),
                  ('return_id.state', '!=', 'refused')]
        if exclude:
            domain.append(('return_id', 'not in', exclude.ids))
        for row in self.env['sale.return.line'].sudo().read_group(
                domain, ['sale_line_id', 'quantity'], ['sale_line_id']):
            result.setdefault(row['sale_line_id'][0], [0.0, 0.0])[1] += \
                row['quantity']
        return {key: tuple(value) for key, value in result.items()}

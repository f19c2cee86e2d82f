# Copyright 2026 sales_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""After-sale capability, delivered confirmation: an outgoing delivery is
marked delivered (by a warehouse or sales user, or by its carrier through
a token), the order gets its delivered date and the fulfilment state
``delivered``, the customer gets a notice in their language.

The carriers' tokens (``sale.carrier.token``) are stored hashed.
"""
import base64
import secrets
from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import html_escape

from ..engine import aftersale
from ..engine import fulfilment
from ..engine import signature as signature_engine
from . import transaction_state

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


class SaleCarrierToken(models.Model):
    """One access token per carrier for the delivered route, stored as its
    SHA-256 only: the plain token is shown once, when generated."""
    _name = 'sale.carrier.token'
    _description = 'Carrier token (delivered confirmations)'
    _order = 'name'

    name = fields.Char(
        'Carrier', required=True,
        help="As written on the deliveries' Carrier field: the carrier may "
             'only confirm those deliveries.')
    token_hash = fields.Char('Token (SHA-256)', readonly=True, copy=False,
                             groups='sales_team.group_sale_manager')
    expiry_date = fields.Date(
        'Valid until', help='After this day the token is refused.')
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        'res.company', required=True,
        default=lambda self: self.env.user.company_id)

    _sql_constraints = [
        ('name_company_uniq', 'unique(name, company_id)',
         'One token per carrier and company.'),
    ]

    @api.multi
    def action_generate_token(self):
        """A new token (the old one stops working), shown once.

        Only its hash is stored. The clear token goes to the manager's
        browser alone: the dialog is a new, unsaved record whose only
        field (not stored) comes from the action's defaults, and it closes
        without saving; nothing of it reaches the database. A client
        setting that default itself shows itself a token that authorizes
        nothing.
        """
        self.ensure_one()
        self.check_access_rights('write')
        self.check_access_rule('write')
        token = secrets.token_urlsafe(32)
        # Checked above; the hash field is readable by managers only.
        self.sudo().write({'token_hash': aftersale.hash_token(token)})
        return {
            'type': 'ir.actions.act_window',
            'res_model': 'sale.carrier.token.show',
            'view_mode': 'form', 'target': 'new',
            'name': _('Token for %s') % self.name,
            'context': {'default_token': token,
                        'default_carrier_name': self.name},
        }

    @api.model
    def _find_by_token(self, token):
        """The active, unexpired carrier record (sudo) whose token this is,
        or an error message (token checked before anything is read)."""
        self.env.cr.execute("""
            SELECT id, expiry_date FROM sale_carrier_token
             WHERE token_hash = %s AND active
        """, (aftersale.hash_token(token),))
        row = self.env.cr.fetchone()
        if not row:
            return None, _('This carrier token is not valid.')
        # Odoo's cursor gives dates as strings (YYYY-MM-DD).
        if row[1] and str(row[1]) < fields.Date.context_today(self):
            return None, _('This carrier token has expired.')
        # The token matched: the carrier acts on its own deliveries only.
        return self.sudo().browse(row[0]), None


class SaleCarrierTokenShow(models.TransientModel):
    """The dialog that shows a new token once (never saved: its fields
    are not stored, see SaleCarrierToken.action_generate_token)."""
    _name = 'sale.carrier.token.show'
    _description = 'New carrier token, shown once'

    carrier_name = fields.Char('Carrier', readonly=True, store=False)
    token = fields.Char(readonly=True, store=False)

    @api.model_cr
    def init(self):
        # Versions up to 11.0.1.4.0 stored the shown token in this table
        # until the transient vacuum: none of it is kept.
        self.env.cr.execute(
            'ALTER TABLE sale_carrier_token_show DROP COLUMN IF EXISTS token')


class ResCompanyAfterSale(models.Model):
    _inherit = 'res.company'

    aftersale_accuracy_days = fields.Integer(
        'Order accuracy window (days)', default=30,
        help='A return of category wrong item, damaged or short requested '
             'within this many days of delivery makes the order '
             'inaccurate (Fulfilment report).')

    @api.constrains('aftersale_accuracy_days')
    def _check_aftersale_accuracy_days(self):
        for company in self:
            if company.aftersale_accuracy_days < 1:
                raise ValidationError(_(
                    'The order accuracy window must be at least one day, '
                    'not %s.') % company.aftersale_accuracy_days)

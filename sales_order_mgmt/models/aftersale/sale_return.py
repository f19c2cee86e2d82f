# Copyright 2026 sales_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from collections import namedtuple

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import html_escape, plaintext2html

from ...engine import aftersale
from ...engine._common import plain_qty
from ..support import client_context, transaction_state

# Fields only the flow's methods write (state, links, dates).
PROTECTED_FIELDS = frozenset([
    'state', 'return_picking_ids', 'credit_note_ids',
    'replacement_picking_ids', 'replacement_sourcing', 'approved_date',
    'resolved_date', 'received_date', 'request_date', 'terms_template_id',
    'terms_text'])


# An exchange's allocation, as sale.order.line._sourcing_launch_procurements
# reads its rows.
ReplacementRow = namedtuple('ReplacementRow', 'warehouse_id product_uom_qty')


def process_in_full(pickings):
    """Validate ``pickings`` with every move's whole quantity done."""
    for move in pickings.mapped('move_lines'):
        if move.move_line_ids:
            move.move_line_ids[0].qty_done = move.product_uom_qty
        else:
            pickings.env['stock.move.line'].create(dict(
                move._prepare_move_line_vals(),
                qty_done=move.product_uom_qty))
    pickings.action_done()


class SaleReturn(models.Model):
    _name = 'sale.return'
    _description = 'Return or exchange of a sales order'
    _inherit = ['mail.thread']
    _order = 'id desc'

    name = fields.Char('Reference', readonly=True, copy=False, default='/')
    order_id = fields.Many2one(
        'sale.order', 'Sales order', required=True, index=True,
        readonly=True, states={'requested': [('readonly', False)]},
        ondelete='restrict')
    partner_id = fields.Many2one(
        related='order_id.partner_id', store=True, readonly=True)
    user_id = fields.Many2one(
        related='order_id.user_id', store=True, readonly=True,
        string='Salesperson')
    company_id = fields.Many2one(
        related='order_id.company_id', store=True, readonly=True)
    state = fields.Selection(
        aftersale.STATES, default='requested', required=True, readonly=True,
        copy=False, index=True, track_visibility='onchange')
    reason_id = fields.Many2one(
        'sale.return.reason', required=True, readonly=True,
        states={'requested': [('readonly', False)]})
    category = fields.Selection(
        related='reason_id.category', store=True, readonly=True)
    resolution = fields.Selection(
        aftersale.RESOLUTIONS, required=True, default='refund',
        readonly=True, states={'requested': [('readonly', False)]})
    note = fields.Text('Customer comment')
    origin = fields.Selection(
        [('backoffice', 'Back office'), ('portal', 'Customer portal')],
        default='backoffice', readonly=True, required=True)
    line_ids = fields.One2many(
        'sale.return.line', 'return_id', 'Products to return',
        readonly=True, states={'requested': [('readonly', False)]},
        copy=True)
    request_date = fields.Datetime(
        'Requested on', default=fields.Datetime.now, readonly=True,
        required=True)
    approved_date = fields.Datetime('Approved on', readonly=True, copy=False)
    received_date = fields.Datetime('Received on', readonly=True, copy=False)
    resolved_date = fields.Datetime('Resolved on', readonly=True, copy=False)
    return_picking_ids = fields.Many2many(
        'stock.picking', 'sale_return_picking_rel', 'return_id',
        'picking_id', 'Return receipts', readonly=True, copy=False)
    credit_note_ids = fields.Many2many(
        'account.invoice', 'sale_return_invoice_rel', 'return_id',
        'invoice_id', 'Credit notes', readonly=True, copy=False)
    replacement_picking_ids = fields.Many2many(
        'stock.picking', 'sale_return_replacement_rel', 'return_id',
        'picking_id', 'Replacement deliveries', readonly=True, copy=False)
    replacement_sourcing = fields.Text(
        'Replacement sourced', readonly=True, copy=False,
        help='Where the replacement of an exchange ships from and why: '
             'the sourcing rules decide anew when the goods come back.')
    terms_template_id = fields.Many2one(
        'sale.terms.template', 'Return terms', readonly=True, copy=False,
        help='The first matching terms template of usage "Returns", chosen '
             'at approval; its text is on the return authorization and '
             'the credit note.')
    terms_text = fields.Text('Return terms text', readonly=True, copy=False)

    # -- constraints ---------------------------------------------------------

    @api.constrains('line_ids', 'order_id')
    def _check_lines(self):
        for ret in self:
            ret._aftersale_check_quantities()

    # -- CRUD ---------------------------------------------------------------

    @api.model
    def create(self, vals):
        if PROTECTED_FIELDS.intersection(vals):
            raise UserError(_(
                'A return starts as requested: its state and documents '
                'follow from its approval and receipt.'))
        if vals.get('name', '/') == '/':
            vals['name'] = self.env['ir.sequence'].sudo().next_by_code(
                'sale.return') or '/'
        # Nor through the context's default_* keys (clients set them).
        ret = super(SaleReturn, client_context.without_defaults(
            self, PROTECTED_FIELDS)).create(vals)
        ret._aftersale_log('requested')
        return ret

    @api.multi
    def write(self, vals):
        if PROTECTED_FIELDS.intersection(vals):
            allowed = transaction_state.open_ids(self.env, 'aftersale_return')
            if set(self.ids) - allowed:
                raise UserError(_(
                    'The state and documents of a return follow from its '
                    'approval, receipt and resolution only.'))
        elif any(ret.state != 'requested' for ret in self) and (
                {'order_id', 'line_ids', 'reason_id', 'resolution'}
                & set(vals)):
            raise UserError(_(
                'Only a requested return can be changed.'))
        return super(SaleReturn, self).write(vals)

    @api.multi
    def unlink(self):
        if any(ret.state not in ('requested', 'refused') for ret in self):
            raise UserError(_(
                'An approved return cannot be deleted: refuse it instead.'))
        return super(SaleReturn, self).unlink()

    # -- actions ------------------------------------------------------------

    @api.multi
    def action_approve(self):
        """Approve: Odoo's return receipt into the warehouse that shipped."""
        self._aftersale_check_manager()
        for ret in self:
            ret._aftersale_check_move('approved')
            ret._aftersale_check_quantities()
        for ret in self:
            # Access checked above: the receipt is the warehouse's document.
            pickings = ret.sudo()._aftersale_create_receipts()
            template, text = ret._aftersale_terms()
            ret._aftersale_write({
                'state': 'approved', 'approved_date': fields.Datetime.now(),
                'return_picking_ids': [(6, 0, pickings.ids)],
                'terms_template_id': template.id,
                'terms_text': text or False})
            ret._aftersale_log('approved')
        return True

    @api.multi
    def action_refuse(self):
        self._aftersale_check_manager()
        for ret in self:
            ret._aftersale_check_move('refused')
            if ret.return_picking_ids.filtered(lambda p: p.state == 'done'):
                raise UserError(_(
                    'The goods of %s were received already: it cannot be '
                    'refused.') % ret.name)
        for ret in self:
            ret.return_picking_ids.sudo().filtered(
                lambda p: p.state != 'cancel').action_cancel()
            ret._aftersale_write({'state': 'refused'})
            ret._aftersale_log('refused')
        return True

    @api.multi
    def action_receive(self):
        """Receive everything announced (the warehouse validates the return
        receipts as announced; a receipt validated by hand resolves the same
        way, see StockPickingReturnReceived)."""
        if not self.env.user._is_superuser() and not self.env.user.has_group(
                'stock.group_stock_user'):
            raise AccessError(_(
                'Only warehouse users receive returned goods.'))
        for ret in self:
            if ret.state != 'approved':
                raise UserError(_(
                    '%s is not approved: nothing to receive.') % ret.name)
            pickings = ret.return_picking_ids.filtered(
                lambda p: p.state not in ('done', 'cancel'))
            process_in_full(pickings)
        return True

    @api.multi
    def action_view_order(self):
        self.ensure_one()
        return {'type': 'ir.actions.act_window', 'res_model': 'sale.order',
                'res_id': self.order_id.id, 'view_mode': 'form'}

    # -- business methods ---------------------------------------------------

    @api.multi
    def _aftersale_check_manager(self):
        if not self.env.user._is_superuser() and not self.env.user.has_group(
                'sales_team.group_sale_manager'):
            raise AccessError(_(
                'Only sales managers approve or refuse returns.'))
        self.check_access_rule('write')

    @api.multi
    def _aftersale_check_move(self, new_state):
        self.ensure_one()
        if not aftersale.can_move(self.state, new_state):
            labels = dict(aftersale.STATES)
            raise UserError(_('%s is %s: it cannot become %s.') % (
                self.name, _(labels[self.state]), _(labels[new_state])))

    @api.multi
    def _aftersale_write(self, vals):
        """Write protected fields (the flow's own writes)."""
        with transaction_state.pushed(self.env, 'aftersale_return',
                                      frozenset(self.ids)):
            return self.sudo().write(vals)

    @api.multi
    def _aftersale_check_quantities(self):
        """Refuse (ValidationError) what the order cannot take back."""
        self.ensure_one()
        order = self.order_id
        if self.line_ids.mapped('sale_line_id.order_id') - order:
            raise ValidationError(_(
                'Return %s may only take back lines of order %s.') % (
                    self.name, order.name))
        requested = {}
        for line in self.line_ids:
            requested[line.sale_line_id.id] = \
                requested.get(line.sale_line_id.id, 0.0) + line.quantity
        returnable = order._aftersale_returnable(exclude=self)
        problems = aftersale.check_return_quantities(
            [aftersale.ReturnableLine(line.id, line.product_id.display_name,
                                      *returnable.get(line.id, (0.0, 0.0)))
             for line in order.order_line],
            requested)
        messages = []
        for code, name, qty, left in problems:
            if code == 'empty':
                messages.append(_('Return %s takes nothing back: give a '
                                  'quantity to return.') % self.name)
            elif code == 'negative':
                messages.append(_('The quantity to return of %s cannot be '
                                  'negative.') % name)
            elif code == 'too_much':
                messages.append(_(
                    'Only %s of %s can be returned (delivered, minus what '
                    'earlier returns take back), not %s.') % (
                        plain_qty(left), name, plain_qty(qty)))
            else:
                messages.append(_('Return %s names a product that is not '
                                  'on order %s.') % (self.name, order.name))
        if messages:
            raise ValidationError('\n'.join(messages))

    @api.multi
    def _aftersale_terms(self):
        """(template, rendered text) of usage "return" for the order,
        (empty, None) without one."""
        self.ensure_one()
        order = self.order_id.sudo()
        template, _reason = self.env['sale.terms.template'].sudo() \
            ._select_for_orders(order, 'return')[order.id]
        return template, template._render_order(order) if template else None

    @api.multi
    def _aftersale_create_receipts(self):
        """One Odoo return receipt per delivery the goods came from, into
        that delivery's warehouse (its return type), moves marked to refund
        for refunds and exchanges (the line's delivered quantity goes
        down)."""
        self.ensure_one()
        to_refund = self.resolution in ('refund', 'exchange')
        sources = {}
        for line in self.line_ids:
            left = line.quantity
            moves = line.sale_line_id.move_ids.filtered(
                lambda m: m.state == 'done' and
                m.location_dest_id.usage == 'customer' and
                m.location_id.usage != 'customer').sorted('id')
            for move in moves:
                if left <= 0:
                    break
                taken = sum(move.returned_move_ids.filtered(
                    lambda m: m.state != 'cancel').mapped('product_uom_qty'))
                qty = min(left, move.product_uom_qty - taken)
                if qty <= 0:
                    continue
                sources.setdefault(move.picking_id, []).append((move, qty))
                left -= qty
        pickings = self.env['stock.picking']
        for picking, rows in sorted(sources.items(), key=lambda i: i[0].id):
            wizard = self.env['stock.return.picking'].with_context(
                active_id=picking.id, active_ids=picking.ids).create({})
            wizard.product_return_moves.unlink()
            for move, qty in rows:
                self.env['stock.return.picking.line'].create({
                    'wizard_id': wizard.id, 'product_id': move.product_id.id,
                    'move_id': move.id, 'quantity': qty,
                    'to_refund': to_refund})
            picking_id, _type = wizard._create_returns()
            receipt = pickings.browse(picking_id)
            receipt.write({'origin': _('%s (return %s)') % (
                picking.name, self.name)})
            pickings |= receipt
        return pickings

    @api.multi
    def _aftersale_received(self):
        """The return receipts are done: received, then resolved."""
        for ret in self.filtered(lambda r: r.state == 'approved'):
            if ret.return_picking_ids.filtered(
                    lambda p: p.state not in ('done', 'cancel')):
                continue
            ret._aftersale_write({'state': 'received',
                                  'received_date': fields.Datetime.now()})
            ret._aftersale_log('received')
            ret._aftersale_resolve()

    @api.multi
    def _aftersale_resolve(self):
        self.ensure_one()
        vals = {'state': 'resolved', 'resolved_date': fields.Datetime.now()}
        if self.resolution == 'refund':
            vals['credit_note_ids'] = [(6, 0, self._aftersale_refund().ids)]
        elif self.resolution == 'exchange':
            vals['replacement_picking_ids'] = [
                (6, 0, self._aftersale_replace().ids)]
        self._aftersale_write(vals)
        self._aftersale_log('resolved')

    @api.multi
    def _aftersale_received_qty(self):
        """{sale line id: quantity that came back} from the receipts."""
        received = {}
        for move in self.return_picking_ids.mapped('move_lines').filtered(
                lambda m: m.state == 'done'):
            line = move.sale_line_id
            received[line.id] = received.get(line.id, 0.0) + \
                move.product_uom._compute_quantity(
                    move.quantity_done, line.product_uom)
        return received

    @api.multi
    def _aftersale_refund(self):
        """Credit notes on the order's invoices for what came back, at the
        invoiced price and taxes, no more than was invoiced."""
        self.ensure_one()
        received = self._aftersale_received_qty()
        lines = self.env['sale.order.line'].browse(list(received))
        invoiced, refunded, last_line = {}, {}, {}
        for line in lines:
            for inv_line in line.invoice_lines.filtered(
                    lambda inv: inv.invoice_id.state not in (
                        'draft', 'cancel')):
                qty = inv_line.uom_id._compute_quantity(
                    inv_line.quantity, line.product_uom)
                if inv_line.invoice_id.type == 'out_invoice':
                    invoiced[line.id] = invoiced.get(line.id, 0.0) + qty
                    last_line[line.id] = inv_line
                elif inv_line.invoice_id.type == 'out_refund':
                    refunded[line.id] = refunded.get(line.id, 0.0) + qty
        quantities = aftersale.refundable_quantities(
            received, invoiced, refunded)
        by_invoice = {}
        for line_id, qty in quantities.items():
            inv_line = last_line[line_id]
            by_invoice.setdefault(inv_line.invoice_id, []).append(
                (inv_line, qty))
        invoices = self.env['account.invoice'].sudo()
        notes = invoices.browse()
        for invoice, rows in sorted(by_invoice.items(),
                                    key=lambda i: i[0].id):
            values = invoices._prepare_refund(
                invoice, description=_('Return %s') % self.name)
            values['origin'] = '%s, %s' % (invoice.number, self.name)
            values['tax_line_ids'] = []
            values['invoice_line_ids'] = []
            if self.terms_template_id and self.terms_text:
                values.update({
                    'terms_template_id': self.terms_template_id.id,
                    'terms_template_version':
                        self.terms_template_id.version,
                    'terms_template_reason': _('return %s') % self.name,
                    'comment': self.terms_text})
            for inv_line, qty in rows:
                command = invoices._refund_cleanup_lines(inv_line)[0]
                command[2].update({
                    'quantity': inv_line.uom_id._compute_quantity(
                        qty, inv_line.uom_id),
                    'sale_line_ids': [(6, 0, inv_line.sale_line_ids.ids)]})
                values['invoice_line_ids'].append(command)
            note = invoices.create(values)
            note.compute_taxes()
            note.action_invoice_open()
            notes |= note
        return notes

    @api.multi
    def _aftersale_replace(self):
        """A replacement delivery of what came back, sourced anew by the
        sourcing rules (today's rules and free stock, as a new order line
        of that quantity would be), procured as the order's lines are
        (sale.order.line._sourcing_launch_procurements) under the order's
        procurement group: its deliveries take the order's backorder
        policy. The sourcing and its reasons are kept on the return and
        noted on the order."""
        self.ensure_one()
        order = self.order_id
        received = self._aftersale_received_qty()
        lines = self.env['sale.order.line'].browse(sorted(received))
        decided = self.env['sale.sourcing.rule']\
            ._sourcing_allocate_quantities(order, received)
        rows = {line: [ReplacementRow(warehouse, qty) for
                       warehouse, qty, _free, _rule, _reason in allocs]
                for line, allocs in decided['lines'].items()}
        before = lines.mapped('move_ids')
        lines.filtered(lambda line: rows.get(line))\
            ._sourcing_launch_procurements(rows)
        self.env.cache.invalidate([(lines._fields['move_ids'], lines.ids)])
        pickings = (lines.mapped('move_ids') - before).mapped('picking_id')
        pickings.action_assign()
        summary = decided['summary']
        self._aftersale_write({'replacement_sourcing': summary})
        order._som_log_note(plaintext2html(
            _('Replacement for return %s:\n%s') % (self.name, summary)))
        return pickings

    @api.multi
    def _aftersale_log(self, step):
        """E-mail the step to the customer in their language (the step's
        mail template, posted in the return's chatter) and note it on the
        order, in the customer's language too."""
        template = self.env.ref(
            'sales_order_mgmt.mail_template_return_%s' % step)
        author = self.env.user.partner_id
        for ret in self:
            # The step was allowed by the caller's checks; the return's
            # chatter and the order's are the system's record of it
            # (a portal request runs as the system already).
            ret.sudo().message_post_with_template(
                template.id, composition_mode='comment',
                message_type='comment', author_id=author.id)
            lang = ret.order_id.partner_id.lang or self.env.lang
            # Plain text with customers' and users' words: escaped.
            body = html_escape(
                ret.with_context(lang=lang)._aftersale_step_text(step))
            ret.order_id.sudo()._som_log_note(body, author=author)

    @api.multi
    def _aftersale_step_text(self, step):
        self.ensure_one()
        what = ', '.join('%s %s' % (plain_qty(line.quantity),
                                    line.product_id.display_name)
                         for line in self.line_ids)
        resolution = dict(self._fields['resolution']._description_selection(
            self.env))[self.resolution]
        if step == 'requested':
            return _('Return %s requested (%s): %s; reason: %s; asked: '
                     '%s.') % (self.name, self.order_id.name, what,
                               self.reason_id.name, resolution)
        if step == 'approved':
            return _('Return %s approved: send back %s; return receipt '
                     '%s.') % (self.name, what, ', '.join(
                         self.return_picking_ids.mapped('name')))
        if step == 'refused':
            return _('Return %s refused.') % self.name
        if step == 'received':
            return _('Return %s received: %s.') % (self.name, what)
        if self.credit_note_ids:
            return _('Return %s resolved: credit note %s of %s.') % (
                self.name, ', '.join(self.credit_note_ids.mapped('number')),
                ', '.join('%.2f %s' % (
                    note.amount_total, note.currency_id.name)
                    for note in self.credit_note_ids))
        if self.replacement_picking_ids:
            return _('Return %s resolved: replacement delivery %s.') % (
                self.name, ', '.join(
                    self.replacement_picking_ids.mapped('name')))
        return _('Return %s resolved (%s).') % (self.name, resolution)

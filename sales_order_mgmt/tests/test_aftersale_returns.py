# Copyright 2026 sales_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""After-sale, returns and exchanges: quantities (never more than delivered
minus returned), the state flow through Odoo's own return receipt, the
credit note of a refund, the replacement delivery of an exchange, access."""
from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError

from ..engine import aftersale
from .test_tracking import TrackingCase


class ReturnCase(TrackingCase):

    @classmethod
    def setUpClass(cls):
        super(ReturnCase, cls).setUpClass()
        cls.reason_damaged = cls.env.ref(
            'sales_order_mgmt.sale_return_reason_damaged')
        cls.reason_not_needed = cls.env.ref(
            'sales_order_mgmt.sale_return_reason_not_needed')
        cls.env['res.lang'].load_lang('de_DE')
        cls.tax = cls.env['account.tax'].create({
            'name': 'Test VAT 15%', 'amount': 15.0, 'amount_type': 'percent',
            'type_tax_use': 'sale', 'company_id': cls.company.id})

    def delivered_order(self, lines=None, partner=None, user=None):
        order = self.create_order(partner or self.customer_us,
                                  lines or [(self.desk, 10), (self.chair, 4)],
                                  user=user)
        order.action_confirm()
        self.deliver(order.picking_ids)
        return order

    def request(self, order, quantities, resolution='refund', reason=None,
                user=None):
        """A return of {product: qty} of `order`, as the salesman."""
        lines = [(0, 0, {'sale_line_id': order.order_line.filtered(
            lambda line, p=product: line.product_id == p).id, 'quantity': qty})
            for product, qty in quantities.items()]
        return self.env['sale.return'].sudo(user or self.salesman).create({
            'order_id': order.id, 'reason_id': (
                reason or self.reason_damaged).id,
            'resolution': resolution, 'line_ids': lines})

    def refused(self, call, errors=ValidationError):
        """`call()` is refused and writes nothing (as the web client's
        request, rolled back)."""
        with self.assertRaises(errors) as caught:
            with self.env.cr.savepoint():
                call()
        return caught.exception.name

    def approve_and_receive(self, ret):
        ret.sudo(self.sale_manager).action_approve()
        self.assertEqual(ret.state, 'approved')
        ret.sudo(self.stock_user).action_receive()
        return ret


class TestReturnQuantities(ReturnCase):

    def test_part_then_too_much_then_the_rest(self):
        """4 of 10 desks, then 7 more is refused (6 left), then the 6."""
        order = self.delivered_order()
        first = self.request(order, {self.desk: 4})
        self.assertEqual(first.state, 'requested')
        self.assertTrue(first.name.startswith('RMA/'))
        self.assertIn('Only 6 of Test Desk can be returned', self.refused(
            lambda: self.request(order, {self.desk: 7})))
        self.assertEqual(order.return_count, 1)
        second = self.request(order, {self.desk: 6, self.chair: 4})
        self.assertEqual(order.return_count, 2)
        self.refused(lambda: self.request(order, {self.desk: 1}))
        # A refused return gives its quantity back.
        first.sudo(self.sale_manager).action_refuse()
        self.assertEqual(first.state, 'refused')
        self.request(order, {self.desk: 4})
        self.assertTrue(second)

    def test_line_written_alone_is_checked_too(self):
        """Raising a line's quantity directly (RPC on the line) is
        refused as the return's form would be."""
        order = self.delivered_order()
        ret = self.request(order, {self.desk: 4})
        line = ret.line_ids.sudo(self.salesman)
        self.assertIn('Only 10 of Test Desk', self.refused(
            lambda: line.write({'quantity': 11})))
        line.invalidate_cache()
        self.assertEqual(line.quantity, 4)

    def test_nothing_delivered_nothing_to_return(self):
        order = self.create_order(self.customer_us, [(self.desk, 2)])
        order.action_confirm()
        self.assertIn('Only 0 of Test Desk', self.refused(
            lambda: self.request(order, {self.desk: 1})))
        with self.assertRaises(UserError):
            order.sudo(self.salesman).action_aftersale_new_return()
        self.assertEqual(order.return_count, 0)

    def test_zero_negative_and_other_orders_line(self):
        order = self.delivered_order()
        other = self.delivered_order()
        self.assertIn('takes nothing back', self.refused(
            lambda: self.request(order, {self.desk: 0})))
        self.assertIn('cannot be negative', self.refused(
            lambda: self.request(order, {self.desk: -2})))
        self.assertIn('only take back lines of order', self.refused(
            lambda: self.env['sale.return'].sudo(self.salesman).create({
                'order_id': order.id, 'reason_id': self.reason_damaged.id,
                'line_ids': [(0, 0, {
                    'sale_line_id': other.order_line[0].id,
                    'quantity': 1})]})))
        self.assertFalse(self.env['sale.return'].search(
            [('order_id', 'in', (order | other).ids)]))

    def test_state_and_documents_not_writable(self):
        order = self.delivered_order()
        ret = self.request(order, {self.desk: 1})
        for vals in ({'state': 'resolved'}, {'credit_note_ids': [(6, 0, [])]},
                     {'resolved_date': '2026-01-01 00:00:00'}):
            with self.assertRaises(UserError):
                ret.sudo(self.sale_manager).write(vals)
        with self.assertRaises(UserError):
            self.env['sale.return'].sudo(self.salesman).create({
                'order_id': order.id, 'reason_id': self.reason_damaged.id,
                'state': 'approved', 'line_ids': [(0, 0, {
                    'sale_line_id': order.order_line[0].id,
                    'quantity': 1})]})
        self.assertEqual(ret.state, 'requested')

    def test_order_form_starts_a_return(self):
        """The order's button opens a new return with its returnable
        lines; saving it as the form would records the return."""
        order = self.delivered_order()
        action = order.sudo(self.salesman).action_aftersale_new_return()
        self.assertEqual(action['res_model'], 'sale.return')
        context = action['context']
        self.assertEqual(context['default_order_id'], order.id)
        self.assertEqual(len(context['default_line_ids']), 2)


class TestReturnFlow(ReturnCase):

    def test_refund_credit_note_at_invoiced_price_with_taxes(self):
        """3 of 10 desks invoiced at 480 + 15% come back: a credit note of
        3 x 480 x 1.15 = 1656 on that invoice, stock back in the warehouse
        that shipped, the line's delivered and invoiced quantities 7."""
        order = self.create_order(self.customer_us,
                                  [(self.desk, 10, 480.0)])
        order.order_line.tax_id = self.tax
        order.action_confirm()
        self.deliver(order.picking_ids)
        invoice = self.invoice_order(order)
        self.assertAlmostEqual(invoice.amount_total, 5520.0)
        stock_before = self.desk.with_context(
            location=self.main_warehouse.lot_stock_id.id).qty_available
        ret = self.request(order, {self.desk: 3})
        self.approve_and_receive(ret)
        self.assertEqual(ret.state, 'resolved')
        receipt = ret.return_picking_ids
        self.assertEqual(receipt.state, 'done')
        self.assertEqual(receipt.location_dest_id,
                         self.main_warehouse.lot_stock_id)
        self.assertEqual(receipt.move_lines.mapped('origin_returned_move_id'),
                         order.picking_ids.filtered(
                             lambda p: p.picking_type_code == 'outgoing')
                         .move_lines)
        note = ret.credit_note_ids
        self.assertEqual(len(note), 1)
        self.assertEqual(note.type, 'out_refund')
        self.assertEqual(note.state, 'open')
        self.assertEqual(note.refund_invoice_id, invoice)
        self.assertAlmostEqual(note.amount_untaxed, 1440.0)
        self.assertAlmostEqual(note.amount_total, 1656.0)
        line = order.order_line
        self.assertEqual(line.qty_delivered, 7)
        self.assertEqual(line.qty_invoiced, 7)
        self.assertEqual(self.desk.with_context(
            location=self.main_warehouse.lot_stock_id.id).qty_available,
            stock_before + 3)
        bodies = ' '.join(self.messages(order))
        self.assertIn('%s approved' % ret.name, bodies)
        self.assertIn('credit note %s' % note.number, bodies)

    def test_refund_only_what_was_invoiced(self):
        """Nothing invoiced yet: the return resolves without a credit
        note (nothing to refund)."""
        order = self.delivered_order()
        ret = self.approve_and_receive(self.request(order, {self.chair: 2}))
        self.assertEqual(ret.state, 'resolved')
        self.assertFalse(ret.credit_note_ids)

    def test_exchange_replacement_delivery_from_sourcing_rule(self):
        """Lyon ships the order (a fixed sourcing rule); 2 chairs come back
        for an exchange: a replacement delivery of 2 chairs from Lyon,
        under the order's backorder policy."""
        lyon = self.warehouses[1]
        self.set_stock(self.chair, lyon, 50)
        self.set_stock(self.desk, lyon, 50)
        self.env['sale.sourcing.rule'].create({
            'name': 'Lyon first', 'strategy': 'fixed', 'sequence': 0,
            'company_id': self.company.id,
            'warehouse_line_ids': [(0, 0, {'warehouse_id': lyon.id})]})
        order = self.delivered_order()
        self.assertEqual(order.picking_ids.location_id, lyon.lot_stock_id)
        ret = self.request(order, {self.chair: 2}, resolution='exchange')
        self.approve_and_receive(ret)
        self.assertEqual(ret.state, 'resolved')
        self.assertEqual(ret.return_picking_ids.location_dest_id,
                         lyon.lot_stock_id)
        replacement = ret.replacement_picking_ids
        self.assertEqual(len(replacement), 1)
        self.assertEqual(replacement.picking_type_code, 'outgoing')
        self.assertEqual(replacement.location_id, lyon.lot_stock_id)
        self.assertEqual(replacement.move_lines.product_id, self.chair)
        self.assertEqual(replacement.move_lines.product_uom_qty, 2)
        self.assertEqual(replacement.sale_id, order)
        self.assertEqual(replacement.backorder_policy_id,
                         order.backorder_policy_id)
        self.assertIn(replacement, order.picking_ids)
        self.assertEqual(order.fulfilment_state, 'partially_shipped')
        self.deliver(replacement)
        self.assertEqual(order.order_line.filtered(
            lambda line: line.product_id == self.chair).qty_delivered, 4)
        self.assertIn('replacement delivery %s' % replacement.name,
                      ' '.join(self.messages(order)))

    def test_exchange_sourced_anew_by_today_rules(self):
        """Berlin shipped the order and takes the 2 chairs back; since then
        a rule sends this category from Chicago: the replacement is a new
        sourcing by the rules, from Chicago, with its reason on the return
        and the order's backorder policy."""
        berlin, chicago = self.warehouses[0], self.warehouses[2]
        for warehouse in (berlin, chicago):
            self.set_stock(self.chair, warehouse, 50)
            self.set_stock(self.desk, warehouse, 50)
        rules = self.env['sale.sourcing.rule']
        rules.create({
            'name': 'Berlin ships', 'strategy': 'fixed', 'sequence': 5,
            'company_id': self.company.id,
            'warehouse_line_ids': [(0, 0, {'warehouse_id': berlin.id})]})
        order = self.delivered_order()
        self.assertEqual(order.picking_ids.location_id, berlin.lot_stock_id)
        rules.create({
            'name': 'Chicago now', 'strategy': 'fixed', 'sequence': 1,
            'company_id': self.company.id,
            'warehouse_line_ids': [(0, 0, {'warehouse_id': chicago.id})]})
        ret = self.request(order, {self.chair: 2}, resolution='exchange')
        self.approve_and_receive(ret)
        self.assertEqual(ret.return_picking_ids.location_dest_id,
                         berlin.lot_stock_id)
        replacement = ret.replacement_picking_ids
        self.assertEqual(len(replacement), 1)
        self.assertEqual(replacement.location_id, chicago.lot_stock_id)
        self.assertEqual(replacement.move_lines.product_uom_qty, 2)
        self.assertEqual(replacement.state, 'assigned')
        self.assertEqual(replacement.backorder_policy_id,
                         order.backorder_policy_id)
        self.assertIn('Chicago now', ret.replacement_sourcing)
        self.assertIn(chicago.name, ret.replacement_sourcing)
        self.assertTrue(any(
            'Chicago now' in body and ret.name in body
            for body in self.messages(order)))
        # The order's own sourcing (what was sold) is unchanged.
        self.assertEqual(order.sourcing_ids.mapped('warehouse_id'), berlin)

    def test_exchange_split_when_one_warehouse_is_short(self):
        """The rules split by availability: 1 chair free in Chicago, the
        other from Lyon: two replacement deliveries, 1 chair each."""
        lyon, chicago = self.warehouses[1], self.warehouses[2]
        self.set_stock(self.desk, lyon, 50)
        self.set_stock(self.chair, lyon, 4)
        rule = self.env['sale.sourcing.rule'].create({
            'name': 'Lyon ships', 'strategy': 'fixed', 'sequence': 5,
            'company_id': self.company.id,
            'warehouse_line_ids': [(0, 0, {'warehouse_id': lyon.id})]})
        order = self.delivered_order()
        rule.active = False
        self.env['sale.sourcing.rule'].create({
            'name': 'Split now', 'strategy': 'split', 'sequence': 1,
            'company_id': self.company.id,
            'warehouse_line_ids': [
                (0, 0, {'warehouse_id': chicago.id, 'sequence': 1}),
                (0, 0, {'warehouse_id': lyon.id, 'sequence': 2})]})
        self.set_stock(self.chair, chicago, 1)
        ret = self.request(order, {self.chair: 2}, resolution='exchange')
        self.approve_and_receive(ret)
        replacement = ret.replacement_picking_ids
        by_place = {picking.location_id: sum(
            picking.move_lines.mapped('product_uom_qty'))
            for picking in replacement}
        self.assertEqual(by_place, {chicago.lot_stock_id: 1.0,
                                    lyon.lot_stock_id: 1.0})

    def test_refuse_after_approval_cancels_the_receipt(self):
        order = self.delivered_order()
        ret = self.request(order, {self.desk: 1})
        ret.sudo(self.sale_manager).action_approve()
        ret.sudo(self.sale_manager).action_refuse()
        self.assertEqual(ret.state, 'refused')
        self.assertEqual(ret.return_picking_ids.state, 'cancel')
        with self.assertRaises(UserError):
            ret.sudo(self.sale_manager).action_approve()

    def test_steps_in_customer_language(self):
        """The chatter note of each step is in the customer's language."""
        self.customer_de.lang = 'de_DE'
        self.env['ir.translation'].create({
            'type': 'code', 'name': 'addons/sales_order_mgmt/models/aftersale/'
            'sale_return.py', 'lang': 'de_DE', 'module': 'sales_order_mgmt',
            'src': 'Return %s refused.', 'value': 'Rückgabe %s abgelehnt.',
            'state': 'translated'})
        order = self.delivered_order(partner=self.customer_de)
        ret = self.request(order, {self.desk: 1})
        ret.sudo(self.sale_manager).action_refuse()
        self.assertIn('Rückgabe %s abgelehnt.' % ret.name,
                      ' '.join(self.messages(order)))


class TestReturnMails(ReturnCase):
    """Each step e-mails the customer, in their language."""

    STEPS = ('requested', 'approved', 'refused', 'received', 'resolved')

    @classmethod
    def setUpClass(cls):
        super(TestReturnMails, cls).setUpClass()
        cls.customer_de.write({'lang': 'de_DE',
                               'email': 'kunde@example.com'})
        cls.customer_us.email = 'customer@example.com'
        for step in cls.STEPS:
            template = cls.env.ref(
                'sales_order_mgmt.mail_template_return_%s' % step)
            template.with_context(lang='de_DE').write({
                'subject': 'Rücksendung ${object.name}: %s' % step,
                'body_html': '<p>Ihre Rücksendung ${object.name}</p>'})

    def mails(self, ret, partner):
        """Subjects of the e-mails the customer got about ``ret``."""
        messages = self.env['mail.message'].search([
            ('model', '=', 'sale.return'), ('res_id', '=', ret.id),
            ('partner_ids', 'in', partner.ids),
            ('message_type', '=', 'comment')], order='id')
        # Each went out by e-mail to the customer (Odoo's notification;
        # test mode sends and deletes the mail.mail at once).
        for message in messages:
            notified = self.env['mail.notification'].search([
                ('mail_message_id', '=', message.id), ('is_email', '=', True)])
            self.assertIn(partner, notified.mapped('res_partner_id'))
        return messages.mapped('subject')

    def test_every_step_mailed_in_customer_language(self):
        order = self.delivered_order(partner=self.customer_de)
        ret = self.request(order, {self.desk: 1}, resolution='exchange')
        self.assertEqual(self.mails(ret, self.customer_de),
                         ['Rücksendung %s: requested' % ret.name])
        self.approve_and_receive(ret)
        self.assertEqual(self.mails(ret, self.customer_de), [
            'Rücksendung %s: %s' % (ret.name, step)
            for step in ('requested', 'approved', 'received', 'resolved')])
        refused = self.request(order, {self.chair: 1})
        refused.sudo(self.sale_manager).action_refuse()
        self.assertEqual(self.mails(refused, self.customer_de)[-1],
                         'Rücksendung %s: refused' % refused.name)

    def test_english_customer_gets_english_mail(self):
        order = self.delivered_order(partner=self.customer_us)
        self.invoice_order(order)
        ret = self.approve_and_receive(self.request(order, {self.desk: 1}))
        subjects = self.mails(ret, self.customer_us)
        self.assertEqual(len(subjects), 4)
        self.assertTrue(all(ret.name in subject and 'Rücksendung' not in
                            subject for subject in subjects))
        last = self.env['mail.message'].search([
            ('model', '=', 'sale.return'), ('res_id', '=', ret.id),
            ('subject', '=', subjects[-1])])
        self.assertIn(ret.credit_note_ids.number, last.body)


class TestReturnAccess(ReturnCase):

    def test_salesman_own_orders_only(self):
        mine = self.delivered_order()
        other_user = self.create_user('salesman_two',
                                      ['sales_team.group_sale_salesman'])
        theirs = self.delivered_order(user=other_user)
        ret = self.request(theirs, {self.desk: 1}, user=other_user)
        returns = self.env['sale.return'].sudo(self.salesman)
        self.assertFalse(returns.search([('id', '=', ret.id)]))
        self.assertTrue(self.request(mine, {self.desk: 1}))
        with self.assertRaises(AccessError):
            returns.browse(ret.id).read(['name'])

    def test_only_managers_approve_only_warehouse_receives(self):
        order = self.delivered_order()
        ret = self.request(order, {self.desk: 1})
        with self.assertRaises(AccessError):
            ret.sudo(self.salesman).action_approve()
        with self.assertRaises(AccessError):
            ret.sudo(self.stock_user).action_approve()
        self.assertEqual(ret.state, 'requested')
        ret.sudo(self.sale_manager).action_approve()
        with self.assertRaises(AccessError):
            ret.sudo(self.salesman).action_receive()
        # The warehouse user sees every return (to receive them).
        self.assertTrue(self.env['sale.return'].sudo(self.stock_user).search(
            [('id', '=', ret.id)]))

    def test_other_company_invisible(self):
        order = self.delivered_order()
        ret = self.request(order, {self.desk: 1})
        other = self.env['res.company'].create({'name': 'Other Co returns'})
        outsider = self.create_user(
            'outsider_manager', ['sales_team.group_sale_manager',
                                 'stock.group_stock_user'], company=other)
        self.assertFalse(self.env['sale.return'].sudo(outsider).search(
            [('id', '=', ret.id)]))


class TestAccuracyKpi(ReturnCase):
    """Order accuracy and return rate on orders with known answers, in the
    Fulfilment report and from the engine's definition."""

    def test_accuracy_and_return_rate(self):
        customer = self.create_customer(
            'Test KPI Kunde', 'base.de', 'Weg 1', 'Berlin', '10115')
        orders = {}
        for key in 'ABCDE':
            order = self.delivered_order([(self.desk, 2)], partner=customer)
            order.picking_ids.sudo(self.stock_user).action_mark_delivered()
            self.assertEqual(order.fulfilment_state, 'delivered')
            orders[key] = order
        # F: open, does not count.
        self.confirmed_order([(self.desk, 2)], partner=customer)
        wrong = self.env.ref('sales_order_mgmt.sale_return_reason_wrong_item')
        short = self.env.ref('sales_order_mgmt.sale_return_reason_short')
        self.request(orders['B'], {self.desk: 1})  # damaged: inaccurate
        self.request(orders['C'], {self.desk: 1},
                     reason=self.reason_not_needed)  # returned, accurate
        refused = self.request(orders['D'], {self.desk: 1}, reason=wrong)
        refused.sudo(self.sale_manager).action_refuse()
        late = self.request(orders['E'], {self.desk: 1}, reason=short)
        # E's return came 40 days after delivery: outside the window.
        self.env.cr.execute(
            "UPDATE sale_return SET request_date = request_date + "
            "interval '40 days' WHERE id = %s", (late.id,))
        late.invalidate_cache()
        report = self.env['sale.fulfilment.report'].sudo(self.sale_manager)
        [totals] = report.read_group(
            [('partner_id', '=', customer.id)],
            ['accuracy_rate', 'return_rate', 'order_count'], [])
        self.assertEqual(totals['order_count'], 6)
        self.assertAlmostEqual(totals['accuracy_rate'], 80.0)
        self.assertAlmostEqual(totals['return_rate'], 60.0)
        by_reason = {
            row['return_reason_id'] and row['return_reason_id'][0]:
            row['return_reason_id_count'] for row in report.read_group(
                [('partner_id', '=', customer.id)],
                ['return_reason_id'], ['return_reason_id'])}
        self.assertEqual(by_reason[self.reason_damaged.id], 1)
        self.assertEqual(by_reason[short.id], 1)
        self.assertNotIn(wrong.id, by_reason)  # refused
        # The engine's definition gives the same answer.
        to_dt = fields.Datetime.from_string
        returns = self.env['sale.return'].search(
            [('order_id', 'in', [o.id for o in orders.values()])])
        kpis = aftersale.return_kpis(
            [aftersale.OrderFact(o.id, True, to_dt(o.delivered_date))
             for o in orders.values()],
            [aftersale.ReturnFact(r.order_id.id, r.category, r.state,
                                  to_dt(r.request_date), None)
             for r in returns])
        self.assertEqual(kpis['order_accuracy'], 80.0)
        self.assertEqual(kpis['return_rate'], 60.0)
        self.assertNotIn(orders['B'].id, kpis['accurate'])
        # A wider window makes E inaccurate too.
        self.company.aftersale_accuracy_days = 60
        [totals] = report.read_group(
            [('partner_id', '=', customer.id)], ['accuracy_rate'], [])
        self.assertAlmostEqual(totals['accuracy_rate'], 60.0)

    def test_resolution_days(self):
        order = self.delivered_order()
        ret = self.approve_and_receive(self.request(order, {self.desk: 1}))
        self.env.cr.execute(
            "UPDATE sale_return SET request_date = resolved_date - "
            "interval '3 days' WHERE id = %s", (ret.id,))
        report = self.env['sale.fulfilment.report'].sudo(self.sale_manager)
        row = report.search([('order_id', '=', order.id)])
        self.assertAlmostEqual(row.resolution_days, 3.0, places=2)
        with self.assertRaises(ValidationError):
            self.company.aftersale_accuracy_days = 0

# Copyright 2026 sales_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
# pylint: disable=too-many-lines
"""Order tracking: entry channels, fulfilment states and figures, the
shipment e-mail and the Fulfilment report, through the real stock flow."""
from datetime import datetime, timedelta

from odoo import fields

from ..engine import fulfilment
from .common import SalesOrderCase

to_string = fields.Datetime.to_string


class RefusedHalfWay(Exception):
    """What a check inside a stock operation raises, in the tests."""


class TrackingCase(SalesOrderCase):

    @classmethod
    def setUpClass(cls):
        super(TrackingCase, cls).setUpClass()
        for product in (cls.desk, cls.chair):
            cls.set_stock(product, cls.main_warehouse, 1000)
        cls.customers_location = cls.env.ref('stock.stock_location_customers')

    def confirmed_order(self, lines=None, partner=None, **vals):
        order = self.create_order(
            partner or self.customer_de,
            lines or [(self.desk, 10)], **vals)
        order.action_confirm()
        return order

    def validate_with_backorder(self, picking, quantities, cancel_rest=False):
        """Deliver `quantities` and answer the backorder question as the
        warehouse clerk: keep a backorder, or cancel the rest."""
        action = self.deliver(picking, quantities)
        self.assertEqual(action['res_model'], 'stock.backorder.confirmation')
        wizard = self.env['stock.backorder.confirmation'].sudo(
            self.stock_user).browse(action['res_id'])
        if cancel_rest:
            wizard.process_cancel_backorder()
        else:
            wizard.process()

    def messages(self, record):
        return record.message_ids.mapped('body')


class TestEntryChannel(TrackingCase):

    def test_default_from_salesperson_then_company(self):
        """The salesperson's preference wins; without one, the company's."""
        self.company.default_entry_channel = 'email'
        order = self.create_order(self.customer_de, [(self.desk, 1)])
        self.assertEqual(order.entry_channel, 'email')
        self.salesman.sudo(self.salesman).write(
            {'default_entry_channel': 'web'})
        order = self.create_order(self.customer_de, [(self.desk, 1)])
        self.assertEqual(order.entry_channel, 'web')
        order = self.create_order(self.customer_de, [(self.desk, 1)],
                                  entry_channel='edi')
        self.assertEqual(order.entry_channel, 'edi')

    def test_filter_and_group_by_channel(self):
        """Orders can be searched and grouped by their entry channel."""
        phone = self.create_order(self.customer_de, [(self.desk, 1)],
                                  entry_channel='phone')
        web = self.create_order(self.customer_fr, [(self.desk, 1)],
                                entry_channel='web')
        orders = self.env['sale.order'].sudo(self.salesman)
        domain = [('id', 'in', (phone + web).ids)]
        self.assertEqual(
            orders.search(domain + [('entry_channel', '=', 'web')]), web)
        groups = orders.read_group(domain, ['entry_channel'],
                                   ['entry_channel'])
        self.assertEqual(
            sorted((g['entry_channel'], g['entry_channel_count'])
                   for g in groups), [('phone', 1), ('web', 1)])

    def test_channel_records_exist_for_rules(self):
        codes = self.env['sale.entry.channel'].search([]).mapped('code')
        self.assertEqual(sorted(codes), sorted(
            ['phone', 'email', 'web', 'in_person', 'edi', 'import']))


class TestFulfilmentStates(TrackingCase):

    def test_quotation_has_no_fulfilment_state(self):
        order = self.create_order(self.customer_de, [(self.desk, 2)])
        self.assertFalse(order.fulfilment_state)

    def test_partial_then_backorder_shipped(self):
        """10 desks: 6 ship (backorder of 4), then the 4 ship."""
        order = self.confirmed_order()
        self.assertEqual(order.fulfilment_state, 'to_ship')
        self.assertFalse(order.first_ship_date)
        self.validate_with_backorder(order.picking_ids, {self.desk: 6})
        self.assertEqual(order.fulfilment_state, 'partially_shipped')
        self.assertEqual(order.fill_rate, 60.0)
        self.assertTrue(order.fulfilment_has_backorder)
        self.assertEqual(order.fulfilment_shipped_qty, 6.0)
        self.assertTrue(order.first_ship_date)
        self.assertTrue(any('Partially shipped' in body and '6 of 10' in body
                            for body in self.messages(order)))
        backorder = order.picking_ids.filtered(
            lambda p: p.state not in ('done', 'cancel'))
        self.assertEqual(len(backorder), 1)
        self.assertTrue(backorder.backorder_id)
        self.deliver(backorder)
        self.assertEqual(order.fulfilment_state, 'shipped')
        self.assertEqual(order.fill_rate, 60.0)  # of the first shipment
        self.assertEqual(order.fulfilment_shipped_qty, 10.0)
        self.assertEqual(order.fulfilment_cancelled_qty, 0.0)
        self.assertTrue(order.on_time)  # shipped on the promised day
        self.assertTrue(any('now Shipped' in body
                            for body in self.messages(order)))

    def test_fulfilment_note_by_who_validated_in_local_time(self):
        """Issue 20 (7): the fulfilment note of a delivery validated by the
        warehouse clerk is theirs, not Administrator's, and its promised
        date is in the clerk's time zone, as the form shows it."""
        self.stock_user.sudo().tz = 'Europe/Berlin'
        order = self.confirmed_order(
            customer_requested_date='2030-03-03 23:30:00')
        self.deliver(order.picking_ids)
        note = order.message_ids.filtered(
            lambda message: 'Fulfilment is now Shipped' in message.body)
        self.assertEqual(note.author_id, self.stock_user.partner_id)
        self.assertIn('(promised 03/04/2030 00:30)', note.body)

    def test_complete_delivery_is_shipped(self):
        order = self.confirmed_order([(self.desk, 3), (self.chair, 2)])
        self.deliver(order.picking_ids)
        self.assertEqual(order.fulfilment_state, 'shipped')
        self.assertEqual(order.fill_rate, 100.0)
        self.assertFalse(order.fulfilment_has_backorder)

    def test_cancel_remainder_closes_short(self):
        """6 of 10 ship, 'No backorder': the 4 are cancelled."""
        order = self.confirmed_order()
        self.validate_with_backorder(order.picking_ids, {self.desk: 6},
                                     cancel_rest=True)
        self.assertEqual(order.fulfilment_state, 'closed_short')
        self.assertEqual(order.fulfilment_cancelled_qty, 4.0)
        self.assertEqual(order.fill_rate, 60.0)
        self.assertFalse(order.fulfilment_has_backorder)
        self.assertTrue(any('Closed short' in body and '4 were cancelled'
                            in body for body in self.messages(order)))

    def test_cancel_open_moves_closes_short(self):
        """Any way of cancelling the rest (here the backorder's moves, as a
        backorder policy would) closes the order short."""
        order = self.confirmed_order()
        self.validate_with_backorder(order.picking_ids, {self.desk: 7})
        rest = order.picking_ids.filtered(lambda p: p.state != 'done')
        rest.sudo(self.stock_user).move_lines._action_cancel()
        self.assertEqual(order.fulfilment_state, 'closed_short')
        self.assertEqual(order.fulfilment_cancelled_qty, 3.0)

    def test_line_changes_refresh_the_ordered_quantity(self):
        """The figures follow the lines without being their ORM
        dependents: a line added, a quantity or unit changed, a line
        removed, each shows at once in the ordered quantity."""
        order = self.create_order(self.customer_de, [(self.desk, 2)])
        self.assertEqual(order.fulfilment_ordered_qty, 2.0)
        order.write({'order_line': [(0, 0, {
            'product_id': self.chair.id, 'product_uom_qty': 3,
            'product_uom': self.chair.uom_id.id, 'name': 'Chair',
            'price_unit': 10.0})]})
        self.assertEqual(order.fulfilment_ordered_qty, 5.0)
        desk_line = order.order_line.filtered(
            lambda line: line.product_id == self.desk)
        desk_line.write({'product_uom': self.env.ref(
            'product.product_uom_dozen').id})
        self.assertEqual(order.fulfilment_ordered_qty, 27.0)
        desk_line.unlink()
        self.assertEqual(order.fulfilment_ordered_qty, 3.0)
        order.action_confirm()
        order.order_line.write({'product_uom_qty': 4})
        self.assertEqual(order.fulfilment_ordered_qty, 4.0)
        self.assertEqual(order.fulfilment_state, 'to_ship')

    def test_failed_operation_leaves_figures_following(self):
        """A stock operation that fails half-way (here a validation refused
        by a check inside it) does not leave later changes waiting for a
        refresh that never comes, in the same transaction."""
        order = self.confirmed_order([(self.desk, 2)])

        def fail(moves):
            moves.write({'product_uom_qty': 5})
            raise RefusedHalfWay()

        with self.assertRaises(RefusedHalfWay), self.env.cr.savepoint():
            self.env['sale.order']._fulfilment_deferred(
                order.picking_ids.move_lines, fail)
        self.assertIsNone(self.env['sale.order']._fulfilment_pending())
        order.order_line.write({'product_uom_qty': 4})
        self.assertEqual(order.fulfilment_ordered_qty, 4.0)

    def test_validation_inside_another_operation(self):
        """A delivery validated while another operation defers the
        figures (a customisation validating from a confirmation, say):
        the validation still refreshes them at its own end and tells the
        change in the chatter, before the enclosing operation ends."""
        order = self.confirmed_order([(self.desk, 2)])

        def validate(orders):
            self.deliver(order.picking_ids)
            return orders.read(['fulfilment_state'])[0]['fulfilment_state']
        state = self.env['sale.order']._fulfilment_deferred(order, validate)
        self.assertEqual(state, 'shipped')
        self.assertEqual(len(order.message_ids.filtered(
            lambda message: 'Fulfilment is now Shipped' in (
                message.body or ''))), 1)

    def test_ordered_in_dozens_shipped_in_units(self):
        """2 dozen desks (24 units): 12 units ship, the rest is
        backordered; the figures are in the product's unit."""
        dozen = self.env.ref('product.product_uom_dozen')
        order = self.create_order(self.customer_de, [(self.desk, 2)])
        order.order_line.write({'product_uom': dozen.id})
        order.action_confirm()
        self.assertEqual(order.fulfilment_ordered_qty, 24.0)
        self.assertEqual(order.fulfilment_state, 'to_ship')
        move = order.picking_ids.move_lines
        self.assertEqual((move.product_uom, move.product_uom_qty),
                         (self.uom_unit, 24.0))
        self.validate_with_backorder(order.picking_ids, {self.desk: 12})
        self.assertEqual(order.fulfilment_shipped_qty, 12.0)
        self.assertEqual(order.fill_rate, 50.0)
        self.assertEqual(order.fulfilment_state, 'partially_shipped')

    def confirm_counting_gatherings(self, order):
        """Confirm ``order``; the ids of each gathering of fulfilment facts
        it made."""
        calls = []
        facts = type(order)._fulfilment_facts

        def counting(records):
            calls.append(records.ids)
            return facts(records)
        type(order)._fulfilment_facts = counting
        try:
            order.action_confirm()
        finally:
            type(order)._fulfilment_facts = facts
        return calls

    def test_confirmation_refreshes_figures_once(self):
        """Confirming creates and reserves the moves one by one: the
        figures are gathered once for the order, at the end."""
        order = self.create_order(
            self.customer_de, [(self.desk, 3), (self.chair, 2)])
        calls = self.confirm_counting_gatherings(order)
        # Not for the state write (no moves yet): once, at the end.
        self.assertEqual(calls, [order.ids])
        self.assertEqual(order.fulfilment_state, 'to_ship')
        self.assertEqual(order.fulfilment_ordered_qty, 5.0)

    def test_each_confirmation_refreshes_figures_once(self):
        """Orders confirmed one after the other in one transaction (one
        request, a batch): each confirmation gathers its figures once at
        its end, not once per move (the deferral of the first one ended,
        the next one has its own)."""
        first, second = [self.create_order(
            self.customer_de, [(self.desk, 3), (self.chair, 2)])
            for _index in range(2)]
        first.action_confirm()
        calls = self.confirm_counting_gatherings(second)
        self.assertEqual(calls, [second.ids])
        self.assertEqual(second.fulfilment_state, 'to_ship')
        self.assertEqual(second.fulfilment_ordered_qty, 5.0)

    def test_cancelled_order(self):
        order = self.confirmed_order()
        order.sudo(self.salesman).action_cancel()
        self.assertEqual(order.fulfilment_state, 'cancelled')
        self.assertEqual(order.fulfilment_cancelled_qty, 0.0)

    def test_two_warehouses(self):
        """Desks ship from the main warehouse, chairs from a second one
        (a delivery made by hand, as sourcing would): partially shipped
        after the first, shipped after the second, both on the order."""
        order = self.confirmed_order([(self.desk, 6), (self.chair, 4)])
        chair_line = order.order_line.filtered(
            lambda line: line.product_id == self.chair)
        main_picking = order.picking_ids
        main_picking.move_lines.filtered(
            lambda m: m.product_id == self.chair)._action_cancel()
        lyon = self.warehouses[1]
        self.set_stock(self.chair, lyon, 4)
        second = self.env['stock.picking'].create({
            'picking_type_id': lyon.out_type_id.id,
            'location_id': lyon.lot_stock_id.id,
            'location_dest_id': self.customers_location.id,
            'partner_id': order.partner_shipping_id.id,
            'group_id': order.procurement_group_id.id,
            'move_lines': [(0, 0, {
                'name': self.chair.name, 'product_id': self.chair.id,
                'product_uom_qty': 4, 'product_uom': self.uom_unit.id,
                'location_id': lyon.lot_stock_id.id,
                'location_dest_id': self.customers_location.id,
                'sale_line_id': chair_line.id,
                'group_id': order.procurement_group_id.id,
            })],
        })
        second.action_confirm()
        self.assertEqual(order.picking_ids, main_picking + second)
        self.assertEqual(order.sudo(self.salesman).fulfilment_picking_ids,
                         main_picking + second)
        self.assertEqual(order.fulfilment_state, 'to_ship')
        self.deliver(main_picking)
        self.assertEqual(order.fulfilment_state, 'partially_shipped')
        self.assertEqual(order.fill_rate, 60.0)
        self.deliver(second)
        self.assertEqual(order.fulfilment_state, 'shipped')
        self.assertEqual(order.fill_rate, 60.0)
        self.assertFalse(order.fulfilment_has_backorder)
        self.assertEqual(order.fulfilment_shipped_qty, 10.0)


class TestFulfilmentFigures(TrackingCase):

    def ship_at(self, order, when):
        """Ship the whole order and date the shipment `when`."""
        self.deliver(order.picking_ids.filtered(
            lambda p: p.state not in ('done', 'cancel')))
        order.picking_ids.mapped('move_lines').filtered(
            lambda m: m.state == 'done' and not m.date.startswith(
                when.strftime('%Y'))).write({'date': to_string(when)})

    def test_hand_computed_figures(self):
        """Confirmed 1 March 08:00, requested for 3 March 12:00; 6 of 10
        ship 2 March 14:30: 30.5 h after confirmation, fill rate 60%; the
        last 4 ship 3 March 11:00 (on time), or 4 March (late)."""
        confirmed = datetime(2026, 3, 1, 8, 0)
        order = self.confirmed_order(
            customer_requested_date=to_string(datetime(2026, 3, 3, 12, 0)))
        order.write({'confirmation_date': to_string(confirmed)})
        self.validate_with_backorder(order.picking_ids, {self.desk: 6})
        order.picking_ids.mapped('move_lines').filtered(
            lambda m: m.state == 'done').write(
                {'date': to_string(datetime(2026, 3, 2, 14, 30))})
        self.assertEqual(order.processing_hours, 30.5)
        self.assertEqual(order.first_ship_date, '2026-03-02 14:30:00')
        self.assertEqual(order.promised_date, '2026-03-03 12:00:00')
        rest = order.picking_ids.filtered(lambda p: p.state != 'done')
        self.deliver(rest)
        rest.move_lines.write({'date': to_string(datetime(2026, 3, 3, 11))})
        self.assertEqual(order.last_ship_date, '2026-03-03 11:00:00')
        self.assertEqual(order.fill_rate, 60.0)
        self.assertTrue(order.on_time)
        # Later on the promised day still counts as on time...
        rest.move_lines.write({'date': to_string(datetime(2026, 3, 3, 18))})
        self.assertTrue(order.on_time)
        # ... the next day is late.
        rest.move_lines.write({'date': to_string(datetime(2026, 3, 4, 9))})
        self.assertFalse(order.on_time)

    def test_promised_date_from_lead_times(self):
        """Without a requested date: order date + the shortest lead time
        (partial deliveries accepted) or the longest (ship all at once)."""
        order = self.create_order(self.customer_de, [
            (self.desk, 1), (self.chair, 1)])
        order.order_line[0].customer_lead = 3
        order.order_line[1].customer_lead = 7
        order.action_confirm()
        date_order = fields.Datetime.from_string(order.date_order)
        self.assertEqual(order.promised_date,
                         to_string(date_order + timedelta(days=3)))
        order.picking_policy = 'one'
        self.assertEqual(order.promised_date,
                         to_string(date_order + timedelta(days=7)))

    def test_salesman_reads_figures_clerk_validates(self):
        """The clerk (no sales rights to write orders) validates; the
        salesman sees the figures on their order."""
        order = self.confirmed_order()
        self.deliver(order.picking_ids, user=self.stock_user)
        order = order.sudo(self.salesman)
        order.invalidate_cache()
        self.assertEqual(order.fulfilment_state, 'shipped')
        self.assertEqual(order.fill_rate, 100.0)

    def test_figures_read_in_batch(self):
        """Gathering the inputs of 6 orders' figures costs the same queries
        as for 2: lines and moves of all orders are read at once."""
        orders = self.env['sale.order']
        for index in range(6):
            order = self.confirmed_order([(self.desk, 2), (self.chair, 1)])
            if index % 2:
                self.deliver(order.picking_ids)
            orders |= order

        def queries(batch):
            batch.invalidate_cache()
            before = self.cr.sql_log_count
            facts = batch._fulfilment_facts()
            self.assertEqual(len(facts), len(batch))
            return self.cr.sql_log_count - before

        self.assertEqual(queries(orders[:2]), queries(orders))


class TestFulfilmentReport(TrackingCase):

    def test_report_equals_direct_computation(self):
        """Five orders in every situation; the report's totals by entry
        channel equal the KPIs computed directly from the orders."""
        shipped = self.confirmed_order(entry_channel='phone')
        self.deliver(shipped.picking_ids)
        late = self.confirmed_order(
            entry_channel='phone',
            customer_requested_date=to_string(datetime(2020, 1, 1)))
        self.deliver(late.picking_ids)
        partial = self.confirmed_order(entry_channel='web')
        self.validate_with_backorder(partial.picking_ids, {self.desk: 4})
        short = self.confirmed_order(entry_channel='web')
        self.validate_with_backorder(short.picking_ids, {self.desk: 5},
                                     cancel_rest=True)
        open_order = self.confirmed_order(entry_channel='web')
        cancelled = self.confirmed_order(entry_channel='web')
        cancelled.action_cancel()
        quotation = self.create_order(self.customer_de, [(self.desk, 1)],
                                      entry_channel='web')
        orders = shipped + late + partial + short + open_order + cancelled
        # Hand-computed expectations, channel by channel.
        expected = {
            'phone': {'order_count': 2, 'fill_rate': 100.0,
                      'on_time_rate': 50.0, 'backordered_count': 0,
                      'cancelled_qty': 0.0},
            'web': {'order_count': 4, 'fill_rate': 45.0,
                    'on_time_rate': 100.0, 'backordered_count': 1,
                    'cancelled_qty': 5.0},
        }
        report = self.env['sale.fulfilment.report'].sudo(self.sale_manager)
        domain = [('order_id', 'in', (orders + quotation).ids)]
        self.assertEqual(report.search_count(domain), 6)  # no quotation
        groups = report.read_group(
            domain, ['order_count', 'fill_rate', 'on_time_rate',
                     'processing_hours', 'backordered_count',
                     'cancelled_qty', 'entry_channel'], ['entry_channel'])
        by_channel = {g['entry_channel']: g for g in groups}
        for channel, values in expected.items():
            group = by_channel[channel]
            for measure, value in values.items():
                self.assertAlmostEqual(group[measure], value, places=2,
                                       msg='%s %s' % (channel, measure))
            # The same through the engine's definitions, from the orders.
            channel_orders = orders.filtered(
                lambda o, c=channel: o.entry_channel == c)
            direct = fulfilment.kpis([fulfilment.Figures(
                state=o.fulfilment_state,
                first_ship_date=o.first_ship_date or None,
                last_ship_date=o.last_ship_date or None,
                on_time=o.on_time,
                fill_rate=o.fill_rate if o.first_ship_date else None,
                processing_hours=(o.processing_hours if o.first_ship_date
                                  else None),
                has_backorder=o.fulfilment_has_backorder,
                ordered_qty=o.fulfilment_ordered_qty,
                shipped_qty=o.fulfilment_shipped_qty,
                cancelled_qty=o.fulfilment_cancelled_qty)
                for o in channel_orders])
            self.assertEqual(group['order_count'], direct['order_count'])
            self.assertAlmostEqual(group['fill_rate'], direct['fill_rate'])
            self.assertAlmostEqual(group['on_time_rate'],
                                   direct['on_time_rate'])
            self.assertAlmostEqual(group['processing_hours'],
                                   direct['processing_hours'])
            self.assertEqual(group['backordered_count'],
                             direct['backordered'])
            self.assertAlmostEqual(group['cancelled_qty'],
                                   direct['cancelled_qty'])

    def test_dimensions(self):
        order = self.confirmed_order(entry_channel='edi',
                                     client_order_ref='EDI-4711')
        row = self.env['sale.fulfilment.report'].sudo(
            self.sale_manager).search([('order_id', '=', order.id)])
        self.assertEqual(row.warehouse_id, order.warehouse_id)
        self.assertEqual(row.partner_id, self.customer_de)
        self.assertEqual(row.user_id, self.salesman)
        self.assertEqual(row.categ_id, self.categ)
        self.assertEqual(row.entry_channel, 'edi')
        self.assertEqual(row.fulfilment_state, 'to_ship')
        groups = row.read_group([('id', '=', row.id)],
                                ['order_count', 'date'], ['date:month'])
        self.assertEqual(groups[0]['order_count'], 1)

    def test_salesman_sees_own_orders_only(self):
        mine = self.confirmed_order()
        other = self.confirmed_order(user=self.users['salesman_all'])
        rows = self.env['sale.fulfilment.report'].sudo(self.salesman).search(
            [('order_id', 'in', (mine + other).ids)])
        self.assertEqual(rows.mapped('order_id'), mine)


class TestShipmentNotice(TrackingCase):

    @classmethod
    def setUpClass(cls):
        super(TestShipmentNotice, cls).setUpClass()
        cls.env['res.lang'].load_lang('de_DE')
        cls.customer_de.lang = 'de_DE'
        cls.customer_us.lang = 'en_US'
        template = cls.env.ref(
            'sales_order_mgmt.mail_template_shipment_notice')
        template.with_context(lang='de_DE').write({
            'subject': 'Ihre Bestellung ${object.sale_id.name} ist '
                       'unterwegs',
            'body_html': '<p>Ihre Bestellung wurde versandt. '
                         'Sendungsnummer: ${object.carrier_tracking_ref}'
                         '</p><ul>\n% for move in object.move_lines:\n'
                         '<li>${"%g" % move.quantity_done} '
                         '${move.product_id.name}</li>\n% endfor\n</ul>',
        })

    def ship(self, partner, tracking_ref, quantities=None):
        order = self.confirmed_order([(self.desk, 3), (self.chair, 2)],
                                     partner=partner)
        picking = order.picking_ids
        picking.sudo(self.stock_user).write({
            'carrier_name': 'DHL', 'carrier_tracking_ref': tracking_ref})
        if quantities:
            self.validate_with_backorder(picking, quantities)
        else:
            self.deliver(picking)
        return order, picking

    def notice(self, picking, partner):
        messages = picking.message_ids.filtered(
            lambda m: partner in m.partner_ids)
        self.assertEqual(len(messages), 1)
        return messages

    def test_english_notice_lists_what_shipped(self):
        order, picking = self.ship(self.customer_us, '1Z999AA10123456784',
                                   {self.desk: 3})
        message = self.notice(picking, self.customer_us)
        self.assertIn(order.name, message.subject)
        self.assertIn('has shipped', message.subject)
        self.assertIn('1Z999AA10123456784', message.body)
        self.assertIn('DHL', message.body)
        self.assertIn('3 Unit(s) Test Desk', message.body)
        self.assertNotIn('Test Chair', message.body)  # in the backorder
        self.assertTrue(picking.shipment_notice_sent)
        self.assertTrue(any('1Z999AA10123456784' in body and
                            'customer was e-mailed' in body
                            for body in self.messages(order)))
        mails = self.env['mail.mail'].search(
            [('mail_message_id', '=', message.id)])
        self.assertTrue(mails)

    def test_notice_in_customer_language(self):
        order, picking = self.ship(self.customer_de, 'JJD0099')
        message = self.notice(picking, self.customer_de)
        self.assertEqual(message.subject,
                         'Ihre Bestellung %s ist unterwegs' % order.name)
        self.assertIn('Sendungsnummer: JJD0099', message.body)
        self.assertIn('3 Test Desk', message.body)
        self.assertIn('2 Test Chair', message.body)

    def test_no_tracking_reference_no_mail(self):
        order = self.confirmed_order(partner=self.customer_us)
        picking = order.picking_ids
        self.deliver(picking)
        self.assertFalse(picking.shipment_notice_sent)
        self.assertFalse(picking.message_ids.filtered(
            lambda m: self.customer_us in m.partner_ids))


class TestFulfilmentReportFigures(TrackingCase):
    """Issue 20 (5): the report's warehouse is where the order shipped
    from, and a measure without data is empty, never 0."""

    def test_warehouse_is_where_it_ships_from(self):
        """Desks from Berlin, chairs from Lyon (a rule per category would
        do the same): a row in each warehouse with its own quantities, none
        in the order's header warehouse."""
        berlin, lyon = self.warehouses[:2]
        self.set_stock(self.desk, berlin, 5)
        self.set_stock(self.chair, lyon, 7)
        self.env['sale.sourcing.rule'].sudo(self.sale_manager).create({
            'name': 'Test split', 'strategy': 'split',
            'warehouse_line_ids': [
                (0, 0, {'sequence': 1, 'warehouse_id': berlin.id}),
                (0, 0, {'sequence': 2, 'warehouse_id': lyon.id})]})
        order = self.confirmed_order([(self.desk, 5), (self.chair, 7)])
        self.assertEqual(order.picking_ids.mapped(
            'picking_type_id.warehouse_id'), berlin | lyon)
        rows = self.env['sale.fulfilment.report'].sudo(
            self.sale_manager).search([('order_id', '=', order.id)])
        self.assertEqual({(row.warehouse_id, row.ordered_qty)
                          for row in rows},
                         {(berlin, 5.0), (lyon, 7.0)})
        groups = rows.read_group([('order_id', '=', order.id)],
                                 ['order_count', 'warehouse_id'],
                                 ['warehouse_id'])
        self.assertEqual({group['warehouse_id'][0]: group['order_count']
                          for group in groups},
                         {berlin.id: 1, lyon.id: 1})

    def test_no_data_is_empty_not_zero(self):
        """An order not shipped yet: fill rate, on-time and processing
        hours are empty in its group and in the total, not 0.00."""
        order = self.confirmed_order()
        report = self.env['sale.fulfilment.report'].sudo(self.sale_manager)
        measures = ['fill_rate', 'on_time_rate', 'processing_hours',
                    'order_count']
        domain = [('order_id', '=', order.id)]
        cell, = report.read_group(domain, measures + ['entry_channel'],
                                  ['entry_channel'])
        total, = report.read_group(domain, measures, [])
        for group in (cell, total):
            self.assertEqual(group['order_count'], 1)
            for measure in measures[:3]:
                self.assertIs(group[measure], False, measure)
        # The list leaves them blank for that row too.
        arch = self.env.ref(
            'sales_order_mgmt.sale_fulfilment_report_view_tree').arch
        for measure in measures[:3]:
            self.assertRegex(arch, r'name="%s"\s+attrs=' % measure)

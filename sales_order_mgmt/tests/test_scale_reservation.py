"""Reservation after confirmation (the company's "Reserve stock after
confirming"): the deliveries of a confirmed order are reserved in a
transaction of their own, right after the confirmation is committed.

Like tests/test_scale_concurrency.py, every call goes through
`odoo.service.model.execute_kw` (the path of an RPC call: its own cursor,
a commit at the end) and what it commits stays in the throwaway test
database, in a company of its own. A second connection holds the product's
stock row, as another user's reservation or delivery does while it runs.
"""
import doctest
import threading
import time
import unittest
import uuid
from unittest import mock

import odoo
from odoo import SUPERUSER_ID, _, api
from odoo.exceptions import UserError
from odoo.service.model import execute_kw
from odoo.tests import common

from ..engine import reservation as engine
from ..models.reservation import stock_picking as reservation

ON_HAND = 10.0
QTY = 2.0


class TestReservationAfterConfirmation(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        super(TestReservationAfterConfirmation, cls).setUpClass()
        cls.dbname = common.get_db_name()
        cls.registry = odoo.registry(cls.dbname)
        cls.tag = uuid.uuid4().hex[:8]
        with api.Environment.manage(), cls.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            company = env['res.company'].create({
                'name': 'Reservation %s' % cls.tag,
                'currency_id': env.ref('base.main_company').currency_id.id,
                'reserve_after_confirmation': True})
            cls.company_id = company.id
            warehouse = env['stock.warehouse'].create({
                'name': 'Reservation WH %s' % cls.tag,
                'code': 'R%s' % cls.tag[:4], 'company_id': company.id})
            cls.warehouse_id = warehouse.id
            cls.user_id = env['res.users'].with_context(
                no_reset_password=True).create({
                    'name': 'Reservation desk %s' % cls.tag,
                    'login': 'som_resv_%s' % cls.tag,
                    'email': 'som_resv_%s@example.com' % cls.tag,
                    'company_id': company.id,
                    'company_ids': [(6, 0, company.ids)],
                    'groups_id': [(6, 0, [
                        env.ref('base.group_user').id,
                        env.ref('sales_team.group_sale_salesman').id])],
                }).id
            product = env['product.product'].create({
                'name': 'Reserved %s' % cls.tag, 'type': 'product',
                'list_price': 10.0, 'taxes_id': [(6, 0, [])],
                'company_id': False})
            cls.product_id = product.id
            env['stock.quant']._update_available_quantity(
                product, warehouse.lot_stock_id, ON_HAND)
            cls.quant_ids = env['stock.quant'].search([
                ('product_id', '=', product.id)]).ids
            cls.partner_id = env['res.partner'].create({
                'name': 'Reservation customer %s' % cls.tag,
                'customer': True, 'company_id': False}).id

    # helpers -------------------------------------------------------------
    def set_company(self, after):
        with api.Environment.manage(), self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            env['res.company'].browse(self.company_id).write(
                {'reserve_after_confirmation': after})

    def new_order(self):
        with api.Environment.manage(), self.registry.cursor() as cr:
            env = api.Environment(cr, self.user_id, {})
            return env['sale.order'].create({
                'partner_id': self.partner_id,
                'company_id': self.company_id,
                'warehouse_id': self.warehouse_id,
                'order_line': [(0, 0, {
                    'product_id': self.product_id, 'product_uom_qty': QTY,
                    'price_unit': 10.0})],
            }).id

    def order_seen(self, order_id):
        """The order as another user sees it now (a new transaction)."""
        with api.Environment.manage(), self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            order = env['sale.order'].browse(order_id)
            return {
                'state': order.state,
                'pickings': order.picking_ids.mapped('state'),
                'reserved': sum(order.picking_ids.mapped(
                    'move_lines.reserved_availability')),
                'notes': order.message_ids.mapped('body'),
                'jobs': env['queue.job'].search([
                    ('model_name', '=', 'stock.picking'),
                    ('method_name', '=', '_reserve_job'),
                    ('record_ids', 'like', '%%[%d]%%' % (
                        order.picking_ids[:1].id or 0))]).mapped('uuid'),
            }

    def confirm_in_background(self, order_ids):
        """action_confirm as an RPC call, in a thread of its own."""
        outcome = {}
        if isinstance(order_ids, int):
            order_ids = [order_ids]

        def call():
            try:
                with api.Environment.manage():
                    execute_kw(self.dbname, self.user_id, 'sale.order',
                               'action_confirm', [order_ids])
                outcome['ok'] = True
            except Exception as error:  # reported by the test
                outcome['error'] = repr(error)

        thread = threading.Thread(target=call)
        thread.start()
        return thread, outcome

    def hold_stock(self):
        """Another transaction holding the product's stock rows, as a
        delivery being validated does: returns its cursor (roll it back to
        let go)."""
        cr = self.registry.cursor()
        cr.execute('SELECT id FROM stock_quant WHERE id IN %s FOR UPDATE',
                   (tuple(self.quant_ids),))
        return cr

    def wait_for_lock_wait(self, holder, seconds):
        """True once a transaction of this database waits for a row lock
        the holder has (the confirmation blocked on the stock rows)."""
        holder.execute('SELECT pg_backend_pid()')
        holder_pid = holder.fetchone()[0]
        deadline = time.time() + seconds
        with self.registry.cursor() as cr:
            while time.time() < deadline:
                cr.execute("""
                    SELECT count(*) FROM pg_stat_activity
                     WHERE datname = current_database()
                       AND wait_event_type = 'Lock'
                       AND %s = ANY(pg_blocking_pids(pid))""", (holder_pid,))
                if cr.fetchone()[0]:
                    return True
                cr.rollback()
                time.sleep(0.1)
        return False

    def wait_for(self, order_id, predicate, seconds):
        deadline = time.time() + seconds
        while True:
            state = self.order_seen(order_id)
            if predicate(state) or time.time() > deadline:
                return state
            time.sleep(0.1)

    # tests ---------------------------------------------------------------
    def test_confirmation_does_not_wait_for_the_stock(self):
        """With the setting on, an order is confirmed (committed, seen by
        others) while another user's delivery holds the same stock; its
        delivery is reserved as soon as the stock is free, within the same
        call: the user gets the order back with its delivery reserved."""
        order_id = self.new_order()
        holder = self.hold_stock()
        try:
            thread, outcome = self.confirm_in_background(order_id)
            seen = self.wait_for(
                order_id, lambda state: state['state'] == 'sale', 30)
            self.assertEqual(seen['state'], 'sale',
                             'the confirmation waited for the stock rows')
            self.assertTrue(thread.is_alive(),
                            'the call returned before reserving')
        finally:
            holder.rollback()
            holder.close()
        thread.join(timeout=60)
        self.assertEqual(outcome, {'ok': True})
        state = self.order_seen(order_id)
        self.assertEqual(state['pickings'], ['assigned'])
        self.assertAlmostEqual(state['reserved'], QTY)
        self.assertEqual(state['jobs'], [])

    def test_setting_off_is_odoos_reservation(self):
        """Off (as installed): Odoo's behaviour, the reservation inside the
        confirmation, which therefore waits for the stock rows."""
        self.set_company(False)
        self.addCleanup(self.set_company, True)
        order_id = self.new_order()
        holder = self.hold_stock()
        try:
            thread, outcome = self.confirm_in_background(order_id)
            self.assertTrue(self.wait_for_lock_wait(holder, 30),
                            'the confirmation never waited for the stock')
            self.assertEqual(self.order_seen(order_id)['state'], 'draft')
        finally:
            holder.rollback()
            holder.close()
        thread.join(timeout=60)
        self.assertEqual(outcome, {'ok': True})
        state = self.order_seen(order_id)
        self.assertEqual((state['state'], state['pickings']),
                         ('sale', ['assigned']))
        self.assertAlmostEqual(state['reserved'], QTY)

    def test_conflicts_leave_it_to_a_job(self):
        """When the stock stays held through every try, the order is
        confirmed all the same, says why its delivery is not reserved yet,
        and a background job reserves it once the stock is free."""
        order_id = self.new_order()
        holder = self.hold_stock()
        try:
            with mock.patch.object(engine, 'ATTEMPTS', 2), \
                    mock.patch.object(engine, 'LOCK_TIMEOUT', '300ms'):
                thread, outcome = self.confirm_in_background(order_id)
                thread.join(timeout=60)
        finally:
            holder.rollback()
            holder.close()
        self.assertEqual(outcome, {'ok': True})
        state = self.order_seen(order_id)
        self.assertEqual((state['state'], state['pickings']),
                         ('sale', ['confirmed']))
        self.assertTrue(any(
            'Stock not reserved at confirmation' in body and
            'reserved or delivered by others' in body
            for body in state['notes']), state['notes'])
        self.assertEqual(len(state['jobs']), 1, state)
        # The job runner's turn (queue_job runs it as the user who asked).
        from odoo.addons.queue_job.job import Job
        with api.Environment.manage(), self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            Job.load(env, state['jobs'][0]).perform()
        state = self.order_seen(order_id)
        self.assertEqual(state['pickings'], ['assigned'])
        self.assertAlmostEqual(state['reserved'], QTY)

    def test_rolled_back_confirmation_reserves_nothing(self):
        """A confirmation that fails after Odoo asked for the reservation
        (here: the transaction is rolled back) leaves nothing reserved and
        no job: the reservation waits for a commit."""
        order_id = self.new_order()
        before = sum(self.quant_reserved())
        with mock.patch.object(
                reservation, 'reserve_in_own_transaction',
                wraps=reservation.reserve_in_own_transaction) as after, \
                api.Environment.manage(), self.registry.cursor() as cr:
            env = api.Environment(cr, self.user_id, {})
            env['sale.order'].browse(order_id).action_confirm()
            cr.rollback()
            # A later commit of the same cursor reserves nothing either.
            cr.commit()  # pylint: disable=invalid-commit
        after.assert_not_called()
        state = self.order_seen(order_id)
        self.assertEqual((state['state'], state['pickings'], state['jobs']),
                         ('draft', [], []))
        self.assertEqual(sum(self.quant_reserved()), before)

    def test_same_environment_reads_the_reservation_after_commit(self):
        """Code that confirms, commits and goes on with the same environment
        (a script, a scheduled action) reads its delivery as reserved, and
        asking to reserve again reserves nothing more."""
        order_id = self.new_order()
        before = sum(self.quant_reserved())
        with api.Environment.manage(), self.registry.cursor() as cr:
            env = api.Environment(cr, self.user_id, {})
            order = env['sale.order'].browse(order_id)
            order.action_confirm()
            self.assertEqual(order.picking_ids.state, 'confirmed')
            cr.commit()  # pylint: disable=invalid-commit
            self.assertEqual(order.picking_ids.state, 'assigned')
            self.assertAlmostEqual(
                order.picking_ids.move_lines.reserved_availability, QTY)
            order.picking_ids.action_assign()
            cr.commit()  # pylint: disable=invalid-commit
        self.assertAlmostEqual(sum(self.quant_reserved()), before + QTY)

    def test_failing_delivery_does_not_hold_back_the_others(self):
        """Two orders confirmed together; the reservation of one delivery
        fails (an error, not busy stock): the other is reserved all the
        same, and the failing order says why and what to do, with no job
        that would fail again."""
        first, second = self.new_order(), self.new_order()
        Picking = self.registry['stock.picking']
        original = Picking._reserve_now

        def refuse_second(pickings):
            if second in pickings.mapped('sale_id').ids:
                raise UserError(_('The carrier of <b>Acme</b> is closed'))
            return original(pickings)

        with mock.patch.object(Picking, '_reserve_now', refuse_second):
            thread, outcome = self.confirm_in_background([first, second])
            thread.join(timeout=60)
        self.assertEqual(outcome, {'ok': True})
        ok, failed = self.order_seen(first), self.order_seen(second)
        self.assertEqual((ok['state'], ok['pickings'], ok['jobs']),
                         ('sale', ['assigned'], []))
        self.assertAlmostEqual(ok['reserved'], QTY)
        self.assertEqual((failed['state'], failed['pickings'],
                          failed['jobs']), ('sale', ['confirmed'], []))
        notes = [body for body in failed['notes']
                 if 'Stock not reserved at confirmation' in body]
        self.assertEqual(len(notes), 1, failed['notes'])
        self.assertIn('The carrier of &lt;b&gt;', notes[0])
        self.assertIn('use Check Availability on', notes[0])
        self.assertFalse(any('Stock not reserved' in body
                             for body in ok['notes']))

    def quant_reserved(self):
        with api.Environment.manage(), self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            return env['stock.quant'].browse(self.quant_ids).mapped(
                'reserved_quantity')

    def test_engine_examples(self):
        """The examples in engine/reservation.py hold."""
        result = doctest.testmod(engine)
        self.assertGreater(result.attempted, 0)
        self.assertEqual(result.failed, 0)

"""Concurrency: several Odoo workers, each with its own cursor and
transaction, confirming orders that compete for the last units of a product
and validating deliveries at the same time.

Each worker goes through `odoo.service.model.execute_kw`, the path of every
RPC call: its own cursor, a commit at the end, and serialization conflicts
(PostgreSQL's SERIALIZATION_FAILURE, LOCK_NOT_AVAILABLE, deadlocks) retried
as Odoo retries them. What the workers commit stays in the test database
(a throwaway copy made by `make test`); the records are named per run.
"""
import threading
import unittest
import uuid
from unittest import mock

import odoo
from odoo import SUPERUSER_ID, api
from odoo.service.model import execute_kw
from odoo.tests import common

from ..models.reservation import stock_picking as reservation

ON_HAND = 5.0
ORDERS = 4
PER_ORDER = 2.0


class TestConcurrentOrders(unittest.TestCase):
    """Four orders of 2 units race for 5 units in one warehouse."""

    #: The company's "Reserve stock after confirming" (Odoo's way: off).
    reserve_after = False

    @classmethod
    def setUpClass(cls):
        super(TestConcurrentOrders, cls).setUpClass()
        cls.dbname = common.get_db_name()
        cls.registry = odoo.registry(cls.dbname)
        cls.tag = uuid.uuid4().hex[:8]
        with api.Environment.manage(), cls.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            cls._create_data(env)

    @classmethod
    def _create_data(cls, env):
        # A company of its own: what the workers commit stays out of the
        # figures other tests (and their users) see.
        company = env['res.company'].create({
            'name': 'Concurrency %s' % cls.tag,
            'currency_id': env.ref('base.main_company').currency_id.id,
            'reserve_after_confirmation': cls.reserve_after})
        warehouse = env['stock.warehouse'].create({
            'name': 'Concurrency WH %s' % cls.tag, 'code': 'C%s' % cls.tag[:4],
            'company_id': company.id})
        cls.location_id = warehouse.lot_stock_id.id
        users = env['res.users'].with_context(no_reset_password=True)
        cls.user_ids = {}
        for key, group in (('sales', 'sales_team.group_sale_salesman'),
                           ('stock', 'stock.group_stock_user')):
            cls.user_ids[key] = users.create({
                'name': 'Concurrency %s %s' % (key, cls.tag),
                'login': 'som_conc_%s_%s' % (key, cls.tag),
                'email': 'som_conc_%s_%s@example.com' % (key, cls.tag),
                'company_id': company.id,
                'company_ids': [(6, 0, company.ids)],
                'groups_id': [(6, 0, [env.ref('base.group_user').id,
                                      env.ref(group).id])],
            }).id
        product = env['product.product'].create({
            'name': 'Last units %s' % cls.tag, 'type': 'product',
            'list_price': 10.0, 'invoice_policy': 'delivery',
            'taxes_id': [(6, 0, [])], 'company_id': False,
        })
        cls.product_id = product.id
        env['stock.quant']._update_available_quantity(
            product, warehouse.lot_stock_id, ON_HAND)
        partner = env['res.partner'].create({
            'name': 'Concurrency customer %s' % cls.tag, 'customer': True,
            'street': '1 Race Street', 'city': 'Berlin', 'zip': '10115',
            'country_id': env.ref('base.de').id, 'company_id': False,
        })
        orders = env['sale.order'].sudo(cls.user_ids['sales'])
        cls.order_ids = [orders.create({
            'partner_id': partner.id,
            'company_id': company.id,
            'warehouse_id': warehouse.id,
            'order_line': [(0, 0, {
                'product_id': product.id, 'product_uom_qty': PER_ORDER,
                'price_unit': 10.0,
            })],
        }).id for _index in range(ORDERS)]

    # helpers -------------------------------------------------------------
    def run_workers(self, calls):
        """Run each (uid, model, method, args) in its own thread at once."""
        barrier = threading.Barrier(len(calls))
        errors = []

        def worker(uid, model, method, args):
            try:
                with api.Environment.manage():
                    barrier.wait(timeout=60)
                    execute_kw(self.dbname, uid, model, method, args)
            except Exception as error:  # reported below, with its call
                errors.append((model, method, args, repr(error)))

        threads = [threading.Thread(target=worker, args=call)
                   for call in calls]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=300)
        self.assertFalse(any(thread.is_alive() for thread in threads),
                         'a worker hung')
        return errors

    def read_state(self):
        """What the stock and the orders look like, from a new cursor."""
        with api.Environment.manage(), self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            quants = env['stock.quant'].search([
                ('product_id', '=', self.product_id),
                ('location_id', 'child_of', self.location_id)])
            orders = env['sale.order'].browse(self.order_ids)
            moves = orders.mapped('order_line.move_ids')
            return {
                'on_hand': sum(quants.mapped('quantity')),
                'quant_reserved': sum(quants.mapped('reserved_quantity')),
                'negative_quants': len(quants.filtered(
                    lambda q: q.quantity < 0)),
                'move_reserved': sum(moves.filtered(
                    lambda m: m.state not in ('done', 'cancel')).mapped(
                        'reserved_availability')),
                'done': sum(moves.filtered(
                    lambda m: m.state == 'done').mapped('quantity_done')),
                'order_states': orders.mapped('state'),
                'full_pickings': orders.mapped('picking_ids').filtered(
                    lambda p: p.state == 'assigned' and all(
                        m.state == 'assigned' for m in p.move_lines)).ids,
                'open_pickings': orders.mapped('picking_ids').filtered(
                    lambda p: p.state not in ('done', 'cancel')).ids,
                'delivered': sum(orders.mapped('order_line.qty_delivered')),
            }

    def assert_consistent(self, state, delivered):
        self.assertEqual(state['negative_quants'], 0, state)
        self.assertAlmostEqual(state['on_hand'], ON_HAND - delivered,
                               msg='stock moved twice or lost: %s' % state)
        self.assertLessEqual(state['quant_reserved'], state['on_hand'],
                             'over-reservation: %s' % state)
        self.assertAlmostEqual(
            state['quant_reserved'], state['move_reserved'],
            msg='quants and moves disagree on what is reserved (lost '
                'update): %s' % state)
        self.assertAlmostEqual(state['done'], delivered, msg=str(state))
        self.assertAlmostEqual(state['delivered'], delivered, msg=str(state))

    # the race ------------------------------------------------------------
    def test_race_for_the_last_units(self):
        """Confirm four orders at once, then deliver while others reserve.

        Every confirmation succeeds (retried where PostgreSQL refused to
        serialize), no more than the 5 units on hand are reserved, quants
        and moves agree, and after delivering concurrently with new
        reservations, stock, moves and the orders' delivered quantities
        all add up."""
        with mock.patch.object(
                reservation, 'reserve_in_own_transaction',
                wraps=reservation.reserve_in_own_transaction) as after:
            errors = self.run_workers([
                (self.user_ids['sales'], 'sale.order', 'action_confirm',
                 [[order_id]]) for order_id in self.order_ids])
        self.assertEqual(errors, [])
        # Reserved after each confirmation's commit, or inside it (Odoo's).
        self.assertEqual(after.call_count,
                         ORDERS if self.reserve_after else 0)
        state = self.read_state()
        self.assertEqual(state['order_states'], ['sale'] * ORDERS)
        self.assert_consistent(state, delivered=0.0)
        # 5 units for 4 orders of 2: two fully reserved, one partially.
        self.assertAlmostEqual(state['quant_reserved'], ON_HAND)
        self.assertEqual(len(state['full_pickings']), 2, state)

        # Deliver the fully reserved orders while every open delivery
        # asks for a reservation at the same moment.
        to_deliver = state['full_pickings']
        wizard_ids = []
        with api.Environment.manage(), self.registry.cursor() as cr:
            env = api.Environment(cr, self.user_ids['stock'], {})
            for picking_id in to_deliver:
                wizard_ids.append(env['stock.immediate.transfer'].create(
                    {'pick_ids': [(4, picking_id)]}).id)
        calls = [(self.user_ids['stock'], 'stock.immediate.transfer',
                  'process', [[wizard_id]]) for wizard_id in wizard_ids]
        calls += [(self.user_ids['stock'], 'stock.picking', 'action_assign',
                   [[picking_id]]) for picking_id in state['open_pickings']
                  if picking_id not in to_deliver]
        errors = self.run_workers(calls)
        self.assertEqual(errors, [])
        state = self.read_state()
        self.assert_consistent(state, delivered=2 * PER_ORDER)
        # One unit is left: it is reserved for one of the waiting orders.
        self.assertAlmostEqual(state['quant_reserved'], 1.0, msg=str(state))


class TestConcurrentOrdersReservedAfter(TestConcurrentOrders):
    """The same race with the company's "Reserve stock after confirming":
    each confirmation commits, then reserves in a transaction of its own;
    the same figures must come out (no over-reservation, quants = moves)."""

    reserve_after = True

# Copyright 2026 sales_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Mass confirmation: the checks are evaluated set-based."""
import logging

from odoo.exceptions import UserError

from .common import SalesOrderCase

_logger = logging.getLogger(__name__)


class TestMassConfirmation(SalesOrderCase):

    @classmethod
    def setUpClass(cls):
        super(TestMassConfirmation, cls).setUpClass()
        cls.activate_checks()
        cls.service = cls.create_product('Test Consulting', 90.0,
                                         type='service',
                                         invoice_policy='order',
                                         expense_policy='no')
        # A limit far away, so that the credit check runs its queries.
        cls.customer_de.credit_limit = 10 ** 9
        cls.customer_nozip = cls.create_customer(
            'Test Walk-in', 'base.de', 'Weg 1', 'Berlin', False)

    def _orders(self, count, partner=None):
        orders = self.env['sale.order']
        for _index in range(count):
            orders |= self.create_order(partner or self.customer_de,
                                        [(self.service, 1)])
        return orders

    def _queries(self, orders, method):
        orders = orders.sudo(self.salesman)
        orders.invalidate_cache()
        before = self.cr.sql_log_count
        getattr(orders, method)()
        return self.cr.sql_log_count - before

    def test_query_count_does_not_grow_with_orders(self):
        """Evaluating every check on 100 orders takes the queries of 10:
        each domain check is one search over the batch, the credit check
        one batch of reads."""
        ten, hundred = self._orders(10), self._orders(100)
        self._queries(ten, '_checks_evaluate')  # warm the caches
        queries_10 = self._queries(ten, '_checks_evaluate')
        queries_100 = self._queries(hundred, '_checks_evaluate')
        self.assertLessEqual(queries_100, queries_10 + 2, (
            queries_10, queries_100))
        # Not one query per order per rule:
        self.assertLess(queries_100, 100)
        detect_10 = self._queries(ten, 'detect_exceptions')
        detect_100 = self._queries(hundred, 'detect_exceptions')
        _logger.info('checks evaluation: %s queries for 10 orders, %s for '
                     '100; detect_exceptions: %s / %s', queries_10,
                     queries_100, detect_10, detect_100)
        self.assertLessEqual(detect_100, detect_10 + 2, (
            detect_10, detect_100))

    def test_hundred_orders_confirmed_in_one_call(self):
        orders = self._orders(100)
        orders.sudo(self.salesman).action_confirm()
        self.assertEqual(set(orders.mapped('state')), {'sale'})

    def test_one_bad_order_stops_the_batch(self):
        """One order failing a check (desks to an address without ZIP
        code): refused naming it, none confirmed."""
        good = self._orders(20)
        bad = self.create_order(self.customer_nozip, [(self.desk, 1)])
        with self.assertRaises(UserError) as caught:
            (good | bad).sudo(self.salesman).action_confirm()
        self.assertIn('%s cannot be confirmed' % bad.name,
                      caught.exception.name)
        for order in good:
            self.assertNotIn(order.name, caught.exception.name)
        self.assertEqual(set((good | bad).mapped('state')), {'draft'})

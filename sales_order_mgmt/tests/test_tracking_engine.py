# Copyright 2026 sales_order_mgmt contributors
# License LGPL-3.0 or later (http://www.gnu.org/licenses/lgpl).
"""Unit tests of the pure fulfilment figures engine (no database needed)."""
import doctest
import unittest
from datetime import datetime, timedelta

try:
    from ..engine import fulfilment
except ImportError:  # running without Odoo: the engine is pure Python
    import os
    import sys
    sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..'))
    from engine import fulfilment

MoveFact = fulfilment.MoveFact
CONFIRMED = datetime(2026, 3, 2, 8, 0)
PROMISED = datetime(2026, 3, 6, 0, 0)


def figures(moves, ordered=10.0, state='sale'):
    return fulfilment.compute_figures(
        state, ordered, moves, confirmation_date=CONFIRMED,
        promised_date=PROMISED)


class TestStates(unittest.TestCase):
    """Every fulfilment state, from the moves of an order of 10 units."""

    def test_quotation_has_no_state(self):
        self.assertIs(figures([], state='draft').state, False)
        self.assertIs(figures([], state='sent').state, False)

    def test_nothing_to_deliver_has_no_state(self):
        """A confirmed order of services only has nothing to track."""
        self.assertIs(figures([], ordered=0.0).state, False)

    def test_to_ship(self):
        result = figures([MoveFact(1, 10.0, 'assigned', CONFIRMED, False)])
        self.assertEqual(result.state, 'to_ship')
        self.assertIsNone(result.fill_rate)
        self.assertIsNone(result.first_ship_date)
        self.assertIsNone(result.processing_hours)
        self.assertFalse(result.on_time)

    def test_confirmed_without_moves_is_to_ship(self):
        self.assertEqual(figures([]).state, 'to_ship')

    def test_partial_then_shipped(self):
        """6 ship on day 1 (backorder of 4), the 4 on day 3."""
        day1 = datetime(2026, 3, 2, 14, 0)
        day3 = datetime(2026, 3, 4, 10, 30)
        partial = [MoveFact(1, 6.0, 'done', day1, False),
                   MoveFact(2, 4.0, 'assigned', day1, True)]
        result = figures(partial)
        self.assertEqual(result.state, 'partially_shipped')
        self.assertEqual(result.fill_rate, 60.0)
        self.assertEqual(result.processing_hours, 6.0)
        self.assertTrue(result.has_backorder)
        self.assertFalse(result.on_time)  # not complete yet
        shipped = [partial[0], MoveFact(2, 4.0, 'done', day3, True)]
        result = figures(shipped)
        self.assertEqual(result.state, 'shipped')
        self.assertEqual(result.fill_rate, 60.0)  # first shipment only
        self.assertEqual(result.first_ship_date, day1)
        self.assertEqual(result.last_ship_date, day3)
        self.assertTrue(result.on_time)
        self.assertEqual(result.shipped_qty, 10.0)
        self.assertEqual(result.cancelled_qty, 0.0)

    def test_closed_short(self):
        day1 = datetime(2026, 3, 2, 14, 0)
        result = figures([MoveFact(1, 6.0, 'done', day1, False),
                          MoveFact(1, 4.0, 'cancel', day1, False)])
        self.assertEqual(result.state, 'closed_short')
        self.assertEqual(result.cancelled_qty, 4.0)
        self.assertFalse(result.has_backorder)
        self.assertTrue(result.on_time)

    def test_cancelled_backorder_is_not_a_backorder(self):
        """Odoo's 'No backorder' creates the backorder, then cancels it."""
        day1 = datetime(2026, 3, 2, 14, 0)
        result = figures([MoveFact(1, 6.0, 'done', day1, False),
                          MoveFact(2, 4.0, 'cancel', day1, True)])
        self.assertEqual(result.state, 'closed_short')
        self.assertFalse(result.has_backorder)

    def test_cancelled(self):
        self.assertEqual(figures(
            [MoveFact(1, 10.0, 'cancel', CONFIRMED, False)],
            state='cancel').state, 'cancelled')
        # Every delivery cancelled, the order itself not.
        self.assertEqual(figures(
            [MoveFact(1, 10.0, 'cancel', CONFIRMED, False)]).state,
            'cancelled')

    def test_replaced_move_does_not_close_short(self):
        """A cancelled move replaced by another (e.g. re-sourced to another
        warehouse) does not make the order short once all shipped."""
        day = datetime(2026, 3, 3)
        result = figures([MoveFact('WH1', 10.0, 'cancel', day, False),
                          MoveFact('WH2', 10.0, 'done', day, False)])
        self.assertEqual(result.state, 'shipped')
        self.assertEqual(result.cancelled_qty, 0.0)


class TestFigures(unittest.TestCase):
    """Figures on hand-computed scenarios."""

    def test_two_warehouses(self):
        """Desks (6) from Berlin on day 2, chairs (4) from Lyon on day 5:
        first shipment 6/10 = 60%, 30 h after confirmation, late (the
        promise was day 4)."""
        berlin = datetime(2026, 3, 3, 14, 0)
        lyon = datetime(2026, 3, 6, 9, 0)
        result = fulfilment.compute_figures(
            'sale', 10.0,
            [MoveFact('lyon', 4.0, 'done', lyon, False),
             MoveFact('berlin', 6.0, 'done', berlin, False)],
            confirmation_date=CONFIRMED,
            promised_date=datetime(2026, 3, 5))
        self.assertEqual(result.state, 'shipped')
        self.assertEqual(result.fill_rate, 60.0)
        self.assertEqual(result.processing_hours, 30.0)
        self.assertEqual(result.first_ship_date, berlin)
        self.assertEqual(result.last_ship_date, lyon)
        self.assertFalse(result.on_time)

    def test_on_time_is_by_day(self):
        """Shipping later on the promised day is on time; the day after
        is late."""
        evening = datetime(2026, 3, 6, 22, 0)
        self.assertTrue(figures(
            [MoveFact(1, 10.0, 'done', evening, False)]).on_time)
        self.assertFalse(figures(
            [MoveFact(1, 10.0, 'done', evening + timedelta(hours=3),
                      False)]).on_time)

    def test_same_second_first_delivery_wins(self):
        """A delivery and its backorder done in the same second: the first
        shipment is the delivery with the lower id (ids compared as
        numbers: 99 before 100)."""
        result = figures([MoveFact(100, 4.0, 'done', CONFIRMED, True),
                          MoveFact(99, 6.0, 'done', CONFIRMED, False)])
        self.assertEqual(result.fill_rate, 60.0)

    def test_fill_rate_is_capped(self):
        result = figures([MoveFact(1, 12.0, 'done', CONFIRMED, False)])
        self.assertEqual(result.fill_rate, 100.0)
        self.assertEqual(result.state, 'shipped')

    def test_shipped_before_confirmation_counts_zero_hours(self):
        result = figures([MoveFact(1, 10.0, 'done', datetime(2026, 3, 1),
                                   False)])
        self.assertEqual(result.processing_hours, 0.0)

    def test_promised_date(self):
        order_date = datetime(2026, 3, 1, 9, 0)
        self.assertEqual(
            fulfilment.promised_date(order_date, [3.0, 1.0], 'direct'),
            datetime(2026, 3, 2, 9, 0))
        self.assertEqual(
            fulfilment.promised_date(order_date, [3.0, 1.0], 'one'),
            datetime(2026, 3, 4, 9, 0))
        self.assertEqual(
            fulfilment.promised_date(order_date, [], 'one'), order_date)

    def test_kpis_skip_orders_without_state(self):
        quote = figures([], state='draft')
        cancelled = figures([], state='cancel')
        result = fulfilment.kpis([quote, cancelled])
        self.assertEqual(result['order_count'], 1)
        self.assertIsNone(result['fill_rate'])
        self.assertIsNone(result['on_time_rate'])


class TestDoctests(unittest.TestCase):
    """The examples of the module's docstrings (also run by pytest)."""

    def test_doctests(self):
        result = doctest.testmod(fulfilment)
        self.assertEqual(result.failed, 0)
        self.assertGreater(result.attempted, 10)

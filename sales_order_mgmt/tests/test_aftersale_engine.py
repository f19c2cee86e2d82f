# Copyright 2026 sales_order_mgmt contributors
# License LGPL-3.0 or later (http://www.gnu.org/licenses/lgpl).
"""Unit tests of the pure after-sale engine (no database needed)."""
import doctest
import unittest
from datetime import datetime, timedelta

try:
    from ..engine import aftersale
except ImportError:  # running without Odoo: the engine is pure Python
    import os
    import sys
    sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..'))
    from engine import aftersale

DELIVERED = datetime(2026, 3, 1, 12, 0)


class TestAccuracy(unittest.TestCase):

    def kpis(self, category, days_after, state='requested', window=30):
        return aftersale.return_kpis(
            [aftersale.OrderFact(1, True, DELIVERED)],
            [aftersale.ReturnFact(1, category, state,
                                  DELIVERED + timedelta(days=days_after),
                                  None)], days=window)

    def test_window_edges(self):
        """A damaged return on day 30 counts, on day 31 not."""
        self.assertEqual(self.kpis('damaged', 30)['order_accuracy'], 0.0)
        self.assertEqual(self.kpis('damaged', 31)['order_accuracy'], 100.0)
        self.assertEqual(self.kpis('damaged', 31, window=60)[
            'order_accuracy'], 0.0)

    def test_categories_and_refused(self):
        for category in ('wrong_item', 'damaged', 'short'):
            self.assertEqual(self.kpis(category, 1)['order_accuracy'], 0.0)
        for category in ('not_needed', 'other'):
            kpis = self.kpis(category, 1)
            self.assertEqual(kpis['order_accuracy'], 100.0)
            self.assertEqual(kpis['return_rate'], 100.0)
        refused = self.kpis('wrong_item', 1, state='refused')
        self.assertEqual(refused['order_accuracy'], 100.0)
        self.assertEqual(refused['return_rate'], 0.0)

    def test_no_complete_order(self):
        kpis = aftersale.return_kpis(
            [aftersale.OrderFact(1, False, None)], [])
        self.assertIsNone(kpis['order_accuracy'])
        self.assertIsNone(kpis['return_rate'])
        self.assertIsNone(kpis['resolution_days'])


class TestDoctests(unittest.TestCase):
    """The examples of the module's docstrings (also run by pytest)."""

    def test_doctests(self):
        result = doctest.testmod(aftersale)
        self.assertEqual(result.failed, 0)
        self.assertGreater(result.attempted, 10)

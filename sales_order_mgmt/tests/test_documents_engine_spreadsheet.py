# Copyright 2026 sales_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Unit tests of the spreadsheet rules (no database needed)."""
import doctest
import os
import unittest

try:
    from ..engine import spreadsheet
except ImportError:  # running without Odoo: the engine is pure Python
    import sys
    sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..'))
    from engine import spreadsheet


class TestSpreadsheetEngine(unittest.TestCase):

    def test_doctests(self):
        failed, attempted = doctest.testmod(spreadsheet)
        self.assertGreater(attempted, 10)
        self.assertEqual(failed, 0)

    def test_formula_triggers(self):
        """Every character a spreadsheet reads as a formula start."""
        for text in ('=1+1', '+1', '-1', '@A1', '\t=1', '\r=1'):
            self.assertTrue(spreadsheet.is_formula_like(text), repr(text))
        for text in ('1-1', 'Müller & Söhne', ' =1', 'a@b.c'):
            self.assertFalse(spreadsheet.is_formula_like(text), repr(text))

    def test_column_letters_round_trip(self):
        """Column names are bijective base-26, as spreadsheets count."""
        names = [spreadsheet.column_letter(i) for i in range(800)]
        self.assertEqual(len(set(names)), 800)
        self.assertEqual(names[:3], ['A', 'B', 'C'])
        self.assertEqual(names[27], 'AB')
        with self.assertRaises(ValueError):
            spreadsheet.column_letter(-1)

    def test_chunks_bad_size(self):
        with self.assertRaises(ValueError):
            list(spreadsheet.chunks([1], 0))

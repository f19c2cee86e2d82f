# Copyright 2026 sales_order_mgmt contributors
# License LGPL-3.0 or later (http://www.gnu.org/licenses/lgpl).
"""Unit tests of the engine's shared helpers, engine/_common.py (no
database needed)."""
import datetime
import doctest
import unittest

try:
    from ..engine import _common, backorder, checks, jobs, sourcing
    from ..engine import spreadsheet
except ImportError:  # running without Odoo: the engine is pure Python
    import os
    import sys
    sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..'))
    from engine import _common, backorder, checks, jobs, sourcing
    from engine import spreadsheet


class TestMessages(unittest.TestCase):
    """The translation marker and ``speaker``, which renders messages."""

    def test_marker_returns_the_template(self):
        template = '%(qty)s %(uom)s of %(product)s'
        self.assertIs(_common._(template), template)

    def test_named_values(self):
        say = _common.speaker(None)
        self.assertEqual(
            say('%(qty)s %(uom)s of %(product)s', qty='4', uom='Units',
                product='Desk'),
            '4 Units of Desk')

    def test_positional_values(self):
        say = _common.speaker(None)
        self.assertEqual(say('%s would owe %s %s', 'Acme', '1.00', 'EUR'),
                         'Acme would owe 1.00 EUR')

    def test_no_values_leaves_the_text_as_translated(self):
        """Without values, ``%%`` is not collapsed: the template was not
        formatted."""
        say = _common.speaker(lambda text: text.replace('ships', 'part'))
        self.assertEqual(say('Everything ships: 100%% sure.'),
                         'Everything part: 100%% sure.')

    def test_translation_before_formatting(self):
        """The template is translated first, then filled."""
        french = {'%(qty)s from %(wh)s': '%(qty)s depuis %(wh)s'}
        say = _common.speaker(lambda text: french.get(text, text))
        self.assertEqual(say('%(qty)s from %(wh)s', qty='6', wh='WH Lyon'),
                         '6 depuis WH Lyon')

    def test_both_kinds_of_values_refused(self):
        say = _common.speaker(None)
        with self.assertRaises(TypeError):
            say('%s %(wh)s', 'x', wh='y')

    def test_modules_share_the_helpers(self):
        """The engine modules use these helpers, not copies of them."""
        self.assertIs(backorder._, _common._)
        self.assertIs(checks._, _common._)
        self.assertIs(sourcing._, _common._)
        self.assertIs(backorder.round_to, sourcing.round_to)
        self.assertIs(spreadsheet.chunks, _common.chunks)


class TestQuantities(unittest.TestCase):
    """Rounding and formatting of quantities for sentences."""

    def test_decimals_of_a_precision(self):
        self.assertEqual(_common.decimals(0.001), 3)
        self.assertEqual(_common.decimals(0.01), 2)
        self.assertEqual(_common.decimals(0.5), 1)
        self.assertEqual(_common.decimals(1), 0)
        self.assertEqual(_common.decimals(1e-05), 5)

    def test_round_half_away_from_zero(self):
        self.assertEqual(_common.round_to(2.5, 1), 3.0)
        self.assertEqual(_common.round_to(3.5, 1), 4.0)
        self.assertEqual(_common.round_to(-2.5, 1), -3.0)
        self.assertEqual(_common.round_to(0.0005, 0.001), 0.001)
        self.assertEqual(_common.round_to(0.00049, 0.001), 0.0)
        self.assertEqual(_common.round_to(1.25, 0.5), 1.5)

    def test_round_absorbs_float_noise(self):
        """10 - 3.3 is 6.699999999999999 in binary: it rounds to 6.7, and
        1.005 (1.00499999... in binary) rounds up at two decimals."""
        self.assertEqual(_common.round_to(10 - 3.3, 0.001), 6.7)
        self.assertEqual(_common.round_to(1.005, 0.01), 1.01)

    def test_round_never_gives_negative_zero(self):
        value = _common.round_to(-0.0004, 0.001)
        self.assertEqual(str(value), '0.0')

    def test_format_without_trailing_zeros(self):
        self.assertEqual(_common.format_number(1.0, 0.001), '1')
        self.assertEqual(_common.format_number(2.50, 0.001), '2.5')
        self.assertEqual(_common.format_number(60.0, 0.01), '60')
        self.assertEqual(_common.format_number(100, 1), '100')
        self.assertEqual(_common.format_number(0.1 + 0.2, 0.001), '0.3')

    def test_format_rounds_to_the_precision(self):
        self.assertEqual(_common.format_number(2.345, 0.01), '2.35')
        self.assertEqual(_common.format_number(4.99951, 0.001), '5')
        self.assertEqual(_common.format_number(-1.5, 1), '-2')
        self.assertEqual(_common.format_number(-0.0004, 0.001), '0')

    def test_strip_zeros(self):
        self.assertEqual(_common.strip_zeros('12.50'), '12.5')
        self.assertEqual(_common.strip_zeros('12.00'), '12')
        self.assertEqual(_common.strip_zeros('100'), '100')
        self.assertEqual(_common.strip_zeros('0.000'), '0')


class TestDates(unittest.TestCase):
    """Dates from Odoo 11 values."""

    def test_date_from_strings_and_objects(self):
        day = datetime.date(2018, 3, 1)
        self.assertEqual(_common.as_date('2018-03-01'), day)
        self.assertEqual(_common.as_date('2018-03-01 23:59:59'), day)
        self.assertEqual(
            _common.as_date(datetime.datetime(2018, 3, 1, 17, 0)), day)
        self.assertIs(_common.as_date(day), day)

    def test_bad_date_refused(self):
        with self.assertRaises(ValueError):
            _common.as_date('2018-02-30')
        with self.assertRaises(ValueError):
            _common.as_date('01/03/2018')


class TestChunks(unittest.TestCase):
    """Splitting work into chunks of a bounded size."""

    def test_chunks_in_order(self):
        self.assertEqual(list(_common.chunks(range(7), 3)),
                         [[0, 1, 2], [3, 4, 5], [6]])
        self.assertEqual(list(_common.chunks([1, 2], 5)), [[1, 2]])
        self.assertEqual(list(_common.chunks([], 2)), [])

    def test_bad_size_refused(self):
        with self.assertRaises(ValueError):
            list(_common.chunks([1], 0))
        with self.assertRaises(ValueError):
            jobs.split([1], 0)

    def test_jobs_split_gives_a_list(self):
        self.assertEqual(jobs.split(iter('abcde'), 2),
                         [['a', 'b'], ['c', 'd'], ['e']])

    def test_doctests(self):
        """The examples in engine/_common.py hold."""
        result = doctest.testmod(_common)
        self.assertGreater(result.attempted, 10)
        self.assertEqual(result.failed, 0)

# Copyright 2024 sales_order_mgmt contributors
# License LGPL-3.0 or later (http://www.gnu.org/licenses/lgpl).
"""Unit tests of the pure backorder policy engine (no database needed)."""
import datetime
import doctest
import unittest

try:
    from ..engine import backorder
except ImportError:  # running without Odoo: the engine is pure Python
    import os
    import sys
    sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..'))
    from engine import backorder

DeliveryLine = backorder.DeliveryLine
Missing = backorder.Missing

# The delivery of the issue: 10 desks ordered, 6 available and done.
TEN_SIX = [DeliveryLine('Desk', 10.0, 6.0, 'Units')]


class TestModesOnTenSix(unittest.TestCase):
    """Each policy on a delivery of 10 desks of which 6 ship."""

    def test_allow_creates_backorder(self):
        """'Allow': 6 ship now, the 4 missing desks follow in a backorder."""
        decision = backorder.decide('allow', TEN_SIX)
        self.assertEqual(decision.action, 'backorder')
        self.assertEqual(decision.fill_ratio, 60.0)
        self.assertEqual(decision.missing, [Missing('Desk', 4.0, 'Units')])
        self.assertEqual(
            decision.reason,
            '60% of this delivery ships now; a backorder will follow for: '
            '4 Units of Desk.')

    def test_ship_complete_refuses(self):
        """'Ship complete': validating 6 of 10 is refused, naming the 4."""
        decision = backorder.decide('ship_complete', TEN_SIX)
        self.assertEqual(decision.action, 'refuse')
        self.assertEqual(decision.fill_ratio, 60.0)
        self.assertEqual(decision.missing, [Missing('Desk', 4.0, 'Units')])
        self.assertEqual(
            decision.reason,
            'This customer only accepts complete deliveries. Missing: '
            '4 Units of Desk.')

    def test_cancel_remainder_cancels(self):
        """'Cancel remainder': 6 ship, the 4 others are cancelled."""
        decision = backorder.decide('cancel_remainder', TEN_SIX)
        self.assertEqual(decision.action, 'cancel_remainder')
        self.assertEqual(decision.fill_ratio, 60.0)
        self.assertEqual(decision.missing, [Missing('Desk', 4.0, 'Units')])
        self.assertEqual(
            decision.reason,
            '60% of this delivery ships now; the rest is cancelled: '
            '4 Units of Desk.')

    def test_complete_delivery_validates(self):
        """All 10 desks ship: every policy simply validates."""
        complete = [DeliveryLine('Desk', 10.0, 10.0, 'Units')]
        for mode in backorder.MODES:
            with self.subTest(mode=mode):
                decision = backorder.decide(mode, complete,
                                            min_fill_ratio=100)
                self.assertEqual(decision.action, 'validate_all')
                self.assertEqual(decision.fill_ratio, 100.0)
                self.assertEqual(decision.missing, [])
                self.assertEqual(
                    decision.reason,
                    'Everything ships: nothing is missing from this '
                    'delivery.')


class TestFillRatio(unittest.TestCase):
    """The minimum share shipped of an 'allow' policy."""

    def test_refused_below_minimum(self):
        """Minimum 80%, only 60% ships: refused, giving both numbers."""
        decision = backorder.decide('allow', TEN_SIX, min_fill_ratio=80)
        self.assertEqual(decision.action, 'refuse')
        self.assertEqual(
            decision.reason,
            'Only 60% of this delivery would ship, below the 80% minimum of '
            'the backorder policy. Missing: 4 Units of Desk.')

    def test_boundary(self):
        """Exactly the minimum ships; a hair above the ratio is refused."""
        self.assertEqual(
            backorder.decide('allow', TEN_SIX, min_fill_ratio=60).action,
            'backorder')
        self.assertEqual(
            backorder.decide('allow', TEN_SIX, min_fill_ratio=60.01).action,
            'refuse')

    def test_ratio_not_fooled_by_floats(self):
        """29 of 100 ships is 29%, enough for a 29% minimum."""
        lines = [DeliveryLine('Screw', 100.0, 29.0, 'Units')]
        decision = backorder.decide('allow', lines, min_fill_ratio=29)
        self.assertEqual(decision.fill_ratio, 29.0)
        self.assertEqual(decision.action, 'backorder')

    def test_ratio_over_all_lines(self):
        """6 of 10 desks and 4 of 10 chairs: half the delivery ships."""
        lines = [DeliveryLine('Desk', 10.0, 6.0, 'Units'),
                 DeliveryLine('Chair', 10.0, 4.0, 'Units')]
        decision = backorder.decide('allow', lines, min_fill_ratio=50)
        self.assertEqual(decision.fill_ratio, 50.0)
        self.assertEqual(decision.action, 'backorder')

    def test_ratio_two_decimals(self):
        """2 of 3 ships: the ratio is 66.67%, and is written so."""
        lines = [DeliveryLine('Desk', 3.0, 2.0, 'Units')]
        decision = backorder.decide('allow', lines, min_fill_ratio=70)
        self.assertEqual(decision.fill_ratio, 66.67)
        self.assertIn('Only 66.67% of this delivery would ship, below the '
                      '70% minimum', decision.reason)

    def test_over_delivery_does_not_compensate(self):
        """12 chairs instead of 10 do not make up for 4 missing desks."""
        lines = [DeliveryLine('Desk', 10.0, 6.0, 'Units'),
                 DeliveryLine('Chair', 10.0, 12.0, 'Units')]
        decision = backorder.decide('allow', lines)
        self.assertEqual(decision.fill_ratio, 80.0)
        self.assertEqual(decision.missing, [Missing('Desk', 4.0, 'Units')])

    def test_ratio_ignored_by_other_modes(self):
        """A minimum ratio does not change 'cancel remainder'."""
        decision = backorder.decide('cancel_remainder', TEN_SIX,
                                    min_fill_ratio=90)
        self.assertEqual(decision.action, 'cancel_remainder')


class TestMissing(unittest.TestCase):
    """What the refusal and notices list as missing."""

    def test_several_products_listed(self):
        """Desks and chairs short: both named with quantity and unit."""
        lines = [DeliveryLine('Desk', 10.0, 6.0, 'Units'),
                 DeliveryLine('Lamp', 1.0, 1.0, 'Units'),
                 DeliveryLine('Chair', 4.0, 2.0, 'Units'),
                 DeliveryLine('Cable', 2.5, 1.0, 'm')]
        decision = backorder.decide('ship_complete', lines)
        self.assertEqual(
            decision.reason,
            'This customer only accepts complete deliveries. Missing: '
            '4 Units of Desk, 2 Units of Chair, 1.5 m of Cable.')

    def test_same_product_merged(self):
        """Two moves of desks short by 1 and 3: '4 Units of Desk' once."""
        lines = [DeliveryLine('Desk', 5.0, 4.0, 'Units'),
                 DeliveryLine('Desk', 5.0, 2.0, 'Units')]
        decision = backorder.decide('allow', lines)
        self.assertEqual(decision.missing, [Missing('Desk', 4.0, 'Units')])

    def test_float_dust_is_not_short(self):
        """5.9999999 of 6 counts as complete at the UoM precision."""
        lines = [DeliveryLine('Sand', 6.0, 5.9999999, 'kg')]
        self.assertEqual(backorder.decide('ship_complete', lines).action,
                         'validate_all')

    def test_precision_parameter(self):
        """With a 0.01 rounding, 0.004 kg short is not short."""
        lines = [DeliveryLine('Sand', 6.0, 5.996, 'kg')]
        self.assertEqual(backorder.decide('ship_complete', lines).action,
                         'refuse')
        self.assertEqual(
            backorder.decide('ship_complete', lines, precision=0.01).action,
            'validate_all')

    def test_nothing_done_refused(self):
        """Validating with nothing done is refused under every policy."""
        lines = [DeliveryLine('Desk', 10.0, 0.0, 'Units')]
        for mode in backorder.MODES:
            with self.subTest(mode=mode):
                decision = backorder.decide(mode, lines)
                self.assertEqual(decision.action, 'refuse')
                self.assertEqual(decision.fill_ratio, 0.0)
                self.assertEqual(
                    decision.reason,
                    'Nothing is being shipped: set the quantities done '
                    'before validating. Missing: 10 Units of Desk.')

    def test_empty_delivery(self):
        """A delivery without lines has nothing missing."""
        decision = backorder.decide('ship_complete', [])
        self.assertEqual((decision.action, decision.fill_ratio),
                         ('validate_all', 100.0))

    def test_plain_tuples_and_generators(self):
        """Lines may be plain tuples, given once as a generator."""
        lines = (tuple(item) for item in TEN_SIX)
        self.assertEqual(backorder.decide('allow', lines).fill_ratio, 60.0)

    def test_unknown_mode(self):
        """A policy mode the engine does not know is an error."""
        with self.assertRaises(ValueError):
            backorder.decide('ship_later', TEN_SIX)

    def test_translated_reason(self):
        """The refusal goes through the given translation."""
        french = {
            'This customer only accepts complete deliveries. Missing: '
            '%(missing)s.': 'Ce client veut des livraisons complètes. '
                            'Manque : %(missing)s.',
            '%(qty)s %(uom)s of %(product)s': '%(qty)s %(uom)s de '
                                              '%(product)s',
        }
        decision = backorder.decide(
            'ship_complete', TEN_SIX,
            translate=lambda src: french.get(src, src))
        self.assertEqual(
            decision.reason,
            'Ce client veut des livraisons complètes. Manque : 4 Units de '
            'Desk.')


class TestValidatePolicy(unittest.TestCase):
    """Checking a policy's settings as a manager types them."""

    def test_valid_settings(self):
        """Usual settings, bounds included, and empty values are fine."""
        for mode in backorder.MODES:
            for ratio, days in [(0, 0), (100, 365), (55.5, 30),
                                (None, None), (False, False)]:
                with self.subTest(mode=mode, ratio=ratio, days=days):
                    self.assertIsNone(
                        backorder.validate_policy(mode, ratio, days))

    def test_ratio_out_of_range(self):
        """A minimum fill ratio of -1 or 100.5 is refused, with the value."""
        for ratio, shown in [(-1, '-1'), (100.5, '100.5')]:
            with self.subTest(ratio=ratio):
                with self.assertRaises(ValueError) as caught:
                    backorder.validate_policy('allow', ratio, 0)
                self.assertEqual(
                    str(caught.exception),
                    'The minimum fill ratio must be between 0 and 100 %%, '
                    'not %s.' % shown)

    def test_negative_days(self):
        """A negative maximum backorder age is refused."""
        with self.assertRaises(ValueError) as caught:
            backorder.validate_policy('allow', 0, -3)
        self.assertEqual(
            str(caught.exception),
            'The maximum age of a backorder cannot be negative (-3 days); '
            'use 0 to keep backorders open.')

    def test_unknown_mode(self):
        """An unknown mode is refused, listing the valid ones."""
        with self.assertRaises(ValueError) as caught:
            backorder.validate_policy('later', 0, 0)
        self.assertEqual(
            str(caught.exception),
            "Unknown backorder policy mode 'later': use allow, "
            "ship_complete or cancel_remainder.")


class TestExpiry(unittest.TestCase):
    """When the daily action cancels an open backorder."""

    def test_never_with_zero(self):
        """0 days: a backorder stays open forever."""
        for never in (0, None, False):
            self.assertFalse(backorder.backorder_is_expired(
                datetime.date(2000, 1, 1), datetime.date(2030, 1, 1), never))

    def test_older_than_max_days(self):
        """30 days allowed: day 30 stays open, day 31 is cancelled."""
        created = datetime.datetime(2018, 3, 1, 23, 59)
        self.assertFalse(backorder.backorder_is_expired(
            created, datetime.date(2018, 3, 31), 30))
        self.assertTrue(backorder.backorder_is_expired(
            created, datetime.date(2018, 4, 1), 30))

    def test_odoo_strings(self):
        """Odoo 11 date and datetime strings are understood."""
        self.assertTrue(backorder.backorder_is_expired(
            '2018-03-01 08:00:00', '2018-03-03', 1))
        self.assertFalse(backorder.backorder_is_expired(
            '2018-03-01', datetime.datetime(2018, 3, 2, 12), 1))

    def test_negative_days(self):
        """A negative number of days is an error, not 'never'."""
        with self.assertRaises(ValueError):
            backorder.backorder_is_expired('2018-03-01', '2018-03-03', -1)

    def test_cutoff_agrees_with_expiry(self):
        """The daily action searches backorders created before the cutoff:
        exactly the ones backorder_is_expired calls expired, at any time
        of their creation day."""
        today = datetime.date(2018, 3, 31)
        for max_days in (1, 10, 29, 30, 365):
            cutoff = backorder.backorder_expiry_cutoff(today, max_days)
            for age in range(max_days + 3):
                day = today - datetime.timedelta(days=age)
                for created in (datetime.datetime.combine(day, time)
                                for time in (datetime.time(0, 0),
                                             datetime.time(23, 59, 59))):
                    self.assertEqual(
                        created.strftime('%Y-%m-%d %H:%M:%S') < cutoff,
                        backorder.backorder_is_expired(
                            created, today, max_days),
                        msg='%s, %d days' % (created, max_days))
        self.assertIsNone(backorder.backorder_expiry_cutoff(today, 0))
        with self.assertRaises(ValueError):
            backorder.backorder_expiry_cutoff(today, -1)


class TestDoctests(unittest.TestCase):
    """The examples in the module's documentation."""

    def test_doctests(self):
        """The documented examples still give the documented output."""
        failed, attempted = doctest.testmod(backorder)
        self.assertGreater(attempted, 5)
        self.assertEqual(failed, 0)


if __name__ == '__main__':
    unittest.main()

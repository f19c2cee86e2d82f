# Copyright 2026 sales_order_mgmt contributors
# License LGPL-3.0 or later (http://www.gnu.org/licenses/lgpl).
"""Unit tests of the pure checks engine (no database needed)."""
import doctest
import unittest

try:
    from ..engine import checks
except ImportError:  # running without Odoo: the engine is pure Python
    import os
    import sys
    sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..'))
    from engine import checks

Failure = checks.Failure


class TestCreditExposure(unittest.TestCase):
    """Exposure = receivables + unpaid confirmed orders + batch orders."""

    def test_within_limit(self):
        """900 owed + 100 ordered = the limit of 1000: not over it."""
        result = checks.credit_exposures(1000.0, 900.0, [('a', 100.0)])
        self.assertEqual(result, [checks.Exposure('a', 1000.0, False)])

    def test_over_limit(self):
        """900 owed + 100.01 ordered is over a limit of 1000."""
        result = checks.credit_exposures(1000.0, 900.0, [('a', 100.01)])
        self.assertTrue(result[0].exceeded)

    def test_no_limit(self):
        """A limit of 0 means no limit, whatever is owed."""
        result = checks.credit_exposures(0.0, 1e9, [('a', 1e9)])
        self.assertFalse(result[0].exceeded)

    def test_batch_is_cumulative(self):
        """In one batch, the second order carries the first one."""
        result = checks.credit_exposures(
            1000.0, 0.0, [('a', 600.0), ('b', 300.0), ('c', 200.0)])
        self.assertEqual([item.exceeded for item in result],
                         [False, False, True])
        self.assertEqual(result[-1].exposure, 1100.0)

    def test_reason_names_the_figures(self):
        text = checks.credit_reason('Acme', 1234.5, 1000.0, 'USD')
        self.assertEqual(
            text, 'Acme would owe 1,234.50 USD with this order, over its '
                  'credit limit of 1,000.00 USD.')


class TestRefusalText(unittest.TestCase):

    def test_blocking_before_warnings(self):
        text = checks.order_text('S9', [
            Failure('Stock', 'Missing 2 desks.', warning=True),
            Failure('Address', 'No city.')])
        self.assertEqual(text.splitlines(), [
            'S9 cannot be confirmed:',
            '  - Address: No city.',
            'S9, warnings (they do not stop the confirmation):',
            '  - Stock (warning): Missing 2 desks.'])

    def test_orders_without_failures_left_out(self):
        text = checks.refusal_text([('S1', []), ('S2', [Failure('X')])])
        self.assertEqual(text, 'S2 cannot be confirmed:\n  - X')

    def test_translate_is_applied(self):
        text = checks.order_text(
            'S1', [Failure('X')],
            translate=lambda s: s.replace('cannot be', 'kann nicht'))
        self.assertEqual(text.splitlines()[0], 'S1 kann nicht confirmed:')

    def test_doctests(self):
        failed, attempted = doctest.testmod(checks)
        self.assertGreater(attempted, 0)
        self.assertEqual(failed, 0)


class TestWithinRelations(unittest.TestCase):
    """Which parts of a domain are searched among the batch's values."""

    def test_mixed_parts(self):
        """An "and" of the order's own field, an "or" through the
        partner and a leaf through the product: the partner part is
        gathered, the others stay apart."""
        domain = ['&', '&', ('amount_total', '>', 10),
                  '|', ('partner_id.zip', '=', False),
                  ('partner_id.city', '=', False),
                  ('product_id.list_price', '!=', 0)]
        self.assertEqual(checks.within_relations(domain, checks.path_leaf), [
            '&', '&', ('amount_total', '>', 10),
            checks.Related('partner_id', [
                '|', ('zip', '=', False), ('city', '=', False)]),
            checks.Related('product_id', [('list_price', '!=', 0)])])

    def test_only_relations_the_model_names(self):
        """A leaf the caller does not gather (a one2many, say) stays as
        written, and splits the parts around it."""
        domain = ['|', '|', ('partner_id.zip', '=', False),
                  ('order_line.price_unit', '=', 0),
                  ('partner_id.city', '=', False)]

        def relation_of(leaf):
            path = checks.path_leaf(leaf)
            return path if path and path[0] == 'partner_id' else None
        self.assertEqual(checks.within_relations(domain, relation_of), [
            '|', '|', checks.Related('partner_id', [('zip', '=', False)]),
            ('order_line.price_unit', '=', 0),
            checks.Related('partner_id', [('city', '=', False)])])

    def test_thousands_of_leaves(self):
        """A check listing 5,000 blocked ZIP codes (an "or" of 5,000
        leaves, as expression.OR builds it) is one part, without
        recursing once per leaf."""
        zips = ['%05d' % index for index in range(5000)]
        domain = ['|'] * (len(zips) - 1) + [
            ('partner_id.zip', '=', code) for code in zips]
        result = checks.within_relations(domain, checks.path_leaf)
        self.assertEqual(len(result), 1)
        self.assertEqual(result[0].field, 'partner_id')
        self.assertEqual(result[0].domain, ['|'] * (len(zips) - 1) + [
            ('zip', '=', code) for code in zips])

    def test_incomplete_domain_refused(self):
        with self.assertRaises(ValueError):
            checks.within_relations(['|', ('partner_id.zip', '=', False)],
                                    checks.path_leaf)

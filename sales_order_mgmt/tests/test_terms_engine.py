# Copyright 2026 sales_order_mgmt contributors
# License LGPL-3.0 or later (http://www.gnu.org/licenses/lgpl).
"""Unit tests of the choice of a terms template (no database needed)."""
import datetime
import doctest
import unittest

try:
    from ..engine import terms
except ImportError:  # running without Odoo: the engine is pure Python
    import os
    import sys
    sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..'))
    from engine import terms

spec = terms.template_spec
facts = terms.document_facts


class TestMatching(unittest.TestCase):

    def test_empty_conditions_match_everything(self):
        self.assertEqual(terms.matched_conditions(spec(1), facts()), ())

    def test_every_condition_set_must_match(self):
        template = spec(1, country_ids={1}, category_ids={2}, team_ids={3},
                        channels={'phone'}, min_amount=100,
                        date_start='2026-01-01', date_end='2026-12-31')
        good = facts(country_id=1, category_ids={2, 9}, team_id=3,
                     channel='phone', amount=100, date='2026-06-30')
        self.assertEqual(terms.matched_conditions(template, good),
                         terms.CONDITIONS)
        for change in ({'country_id': 5}, {'category_ids': frozenset({9})},
                       {'team_id': 4}, {'channel': 'web'},
                       {'amount': 99.99}, {'date': datetime.date(2027, 1, 1)},
                       {'date': datetime.date(2025, 12, 31)},
                       {'date': None}, {'country_id': None},
                       {'channel': None}):
            self.assertIsNone(
                terms.matched_conditions(template, good._replace(**change)),
                change)

    def test_validity_bounds_are_inclusive(self):
        template = spec(1, date_start='2026-03-01', date_end='2026-03-31')
        for day in ('2026-03-01', '2026-03-31 23:59:59'):
            self.assertEqual(
                terms.matched_conditions(template, facts(date=day)),
                ('dates',))

    def test_open_ended_validity(self):
        template = spec(1, date_start=datetime.date(2026, 3, 1))
        self.assertTrue(terms.matched_conditions(
            template, facts(date=datetime.datetime(2030, 1, 1, 8, 0))))
        self.assertIsNone(terms.matched_conditions(
            template, facts(date='2026-02-28')))

    def test_usage(self):
        sale, invoice, both = (spec(1, usage='sale'),
                               spec(2, usage='invoice'),
                               spec(3, usage='both'))
        self.assertEqual(
            terms.select_template([sale, invoice], facts(usage='invoice')),
            terms.Match(2, ()))
        self.assertEqual(
            terms.select_template([invoice, both], facts(usage='sale')),
            terms.Match(3, ()))
        self.assertIsNone(terms.select_template([sale], facts(usage='x')))

    def test_company(self):
        mine, other, shared = (spec(1, company_id=1), spec(2, company_id=2),
                               spec(3, sequence=20))
        self.assertEqual(terms.select_template(
            [other, shared, mine], facts(company_id=1)).template_id, 1)
        self.assertEqual(terms.select_template(
            [other, shared], facts(company_id=1)).template_id, 3)

    def test_sequence_then_id(self):
        specs = [spec(7, sequence=5), spec(3, sequence=5),
                 spec(1, sequence=9)]
        self.assertEqual(terms.select_template(specs, facts()).template_id,
                         3)

    def test_first_matching_wins_over_lower_non_matching(self):
        specs = [spec(1, sequence=1, min_amount=1000),
                 spec(2, sequence=2, country_ids={4}), spec(3, sequence=3)]
        self.assertEqual(terms.select_template(
            specs, facts(country_id=4, amount=10)), terms.Match(2, (
                'country',)))
        self.assertEqual(terms.select_template(
            specs, facts(country_id=5, amount=10)), terms.Match(3, ()))

    def test_no_candidates(self):
        self.assertIsNone(terms.select_template([], facts()))

    def test_doctests(self):
        result = doctest.testmod(terms)
        self.assertFalse(result.failed)
        self.assertGreater(result.attempted, 5)


if __name__ == '__main__':
    unittest.main()

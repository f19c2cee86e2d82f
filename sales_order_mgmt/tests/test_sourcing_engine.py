# Copyright 2024 sales_order_mgmt contributors
# License LGPL-3.0 or later (http://www.gnu.org/licenses/lgpl).
# pylint: disable=too-many-lines
"""Unit tests of the pure sourcing engine (no database needed)."""
import copy
import doctest
import random
import unittest

try:
    from ..engine import sourcing
except ImportError:  # running without Odoo: the engine is pure Python
    import os
    import sys
    sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..'))
    from engine import sourcing

Rule = sourcing.Rule
Line = sourcing.Line
OrderFacts = sourcing.OrderFacts

BERLIN = (1, 'WH Berlin')
LYON = (2, 'WH Lyon')
PARIS = (3, 'WH Paris')
HOME = (9, 'WH Home')

DESK = 100
CHAIR = 200

FRANCE = 75
GERMANY = 56


def rule(**values):
    """A rule with sensible defaults: id 1, Berlin then Lyon."""
    defaults = {'id': 1, 'name': 'EU customers',
                'warehouses': [BERLIN, LYON]}
    defaults.update(values)
    return Rule(**defaults)


def line(key=1, product_id=DESK, qty=10.0, categ_id=5):
    """An order line of ``qty`` desks by default."""
    return Line(key, product_id, categ_id, qty)


def allocate(lines, rules, free, **kwargs):
    """``sourcing.allocate`` for an order in Germany shipped from Home."""
    order = kwargs.pop('order', OrderFacts(country_id=GERMANY, zip='10115'))
    return sourcing.allocate(lines, rules, free, HOME, order, **kwargs)


def shipped(allocations):
    """(warehouse name, qty, available qty) of one line's allocations."""
    return [(a.warehouse_name, a.qty, a.available_qty) for a in allocations]


class TestZipPrefixes(unittest.TestCase):
    """Parsing the comma-separated zip prefixes of a rule."""

    def test_prefixes_normalized(self):
        """A user types prefixes loosely; they are stored upper, no spaces."""
        self.assertEqual(sourcing.parse_zip_prefixes(' 75 , sw1a 1 ,69-'),
                         ['75', 'SW1A1', '69-'])

    def test_empty_tokens_ignored(self):
        """Stray commas and blanks between commas are not errors."""
        self.assertEqual(sourcing.parse_zip_prefixes('75,, ,69,'),
                         ['75', '69'])
        for empty in ('', '  ', ',', None, False):
            self.assertEqual(sourcing.parse_zip_prefixes(empty), [])

    def test_duplicates_dropped(self):
        """The same prefix typed twice is kept once, first position."""
        self.assertEqual(sourcing.parse_zip_prefixes('69, 75, 69, 7 5'),
                         ['69', '75'])

    def test_junk_named(self):
        """Junk among good prefixes is refused, naming only the junk."""
        with self.assertRaises(ValueError) as caught:
            sourcing.parse_zip_prefixes('75,69-,  ,**')
        message = str(caught.exception)
        self.assertIn('Invalid zip prefix "**"', message)
        self.assertNotIn('"69-"', message)
        self.assertNotIn('"75"', message)

    def test_every_junk_token_named(self):
        """Several bad prefixes are all named in one message."""
        with self.assertRaises(ValueError) as caught:
            sourcing.parse_zip_prefixes('7/5, 69, a.b, -75, 750é')
        self.assertIn('Invalid zip prefixes "7/5", "a.b", "-75", "750é"',
                      str(caught.exception))

    def test_error_translated(self):
        """The error message goes through the given translation."""
        def french(source):
            """French for the zip error, the source otherwise."""
            if source.startswith('Invalid zip prefix %(tokens)s'):
                return 'Préfixe invalide %(tokens)s.'
            return source
        with self.assertRaises(ValueError) as caught:
            sourcing.parse_zip_prefixes('**', translate=french)
        self.assertEqual(str(caught.exception), 'Préfixe invalide "**".')


class TestExpandCategories(unittest.TestCase):
    """Product category conditions include the child categories."""

    def test_descendants_included(self):
        """'Furniture' covers 'Office' and 'Desks' below it, not 'Food'."""
        parents = {1: False, 2: 1, 3: 2, 4: 1, 5: False}
        self.assertEqual(sourcing.expand_categories([2], parents), {2, 3})
        self.assertEqual(sourcing.expand_categories([1], parents),
                         {1, 2, 3, 4})
        self.assertEqual(sourcing.expand_categories([], parents), set())

    def test_cycle_is_safe(self):
        """A (corrupt) cycle in the category tree does not loop forever."""
        self.assertEqual(sourcing.expand_categories([1], {1: 2, 2: 1}),
                         {1, 2})


class TestMatchRule(unittest.TestCase):
    """Which rule decides a line."""

    order = OrderFacts(country_id=FRANCE, state_id=12, zip='69 003',
                       partner_category_ids=[7, 8], team_id=4,
                       entry_channel='web')
    desk = line(product_id=DESK, categ_id=5)

    def assertMatches(self, expected, **conditions):
        """Assert whether a rule with ``conditions`` matches the desk."""
        found = sourcing.match_rule([rule(**conditions)], self.desk,
                                    self.order)
        self.assertEqual(found is not None, expected, conditions)

    def test_empty_conditions_match_anything(self):
        """A rule without conditions serves every line of every order."""
        self.assertMatches(True)
        found = sourcing.match_rule([rule()], line(), OrderFacts())
        self.assertEqual(found.id, 1)

    def test_each_condition_kind(self):
        """Each condition matches the right value and rejects others."""
        cases = [
            ('country_ids', [FRANCE, GERMANY], [GERMANY]),
            ('state_ids', [12], [13]),
            ('zip_prefixes', ['75', '69'], ['75']),
            ('partner_category_ids', [8, 9], [9]),
            ('team_ids', [4], [5]),
            ('product_categ_ids', [5, 6], [6]),
            ('product_ids', [DESK], [CHAIR]),
            ('entry_channels', ['web', 'edi'], ['edi']),
        ]
        for condition, accepting, rejecting in cases:
            with self.subTest(condition=condition):
                self.assertMatches(True, **{condition: accepting})
                self.assertMatches(False, **{condition: rejecting})
        self.assertEqual(
            set(case[0] for case in cases), set(sourcing.CONDITIONS))

    def test_all_set_conditions_must_match(self):
        """Right country but another product: the rule does not apply."""
        self.assertMatches(True, country_ids=[FRANCE], product_ids=[DESK])
        self.assertMatches(False, country_ids=[FRANCE], product_ids=[CHAIR])

    def test_unset_order_facts(self):
        """An order without address, team or channel fails those rules."""
        bare = OrderFacts(country_id=False, state_id=False, zip=False,
                          partner_category_ids=[], team_id=False,
                          entry_channel=False)
        for condition, value in [('country_ids', [FRANCE]),
                                 ('state_ids', [12]),
                                 ('zip_prefixes', ['69']),
                                 ('partner_category_ids', [7]),
                                 ('team_ids', [4]),
                                 ('entry_channels', ['web'])]:
            with self.subTest(condition=condition):
                found = sourcing.match_rule([rule(**{condition: value})],
                                            self.desk, bare)
                self.assertIsNone(found)

    def test_zip_prefix_normalized(self):
        """'sw1a' matches the London zip 'SW1A 1AA' typed in lower case."""
        london = OrderFacts(zip=' sw1a 1aa')
        for prefixes, expected in [(['SW1A'], True), (['sw1a 1'], True),
                                   (['SW1B'], False), (['1AA'], False)]:
            with self.subTest(prefixes=prefixes):
                found = sourcing.match_rule(
                    [rule(zip_prefixes=prefixes)], self.desk, london)
                self.assertEqual(found is not None, expected)

    def test_zip_prefix_hyphen_is_literal(self):
        """Prefix '69-' matches '69-003' but not '69003'."""
        with_hyphen = rule(zip_prefixes=['69-'])
        self.assertIsNotNone(sourcing.match_rule(
            [with_hyphen], self.desk, OrderFacts(zip='69-003')))
        self.assertIsNone(sourcing.match_rule(
            [with_hyphen], self.desk, OrderFacts(zip='69003')))

    def test_expanded_category_matches_child(self):
        """A rule on 'Furniture' applies to a desk of the 'Desks' child."""
        furniture = sourcing.expand_categories([1], {1: None, 5: 1})
        self.assertMatches(True, product_categ_ids=furniture)

    def test_lower_sequence_wins(self):
        """Of two matching rules, the one with the lower sequence decides."""
        late = rule(id=1, name='Late', sequence=20)
        early = rule(id=2, name='Early', sequence=5)
        self.assertEqual(
            sourcing.match_rule([late, early], self.desk, self.order).name,
            'Early')

    def test_same_sequence_lower_id_wins(self):
        """Equal sequences: the older rule (lower id) decides."""
        newer = rule(id=8, name='Newer')
        older = rule(id=3, name='Older')
        self.assertEqual(
            sourcing.match_rule([newer, older], self.desk, self.order).name,
            'Older')

    def test_first_matching_not_first_rule(self):
        """A non-matching earlier rule is skipped for the next matching."""
        germany = rule(id=1, sequence=1, name='DE', country_ids=[GERMANY])
        france = rule(id=2, sequence=2, name='FR', country_ids=[FRANCE])
        self.assertEqual(
            sourcing.match_rule([germany, france], self.desk,
                                self.order).name, 'FR')

    def test_rule_without_candidates_skipped(self):
        """A rule with no warehouse to ship from cannot decide a line."""
        empty = rule(id=1, sequence=1, name='Empty', warehouses=[])
        other = rule(id=2, sequence=2, name='Other')
        self.assertEqual(
            sourcing.match_rule([empty, other], self.desk, self.order).name,
            'Other')

    def test_no_rule(self):
        """No rules, or none matching: no rule decides."""
        self.assertIsNone(sourcing.match_rule([], self.desk, self.order))
        self.assertIsNone(sourcing.match_rule(
            [rule(country_ids=[GERMANY])], self.desk, self.order))


class TestStrategies(unittest.TestCase):
    """Warehouses and reasons of each strategy on a 10-desk line."""

    def test_fixed_ignores_stock_elsewhere(self):
        """Fixed rule: Berlin ships even if only Lyon has desks."""
        result = allocate([line()], [rule(strategy='fixed')],
                          {(LYON[0], DESK): 50.0})
        self.assertEqual(shipped(result[1]), [('WH Berlin', 10.0, 0.0)])
        self.assertEqual(
            result[1][0].reason,
            "Rule 'EU customers': always from WH Berlin, which has none in "
            "stock; the backorder policy applies to all 10.")

    def test_fixed_with_stock(self):
        """Fixed rule with enough stock says it has everything."""
        result = allocate([line()], [rule(strategy='fixed')],
                          {(BERLIN[0], DESK): 12.0})
        self.assertEqual(shipped(result[1]), [('WH Berlin', 10.0, 10.0)])
        self.assertEqual(result[1][0].reason,
                         "Rule 'EU customers': always from WH Berlin, which "
                         "has all 10.")

    def test_fixed_partial_stock(self):
        """Fixed rule, Berlin has 4 of 10: the reason names the missing 6."""
        result = allocate([line()], [rule(strategy='fixed')],
                          {(BERLIN[0], DESK): 4.0})
        self.assertEqual(shipped(result[1]), [('WH Berlin', 10.0, 4.0)])
        self.assertEqual(
            result[1][0].reason,
            "Rule 'EU customers': always from WH Berlin, which has 4 of 10; "
            "the backorder policy applies to the missing 6.")

    def test_priority_first_candidate(self):
        """Priority: Berlin has all 10 desks, so Berlin ships."""
        result = allocate([line()], [rule(strategy='priority')],
                          {(BERLIN[0], DESK): 10.0, (LYON[0], DESK): 50.0})
        self.assertEqual(shipped(result[1]), [('WH Berlin', 10.0, 10.0)])
        self.assertEqual(result[1][0].reason,
                         "Rule 'EU customers': WH Berlin has all 10.")

    def test_priority_falls_back(self):
        """Priority: Berlin 4, Lyon none, Paris 12: Paris ships all 10."""
        priority = rule(strategy='priority', warehouses=[BERLIN, LYON, PARIS])
        result = allocate([line()], [priority],
                          {(BERLIN[0], DESK): 4.0, (PARIS[0], DESK): 12.0})
        self.assertEqual(shipped(result[1]), [('WH Paris', 10.0, 10.0)])
        self.assertEqual(
            result[1][0].reason,
            "Rule 'EU customers': WH Berlin had 4 of 10, WH Lyon had none; "
            "all 10 from WH Paris.")

    def test_priority_none_has_enough(self):
        """Priority: nobody has 10, the first candidate ships (backorder)."""
        result = allocate([line()], [rule(strategy='priority')],
                          {(BERLIN[0], DESK): 4.0, (LYON[0], DESK): 9.0})
        self.assertEqual(shipped(result[1]), [('WH Berlin', 10.0, 4.0)])
        self.assertEqual(
            result[1][0].reason,
            "Rule 'EU customers': no candidate had all 10 (WH Berlin had 4 "
            "of 10, WH Lyon had 9 of 10); ships from WH Berlin, the "
            "backorder policy applies to the missing 6.")

    def test_split_two_warehouses(self):
        """Split: Berlin has 4, the remaining 6 come from Lyon."""
        result = allocate([line()], [rule(strategy='split')],
                          {(BERLIN[0], DESK): 4.0, (LYON[0], DESK): 20.0})
        self.assertEqual(shipped(result[1]),
                         [('WH Berlin', 4.0, 4.0), ('WH Lyon', 6.0, 6.0)])
        self.assertEqual(
            result[1][0].reason,
            "Rule 'EU customers': WH Berlin had 4 of 10, the remaining 6 "
            "from WH Lyon.")

    def test_split_three_warehouses(self):
        """Split: 4 from Berlin, 3 from Lyon, the remaining 3 from Paris."""
        split = rule(strategy='split', warehouses=[BERLIN, LYON, PARIS])
        result = allocate([line()], [split],
                          {(BERLIN[0], DESK): 4.0, (LYON[0], DESK): 3.0,
                           (PARIS[0], DESK): 30.0})
        self.assertEqual(shipped(result[1]),
                         [('WH Berlin', 4.0, 4.0), ('WH Lyon', 3.0, 3.0),
                          ('WH Paris', 3.0, 3.0)])
        self.assertEqual(
            result[1][0].reason,
            "Rule 'EU customers': WH Berlin had 4 of 10, WH Lyon had 3, the "
            "remaining 3 from WH Paris.")
        self.assertEqual(set(a.rule_id for a in result[1]), {1})
        self.assertEqual(len(set(a.reason for a in result[1])), 1)

    def test_split_first_has_nothing(self):
        """Split: Berlin empty, Lyon 4, Paris the rest; Berlin not listed."""
        split = rule(strategy='split', warehouses=[BERLIN, LYON, PARIS])
        result = allocate([line()], [split],
                          {(LYON[0], DESK): 4.0, (PARIS[0], DESK): 30.0})
        self.assertEqual(shipped(result[1]),
                         [('WH Lyon', 4.0, 4.0), ('WH Paris', 6.0, 6.0)])
        self.assertEqual(
            result[1][0].reason,
            "Rule 'EU customers': WH Berlin had none, WH Lyon had 4 of 10, "
            "the remaining 6 from WH Paris.")

    def test_split_single_source_later(self):
        """Split: Berlin empty, Lyon has all: 'all 10 from WH Lyon'."""
        result = allocate([line()], [rule(strategy='split')],
                          {(LYON[0], DESK): 10.0})
        self.assertEqual(shipped(result[1]), [('WH Lyon', 10.0, 10.0)])
        self.assertEqual(
            result[1][0].reason,
            "Rule 'EU customers': WH Berlin had none, all 10 from WH Lyon.")

    def test_split_partial_stock_merges_remainder(self):
        """Split short: the missing 3 join Berlin's 4 in one allocation."""
        split = rule(strategy='split', warehouses=[BERLIN, LYON, PARIS])
        result = allocate([line()], [split],
                          {(BERLIN[0], DESK): 4.0, (LYON[0], DESK): 3.0})
        self.assertEqual(shipped(result[1]),
                         [('WH Berlin', 7.0, 4.0), ('WH Lyon', 3.0, 3.0)])
        self.assertEqual(
            result[1][0].reason,
            "Rule 'EU customers': WH Berlin had 4 of 10, WH Lyon had 3, WH "
            "Paris had none; the missing 3 go to WH Berlin, the backorder "
            "policy applies.")

    def test_split_remainder_to_empty_first(self):
        """Split short with Berlin empty: the missing part still on Berlin."""
        result = allocate([line()], [rule(strategy='split')],
                          {(LYON[0], DESK): 3.0})
        self.assertEqual(shipped(result[1]),
                         [('WH Berlin', 7.0, 0.0), ('WH Lyon', 3.0, 3.0)])

    def test_no_stock_anywhere(self):
        """No desk anywhere: each strategy ships from Berlin, saying why."""
        reasons = {
            'fixed': "Rule 'EU customers': always from WH Berlin, which has "
                     "none in stock; the backorder policy applies to all 10.",
            'priority': "Rule 'EU customers': no candidate had all 10 (WH "
                        "Berlin had none, WH Lyon had none); ships from WH "
                        "Berlin, the backorder policy applies to the missing "
                        "10.",
            'split': "Rule 'EU customers': no candidate has any in stock (WH "
                     "Berlin, WH Lyon); all 10 go to WH Berlin, the "
                     "backorder policy applies.",
        }
        for strategy in sourcing.STRATEGIES:
            with self.subTest(strategy=strategy):
                result = allocate([line()], [rule(strategy=strategy)], {})
                self.assertEqual(shipped(result[1]),
                                 [('WH Berlin', 10.0, 0.0)])
                self.assertEqual(result[1][0].reason, reasons[strategy])

    def test_no_rule_matched(self):
        """No rule for this customer: the order's warehouse, as in Odoo."""
        result = allocate([line()], [rule(country_ids=[FRANCE])],
                          {(BERLIN[0], DESK): 10.0, (HOME[0], DESK): 3.0})
        self.assertEqual(shipped(result[1]), [('WH Home', 10.0, 3.0)])
        self.assertIsNone(result[1][0].rule_id)
        self.assertEqual(
            result[1][0].reason,
            "No sourcing rule matched: ships from the order's warehouse WH "
            "Home.")

    def test_unknown_strategy(self):
        """A rule with a strategy the engine does not know is an error."""
        with self.assertRaises(ValueError):
            allocate([line()], [rule(strategy='cheapest')], {})

    def test_duplicate_candidate(self):
        """Berlin listed twice is used once, never two allocations."""
        split = rule(strategy='split', warehouses=[BERLIN, LYON, BERLIN])
        result = allocate([line()], [split], {(BERLIN[0], DESK): 4.0})
        self.assertEqual(shipped(result[1]),
                         [('WH Berlin', 10.0, 4.0)])


class TestOrderAllocation(unittest.TestCase):
    """Allocating a whole order: stock shared by its lines."""

    def test_lines_compete_split(self):
        """Two lines of 6 desks, Berlin has 8: the second gets 2 + 4 Lyon."""
        free = {(BERLIN[0], DESK): 8.0, (LYON[0], DESK): 10.0}
        result = allocate([line(1, qty=6.0), line(2, qty=6.0)],
                          [rule(strategy='split')], free)
        self.assertEqual(shipped(result[1]), [('WH Berlin', 6.0, 6.0)])
        self.assertEqual(shipped(result[2]),
                         [('WH Berlin', 2.0, 2.0), ('WH Lyon', 4.0, 4.0)])
        self.assertEqual(
            result[2][0].reason,
            "Rule 'EU customers': WH Berlin had 2 of 6, the remaining 4 "
            "from WH Lyon.")

    def test_lines_compete_priority(self):
        """Three lines of 5 desks, Berlin 12, Lyon 5: Berlin, Berlin, Lyon."""
        free = {(BERLIN[0], DESK): 12.0, (LYON[0], DESK): 5.0}
        result = allocate([line(key, qty=5.0) for key in (1, 2, 3)],
                          [rule(strategy='priority')], free)
        self.assertEqual([shipped(result[key]) for key in (1, 2, 3)],
                         [[('WH Berlin', 5.0, 5.0)],
                          [('WH Berlin', 5.0, 5.0)],
                          [('WH Lyon', 5.0, 5.0)]])

    def test_stock_exhausted_by_earlier_line(self):
        """The first line takes all Berlin has; the second finds none."""
        free = {(BERLIN[0], DESK): 10.0}
        result = allocate([line(1), line(2)], [rule(strategy='fixed')], free)
        self.assertEqual(shipped(result[1]), [('WH Berlin', 10.0, 10.0)])
        self.assertEqual(shipped(result[2]), [('WH Berlin', 10.0, 0.0)])

    def test_unmatched_lines_compete(self):
        """Two chair lines without rule share the 5 chairs of WH Home."""
        result = allocate([line(1, CHAIR, 4.0), line(2, CHAIR, 4.0)],
                          [rule(product_ids=[DESK])], {(HOME[0], CHAIR): 5.0})
        self.assertEqual(shipped(result[1]), [('WH Home', 4.0, 4.0)])
        self.assertEqual(shipped(result[2]), [('WH Home', 4.0, 1.0)])

    def test_other_products_do_not_compete(self):
        """Desks and chairs in Berlin are counted separately."""
        free = {(BERLIN[0], DESK): 5.0, (BERLIN[0], CHAIR): 5.0}
        result = allocate([line(1, DESK, 5.0), line(2, CHAIR, 5.0)],
                          [rule(strategy='priority')], free)
        self.assertEqual(shipped(result[2]), [('WH Berlin', 5.0, 5.0)])

    def test_rules_per_line(self):
        """Desks follow the desk rule, chairs fall to the general rule."""
        desks = rule(id=1, sequence=1, name='Desks', product_ids=[DESK],
                     warehouses=[PARIS])
        general = rule(id=2, sequence=2, name='General')
        result = allocate([line(1, DESK, 1.0), line(2, CHAIR, 1.0)],
                          [general, desks], {})
        self.assertEqual([result[1][0].rule_id, result[2][0].rule_id],
                         [1, 2])
        self.assertEqual(result[1][0].warehouse_name, 'WH Paris')

    def test_line_order_and_empty_lines(self):
        """Lines keep their order; zero or negative lines get nothing."""
        lines = [line(3, qty=1.0), line(1, qty=0.0), line(2, qty=-2.0)]
        result = allocate(lines, [rule()], {})
        self.assertEqual(list(result), [3, 1, 2])
        self.assertEqual(result[1], [])
        self.assertEqual(result[2], [])

    def test_inputs_not_mutated(self):
        """Allocating twice gives the same result: inputs are untouched."""
        free = {(BERLIN[0], DESK): 4.0, (LYON[0], DESK): 3.0}
        rules = [rule(id=2, sequence=9, strategy='split'),
                 rule(id=1, sequence=1, strategy='split',
                      country_ids=[FRANCE])]
        lines = [line(1), line(2)]
        before = copy.deepcopy((free, rules, lines))
        first = allocate(lines, rules, free)
        self.assertEqual((free, rules, lines), before)
        self.assertEqual(allocate(lines, rules, free), first)

    def test_over_reserved_stock_counts_as_none(self):
        """More reserved than on hand (negative free) means nothing free."""
        result = allocate([line()], [rule(strategy='split')],
                          {(BERLIN[0], DESK): -5.0, (LYON[0], DESK): 10.0})
        self.assertEqual(shipped(result[1]), [('WH Lyon', 10.0, 10.0)])

    def test_translated_reason(self):
        """Reasons go through the given translation."""
        template = ("No sourcing rule matched: ships from the order's "
                    "warehouse %(wh)s.")
        french = {template: "Aucune règle : entrepôt de la commande %(wh)s."}
        result = allocate([line()], [], {},
                          translate=lambda src: french.get(src, src))
        self.assertEqual(result[1][0].reason,
                         "Aucune règle : entrepôt de la commande WH Home.")


class TestRounding(unittest.TestCase):
    """Float quantities never leave dust or zero allocations."""

    def test_float_subtraction_dust(self):
        """10 - 3.3 ships exactly 6.7 from Lyon, not 6.699999..."""
        result = allocate([line()], [rule(strategy='split')],
                          {(BERLIN[0], DESK): 3.3, (LYON[0], DESK): 50.0})
        self.assertEqual(shipped(result[1]),
                         [('WH Berlin', 3.3, 3.3), ('WH Lyon', 6.7, 6.7)])
        self.assertIn('WH Berlin had 3.3 of 10, the remaining 6.7 from WH '
                      'Lyon', result[1][0].reason)

    def test_consumed_stock_dust(self):
        """0.1 then 0.2 kg from 0.3 kg in Berlin: both fit in Berlin."""
        result = allocate([line(1, qty=0.1), line(2, qty=0.2)],
                          [rule(strategy='priority')],
                          {(BERLIN[0], DESK): 0.3})
        self.assertEqual(shipped(result[2]), [('WH Berlin', 0.2, 0.2)])

    def test_below_precision_is_nothing(self):
        """Stock of 0.0004 is none; a 0.0004 line gets no allocation."""
        result = allocate([line(1, qty=0.0004), line(2, qty=1.0)],
                          [rule(strategy='split')],
                          {(BERLIN[0], DESK): 0.0004, (LYON[0], DESK): 1.0})
        self.assertEqual(result[1], [])
        self.assertEqual(shipped(result[2]), [('WH Lyon', 1.0, 1.0)])
        self.assertEqual(
            result[2][0].reason,
            "Rule 'EU customers': WH Berlin had none, all 1 from WH Lyon.")

    def test_remainder_below_precision_dropped(self):
        """Berlin has 9.9996 of 10: no 0.0004 dust allocation on Lyon."""
        result = allocate([line()], [rule(strategy='split')],
                          {(BERLIN[0], DESK): 9.9996, (LYON[0], DESK): 5.0})
        self.assertEqual(shipped(result[1]), [('WH Berlin', 10.0, 10.0)])

    def test_unit_precision(self):
        """With a precision of 1 (units), 2.4 rounds to 2 and 2.5 to 3."""
        result = allocate([line(1, qty=2.4), line(2, qty=2.5)],
                          [rule(strategy='fixed')], {}, precision=1)
        self.assertEqual([result[1][0].qty, result[2][0].qty], [2.0, 3.0])

    def test_bad_precision(self):
        """A zero or negative precision is refused."""
        for precision in (0, -0.01):
            with self.subTest(precision=precision):
                with self.assertRaises(ValueError):
                    allocate([line()], [rule()], {}, precision=precision)

    def test_random_orders_are_consistent(self):
        """300 random orders: lines covered, no dust, no stock overdrawn."""
        rand = random.Random(42)
        warehouses = [BERLIN, LYON, PARIS]
        for _run in range(300):
            free = {(wh[0], product): round(rand.uniform(-1, 8), 3)
                    for wh in warehouses for product in (DESK, CHAIR)}
            rules = [rule(id=index, sequence=rand.randint(1, 3),
                          strategy=rand.choice(sourcing.STRATEGIES),
                          warehouses=rand.sample(warehouses, 2),
                          product_ids=rand.choice([[], [DESK]]))
                     for index in range(3)]
            lines = [line(key, rand.choice([DESK, CHAIR]),
                          round(rand.uniform(0.001, 9), 3))
                     for key in range(5)]
            result = allocate(lines, rules, free)
            self.assertConsistent(lines, free, result)

    def assertConsistent(self, lines, free, result):
        """Check the invariants of one allocation result."""
        taken = {}
        for order_line in lines:
            allocations = result[order_line.key]
            self.assertAlmostEqual(sum(a.qty for a in allocations),
                                   order_line.qty, places=6)
            self.assertEqual(len(allocations),
                             len(set(a.warehouse_id for a in allocations)))
            for alloc in allocations:
                self.assertGreater(alloc.qty, 0)
                self.assertTrue(0 <= alloc.available_qty <= alloc.qty)
                key = (alloc.warehouse_id, order_line.product_id)
                taken[key] = taken.get(key, 0.0) + alloc.available_qty
        for key, qty in taken.items():
            self.assertLessEqual(qty, max(free.get(key, 0.0), 0.0) + 1e-9)


class TestSummarize(unittest.TestCase):
    """The chatter summary of an order's sourcing."""

    def test_order_summary(self):
        """Two deliveries, each line with its warehouses and reason."""
        free = {(BERLIN[0], DESK): 4.0, (LYON[0], DESK): 20.0}
        result = allocate([line(1), line(2, CHAIR, 2.0)],
                          [rule(strategy='split', product_ids=[DESK])], free)
        self.assertEqual(
            sourcing.summarize(result, {1: 'Desk', 2: 'Chair'}),
            "Sourcing: 3 deliveries (WH Berlin, WH Lyon, WH Home).\n"
            "- Desk: 4 from WH Berlin, 6 from WH Lyon. Rule 'EU customers': "
            "WH Berlin had 4 of 10, the remaining 6 from WH Lyon.\n"
            "- Chair: 2 from WH Home. No sourcing rule matched: ships from "
            "the order's warehouse WH Home.")

    def test_single_delivery_and_fallback_label(self):
        """One warehouse: '1 delivery'; no label shows the key."""
        result = allocate([line(7, qty=1.5), line(8, qty=0.0)],
                          [rule()], {})
        summary = sourcing.summarize(result)
        self.assertEqual(summary.splitlines()[0],
                         'Sourcing: 1 delivery (WH Berlin).')
        self.assertTrue(summary.splitlines()[1].startswith(
            '- 7: 1.5 from WH Berlin. '))
        self.assertEqual(len(summary.splitlines()), 2)

    def test_nothing(self):
        """An order with nothing to deliver says so."""
        self.assertEqual(sourcing.summarize({1: []}),
                         'Sourcing: nothing to deliver.')


class TestSubstitutes(unittest.TestCase):
    """Substitutes proposed when a line has no stock at all."""

    def test_offered_for_lines_without_stock(self):
        """Desks out of stock everywhere: the in-stock substitutes only."""
        result = allocate([line(1), line(2, CHAIR, 3.0)],
                          [rule(strategy='split')],
                          {(LYON[0], CHAIR): 1.0})
        candidates = {
            1: [(301, 'Desk oak', 0.0), (302, 'Desk pine', 5.0),
                (303, 'Desk steel', 0.0004)],
            2: [(401, 'Stool', 9.0)],
        }
        offers = sourcing.substitutes_to_offer(result, candidates)
        self.assertEqual(offers, {1: [sourcing.Substitute(302, 'Desk pine',
                                                          5.0)]})

    def test_nothing_in_stock_to_offer(self):
        """No substitute in stock, or none defined: nothing offered."""
        result = allocate([line(1), line(2)], [rule()], {})
        offers = sourcing.substitutes_to_offer(
            result, {1: [(301, 'Desk oak', 0.0)]})
        self.assertEqual(offers, {})


class TestDoctests(unittest.TestCase):
    """The examples in the module's documentation."""

    def test_doctests(self):
        """The documented examples still give the documented output."""
        failed, attempted = doctest.testmod(sourcing)
        self.assertGreater(attempted, 10)
        self.assertEqual(failed, 0)


if __name__ == '__main__':
    unittest.main()

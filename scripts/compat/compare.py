# Copyright 2026 sales_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Compare two pytest JUnit reports of Odoo's own suites: without the addon
(vanilla) and with it. ``compare.py VANILLA.xml ADDON.xml [BY_DESIGN.txt]``.

Prints both counts, lists the tests failing in vanilla too (this stack has
some), the differences by design (BY_DESIGN.txt: test id, tab, reason) and
the tests failing only with the addon; exits 1 when there is any of the
latter (a test passing in vanilla and failing, erroring or missing with the
addon, not listed as by design), else 0.
"""
import sys
import xml.etree.ElementTree as ElementTree


def test_id(case):
    """``addon.tests.module.Class::test`` (the JUnit class name carries the
    path pytest saw, e.g. through the virtualenv's folders)."""
    classname = case.get('classname')
    return '%s::%s' % (classname.split('odoo.addons.')[-1], case.get('name'))


def by_design(path):
    """{test id: reason} of the differences by design."""
    reasons = {}
    if path:
        with open(path) as source:
            for line in source:
                if line.strip() and not line.startswith('#'):
                    test, _tab, reason = line.rstrip('\n').partition('\t')
                    reasons[test.strip()] = reason.strip()
    return reasons


def outcomes(path):
    """{test id: 'passed' | 'failed' | 'skipped'} of a JUnit report."""
    result = {}
    for case in ElementTree.parse(path).getroot().iter('testcase'):
        tags = {child.tag for child in case}
        if tags & {'failure', 'error'}:
            outcome = 'failed'
        elif 'skipped' in tags:
            outcome = 'skipped'
        else:
            outcome = 'passed'
        # A test with an error at teardown appears twice: failed wins.
        if result.get(test_id(case)) != 'failed':
            result[test_id(case)] = outcome
    return result


def counts(results):
    return ', '.join('%d %s' % (
        sum(1 for outcome in results.values() if outcome == kind), kind)
        for kind in ('passed', 'failed', 'skipped'))


def main(vanilla_path, addon_path, design_path=None):
    vanilla, addon = outcomes(vanilla_path), outcomes(addon_path)
    designed = by_design(design_path)
    print('Odoo suites without the addon: %d tests: %s' % (
        len(vanilla), counts(vanilla)))
    print('Odoo suites with the addon:    %d tests: %s' % (
        len(addon), counts(addon)))
    vanilla_failing = sorted(
        test for test, outcome in vanilla.items() if outcome == 'failed')
    print('\nFailing without the addon too (%d; the stack\'s, not the '
          'addon\'s):' % len(vanilla_failing))
    for test in vanilla_failing:
        print('  %s%s' % (test, '' if addon.get(test) == 'failed' else
                          '  (%s with the addon)' % addon.get(
                              test, 'missing')))
    differing = sorted(
        test for test, outcome in vanilla.items()
        if outcome == 'passed' and addon.get(test, 'missing') in (
            'failed', 'missing'))
    print('\nDifferent by design (%d listed in %s):' % (
        len(designed), design_path))
    for test, reason in sorted(designed.items()):
        state = 'fails with the addon' if test in differing else \
            'NO LONGER DIFFERS (%s): remove it from the list' % addon.get(
                test, 'missing')
        print('  %s  (%s)\n      %s' % (test, state, reason))
    only_addon = [test for test in differing if test not in designed]
    print('\nFailing only with the addon: %d' % len(only_addon))
    for test in only_addon:
        print('  %s  (%s)' % (test, addon.get(test, 'missing')))
    return 1 if only_addon else 0


if __name__ == '__main__':
    sys.exit(main(*sys.argv[1:4]))

# Copyright 2026 sales_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Compare two pytest JUnit reports of Odoo's own suites: without the addon
(vanilla) and with it. ``compare.py VANILLA.xml ADDON.xml``.

Prints both counts, lists the tests failing in vanilla too (this stack has
some) and the tests failing only with the addon; exits 1 when there is any
of the latter (a test passing in vanilla and failing, erroring or missing
with the addon), else 0.
"""
import sys
import xml.etree.ElementTree as ElementTree


def outcomes(path):
    """{test id: 'passed' | 'failed' | 'skipped'} of a JUnit report."""
    result = {}
    for case in ElementTree.parse(path).getroot().iter('testcase'):
        test_id = '%s::%s' % (case.get('classname'), case.get('name'))
        tags = {child.tag for child in case}
        if tags & {'failure', 'error'}:
            outcome = 'failed'
        elif 'skipped' in tags:
            outcome = 'skipped'
        else:
            outcome = 'passed'
        # A test with an error at teardown appears twice: failed wins.
        if result.get(test_id) != 'failed':
            result[test_id] = outcome
    return result


def counts(results):
    return ', '.join('%d %s' % (
        sum(1 for outcome in results.values() if outcome == kind), kind)
        for kind in ('passed', 'failed', 'skipped'))


def main(vanilla_path, addon_path):
    vanilla, addon = outcomes(vanilla_path), outcomes(addon_path)
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
    only_addon = sorted(
        test for test, outcome in vanilla.items()
        if outcome == 'passed' and addon.get(test, 'missing') in (
            'failed', 'missing'))
    print('\nFailing only with the addon: %d' % len(only_addon))
    for test in only_addon:
        print('  %s  (%s)' % (test, addon.get(test, 'missing')))
    return 1 if only_addon else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1], sys.argv[2]))

"""pytest hooks of the repository (make test runs pytest with pytest-odoo)."""
import sys

CORPUS = 'odoo.addons.sales_order_mgmt.tests.test_bad_input'


def pytest_terminal_summary(terminalreporter):
    """Print how many bad-input cases the corpus tried (issue 11)."""
    module = sys.modules.get(CORPUS)
    if module is None:
        return
    counts = [(cls.__name__, cls.tried) for cls in (
        module.TestBadInputCorpus, module.TestPortalSignBadInput)]
    terminalreporter.write_line('Bad-input corpus: %d cases tried (%s)' % (
        sum(count for _name, count in counts),
        ', '.join('%s %d' % pair for pair in counts)))

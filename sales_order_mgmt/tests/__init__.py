# pytest (make test) collects test_*.py itself; Odoo's own runner
# (--test-enable) uses these imports.
from . import test_order_flow
from . import test_browser_smoke
from . import test_checks
from . import test_checks_mass
from . import test_engine_checks
from . import test_checks_browser

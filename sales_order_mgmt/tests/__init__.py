# pytest (make test) collects test_*.py itself; Odoo's own runner
# (--test-enable) uses these imports.
from . import test_order_flow
from . import test_browser_smoke
from . import test_signature
from . import test_signature_pdf
from . import test_signature_browser

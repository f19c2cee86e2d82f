# pytest (make test) collects test_*.py itself; Odoo's own runner
# (--test-enable) uses these imports.
from . import test_order_flow
from . import test_browser_smoke
from . import test_documents_xlsx
from . import test_documents_pdf
from . import test_engine_spreadsheet
from . import test_documents_browser

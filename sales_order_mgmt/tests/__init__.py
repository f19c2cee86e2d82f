# pytest (make test) collects test_*.py itself; Odoo's own runner
# (--test-enable) uses these imports.
from . import test_order_flow
from . import test_browser_smoke
from . import test_concurrency
from . import test_access_matrix
from . import test_sourcing
from . import test_sourcing_browser
from . import test_backorder
from . import test_engine_fulfilment
from . import test_tracking
from . import test_tracking_browser
from . import test_terms
from . import test_terms_browser
from . import test_signature
from . import test_signature_pdf
from . import test_signature_browser
from . import test_bad_input
from . import test_checks
from . import test_checks_mass
from . import test_engine_checks
from . import test_checks_browser
from . import test_checks_dependent
from . import test_documents_xlsx
from . import test_documents_pdf
from . import test_engine_spreadsheet
from . import test_documents_browser
from . import test_coexistence

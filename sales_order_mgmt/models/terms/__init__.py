# Copyright 2026 sales_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Terms & conditions: templates chosen by rules, rendered on quotes and
invoices, versioned."""
from . import sale_order
from . import account_invoice
from . import sale_order_line
from . import sale_terms_template
from . import sale_terms_template_version
from . import ir_translation

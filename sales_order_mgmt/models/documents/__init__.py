# Copyright 2026 sales_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Documents: what the PDFs and the accounting export read."""
from . import sale_order
from . import account_invoice
from . import sale_accounting_export_state

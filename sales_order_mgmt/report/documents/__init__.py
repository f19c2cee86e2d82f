# Copyright 2026 sales_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Documents: XLSX reports (accounting export, order)."""
from . import sale_accounting_export_xlsx
from . import sale_order_xlsx

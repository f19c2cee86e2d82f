# Copyright 2026 sales_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Background work: the export wizard hands large exports to a job."""
from . import sale_accounting_export

# Copyright 2026 sales_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
# Report models (XLSX reports on OCA report_xlsx), one package per capability.
from . import tracking
from . import documents

# Copyright 2026 sales_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Tracking: the Fulfilment analysis (pivot/graph)."""
from . import sale_fulfilment_report

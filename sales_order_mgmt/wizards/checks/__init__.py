# Copyright 2026 sales_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Checks: confirm anyway, with a reason."""
from . import sale_check_override_wizard

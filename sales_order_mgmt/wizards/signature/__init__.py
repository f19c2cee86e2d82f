# Copyright 2026 sales_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Signature: the back-office signing pad."""
from . import sale_order_sign_wizard

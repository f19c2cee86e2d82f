# Copyright 2026 sales_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Shared by the portal routes: their own context, the order of a token."""
from . import portal_access

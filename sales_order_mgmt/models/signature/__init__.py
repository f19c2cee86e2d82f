# Copyright 2026 sales_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Signature: the customer signs the quote (back office or portal link),
bound to a hash of what was signed."""
from . import res_company
from . import res_partner
from . import sale_order
from . import ir_attachment

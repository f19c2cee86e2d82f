# Copyright 2026 sales_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""After-sale: a new carrier token, shown once."""
from . import sale_carrier_token_show

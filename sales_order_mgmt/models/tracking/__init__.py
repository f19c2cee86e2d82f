# Copyright 2026 sales_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Tracking: entry channels, fulfilment figures of each order (state,
dates, on-time, fill rate) and the shipment notice."""
from . import sale_entry_channel
from . import res_users
from . import res_company
from . import sale_order
from . import stock_picking
from . import sale_order_line
from . import stock_move

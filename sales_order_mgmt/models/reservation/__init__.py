# Copyright 2026 sales_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Reservation after confirmation: the stock a confirmed order reserves is
reserved in a short transaction of its own (a company setting)."""
from . import res_company
from . import stock_picking
from . import sale_order

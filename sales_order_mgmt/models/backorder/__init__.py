# Copyright 2026 sales_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Backorder policies: what a partial delivery does to the rest."""
from . import res_company
from . import res_partner
from . import sale_order
from . import stock_picking
from . import sale_backorder_policy
from . import stock_move

# Copyright 2026 sales_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""After-sale: delivered confirmation, returns and exchanges."""
from . import stock_picking
from . import sale_order
from . import sale_carrier_token
from . import res_company
from . import sale_return_reason
from . import sale_return
from . import sale_return_line

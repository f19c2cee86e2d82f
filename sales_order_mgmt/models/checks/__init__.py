# Copyright 2026 sales_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Order processing checks (OCA sale_exception rules) at confirmation."""
from . import res_partner
from . import sale_order
from . import sale_order_evaluation
from . import exception_rule

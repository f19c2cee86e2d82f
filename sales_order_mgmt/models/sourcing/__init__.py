# Copyright 2026 sales_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Sourcing rules: which warehouse ships each line, one delivery per
warehouse, substitutes."""
from . import sale_order
from . import sale_sourcing_rule
from . import sale_sourcing_rule_warehouse
from . import sale_order_line
from . import sale_order_line_sourcing_mixin
from . import sale_order_line_sourcing
from . import sale_order_line_substitute
from . import product_template
from . import product_product

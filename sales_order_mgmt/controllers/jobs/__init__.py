# Copyright 2026 sales_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Background work: the web client's Print menu hands many orders to a job."""
from . import report

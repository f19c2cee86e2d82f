# Copyright 2026 sales_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Background work (OCA queue_job): the task the user follows, and the
work that leaves the request (export, printing, backorder ageing)."""
from . import sale_job
from . import queue_job
from . import sale_job_export
from . import sale_order
from . import sale_job_print
from . import stock_picking
from . import sale_job_ageing

# Copyright 2026 sales_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
# HTTP controllers: portal routes check the access token before any sudo().
from . import support
from . import signature
from . import aftersale
from . import jobs

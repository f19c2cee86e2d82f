# Copyright 2026 sales_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
# Wizards (transient models), one package per capability.
from . import signature
from . import checks
from . import documents
from . import aftersale
from . import jobs

# Wizards (transient models) of sales_order_mgmt.
from . import sale_check_override_wizard

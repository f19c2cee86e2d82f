# Wizards (transient models) of sales_order_mgmt.
from . import sale_order_sign_wizard

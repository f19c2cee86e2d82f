# Wizards (transient models) of sales_order_mgmt.
from . import sale_accounting_export

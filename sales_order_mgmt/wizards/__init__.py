# Wizards (transient models) of sales_order_mgmt.
from . import sale_order_sign_wizard
from . import sale_check_override_wizard
from . import sale_accounting_export
from . import sale_accounting_export_job

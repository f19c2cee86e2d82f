# Models of sales_order_mgmt, one file per model.
from . import res_company
from . import res_partner
from . import sale_order
from . import stock_picking
from . import account_invoice
from . import sale_entry_channel
from . import res_users
from . import sale_accounting_export_state

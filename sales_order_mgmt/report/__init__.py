# Report models of sales_order_mgmt (XLSX reports on OCA report_xlsx).
from . import sale_fulfilment_report
from . import sale_accounting_export_xlsx
from . import sale_order_xlsx

# Report models of sales_order_mgmt (XLSX reports on OCA report_xlsx).
from . import sale_fulfilment_report

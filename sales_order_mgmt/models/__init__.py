# Models of sales_order_mgmt, one file per model.
# Models whose columns others' defaults read come first (res.users before
# sale.order: a new order's entry channel defaults from its salesperson).
from . import sale_entry_channel
from . import res_users
from . import res_company
from . import res_partner
from . import mail_thread
from . import sale_order
from . import stock_picking
from . import account_invoice
from . import sale_sourcing_rule
from . import sale_order_line
from . import product_template
from . import sale_backorder_policy
from . import stock_move
from . import sale_terms_template
from . import ir_translation
from . import ir_attachment
from . import exception_rule
from . import sale_accounting_export_state
# After-sale (delivered, returns): wraps the tracking figures (delivered
# state) and stock.picking's validation (return receipts), so it comes last.
from . import aftersale_delivery
from . import sale_return
# Background work (queue_job): the task model first, then the work that can
# leave the request (export wizard, order printing, backorder ageing); they
# extend the models above.
from . import sale_job
from . import queue_job
from . import sale_job_export
from . import sale_job_print
from . import sale_job_ageing

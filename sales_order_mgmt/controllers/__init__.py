# HTTP controllers of sales_order_mgmt (portal routes check the access token
# before any sudo()).
from . import portal
from . import aftersale

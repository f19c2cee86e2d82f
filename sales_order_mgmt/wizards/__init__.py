# Wizards (transient models) of sales_order_mgmt.

# Models of sales_order_mgmt, one file per model.

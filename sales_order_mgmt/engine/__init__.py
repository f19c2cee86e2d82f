# Pure decision logic of sales_order_mgmt: plain functions over plain values.
# Nothing in this package imports odoo; models/ gathers records into plain
# values, calls these functions and applies their results (with reasons).
# _common holds the helpers several of them share (message rendering,
# rounding and formatting of quantities, dates, chunks).

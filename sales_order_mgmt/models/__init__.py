# Copyright 2026 sales_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Models of sales_order_mgmt: one package per capability.

Several capabilities extend the same Odoo model (sale.order, stock.picking,
res.partner...): each has its own class, and Odoo nests them in import
order, a later capability's override running first and reaching the
earlier ones through super(). The order below is that nesting.
"""
# Shared machinery and the defaults of the hooks between capabilities:
# first, so that every capability's override reaches them.
from . import support
# Innermost: its _action_confirm defers the fulfilment figures' refresh
# around Odoo's confirmation; its create/write keep the figures computed.
from . import tracking
# Picks and renders the terms on the quote's create/write and the invoice's.
from . import terms
# The order's policy on create/write; the decision on a partial delivery
# (its action_done wraps tracking's, which refreshes the figures once).
from . import backorder
# Its action_confirm allocates the lines to warehouses before Odoo confirms.
from . import sourcing
# Read-only helpers of the PDFs and the export: no override of Odoo's.
from . import documents
# Its action_confirm refuses an order without its required signature
# before sourcing allocates anything.
from . import signature
# Outermost action_confirm: a refused order reaches nothing else.
from . import checks
# Wraps the figures (delivered state) and the delivery validation (return
# receipts).
from . import aftersale
# Work that leaves the request (export, printing, ageing): extends the
# models above, no override of the order flow.
from . import jobs
# Outermost _action_confirm: keeps the reservation Odoo asks for during the
# confirmation for a transaction of its own (when the company says so).
from . import reservation

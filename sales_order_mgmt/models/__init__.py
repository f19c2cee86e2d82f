# Copyright 2026 sales_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Models of sales_order_mgmt: one package per capability.

Several capabilities extend the same Odoo model (sale.order, stock.picking,
res.partner...): each has its own class, and Odoo nests them in import
order, a later capability's override running first and reaching the
earlier ones through super(). The order below is that nesting.
"""
# Shared machinery (no capability of its own): imported first.
from . import support
# Tracking first: every later capability's confirmation and delivery hooks
# run inside its deferred refresh of the fulfilment figures.
from . import tracking
# Terms: rendered at create/write of the quote, before the backorder policy
# and the sourcing that the terms can mention.
from . import terms
# Backorder: the order's policy, given to the deliveries that sourcing makes.
from . import backorder
# Sourcing: wraps action_confirm to allocate lines to warehouses before
# Odoo launches the procurements.
from . import sourcing
# Documents: read-only helpers of the PDFs and the export.
from . import documents
# Signature: refuses a confirmation without the required signature; runs
# before sourcing/terms (wraps them), after the checks' verdict.
from . import signature
# Checks: outermost action_confirm: a refused order reaches nothing else.
from . import checks
# After-sale: wraps the tracking figures (delivered state) and the
# delivery validation (return receipts).
from . import aftersale
# Background work: extends the models above (printing, ageing, export).
from . import jobs

# Copyright 2026 sales_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Shared machinery: what an operation tells the code it calls
(transaction_state), what a client may not say through the context
(client_context), batch reads of configuration (config_reads), the
decision notes in the chatter (mail_thread)."""
from . import transaction_state
from . import client_context
from . import config_reads
from . import mail_thread
from . import sale_order

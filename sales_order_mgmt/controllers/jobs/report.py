# Copyright 2026 sales_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The web client's Print menu on many orders: a background task.

Odoo 11's *Print* menu downloads a PDF report through ``/report/download``
in the request: on more orders than the print threshold it would run past
``limit_time_real`` and be killed. For a PDF report of sale.order above the
threshold, the route starts the same background task as *Print PDF
(background when many)* instead and answers with a message the web client
shows (a warning dialog, as for any refusal of a download): the task is
under Sales > Background tasks, the file comes on it with an activity.
Everything else goes to Odoo's route unchanged.
"""
import json

from odoo import _, http
from odoo.exceptions import AccessError, UserError
from odoo.http import request, serialize_exception
from odoo.tools import html_escape

from odoo.addons.web.controllers.main import ReportController

PDF_PREFIX = '/report/pdf/'


def _requested_orders(data):
    """(report, sale.order records) of a PDF download of orders by id, or
    (None, None) for anything else (Odoo's route answers those)."""
    try:
        url, kind = json.loads(data)[:2]
        reportname, docids = url.split(PDF_PREFIX, 1)[1].split(
            '?', 1)[0].split('/', 1)
        ids = [int(value) for value in docids.split(',')]
    except (TypeError, ValueError, IndexError, AttributeError):
        return None, None
    if kind != 'qweb-pdf' or not ids:
        return None, None
    report = request.env['ir.actions.report']._get_report_from_name(
        reportname)
    if not report or report.model != 'sale.order':
        return None, None
    return report, request.env['sale.order'].browse(ids)


class ReportBackgroundController(ReportController):

    @http.route(['/report/download'], type='http', auth="user")
    def report_download(self, data, token):
        report, orders = _requested_orders(data)
        try:
            task = orders._print_pdf_background(report) if orders else None
        except (AccessError, UserError):
            # Odoo's route gives the same refusal, as its usual answer.
            task = None
        if not task:
            return super(ReportBackgroundController, self).report_download(
                data, token)
        message = _(
            '%(count)d documents are printed in the background, as the '
            'task "%(task)s": its progress is under Sales > Background '
            'tasks, and the file will be on it, with an activity for you, '
            'when it is done.') % {'count': len(orders), 'task': task.name}
        error = {'code': 200, 'message': 'Odoo Server Error',
                 'data': serialize_exception(UserError(message))}
        return request.make_response(html_escape(json.dumps(error)))

# Copyright 2026 sales_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""XLSX of the orders selected in the sales order list (Print > Orders
(XLSX)): one row per order with its amounts, entry channel and fulfilment
figures (ordered, delivered and invoiced quantities)."""
from collections import defaultdict

from odoo import _, models

from .sale_accounting_export_xlsx import (WORKBOOK_OPTIONS, SheetWriter,
                                          make_formats)


class SaleOrderXlsx(models.AbstractModel):
    _name = 'report.sales_order_mgmt.sale_order_xlsx'
    _inherit = 'report.report_xlsx.abstract'
    _description = 'Sales orders (XLSX)'

    def get_workbook_options(self):
        return dict(WORKBOOK_OPTIONS)

    def _fulfilment(self, orders):
        """{order id: (ordered, delivered, invoiced)}: one read_group."""
        figures = defaultdict(lambda: (0.0, 0.0, 0.0))
        for group in self.env['sale.order.line'].read_group(
                [('order_id', 'in', orders.ids)],
                ['order_id', 'product_uom_qty', 'qty_delivered',
                 'qty_invoiced'], ['order_id']):
            figures[group['order_id'][0]] = (
                group['product_uom_qty'], group['qty_delivered'],
                group['qty_invoiced'])
        return figures

    def generate_xlsx_report(self, workbook, data, objs):
        formats = make_formats(workbook)
        order_model = self.env['sale.order']
        orders = order_model.search_read(
            [('id', 'in', objs.ids)],
            ['name', 'partner_id', 'date_order', 'confirmation_date',
             'validity_date', 'user_id', 'entry_channel', 'state',
             'invoice_status', 'currency_id', 'amount_untaxed',
             'amount_tax', 'amount_total', 'client_order_ref'],
            order='date_order, name, id')
        labels = {
            name: dict(order_model._fields[name]._description_selection(
                self.env))
            for name in ('state', 'invoice_status', 'entry_channel')}
        fulfilment = self._fulfilment(objs)
        sheet = SheetWriter(workbook, formats, _('Orders'), [
            (_('Order'), 'text', 12), (_('Customer'), 'text', 30),
            (_('Customer reference'), 'text', 16),
            (_('Order date'), 'date', 11), (_('Confirmed on'), 'date', 11),
            (_('Valid until'), 'date', 11), (_('Salesperson'), 'text', 18),
            (_('Channel'), 'text', 10), (_('Status'), 'text', 14),
            (_('Invoice status'), 'text', 14), (_('Currency'), 'text', 9),
            (_('Untaxed'), 'money', 13), (_('Tax'), 'money', 12),
            (_('Total'), 'money', 13), (_('Ordered qty'), 'quantity', 11),
            (_('Delivered qty'), 'quantity', 11),
            (_('Invoiced qty'), 'quantity', 11),
            (_('Delivered (%)'), 'percent', 11),
        ])
        for order in orders:
            ordered, delivered, invoiced = fulfilment[order['id']]
            sheet.write_row([
                order['name'],
                order['partner_id'] and order['partner_id'][1],
                order['client_order_ref'],
                order['date_order'] and order['date_order'][:10],
                order['confirmation_date'] and
                order['confirmation_date'][:10],
                order['validity_date'],
                order['user_id'] and order['user_id'][1],
                labels['entry_channel'].get(order['entry_channel']),
                labels['state'].get(order['state']),
                labels['invoice_status'].get(order['invoice_status']),
                order['currency_id'] and order['currency_id'][1],
                order['amount_untaxed'], order['amount_tax'],
                order['amount_total'], ordered, delivered, invoiced,
                round(100.0 * delivered / ordered, 2) if ordered else 0.0,
            ])
        if not orders:
            sheet.write_note(_('No data: no order selected.'))
        single_currency = len({o['currency_id'] for o in orders}) == 1
        totals = {
            14: sum(fulfilment[o['id']][0] for o in orders),
            15: sum(fulfilment[o['id']][1] for o in orders),
            16: sum(fulfilment[o['id']][2] for o in orders),
        }
        if single_currency:
            totals.update({
                11: sum(o['amount_untaxed'] for o in orders),
                12: sum(o['amount_tax'] for o in orders),
                13: sum(o['amount_total'] for o in orders)})
        sheet.finish(totals if orders else None)

# Copyright 2026 sales_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""sale.fulfilment.report: one row per confirmed sales order with something
to deliver and warehouse it ships from, over the fulfilment figures stored
on `sale.order`.

Warehouse: where the order's deliveries leave from (the warehouse of their
operation type), the order's warehouse while it has none. An order shipped
from two warehouses has a row in each: it counts in each, with the
quantities of its lines shipped from there; its order-level rates
(fill rate, on-time, processing hours) are the order's.

Measures without data (fill rate and processing hours of orders not shipped
yet, on-time rate of open orders) are empty, never 0, in rows, cells and
totals alike.

KPI definitions (also in README and in the action's help):
- Orders: every confirmed order with deliverable products, cancelled ones
  included (fulfilment state `cancelled`);
- Fill rate: mean, over the orders that shipped at least once, of the share
  of the ordered quantity in the first shipment; open orders that did not
  ship yet do not count;
- On-time rate: share of the complete orders (shipped, or closed short after
  cancelling the remainder) whose last shipment left by the promised date;
  open and cancelled orders do not count;
- Processing hours: mean hours from confirmation to the first shipment, over
  the orders that shipped at least once;
- Backordered orders: orders where a backorder delivery was created;
- Cancelled remainder: quantity of closed-short orders never shipped.
- Order accuracy (after-sale): share of the complete orders with no return
  (not refused) of category wrong item, damaged or short requested within
  the company's window (default 30 days) of delivery (the last shipment
  when the order is not marked delivered); see engine/aftersale.py;
- Return rate: share of the complete orders with a return not refused;
- Resolution days: mean, over the orders with resolved returns, of the days
  from a return's request to its resolution;
- Return reason: reason of the order's first return not refused.
"""
from odoo import api, fields, models, tools

from ...engine.fulfilment import STATE_LABELS
from ...models.tracking.sale_entry_channel import ENTRY_CHANNELS


class SaleFulfilmentReport(models.Model):
    _name = 'sale.fulfilment.report'
    _description = 'Sales order fulfilment analysis'
    _auto = False
    _rec_name = 'order_id'
    _order = 'date desc, id desc'

    order_id = fields.Many2one('sale.order', readonly=True)
    date = fields.Datetime('Confirmation date', readonly=True)
    warehouse_id = fields.Many2one('stock.warehouse', readonly=True)
    entry_channel = fields.Selection(ENTRY_CHANNELS, 'Entry channel',
                                     readonly=True)
    partner_id = fields.Many2one('res.partner', 'Customer', readonly=True)
    user_id = fields.Many2one('res.users', 'Salesperson', readonly=True)
    team_id = fields.Many2one('crm.team', 'Sales channel', readonly=True)
    company_id = fields.Many2one('res.company', readonly=True)
    categ_id = fields.Many2one(
        'product.category', 'Product category', readonly=True,
        help='Category of the order line with the largest quantity.')
    fulfilment_state = fields.Selection(STATE_LABELS, 'Fulfilment',
                                        readonly=True)
    promised_date = fields.Datetime('Promised date', readonly=True)
    first_ship_date = fields.Datetime('First shipment', readonly=True)
    order_count = fields.Integer('Orders', readonly=True)
    fill_rate = fields.Float('Fill rate (%)', readonly=True,
                             group_operator='avg', digits=(16, 2))
    on_time_rate = fields.Float('On-time rate (%)', readonly=True,
                                group_operator='avg', digits=(16, 2))
    processing_hours = fields.Float('Processing hours', readonly=True,
                                    group_operator='avg', digits=(16, 2))
    backordered_count = fields.Integer('Backordered orders', readonly=True)
    cancelled_qty = fields.Float('Cancelled remainder qty', readonly=True)
    ordered_qty = fields.Float('Quantity to deliver', readonly=True)
    shipped_qty = fields.Float('Quantity shipped', readonly=True)
    # -- after-sale
    delivered_date = fields.Datetime('Delivered on', readonly=True)
    accuracy_rate = fields.Float(
        'Order accuracy (%)', readonly=True, group_operator='avg',
        digits=(16, 2))
    return_rate = fields.Float('Return rate (%)', readonly=True,
                               group_operator='avg', digits=(16, 2))
    resolution_days = fields.Float(
        'Return resolution days', readonly=True, group_operator='avg',
        digits=(16, 2))
    return_reason_id = fields.Many2one('sale.return.reason', 'Return reason',
                                       readonly=True)

    #: Averages that have no value for some rows (NULL in the view).
    OPTIONAL_MEASURES = ('fill_rate', 'on_time_rate', 'processing_hours',
                         'accuracy_rate', 'return_rate', 'resolution_days')

    @api.model
    def read_group(self, domain, fields, groupby, offset=0, limit=None,
                   orderby=False, lazy=True):
        """A measure whose rows all lack it (orders not shipped yet) is
        empty (False), not None, which the web client shows as 0.00; the
        totals are read_groups too, so they follow the cells."""
        groups = super(SaleFulfilmentReport, self).read_group(
            domain, fields, groupby, offset=offset, limit=limit,
            orderby=orderby, lazy=lazy)
        for group in groups:
            for name in self.OPTIONAL_MEASURES:
                if name in group and group[name] is None:
                    group[name] = False
        return groups

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute("""
            CREATE VIEW sale_fulfilment_report AS (
            SELECT so.id::bigint * 100000
                       + COALESCE(wh.warehouse_id, so.warehouse_id, 0) AS id,
                   so.id AS order_id,
                   so.confirmation_date AS date,
                   COALESCE(wh.warehouse_id, so.warehouse_id) AS warehouse_id,
                   so.entry_channel,
                   so.partner_id,
                   so.user_id,
                   so.team_id,
                   so.company_id,
                   main_line.categ_id,
                   so.fulfilment_state,
                   so.promised_date,
                   so.first_ship_date,
                   1 AS order_count,
                   CASE WHEN so.first_ship_date IS NOT NULL
                        THEN so.fill_rate END AS fill_rate,
                   CASE WHEN so.fulfilment_state IN
                             ('shipped', 'closed_short', 'delivered')
                        THEN CASE WHEN so.on_time THEN 100.0 ELSE 0.0 END
                   END AS on_time_rate,
                   CASE WHEN so.first_ship_date IS NOT NULL
                        THEN so.processing_hours END AS processing_hours,
                   CASE WHEN COALESCE(wh.warehouses, 1) > 1
                        THEN CASE WHEN wh.has_backorder THEN 1 ELSE 0 END
                        WHEN so.fulfilment_has_backorder THEN 1 ELSE 0 END
                        AS backordered_count,
                   CASE WHEN COALESCE(wh.warehouses, 1) > 1
                        THEN wh.cancelled_qty
                        ELSE so.fulfilment_cancelled_qty END AS cancelled_qty,
                   CASE WHEN COALESCE(wh.warehouses, 1) > 1
                        THEN wh.ordered_qty
                        ELSE so.fulfilment_ordered_qty END AS ordered_qty,
                   CASE WHEN COALESCE(wh.warehouses, 1) > 1
                        THEN wh.shipped_qty
                        ELSE so.fulfilment_shipped_qty END AS shipped_qty,
                   so.delivered_date,
                   CASE WHEN so.fulfilment_state IN
                             ('shipped', 'closed_short', 'delivered')
                        THEN CASE WHEN returns.inaccurate
                                  THEN 0.0 ELSE 100.0 END
                   END AS accuracy_rate,
                   CASE WHEN so.fulfilment_state IN
                             ('shipped', 'closed_short', 'delivered')
                        THEN CASE WHEN returns.returned
                                  THEN 100.0 ELSE 0.0 END
                   END AS return_rate,
                   returns.resolution_days,
                   returns.reason_id AS return_reason_id
              FROM sale_order so
              JOIN res_company company ON company.id = so.company_id
              LEFT JOIN LATERAL (
                    SELECT COUNT(*) > 0 AS returned,
                           COALESCE(BOOL_OR(
                               ret.category IN ('wrong_item', 'damaged',
                                                'short')
                               AND (COALESCE(so.delivered_date,
                                             so.last_ship_date) IS NULL
                                    OR ret.request_date <= COALESCE(
                                        so.delivered_date, so.last_ship_date)
                                       + make_interval(days => COALESCE(
                                           company.aftersale_accuracy_days,
                                           30)))), FALSE) AS inaccurate,
                           AVG(EXTRACT(EPOCH FROM ret.resolved_date
                                       - ret.request_date) / 86400.0)
                               FILTER (WHERE ret.state = 'resolved')
                               AS resolution_days,
                           (ARRAY_AGG(ret.reason_id ORDER BY ret.id))[1]
                               AS reason_id
                      FROM sale_return ret
                     WHERE ret.order_id = so.id AND ret.state != 'refused'
                  ) returns ON TRUE
              LEFT JOIN (
                    SELECT moves.*,
                           COUNT(*) OVER (PARTITION BY moves.order_id)
                               AS warehouses
                      FROM (
                        SELECT sol.order_id,
                               spt.warehouse_id,
                               SUM(sm.product_qty) AS ordered_qty,
                               SUM(CASE WHEN sm.state = 'done'
                                        THEN sm.product_qty ELSE 0 END)
                                   AS shipped_qty,
                               SUM(CASE WHEN sm.state = 'cancel'
                                        THEN sm.product_qty ELSE 0 END)
                                   AS cancelled_qty,
                               BOOL_OR(sp.backorder_id IS NOT NULL)
                                   AS has_backorder
                          FROM stock_move sm
                          JOIN sale_order_line sol ON sol.id = sm.sale_line_id
                          JOIN stock_picking_type spt
                            ON spt.id = sm.picking_type_id
                           AND spt.code = 'outgoing'
                          LEFT JOIN stock_picking sp ON sp.id = sm.picking_id
                      GROUP BY sol.order_id, spt.warehouse_id) moves
                  ) wh ON wh.order_id = so.id
              LEFT JOIN LATERAL (
                    SELECT pt.categ_id
                      FROM sale_order_line sol
                      JOIN product_product pp ON pp.id = sol.product_id
                      JOIN product_template pt ON pt.id = pp.product_tmpl_id
                     WHERE sol.order_id = so.id
                       AND pt.type IN ('product', 'consu')
                  ORDER BY sol.product_uom_qty DESC, sol.id
                     LIMIT 1) main_line ON TRUE
             WHERE so.fulfilment_state IS NOT NULL
            )""")

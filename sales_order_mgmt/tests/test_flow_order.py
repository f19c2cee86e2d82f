"""Smoke test: the whole sales flow works on this stack with the addon."""
from .common import SalesOrderCase


class TestOrderFlow(SalesOrderCase):

    @classmethod
    def setUpClass(cls):
        super(TestOrderFlow, cls).setUpClass()
        cls.set_stock(cls.desk, cls.main_warehouse, 10)
        cls.set_stock(cls.chair, cls.main_warehouse, 10)

    def test_quote_confirm_deliver_invoice(self):
        """A salesman's quote is confirmed, shipped in full and invoiced."""
        order = self.create_order(
            self.customer_de, [(self.desk, 2), (self.chair, 4)])
        self.assertEqual(order.state, 'draft')
        self.assertEqual(order.amount_untaxed, 2 * 500.0 + 4 * 120.0)

        order.action_confirm()
        self.assertEqual(order.state, 'sale')
        picking = order.picking_ids
        self.assertEqual(len(picking), 1, 'one delivery for the order')
        self.assertEqual(picking.picking_type_code, 'outgoing')
        self.assertEqual(
            sorted(picking.move_lines.mapped('product_uom_qty')), [2.0, 4.0])

        result = self.deliver(picking)
        self.assertIs(result, None, 'no wizard when everything ships')
        self.assertEqual(picking.state, 'done')
        self.assertEqual(
            order.order_line.mapped('qty_delivered'), [2.0, 4.0])
        self.assertEqual(order.invoice_status, 'to invoice')

        invoice = self.invoice_order(order)
        self.assertEqual(invoice.state, 'open')
        self.assertEqual(invoice.partner_id, self.customer_de)
        self.assertAlmostEqual(invoice.amount_total, order.amount_total)
        self.assertEqual(invoice.origin, order.name)
        self.assertEqual(order.invoice_status, 'invoiced')

    def test_partial_delivery_keeps_odoo_backorder_wizard(self):
        """Without any policy of ours, Odoo still asks about the backorder."""
        order = self.create_order(self.customer_fr, [(self.desk, 5)])
        order.action_confirm()
        result = self.deliver(order.picking_ids, {self.desk: 3})
        self.assertEqual(result['res_model'], 'stock.backorder.confirmation')

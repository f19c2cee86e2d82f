# Copyright 2026 sales_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.tools import float_compare


class SaleOrderSourcing(models.Model):
    """Where each line ships from; the work is done by sale.sourcing.rule
    (sale_sourcing_rule.py) and the pure engine/sourcing.py."""

    _inherit = 'sale.order'

    sourcing_ids = fields.One2many(
        'sale.order.line.sourcing', 'order_id',
        readonly=True, copy=False,
        help='Where each line ships from, and why (one delivery per '
             'warehouse).')
    sourcing_substitute_ids = fields.One2many(
        'sale.order.line.substitute', 'order_id',
        string='Substitutes in stock', readonly=True, copy=False)

    @api.multi
    def write(self, vals):
        result = super(SaleOrderSourcing, self).write(vals)
        if 'company_id' in vals:
            # The rows copy their order's company (record rules); sudo:
            # users only read them, the order's write is allowed here.
            for name in ('sourcing_ids', 'sourcing_substitute_ids'):
                self.mapped(name).sudo().write(
                    {'company_id': vals['company_id']})
        return result

    @api.multi
    def action_preview_sourcing(self):
        """Compute and store where each line would ship from (quotations
        only); stock is not touched."""
        rules = self.env['sale.sourcing.rule']
        rules._sourcing_check_quotations(self)
        rules._sourcing_store(self, rules._sourcing_allocate(self))
        return True

    @api.multi
    def action_confirm(self):
        """Recompute the sourcing, confirm (one delivery per warehouse, see
        sale.order.line._action_launch_procurement_rule), then post the
        sourcing summary on each confirmed order."""
        rules = self.env['sale.sourcing.rule']
        quotations = self.filtered(lambda o: o.state in ('draft', 'sent'))
        decided = rules._sourcing_allocate(quotations)
        rules._sourcing_store(quotations, decided)
        result = super(SaleOrderSourcing, self).action_confirm()
        rules._sourcing_post_summary(
            quotations.filtered(lambda o: o.state in ('sale', 'done')),
            decided)
        return result

    @api.multi
    def _sourcing_compute_allocations(self):
        """Where each order line would ship from, nothing written.

        :returns: ``{sale.order.line: [(stock.warehouse, qty,
            available_qty, sale.sourcing.rule (empty if none), reason),
            ...]}``, quantities in the line's unit of measure; lines that
            ship nothing (services, zero quantity) map to ``[]``. One batch
            of stock figures per order, whatever the number of rules.
        """
        result = {}
        decided = self.env['sale.sourcing.rule']._sourcing_allocate(self)
        for order_result in decided.values():
            result.update(order_result['lines'])
        return result

    @api.multi
    def _sourcing_shortages(self):
        """Hook of support (asked by the checks): per storable line, what
        the warehouses it would ship from cannot serve now."""
        result = super(SaleOrderSourcing, self)._sourcing_shortages()
        allocations = self._sourcing_compute_allocations()
        for line in self.mapped('order_line'):
            if line.product_id.type != 'product':
                continue
            rows = allocations.get(line) or []
            short = line.product_uom_qty - sum(
                min(row[1], row[2]) for row in rows)
            if float_compare(short, 0.0, precision_rounding=(
                    line.product_uom.rounding or 0.01)) > 0:
                result[line] = short
        return result

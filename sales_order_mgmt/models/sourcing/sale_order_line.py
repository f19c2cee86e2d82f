# Copyright 2026 sales_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare

from ...engine import sourcing as sourcing_engine
from ...engine._common import plain_qty
from ..support import client_context


class SaleOrderLineSourcing(models.Model):
    _inherit = 'sale.order.line'

    sourcing_rule_id = fields.Many2one(
        'sale.sourcing.rule', string='Sourcing rule', readonly=True,
        copy=False, ondelete='set null',
        help='The sourcing rule that decided where this line ships from; '
             'empty when no rule matched (the order\'s warehouse ships).')
    sourcing_ids = fields.One2many(
        'sale.order.line.sourcing', 'line_id',
        readonly=True, copy=False)

    # What the stock warning of a line being entered already said (the
    # product and warehouses), kept by the web client between onchanges:
    # not stored, never read outside the availability onchange.
    sourcing_stock_warned = fields.Char(store=False)

    @api.onchange('product_uom_qty', 'product_uom', 'route_id')
    def _onchange_product_id_check_availability(self):
        """Odoo warns about the order's header warehouse; a line a sourcing
        rule ships from other warehouses is checked against those: one
        warning per line naming them (not again while the line is entered
        and its product and warehouses stay the same), none when they have
        enough."""
        warning = self._sourcing_availability_warning()
        if warning is None:
            return super(SaleOrderLineSourcing, self)\
                ._onchange_product_id_check_availability()
        if not warning:
            return warning
        key = warning.pop('key')
        if self.sourcing_stock_warned == key:
            return {}
        self.sourcing_stock_warned = key
        return warning

    @api.onchange('product_id')
    def _onchange_product_id_uom_check_availability(self):
        """Odoo's runs the availability check when the product is chosen
        and drops its warning (the unit's onchange then gives it): a line a
        sourcing rule decides is warned here, once (the unit's onchange
        that follows in the same call finds it said)."""
        if not self.product_uom or self.product_id.uom_id.category_id != \
                self.product_uom.category_id:
            self.product_uom = self.product_id.uom_id
        if self._sourcing_availability_warning() is None:
            return super(SaleOrderLineSourcing, self)\
                ._onchange_product_id_uom_check_availability()
        return self._onchange_product_id_check_availability()

    def _sourcing_availability_warning(self):
        """``{}`` or a warning for a line a sourcing rule decides (with
        ``key``: its product and warehouses); None when no rule does (Odoo's
        own check applies)."""
        product, order = self.product_id, self.order_id
        if not (product and self.product_uom_qty and self.product_uom) or \
                product.type != 'product':
            return None
        Rule = self.env['sale.sourcing.rule']
        rules, _records = Rule._sourcing_rules_for(
            order.company_id or self.env.user.company_id, product.categ_id)
        if not rules:
            return None
        warehouses = self.env['stock.warehouse'].browse(sorted(
            {wh_id for rule in rules for wh_id, _name in rule.warehouses}))
        free = Rule._sourcing_free_quantities(warehouses, product)
        digits = self.env['decimal.precision'].precision_get(
            'Product Unit of Measure')
        qty = self.product_uom._compute_quantity(
            self.product_uom_qty, product.uom_id)
        header = order.warehouse_id
        allocations = sourcing_engine.allocate(
            [sourcing_engine.Line(0, product.id, product.categ_id.id, qty)],
            rules, free, (header.id, header.name),
            Rule._sourcing_order_facts(order), precision=10 ** -digits)
        allocations = allocations.get(0, [])
        if not allocations or not any(alloc.rule_id
                                      for alloc in allocations):
            return None
        names = self.env['stock.warehouse'].browse(
            [alloc.warehouse_id for alloc in allocations]).mapped('name')
        available = {alloc.warehouse_id: free.get(
            (alloc.warehouse_id, product.id), 0.0) for alloc in allocations}
        missing = qty - sum(max(value, 0.0) for value in available.values())
        if float_compare(missing, 0.0, precision_digits=digits) <= 0:
            return {}
        if len(names) == 1:
            message = _('You plan to sell %s %s of %s; the sourcing ships '
                        'this line from %s, which has %s %s free: %s %s '
                        'missing.')
        else:
            message = _('You plan to sell %s %s of %s; the sourcing ships '
                        'this line from %s, which have %s %s free: %s %s '
                        'missing.')
        return {
            'key': '%d:%s' % (product.id, ','.join(
                str(alloc.warehouse_id) for alloc in allocations)),
            'warning': {
                'title': _('Not enough inventory!'),
                'message': message % (
                    plain_qty(self.product_uom_qty), self.product_uom.name,
                    product.display_name, ', '.join(names),
                    plain_qty(sum(max(value, 0.0)
                                  for value in available.values())),
                    product.uom_id.name, plain_qty(missing),
                    product.uom_id.name)}}

    @api.multi
    def write(self, vals):
        # The sourcing's own record (client_context.system_write).
        vals = client_context.users_vals(self, vals, ('sourcing_rule_id',))
        return super(SaleOrderLineSourcing, self).write(vals)

    @api.multi
    def _action_launch_procurement_rule(self):
        """Procure sourced lines from their allocated warehouses.

        A line with sourcing allocations and nothing procured yet gets one
        procurement per allocation, from that warehouse (its stock location
        and delivery type): the order's moves then group into one delivery
        per warehouse (same procurement group, different picking types).
        Other lines, and later quantity changes, keep Odoo's behaviour.
        """
        sourced = self._sourcing_lines_to_procure()
        if sourced:
            # The rows read once (creating the procurement group drops them
            # from the cache).
            rows = {line: line.sourcing_ids for line in sourced}
            sourced._sourcing_launch_procurements(rows)
            # Their new moves, for Odoo's own pass below (only this field
            # of these lines: invalidate_cache would drop every move's
            # sale_line_id from the cache too, its inverse).
            self.env.cache.invalidate(
                [(self._fields['move_ids'], sourced.ids)])
        # Odoo's own path then skips the sourced lines (their quantity is
        # procured already) and does what follows procuring for the whole
        # order: reserving its deliveries (procurement_jit) and the like.
        return super(SaleOrderLineSourcing,
                     self)._action_launch_procurement_rule()

    def _sourcing_lines_to_procure(self):
        return self.filtered(
            lambda line: line.state == 'sale' and line.sourcing_ids and
            line.product_id.type in ('consu', 'product') and
            not line.move_ids.filtered(lambda move: move.state != 'cancel'))

    def _sourcing_launch_procurements(self, rows):
        """One procurement per sourcing row of ``rows`` ({line: its
        rows}), from the row's warehouse, under the order's procurement
        group. A row is anything with ``warehouse_id`` and
        ``product_uom_qty`` (in the line's unit): the line's sourcing
        records at confirmation, an exchange's new allocation after it
        (sale.return._aftersale_replace)."""
        if not self:
            return
        precision = self.env['decimal.precision'].precision_get(
            'Product Unit of Measure')
        propagate_uom = self.env['ir.config_parameter'].sudo().get_param(
            'stock.propagate_uom') == '1'
        group_model = self.env['procurement.group']
        errors = []
        for line in self:
            order = line.order_id
            group = order.procurement_group_id
            if not group:
                group = group_model.create({
                    'name': order.name, 'move_type': order.picking_policy,
                    'sale_id': order.id,
                    'partner_id': order.partner_shipping_id.id,
                })
                order.procurement_group_id = group
            else:
                # A quotation confirmed again after a cancellation keeps its
                # group: its deliveries go where the order says now (as
                # Odoo's own path does).
                updated = {}
                if group.partner_id != order.partner_shipping_id:
                    updated['partner_id'] = order.partner_shipping_id.id
                if group.move_type != order.picking_policy:
                    updated['move_type'] = order.picking_policy
                if updated:
                    group.write(updated)
            for row in rows[line]:
                if float_compare(row.product_uom_qty, 0.0,
                                 precision_digits=precision) <= 0:
                    continue
                values = line._prepare_procurement_values(group_id=group)
                values['warehouse_id'] = row.warehouse_id
                qty, uom = row.product_uom_qty, line.product_uom
                if uom != line.product_id.uom_id and not propagate_uom:
                    qty = uom._compute_quantity(
                        qty, line.product_id.uom_id, rounding_method='HALF-UP')
                    uom = line.product_id.uom_id
                try:
                    group_model.run(
                        line.product_id, qty, uom,
                        order.partner_shipping_id.property_stock_customer,
                        line.name, order.name, values)
                except UserError as error:
                    errors.append(error.name)
        if errors:
            raise UserError('\n'.join(errors))

# pylint: disable=too-many-lines
"""Sourcing rules on real orders: which warehouse ships each line, one
delivery per warehouse, delivered/invoiced quantities across deliveries,
substitutes, bad input, multi-company and query counts."""
from odoo.exceptions import AccessError, UserError, ValidationError

from .common import SalesOrderCase


class SourcingCase(SalesOrderCase):

    @classmethod
    def setUpClass(cls):
        super(SourcingCase, cls).setUpClass()
        cls.berlin, cls.lyon, cls.chicago = cls.warehouses
        cls.Rule = cls.env['sale.sourcing.rule'].sudo(cls.sale_manager)

    @classmethod
    def create_rule(cls, name, strategy, warehouses, **conditions):
        values = {
            'name': name, 'strategy': strategy,
            'warehouse_line_ids': [
                (0, 0, {'sequence': index, 'warehouse_id': warehouse.id})
                for index, warehouse in enumerate(warehouses)],
        }
        values.update(conditions)
        return cls.Rule.create(values)

    def rows(self, line):
        """What the Sourcing tab shows for a line."""
        return [(row.warehouse_id, row.product_uom_qty, row.available_qty)
                for row in line.sourcing_ids]

    def pickings_by_warehouse(self, order):
        pickings = order.picking_ids
        self.assertEqual(len(pickings), len(
            pickings.mapped('picking_type_id.warehouse_id')),
            'one delivery per warehouse')
        return {picking.picking_type_id.warehouse_id: picking
                for picking in pickings}


class TestSourcingStrategies(SourcingCase):

    def test_split_over_three_warehouses(self):
        """Split: Berlin has 3, Lyon 4, Chicago 5 of 10 desks ordered: 3 + 4
        + 3, three deliveries, each from its warehouse's stock."""
        rule = self.create_rule(
            'EU customers', 'split', [self.berlin, self.lyon, self.chicago],
            country_ids=[(6, 0, [self.env.ref('base.de').id])])
        self.set_stock(self.desk, self.berlin, 3)
        self.set_stock(self.desk, self.lyon, 4)
        self.set_stock(self.desk, self.chicago, 5)
        order = self.create_order(self.customer_de, [(self.desk, 10)])
        order.action_confirm()
        line = order.order_line
        self.assertEqual(line.sourcing_rule_id, rule)
        self.assertEqual(self.rows(line), [
            (self.berlin, 3.0, 3.0), (self.lyon, 4.0, 4.0),
            (self.chicago, 3.0, 3.0)])
        self.assertEqual(
            line.sourcing_ids[0].reason,
            "Rule 'EU customers': Test WH Berlin had 3 of 10, Test WH Lyon "
            "had 4, the remaining 3 from Test WH Chicago.")
        pickings = self.pickings_by_warehouse(order)
        self.assertEqual(set(pickings), {self.berlin, self.lyon,
                                         self.chicago})
        for warehouse, qty in ((self.berlin, 3), (self.lyon, 4),
                               (self.chicago, 3)):
            picking = pickings[warehouse]
            self.assertEqual(picking.location_id, warehouse.lot_stock_id)
            self.assertEqual(picking.picking_type_id, warehouse.out_type_id)
            self.assertEqual(picking.move_lines.mapped('product_uom_qty'),
                             [qty])
            self.assertEqual(picking.move_lines.sale_line_id, line)
        self.assertEqual(order.delivery_count, 3)
        message = order.message_ids[0].body
        self.assertIn('Sourcing: 3 deliveries (Test WH Berlin, Test WH '
                      'Lyon, Test WH Chicago).', message)
        self.assertIn('Test Desk: 3 from Test WH Berlin', message)

    def test_split_of_a_line_in_dozens(self):
        """2 dozen desks (24 units), split: Berlin has 12 units, Lyon 30.
        The rows are in the line's unit (1 dozen from each), the
        deliveries in units (12 and 12)."""
        dozen = self.env.ref('product.product_uom_dozen')
        self.create_rule(
            'EU customers', 'split', [self.berlin, self.lyon],
            country_ids=[(6, 0, [self.env.ref('base.de').id])])
        self.set_stock(self.desk, self.berlin, 12)
        self.set_stock(self.desk, self.lyon, 30)
        order = self.create_order(self.customer_de, [(self.desk, 2)])
        order.order_line.write({'product_uom': dozen.id})
        order.action_confirm()
        self.assertEqual(self.rows(order.order_line), [
            (self.berlin, 1.0, 1.0), (self.lyon, 1.0, 1.0)])
        pickings = self.pickings_by_warehouse(order)
        for warehouse in (self.berlin, self.lyon):
            move = pickings[warehouse].move_lines
            self.assertEqual(move.product_uom_qty, 12.0)
            self.assertEqual(move.product_uom, self.desk.uom_id)

    def test_priority_partial_stock(self):
        """Priority: the first warehouse having the whole line ships it;
        when none has, the first one ships and the rest waits."""
        self.create_rule('Nearest full', 'priority', [self.berlin, self.lyon])
        self.set_stock(self.desk, self.berlin, 2)
        self.set_stock(self.desk, self.lyon, 10)
        self.set_stock(self.chair, self.berlin, 1)
        self.set_stock(self.chair, self.lyon, 3)
        order = self.create_order(self.customer_fr,
                                  [(self.desk, 5), (self.chair, 5)])
        order.action_preview_sourcing()
        desk_line, chair_line = order.order_line
        self.assertEqual(self.rows(desk_line), [(self.lyon, 5.0, 5.0)])
        self.assertEqual(
            desk_line.sourcing_ids.reason,
            "Rule 'Nearest full': Test WH Berlin had 2 of 5; all 5 from "
            "Test WH Lyon.")
        self.assertEqual(self.rows(chair_line), [(self.berlin, 5.0, 1.0)])
        self.assertIn('no candidate had all 5', chair_line.sourcing_ids.reason)
        self.assertIn('backorder policy applies to the missing 4',
                      chair_line.sourcing_ids.reason)
        order.action_confirm()
        pickings = self.pickings_by_warehouse(order)
        self.assertEqual(pickings[self.lyon].move_lines.product_id,
                         self.desk)
        self.assertEqual(pickings[self.berlin].move_lines.product_id,
                         self.chair)
        self.assertEqual(pickings[self.berlin].move_lines.product_uom_qty,
                         5.0)

    def test_fixed_ignores_stock(self):
        """Fixed: always the first candidate, even with stock elsewhere."""
        self.create_rule('Chicago only', 'fixed', [self.chicago, self.lyon])
        self.set_stock(self.desk, self.lyon, 10)
        order = self.create_order(self.customer_us, [(self.desk, 2)])
        order.action_confirm()
        self.assertEqual(self.rows(order.order_line),
                         [(self.chicago, 2.0, 0.0)])
        self.assertIn('always from Test WH Chicago, which has none in stock',
                      order.order_line.sourcing_ids.reason)
        self.assertEqual(list(self.pickings_by_warehouse(order)),
                         [self.chicago])

    def test_no_stock_anywhere(self):
        """Split with no stock in any candidate: all on the first one."""
        self.create_rule('EU', 'split', [self.berlin, self.lyon])
        order = self.create_order(self.customer_de, [(self.chair, 4)])
        order.action_confirm()
        self.assertEqual(self.rows(order.order_line),
                         [(self.berlin, 4.0, 0.0)])
        self.assertEqual(
            order.order_line.sourcing_ids.reason,
            "Rule 'EU': no candidate has any in stock (Test WH Berlin, Test "
            "WH Lyon); all 4 go to Test WH Berlin, the backorder policy "
            "applies.")
        picking = order.picking_ids
        self.assertEqual(picking.location_id, self.berlin.lot_stock_id)
        self.assertEqual(picking.state, 'confirmed')

    def test_lines_of_same_product_compete(self):
        """Two lines of the same product: the first takes Berlin's stock,
        the second gets what is left there, then Lyon's."""
        self.create_rule('EU', 'split', [self.berlin, self.lyon])
        self.set_stock(self.desk, self.berlin, 5)
        self.set_stock(self.desk, self.lyon, 5)
        order = self.create_order(self.customer_de,
                                  [(self.desk, 4), (self.desk, 4)])
        order.action_confirm()
        first, second = order.order_line
        self.assertEqual(self.rows(first), [(self.berlin, 4.0, 4.0)])
        self.assertEqual(self.rows(second), [(self.berlin, 1.0, 1.0),
                                             (self.lyon, 3.0, 3.0)])
        pickings = self.pickings_by_warehouse(order)
        self.assertEqual(sum(pickings[self.berlin].move_lines.mapped(
            'product_uom_qty')), 5.0)
        self.assertEqual(pickings[self.lyon].move_lines.product_uom_qty, 3.0)

    def test_reserved_stock_is_not_free(self):
        """Stock reserved by another order's delivery is not free."""
        self.create_rule('EU', 'priority', [self.berlin, self.lyon])
        self.set_stock(self.desk, self.berlin, 6)
        self.set_stock(self.desk, self.lyon, 6)
        first = self.create_order(self.customer_de, [(self.desk, 4)])
        first.action_confirm()
        first.picking_ids.sudo(self.stock_user).action_assign()
        self.assertEqual(first.picking_ids.state, 'assigned')
        second = self.create_order(self.customer_de, [(self.desk, 4)])
        second.action_confirm()
        self.assertEqual(self.rows(second.order_line),
                         [(self.lyon, 4.0, 4.0)])

    def test_no_rule_matches_keeps_order_warehouse(self):
        """A line no rule matches ships from the order's warehouse."""
        self.create_rule('US', 'fixed', [self.chicago],
                         country_ids=[(6, 0, [self.env.ref('base.us').id])])
        order = self.create_order(self.customer_de, [(self.desk, 1)],
                                  warehouse_id=self.lyon.id)
        order.action_confirm()
        line = order.order_line
        self.assertFalse(line.sourcing_rule_id)
        self.assertEqual(self.rows(line), [(self.lyon, 1.0, 0.0)])
        self.assertEqual(line.sourcing_ids.reason,
                         "No sourcing rule matched: ships from the order's "
                         "warehouse Test WH Lyon.")
        self.assertEqual(order.picking_ids.location_id,
                         self.lyon.lot_stock_id)

    def test_conditions(self):
        """First matching rule by sequence; each condition type."""
        sub_categ = self.env['product.category'].create({
            'name': 'Test desks', 'parent_id': self.categ.id})
        lamp = self.create_product('Test Lamp', 20.0, categ_id=sub_categ.id)
        team = self.env['crm.team'].create({'name': 'Test team'})
        channel = self.env['sale.entry.channel'].search(
            [('code', '=', 'phone')])
        by_zip = self.create_rule('Zip 101', 'fixed', [self.lyon],
                                  sequence=1, zip_prefixes='99, 101')
        by_tag = self.create_rule(
            'Key accounts', 'fixed', [self.chicago], sequence=2,
            partner_category_ids=[(6, 0, self.tag_key.ids)],
            product_ids=[(6, 0, self.chair.ids)])
        by_categ = self.create_rule(
            'Furniture', 'fixed', [self.berlin], sequence=3,
            product_categ_ids=[(6, 0, self.categ.ids)],
            team_ids=[(6, 0, team.ids)],
            entry_channel_ids=[(6, 0, channel.ids)])
        order = self.create_order(
            self.customer_de, [(self.chair, 1), (lamp, 1)])
        order.action_preview_sourcing()
        chair_line, lamp_line = order.order_line
        self.assertEqual(chair_line.sourcing_rule_id, by_zip)
        self.customer_de.zip = '20095'
        order.action_preview_sourcing()
        self.assertEqual(chair_line.sourcing_rule_id, by_tag)
        self.assertFalse(lamp_line.sourcing_rule_id)
        order.write({'team_id': team.id, 'entry_channel': 'phone'})
        order.action_preview_sourcing()
        self.assertEqual(lamp_line.sourcing_rule_id, by_categ)
        self.assertEqual(self.rows(lamp_line), [(self.berlin, 1.0, 0.0)])
        by_categ.active = False
        order.action_preview_sourcing()
        self.assertFalse(lamp_line.sourcing_rule_id)

    def test_category_rule_ignores_other_categories(self):
        """A rule on a category never sources products outside it, even
        when no line of the order is in that category."""
        other_categ = self.env['product.category'].create(
            {'name': 'Test electronics'})
        self.create_rule('Electronics', 'fixed', [self.chicago],
                         product_categ_ids=[(6, 0, other_categ.ids)])
        order = self.create_order(self.customer_de, [(self.desk, 1)])
        order.action_preview_sourcing()
        self.assertFalse(order.order_line.sourcing_rule_id)
        self.assertEqual(order.sourcing_ids.warehouse_id,
                         order.warehouse_id)

    def test_rules_of_other_companies_never_apply(self):
        """A rule of another company, even first and matching everything,
        is ignored (also for a user who may see both companies)."""
        other = self.env['res.company'].create({'name': 'Test Other Co'})
        other_wh = self.create_warehouse('Test WH Other', 'TWO', 'base.de',
                                         company=other)
        self.env['sale.sourcing.rule'].create({
            'name': 'Other company', 'strategy': 'fixed', 'sequence': 0,
            'company_id': other.id,
            'warehouse_line_ids': [(0, 0, {'warehouse_id': other_wh.id})]})
        mine = self.create_rule('Mine', 'fixed', [self.lyon], sequence=50)
        self.env.user.company_ids |= other
        order = self.create_order(self.customer_de, [(self.desk, 1)])
        order.sudo().action_confirm()
        self.assertEqual(order.order_line.sourcing_rule_id, mine)
        self.assertEqual(order.picking_ids.location_id,
                         self.lyon.lot_stock_id)
        # The salesman does not even see the other company's rule.
        self.assertEqual(self.env['sale.sourcing.rule'].sudo(
            self.salesman).search([]), mine)


class TestSourcingFlow(SourcingCase):

    def test_delivered_and_invoiced_across_deliveries(self):
        """A line split over two deliveries: delivered and invoiced
        quantities add up delivery after delivery."""
        self.create_rule('EU', 'split', [self.berlin, self.lyon])
        self.set_stock(self.desk, self.berlin, 2)
        self.set_stock(self.desk, self.lyon, 5)
        order = self.create_order(self.customer_de,
                                  [(self.desk, 6), (self.chair, 1)])
        self.set_stock(self.chair, self.lyon, 1)
        order.action_confirm()
        desk_line, chair_line = order.order_line
        pickings = self.pickings_by_warehouse(order)
        self.deliver(pickings[self.berlin])
        self.assertEqual(desk_line.qty_delivered, 2.0)
        invoice = self.invoice_order(order)
        self.assertEqual(invoice.invoice_line_ids.quantity, 2.0)
        self.assertEqual(desk_line.qty_invoiced, 2.0)
        self.deliver(pickings[self.lyon])
        self.assertEqual(desk_line.qty_delivered, 6.0)
        self.assertEqual(chair_line.qty_delivered, 1.0)
        second = self.invoice_order(order)
        self.assertEqual(
            sorted(second.invoice_line_ids.mapped('quantity')), [1.0, 4.0])
        self.assertEqual(desk_line.qty_invoiced, 6.0)
        self.assertEqual(order.invoice_status, 'invoiced')

    def test_preview_touches_no_stock_and_only_quotations(self):
        """Preview stores rows, creates no delivery, reserves nothing; on a
        confirmed order it is refused."""
        self.create_rule('EU', 'split', [self.berlin, self.lyon])
        self.set_stock(self.desk, self.berlin, 2)
        order = self.create_order(self.customer_de, [(self.desk, 3)])
        order.action_preview_sourcing()
        self.assertEqual(len(order.sourcing_ids), 1)
        self.assertEqual(order.sourcing_ids.warehouse_id, self.berlin)
        self.assertFalse(order.picking_ids)
        self.assertEqual(self.desk.with_context(
            warehouse=self.berlin.id).virtual_available, 2.0)
        # A preview again replaces, never adds.
        order.action_preview_sourcing()
        self.assertEqual(len(order.sourcing_ids), 1)
        order.action_confirm()
        with self.assertRaises(UserError):
            order.action_preview_sourcing()

    def test_compute_allocations_writes_nothing(self):
        """The API for other capabilities returns records, stores nothing."""
        rule = self.create_rule('EU', 'split', [self.berlin, self.lyon])
        self.set_stock(self.desk, self.lyon, 5)
        service = self.create_product('Test Service', 10.0, type='service')
        order = self.create_order(self.customer_de,
                                  [(self.desk, 3), (service, 1)])
        result = order._sourcing_compute_allocations()
        desk_line, service_line = order.order_line
        self.assertEqual(result[service_line], [])
        (warehouse, qty, available, used_rule, reason), = result[desk_line]
        self.assertEqual((warehouse, qty, available, used_rule),
                         (self.lyon, 3.0, 3.0, rule))
        self.assertIn('Test WH Lyon', reason)
        self.assertFalse(order.sourcing_ids)
        self.assertFalse(desk_line.sourcing_rule_id)

    def test_substitute_offered_and_used(self):
        """No stock of the desk anywhere the rule looks, its substitute has
        some: the preview offers it, one click replaces the product."""
        self.create_rule('EU', 'split', [self.berlin, self.lyon])
        standing = self.create_product('Test Standing Desk', 700.0)
        out_of_range = self.create_product('Test Desk Elsewhere', 400.0)
        self.desk.product_tmpl_id.sudo(self.sale_manager).write({
            'substitute_product_ids': [(6, 0, [out_of_range.id,
                                               standing.id])]})
        self.set_stock(standing, self.lyon, 7)
        self.set_stock(out_of_range, self.chicago, 9)
        order = self.create_order(self.customer_de, [(self.desk, 3)])
        order.action_preview_sourcing()
        offer = order.sourcing_substitute_ids
        self.assertEqual(offer.product_id, standing)
        self.assertEqual(offer.free_qty, 7.0)
        self.assertEqual(offer.original_product_id, self.desk)
        offer.action_use_substitute()
        line = order.order_line
        self.assertEqual(line.product_id, standing)
        self.assertEqual(line.product_uom_qty, 3.0)
        self.assertEqual(line.price_unit, 700.0)
        self.assertIn('Test Standing Desk', line.name)
        self.assertEqual(self.rows(line), [(self.lyon, 3.0, 3.0)])
        self.assertFalse(order.sourcing_substitute_ids)
        self.assertIn('replaced by its substitute', order.message_ids[0].body)
        # Issue 20 (7): the price change is said, not left to be noticed.
        self.assertIn('the unit price changed from $ 500.00 to $ 700.00',
                      order.message_ids[0].body)

    def test_stock_warning_from_sourced_warehouses(self):
        """Issue 20 (4): the line's availability warning looks at the
        warehouses the sourcing ships from (Berlin 3 + Lyon 2), not at the
        order's header warehouse (none): 4 desks, no warning; 9 desks, one
        warning naming Berlin and Lyon and the 4 missing."""
        self.create_rule('EU', 'split', [self.berlin, self.lyon])
        self.set_stock(self.desk, self.berlin, 3)
        self.set_stock(self.desk, self.lyon, 2)
        order = self.create_order(self.customer_de, [(self.chair, 1)])
        Line = self.env['sale.order.line'].sudo(self.salesman)

        def warning(qty):
            line = Line.new({
                'order_id': order.id, 'product_id': self.desk.id,
                'product_uom_qty': qty, 'product_uom': self.uom_unit.id,
                'name': self.desk.name, 'price_unit': 500.0})
            return line._onchange_product_id_check_availability()

        self.assertFalse(warning(4))
        message = warning(9)['warning']['message']
        self.assertIn('Test WH Berlin, Test WH Lyon', message)
        self.assertIn('5 Unit(s) free: 4 Unit(s) missing', message)
        self.assertNotIn(order.warehouse_id.name, message)

    def test_no_substitute_when_some_stock(self):
        """Substitutes are only offered when none of the line is in stock."""
        self.create_rule('EU', 'split', [self.berlin])
        standing = self.create_product('Test Standing Desk', 700.0)
        self.desk.product_tmpl_id.substitute_product_ids = standing
        self.set_stock(standing, self.berlin, 7)
        self.set_stock(self.desk, self.berlin, 1)
        order = self.create_order(self.customer_de, [(self.desk, 3)])
        order.action_preview_sourcing()
        self.assertFalse(order.sourcing_substitute_ids)


class TestSourcingBadInput(SourcingCase):

    def test_rule_without_candidates(self):
        with self.assertRaisesRegex(ValidationError, 'Candidate warehouses'):
            self.Rule.create({'name': 'Empty', 'strategy': 'fixed'})
        rule = self.create_rule('One', 'fixed', [self.berlin])
        with self.assertRaisesRegex(ValidationError, 'Candidate warehouses'), \
                self.env.cr.savepoint():
            rule.write({'warehouse_line_ids': [
                (2, rule.warehouse_line_ids.id)]})
        rule.invalidate_cache()
        self.assertEqual(rule.warehouse_line_ids.warehouse_id, self.berlin)

    def test_warehouse_of_other_company(self):
        other = self.env['res.company'].create({'name': 'Test Other Co'})
        other_wh = self.create_warehouse('Test WH Other', 'TWO', 'base.de',
                                         company=other)
        with self.assertRaisesRegex(ValidationError,
                                    'Candidate warehouses: Test WH Other'):
            self.env['sale.sourcing.rule'].create({
                'name': 'Mixed', 'strategy': 'split',
                'company_id': self.company.id,
                'warehouse_line_ids': [
                    (0, 0, {'warehouse_id': self.berlin.id}),
                    (0, 0, {'warehouse_id': other_wh.id})]})

    def test_zip_prefixes_junk(self):
        with self.assertRaisesRegex(
                ValidationError, r'Zip prefixes: Invalid zip prefix "\*\*"'):
            self.create_rule('Zip', 'fixed', [self.berlin],
                             zip_prefixes='75, **')
        rule = self.create_rule('Zip', 'fixed', [self.berlin],
                                zip_prefixes='75, 69')
        with self.assertRaisesRegex(ValidationError, 'Zip prefixes'), \
                self.env.cr.savepoint():
            rule.zip_prefixes = '75;69'
        rule.invalidate_cache()
        self.assertEqual(rule.zip_prefixes, '75, 69')

    def test_salesman_cannot_configure_rules(self):
        with self.assertRaises(AccessError):
            self.env['sale.sourcing.rule'].sudo(self.salesman).create({
                'name': 'Mine', 'strategy': 'fixed',
                'warehouse_line_ids': [
                    (0, 0, {'warehouse_id': self.berlin.id})]})

    def test_substitute_of_itself(self):
        with self.assertRaisesRegex(ValidationError, 'Substitutes'):
            self.desk.product_tmpl_id.substitute_product_ids = self.desk


class TestSourcingQueries(SourcingCase):

    @classmethod
    def setUpClass(cls):
        super(TestSourcingQueries, cls).setUpClass()
        cls.set_stock(cls.desk, cls.berlin, 100)
        cls.set_stock(cls.chair, cls.lyon, 100)
        cls.matching = cls.create_rule('EU', 'split', [cls.berlin, cls.lyon],
                                       sequence=500)
        us = cls.env.ref('base.us')
        cls.others = cls.Rule.browse()
        for index in range(99):
            cls.others |= cls.create_rule(
                'Other %d' % index, ['fixed', 'priority', 'split'][index % 3],
                [cls.warehouses[index % 3], cls.warehouses[(index + 1) % 3]],
                sequence=index, country_ids=[(6, 0, us.ids)],
                product_categ_ids=[(6, 0, cls.categ.ids)],
                zip_prefixes='%d' % (10000 + index))

    def count_queries(self, method, order):
        order.invalidate_cache()
        before = self.cr.sql_log_count
        getattr(order, method)()
        return self.cr.sql_log_count - before

    def new_order(self):
        return self.create_order(
            self.customer_de, [(self.desk, 3), (self.chair, 2),
                               (self.desk, 1)])

    def test_query_count_does_not_grow_with_rules(self):
        """1 vs 100 rules: same number of queries for preview and confirm
        (within a small constant), and the 100 rules are really evaluated
        (99 do not match the German customer)."""
        counts = {}
        for label in ('1 rule', '100 rules'):
            self.others.write({'active': label == '100 rules'})
            self.new_order().action_confirm()  # warm the caches
            order = self.new_order()
            counts[label] = (self.count_queries('action_preview_sourcing',
                                                order),
                             self.count_queries('action_confirm', order))
            self.assertEqual(order.order_line.mapped('sourcing_rule_id'),
                             self.matching)
        for step in (0, 1):  # preview, confirm
            self.assertLessEqual(
                counts['100 rules'][step], counts['1 rule'][step] + 3,
                counts)

    def test_allocations_do_not_grow_with_lines(self):
        """Deciding 1 line or 12 lines (rules, stock, engine) takes the same
        queries: stock and rules are read in one batch per order."""
        counts = []
        self.count_queries('_sourcing_compute_allocations', self.new_order())
        for count in (1, 12):
            order = self.create_order(
                self.customer_de,
                [(self.desk if index % 2 else self.chair, 1)
                 for index in range(count)])
            counts.append(self.count_queries('_sourcing_compute_allocations',
                                             order))
        self.assertEqual(counts[0], counts[1], counts)

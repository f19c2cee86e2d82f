# Copyright 2026 sales_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools.mail import plaintext2html

from ...engine import sourcing as engine
from ..support import client_context, config_reads

STRATEGIES = [
    ('fixed', 'Fixed: always the first candidate'),
    ('priority', 'Priority: first candidate having the whole line'),
    ('split', 'Split: candidates in order until the line is covered'),
]


class SaleSourcingRule(models.Model):
    _name = 'sale.sourcing.rule'
    _description = 'Sourcing rule'
    _order = 'sequence, id'

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(
        default=10, help='Rules are tried from the lowest sequence; the '
                         'first one matching a line decides it.')
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        'res.company', required=True, index=True,
        default=lambda self: self.env['res.company']._company_default_get(
            'sale.sourcing.rule'))
    strategy = fields.Selection(
        STRATEGIES, required=True, default='priority',
        help='Fixed: always ship from the first candidate.\n'
             'Priority: ship from the first candidate whose free quantity '
             'covers the whole line; if none does, from the first one.\n'
             'Split: take the free quantity of the candidates in order '
             'until the line is covered; any remainder goes to the first '
             'candidate.')
    warehouse_line_ids = fields.One2many(
        'sale.sourcing.rule.warehouse', 'rule_id',
        string='Candidate warehouses', copy=True)
    warehouse_ids = fields.Many2many(
        'stock.warehouse', string='Warehouses',
        compute='_compute_warehouse_ids', search='_search_warehouse_ids',
        help='The candidate warehouses, for searching.')
    # Conditions: an empty one matches anything.
    country_ids = fields.Many2many(
        'res.country', string='Countries',
        help='Country of the delivery address.')
    state_ids = fields.Many2many(
        'res.country.state', string='States',
        help='State of the delivery address.')
    zip_prefixes = fields.Char(
        help='Comma-separated prefixes of the delivery zip, e.g. '
             '"75, 69, SW1".')
    partner_category_ids = fields.Many2many(
        'res.partner.category', string='Customer tags',
        help='Tags of the customer\'s company (any of them).')
    team_ids = fields.Many2many('crm.team', string='Sales channels')
    entry_channel_ids = fields.Many2many(
        'sale.entry.channel', string='Entry channels')
    product_categ_ids = fields.Many2many(
        'product.category', string='Product categories',
        help='Child categories are included.')
    product_ids = fields.Many2many('product.product', string='Products')

    @api.depends('warehouse_line_ids.warehouse_id')
    def _compute_warehouse_ids(self):
        for rule in self:
            rule.warehouse_ids = rule.warehouse_line_ids.mapped(
                'warehouse_id')

    def _search_warehouse_ids(self, operator, value):
        return [('warehouse_line_ids.warehouse_id', operator, value)]

    @api.constrains('warehouse_line_ids', 'active')
    def _check_warehouse_line_ids(self):
        for rule in self.filtered('active'):
            if not rule.warehouse_line_ids:
                raise ValidationError(_(
                    "Candidate warehouses: the sourcing rule '%s' needs at "
                    "least one warehouse to ship from.") % rule.name)

    @api.constrains('company_id', 'warehouse_line_ids')
    def _check_warehouse_company(self):
        for rule in self:
            others = rule.warehouse_line_ids.mapped('warehouse_id').filtered(
                lambda wh: wh.company_id != rule.company_id)
            if others:
                raise ValidationError(_(
                    "Candidate warehouses: %s of the sourcing rule '%s' "
                    "belong to another company than the rule (%s).") % (
                        ', '.join(others.mapped('name')), rule.name,
                        rule.company_id.name))

    @api.constrains('zip_prefixes')
    def _check_zip_prefixes(self):
        for rule in self:
            try:
                engine.parse_zip_prefixes(
                    rule.zip_prefixes, self._sourcing_translator())
            except ValueError as error:
                raise ValidationError(_('Zip prefixes: %s') % error)

    @api.model
    def create(self, vals):
        rule = super(SaleSourcingRule, self).create(vals)
        # A rule created without any candidate is not caught by the
        # constraint (the one2many is not in the values): check it here.
        rule._check_warehouse_line_ids()
        return rule

    # Business methods ----------------------------------------------------

    # Many2many conditions of a rule, read from their relation tables.
    _SOURCING_M2M = ('country_ids', 'state_ids', 'partner_category_ids',
                     'team_ids', 'entry_channel_ids', 'product_categ_ids',
                     'product_ids')

    @api.model
    def _sourcing_rules_for(self, company, categories):
        """The active rules of ``company`` as engine ``Rule`` values.

        ``categories`` are the product categories of the lines to decide:
        a rule's category condition is expanded to those of them that are
        the rule's categories or their descendants (parent_left/right).
        The rules are found by an ORM search (access and record rules
        apply), then read with one query per relation: the number of
        queries does not depend on the number of rules, and no record is
        browsed per rule (the ORM's per-record prefetching cost grows with
        the number of rules).
        """
        # Active ones only, whatever the caller's context says.
        rules = self.with_context(active_test=True).search(
            [('company_id', '=', company.id)])
        if not rules:
            return [], rules
        cr = self.env.cr
        ids = tuple(rules.ids)
        # The name in the user's language, as the ORM translates it.
        cr.execute("""
            SELECT rule.id, COALESCE(tr.value, rule.name), rule.sequence,
                   rule.strategy, rule.zip_prefixes
              FROM sale_sourcing_rule rule
              LEFT JOIN ir_translation tr
                ON tr.res_id = rule.id AND tr.type = 'model'
               AND tr.name = 'sale.sourcing.rule,name' AND tr.lang = %s
               AND tr.value != ''
             WHERE rule.id IN %s""", (self.env.lang or 'en_US', ids))
        heads = {row[0]: dict(zip(
            ('id', 'name', 'sequence', 'strategy', 'zip_prefixes'), row))
            for row in cr.fetchall()}
        related = config_reads.read_many2many(rules, self._SOURCING_M2M)
        cr.execute("""
            SELECT line.rule_id, line.warehouse_id, warehouse.name
              FROM sale_sourcing_rule_warehouse line
              JOIN stock_warehouse warehouse
                ON warehouse.id = line.warehouse_id
             WHERE line.rule_id IN %s
          ORDER BY line.rule_id, line.sequence, line.id""", (ids,))
        warehouses = {rule_id: [] for rule_id in ids}
        for rule_id, warehouse_id, warehouse_name in cr.fetchall():
            warehouses[rule_id].append((warehouse_id, warehouse_name))
        codes = config_reads.channel_codes(self.env, set().union(
            *related['entry_channel_ids'].values()))
        categ_ids = set().union(*related['product_categ_ids'].values())
        bounds = {}
        if categ_ids:
            cr.execute('SELECT id, parent_left, parent_right '
                       'FROM product_category WHERE id IN %s',
                       (tuple(categ_ids),))
            bounds = {row[0]: row[1:] for row in cr.fetchall()}
        line_bounds = [(categ.id, categ.parent_left, categ.parent_right)
                       for categ in categories]
        result = []
        for rule_id in ids:
            head = heads[rule_id]
            result.append(engine.Rule(
                id=rule_id, name=head['name'], sequence=head['sequence'],
                strategy=head['strategy'],
                warehouses=warehouses[rule_id],
                country_ids=frozenset(related['country_ids'][rule_id]),
                state_ids=frozenset(related['state_ids'][rule_id]),
                zip_prefixes=engine.parse_zip_prefixes(head['zip_prefixes']),
                partner_category_ids=frozenset(
                    related['partner_category_ids'][rule_id]),
                team_ids=frozenset(related['team_ids'][rule_id]),
                product_categ_ids=self._sourcing_expand_categories(
                    [bounds[categ_id] for categ_id in
                     related['product_categ_ids'][rule_id]], line_bounds),
                product_ids=frozenset(related['product_ids'][rule_id]),
                entry_channels=frozenset(
                    codes[channel_id] for channel_id in
                    related['entry_channel_ids'][rule_id]),
            ))
        return result, rules

    @staticmethod
    def _sourcing_expand_categories(rule_bounds, line_bounds):
        """Those of the lines' categories under (or equal to) a rule
        category.

        ``rule_bounds``: ``(parent_left, parent_right)`` of the rule's
        categories; ``line_bounds``: ``(id, parent_left, parent_right)`` of
        the lines' categories. A rule with categories none of which covers
        the lines gets ``{0}`` (no category has id 0): an empty set would
        mean "any".
        """
        if not rule_bounds:
            return frozenset()
        return frozenset(
            categ_id for categ_id, left, right in line_bounds
            if any(parent_left <= left and right <= parent_right
                   for parent_left, parent_right in rule_bounds)) \
            or frozenset([0])

    # Sourcing of orders (called by sale.order) ---------------------------

    @api.model
    def _sourcing_check_quotations(self, orders):
        not_quotes = orders.filtered(
            lambda o: o.state not in ('draft', 'sent'))
        if not_quotes:
            raise UserError(_(
                'Sourcing can only be previewed on quotations; %s is '
                'already confirmed or cancelled.')
                % ', '.join(not_quotes.mapped('name')))

    @api.model
    def _sourcing_allocate(self, orders):
        """``{order.id: {'lines': ..., 'substitutes': ..., 'summary':}}``.

        ``lines`` is the result of ``sale.order._sourcing_compute_
        allocations`` for the order; ``substitutes`` the engine's offers;
        ``summary`` the plain-text chatter summary. Per order, a constant
        number of queries: the rules (whatever their number), one
        read_group of free stock over the warehouses' stock locations;
        then the pure engine decides.
        """
        translate = self._sourcing_translator()
        precision = 10 ** -self.env['decimal.precision'].precision_get(
            'Product Unit of Measure')
        return {order.id: self._sourcing_allocate_order(
            order, translate, precision) for order in orders}

    @api.model
    def _sourcing_translator(self):
        """Translate the engine's message templates to the user's lang."""
        lang = self.env.lang or 'en_US'
        if lang == 'en_US':
            return None
        get_source = self.env['ir.translation']._get_source
        return lambda template: get_source(None, ('code',), lang, template)

    @api.model
    def _sourcing_order_facts(self, order):
        shipping = order.partner_shipping_id
        return engine.OrderFacts(
            country_id=shipping.country_id.id or None,
            state_id=shipping.state_id.id or None,
            zip=shipping.zip or '',
            partner_category_ids=frozenset(
                order.partner_id.commercial_partner_id.category_id.ids),
            team_id=order.team_id.id or None,
            entry_channel=order.entry_channel or None)

    @api.model
    def _sourcing_line_facts(self, order):
        """``[(line id, product id, category id, template id, quantity in
        the product's unit, line unit factor / product unit factor, name)]``
        of the order's lines that ship (storable and consumable products),
        read with one query on plain columns: reading the products'
        template fields through the ORM computes them for every product
        in the prefetch set. Units convert with Odoo's factor arithmetic,
        unrounded as ``_compute_quantity(round=False)``. The name is the first
        line of the line's description (the product's name by default)."""
        self.env.cr.execute("""
            SELECT line.id, line.product_id, template.categ_id, template.id,
                   line.product_uom_qty,
                   COALESCE(line_uom.factor, product_uom.factor),
                   product_uom.factor, line.name
              FROM sale_order_line line
              JOIN product_product product ON product.id = line.product_id
              JOIN product_template template
                ON template.id = product.product_tmpl_id
              JOIN product_uom product_uom
                ON product_uom.id = template.uom_id
              LEFT JOIN product_uom line_uom
                ON line_uom.id = line.product_uom
             WHERE line.order_id = %s
               AND template.type IN ('product', 'consu')
        """, (order.id,))
        facts = {}
        for line_id, product_id, categ_id, template_id, qty, line_factor, \
                product_factor, name in self.env.cr.fetchall():
            ratio = line_factor / product_factor
            facts[line_id] = (line_id, product_id, categ_id, template_id,
                              qty / ratio, ratio,
                              (name or '').strip().split('\n')[0].strip())
        # In the order's line order.
        return [facts[line.id] for line in order.order_line
                if line.id in facts]

    @api.model
    def _sourcing_allocate_quantities(self, order, quantities):
        """Where ``quantities`` ({order line id: quantity in the line's
        unit}) of ``order``'s lines would ship from now, by today's rules
        and free stock, as a new order line of that quantity would be
        sourced (an exchange's replacement); nothing written. Same result
        as ``_sourcing_allocate`` for one order, the lines limited to
        those of ``quantities``."""
        precision = 10 ** -self.env['decimal.precision'].precision_get(
            'Product Unit of Measure')
        return self._sourcing_allocate_order(
            order, self._sourcing_translator(), precision,
            quantities=quantities)

    @api.model
    def _sourcing_allocate_order(self, order, translate, precision,
                                 quantities=None):
        facts = self._sourcing_line_facts(order)
        if quantities is not None:
            # The quantities asked instead of the lines' (in the product's
            # unit, as the facts give them).
            facts = [fact[:4] + (quantities[fact[0]] / fact[5],) + fact[5:]
                     for fact in facts if fact[0] in quantities]
        product_model = self.env['product.product']
        product_ids = sorted({fact[1] for fact in facts})
        rules, _rule_records = self._sourcing_rules_for(
            order.company_id, self.env['product.category'].browse(
                sorted({fact[2] for fact in facts})))
        warehouses = self.env['stock.warehouse'].browse(sorted(
            {wh_id for rule in rules for wh_id, _name in rule.warehouses}
        )) | order.warehouse_id
        substitutes_of = config_reads.read_many2many(
            self.env['product.template'].browse(
                sorted({fact[3] for fact in facts})),
            ('substitute_product_ids',))['substitute_product_ids']
        substitute_ids = set().union(*substitutes_of.values())
        free = self._sourcing_free_quantities(
            warehouses, product_model.browse(
                sorted(set(product_ids) | substitute_ids)))
        engine_lines = [engine.Line(
            key=line_id, product_id=product_id, categ_id=categ_id, qty=qty)
            for line_id, product_id, categ_id, _tmpl, qty, _ratio, _name
            in facts]
        allocations = engine.allocate(
            engine_lines, rules, free,
            (order.warehouse_id.id, order.warehouse_id.name),
            self._sourcing_order_facts(order),
            precision=precision, translate=translate)
        summary = engine.summarize(
            allocations, {fact[0]: fact[6] for fact in facts},
            precision=precision, translate=translate)
        offers = engine.substitutes_to_offer(
            allocations,
            self._sourcing_substitute_candidates(
                order, [(fact[0], fact[1], substitutes_of[fact[3]])
                        for fact in facts if substitutes_of[fact[3]]],
                allocations, rules, free),
            precision=precision)
        warehouse_model = self.env['stock.warehouse']
        ratios = {fact[0]: fact[5] for fact in facts}
        line_results = {}
        for line in order.order_line:
            if quantities is not None and line.id not in quantities:
                continue
            ratio = ratios.get(line.id, 1.0)
            line_results[line] = [
                (warehouse_model.browse(alloc.warehouse_id),
                 alloc.qty * ratio, alloc.available_qty * ratio,
                 self.browse(alloc.rule_id or []), alloc.reason)
                for alloc in allocations.get(line.id, [])]
        return {'lines': line_results, 'substitutes': offers,
                'summary': summary}

    @api.model
    def _sourcing_substitute_candidates(self, order, lines, allocations,
                                        rules, free):
        """Substitutes of each line with their free quantity in the
        warehouses the line could ship from (its rule's candidates, else
        the order's warehouse). ``lines``: ``[(line id, product id,
        substitute product ids)]`` of the lines whose product has some."""
        candidates_of = {rule.id: [wh[0] for wh in rule.warehouses]
                         for rule in rules}
        lines = [line for line in lines if allocations[line[0]]]
        # One search for all of them: the products' own order, as the
        # field lists them (archived ones left out, rules applied).
        wanted = sorted(set().union(*(line[2] for line in lines)))
        products = self.env['product.product'].with_context(
            active_test=True).search([('id', 'in', wanted)]) \
            if lines else []
        result = {}
        for line_id, product_id, substitute_ids in lines:
            wh_ids = candidates_of.get(allocations[line_id][0].rule_id) or \
                [order.warehouse_id.id]
            subs = [sub for sub in products if sub.id in substitute_ids and
                    sub.id != product_id]
            result[line_id] = [
                (sub.id, sub.display_name,
                 sum(max(0.0, free.get((wh_id, sub.id), 0.0))
                     for wh_id in wh_ids))
                for sub in subs]
        return result

    @api.model
    def _sourcing_free_quantities(self, warehouses, products):
        """``{(warehouse_id, product_id): on hand - reserved}`` in the
        warehouses' stock locations and their children: ONE query, which
        sums the quants per product and per stock location of a warehouse
        (by the locations' nesting bounds, the innermost location first
        should warehouses be nested)."""
        if not warehouses or not products:
            return {}
        self.env.cr.execute("""
            SELECT warehouse.id, location.parent_left, location.parent_right
              FROM stock_warehouse warehouse
              JOIN stock_location location
                ON location.id = warehouse.lot_stock_id
             WHERE warehouse.id IN %s
          ORDER BY location.parent_left DESC""", (tuple(warehouses.ids),))
        bounds = self.env.cr.fetchall()
        cases = ' '.join(
            'WHEN location.parent_left >= %s AND location.parent_left < %s '
            'THEN %s' for _bound in bounds)
        params = [value for wh_id, left, right in bounds
                  for value in (left, right, wh_id)]
        # Plain SQL: the quants of the warehouses the order's company's own
        # rules chose, read for this computation only.
        self.env.cr.execute("""
            SELECT warehouse_id, product_id, SUM(free)
              FROM (SELECT CASE %s END AS warehouse_id,
                           quant.product_id,
                           quant.quantity - quant.reserved_quantity AS free
                      FROM stock_quant quant
                      JOIN stock_location location
                        ON location.id = quant.location_id
                     WHERE quant.product_id IN %%s) AS quants
             WHERE warehouse_id IS NOT NULL
             GROUP BY warehouse_id, product_id
        """ % cases, params + [tuple(products.ids)])
        return {(wh_id, product_id): free
                for wh_id, product_id, free in self.env.cr.fetchall()}

    @api.model
    def _sourcing_store(self, orders, decided):
        """Replace the stored sourcing rows and substitute offers.

        Users only read the rows (hand-made ones would drive procurement):
        whoever may write the orders has them written here, as the system.
        """
        orders.check_access_rights('write')
        orders.check_access_rule('write')
        # sudo: the rows are the sourcing's own output (see above).
        orders.mapped('sourcing_ids').sudo().unlink()
        orders.mapped('sourcing_substitute_ids').sudo().unlink()
        row_model = self.env['sale.order.line.sourcing'].sudo()
        offer_model = self.env['sale.order.line.substitute'].sudo()
        by_rule = {}
        sequences = {}
        if orders:
            # What the rows copy of their line (see the sourcing mixin).
            self.env.cr.execute(
                'SELECT id, sequence FROM sale_order_line '
                'WHERE order_id IN %s', (tuple(orders.ids),))
            sequences = dict(self.env.cr.fetchall())
        for order in orders:
            result = decided[order.id]
            copied = {'order_id': order.id,
                      'company_id': order.company_id.id}
            for line, allocs in result['lines'].items():
                rule = allocs[0][3] if allocs else self.browse()
                by_rule[rule] = by_rule.get(rule, line.browse()) | line
                for index, (warehouse, qty, available, row_rule, reason) in \
                        enumerate(allocs):
                    row_model.create(dict(
                        copied, line_id=line.id,
                        line_sequence=sequences[line.id], sequence=index,
                        warehouse_id=warehouse.id, product_uom_qty=qty,
                        available_qty=available, rule_id=row_rule.id,
                        reason=reason))
            for line_id, subs in result['substitutes'].items():
                for index, sub in enumerate(subs):
                    offer_model.create(dict(
                        copied, line_id=line_id,
                        line_sequence=sequences[line_id], sequence=index,
                        product_id=sub.product_id, free_qty=sub.free_qty))
        for rule, lines in by_rule.items():
            client_context.system_write(lines, {'sourcing_rule_id': rule.id})

    @api.model
    def _sourcing_post_summary(self, orders, decided):
        """Post the sourcing of each confirmed order on its chatter."""
        for order in orders:
            order._som_log_note(plaintext2html(
                decided[order.id]['summary']))

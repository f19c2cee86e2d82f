# Copyright 2026 sales_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""sale.order: how the checks are evaluated, set-based, and the rules
written as methods (credit limit, ship-complete). Split from sale_order.py
(the confirmation side) for length only: SaleOrderChecks calls into it."""
import collections
import logging

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import html_escape
from odoo.tools.safe_eval import safe_eval

from ...engine import checks as checks_engine
from ..support import transaction_state


_checks_logger = logging.getLogger(__name__)


class SaleOrderCheckEvaluation(models.Model):
    """Evaluation of the checks (a domain rule: one search for the batch;
    a method rule: one call; a code rule: one evaluation per order)."""
    _inherit = 'sale.order'

    @api.multi
    def detect_exceptions(self):
        """sale_exception's detection, set-based: stores the blocking
        checks each quotation fails and returns their ids. Confirmed
        orders are not re-checked (the checks are made at confirmation;
        sale_exception re-checked them on every write)."""
        checked = self._checks_confirming()
        orders = self.filtered(
            lambda o: o.state in ('draft', 'sent')
            and not o.ignore_exception and o.id not in checked)
        if not orders:
            return []
        results, _errors = orders._checks_evaluate(raise_errors=True)
        to_write = collections.defaultdict(list)
        all_ids = []
        for order in orders:
            rule_ids = sorted(set(
                rule.id for rule, _reason in results[order.id]
                if rule.severity != 'warning'))
            all_ids += rule_ids
            if rule_ids != sorted(order.exception_ids.ids):
                to_write[tuple(rule_ids)].append(order.id)
        for rule_ids, order_ids in to_write.items():
            self.browse(order_ids).write(
                {'exception_ids': [(6, 0, list(rule_ids))]})
        return all_ids

    @api.model
    def _exception_rule_eval_context(self, obj_name, rec):
        space = super(
            SaleOrderCheckEvaluation, self)._exception_rule_eval_context(
                obj_name, rec)
        # No raw SQL from a rule: the cursor is not handed to the code.
        space.pop('cr', None)
        return space

    # Evaluation ------------------------------------------------------------

    @api.model
    def _checks_translate(self, text):
        return _(text)

    @api.model
    def _checks_can_override(self):
        """A Sales manager (Odoo 11's uid 1 is the Administrator user, a
        Sales manager like any other: no exception for it)."""
        return self.env.user.has_group('sales_team.group_sale_manager')

    @api.model
    def _checks_check_override_allowed(self):
        if not self._checks_can_override():
            raise AccessError(_(
                'Only a Sales manager can confirm orders despite failed '
                'checks.'))

    @api.model
    def _checks_rules(self):
        """The active checks of sales orders, in sequence order. sudo:
        rules are configuration every user's confirmation applies."""
        # Active ones only, whatever the caller's context says.
        return self.env['exception.rule'].sudo().with_context(
            active_test=True).search([
                ('rule_group', '=', 'sale'),
                ('model', 'in', ('sale.order', 'sale.order.line'))])

    @api.multi
    def _checks_failures(self, failures):
        """[(rule, reason)] -> [engine Failure]."""
        return [checks_engine.Failure(
            rule.name, reason or rule.description or '',
            warning=rule.severity == 'warning')
            for rule, reason in failures]

    @api.multi
    def _checks_evaluate(self, raise_errors=True, with_code=True):
        """Evaluate every active check on the orders of `self` at once.

        :return: ({order id: [(rule, reason)]}, [error message]); with
            raise_errors, a rule that cannot be evaluated raises UserError
            "check 'X' failed to evaluate" (the error is logged).
        """
        results = {order_id: [] for order_id in self.ids}
        errors = []
        rules = self._checks_rules()
        if not with_code:
            rules = rules.filtered(
                lambda rule: rule.exception_type != 'by_py_code')
        # The checks about delivery look at the orders shipping something
        # only (read once, before the savepoints).
        shipping = self._checks_with_delivery() if any(
            rules.mapped('delivery_only')) else self

        def checked(rule):
            """The orders of `self` that `rule` applies to."""
            return shipping if rule.delivery_only else self
        try:
            # A savepoint keeps the transaction usable when a rule breaks
            # in SQL (the form still shows the other checks): one for all
            # the rules, then one per rule to tell which broke.
            with self.env.cr.savepoint():
                outcomes = [(rule, checked(rule)._checks_run_rule(rule))
                            for rule in rules]
        except Exception:  # pylint: disable=broad-except
            outcomes = [(rule, None) for rule in rules]
        for rule, failed in outcomes:
            try:
                if failed is None:
                    with self.env.cr.savepoint():
                        failed = checked(rule)._checks_run_rule(rule)
            except Exception as error:  # pylint: disable=broad-except
                _checks_logger.exception(
                    'Check %r (exception.rule %s) failed to evaluate on %s',
                    rule.name, rule.id, self.ids)
                message = _("Check '%s' failed to evaluate (%s); a Sales "
                            "manager must correct or switch off this "
                            "check.") % (rule.name, error)
                if raise_errors:
                    raise UserError(message)
                errors.append(message)
                continue
            for order_id, reason in failed.items():
                if order_id in results:
                    if isinstance(reason, models.BaseModel):
                        # Failing lines, named out of the savepoints.
                        reason = self._checks_line_reason(rule, reason)
                    results[order_id].append((rule, reason))
        return results, errors

    @api.multi
    def _checks_run_rule(self, rule):
        """{order id: reason} of the orders of `self` failing `rule`."""
        if not self:
            return {}
        if rule.exception_type == 'by_domain':
            domain = rule._eval_domain()
            # sudo: the search is bounded to the orders being checked and
            # only tells which of them match the rule. Leaves through a
            # relation are searched among the batch's values only.
            if rule.model == 'sale.order.line':
                lines = self.sudo().mapped('order_line')
                lines = lines.search([('id', 'in', lines.ids)] + (
                    rule._domain_within(lines, domain))) if lines else lines
                return self._checks_failing_lines(lines)
            orders = self.sudo()
            orders = orders.search(
                [('id', 'in', orders.ids)] + rule._domain_within(
                    orders, domain), order='id')
            return dict.fromkeys(orders.ids, '')
        if rule.exception_type == 'by_method':
            # sudo: checks need facts the user may not read (receivables).
            result = getattr(self.sudo(), rule.method)()
            if isinstance(result, dict):
                return result
            return dict.fromkeys(result.ids, '')
        failed = {}
        failed_lines = self.env['sale.order.line']
        for order in self:
            if rule.model == 'sale.order':
                if self._checks_eval_code(rule, 'sale', order):
                    failed[order.id] = ''
                continue
            for line in order.order_line:
                if self._checks_eval_code(rule, 'sale_line', line):
                    failed_lines |= line
        if failed_lines:
            failed.update(self._checks_failing_lines(failed_lines))
        return failed

    @api.multi
    def _checks_with_delivery(self):
        """The orders of `self` that have something to deliver: a line of
        a storable or consumable product. sudo: only the product types of
        the lines are read, to tell which checks apply."""
        orders = self.sudo()
        return self.browse([order.id for order in orders if any(
            line.product_id.type in ('consu', 'product')
            for line in order.order_line)])

    @api.model
    def _checks_failing_lines(self, lines):
        """{order id: its lines among ``lines``}: what a check on lines
        returns; _checks_evaluate names them once out of its savepoints
        (under Odoo's test cursor, reading products there would end
        them)."""
        failing = {}
        for line in lines:
            failing[line.order_id.id] = failing.get(
                line.order_id.id, lines.browse()) | line
        return failing

    @api.model
    def _checks_line_reason(self, rule, lines):
        """The rule's description and the failing ``lines`` of one order
        by their position and product."""
        order = lines[:1].order_id
        positions = {line.id: index for index, line in
                     enumerate(order.order_line, 1)}
        label = _('line %d (%s)')
        named = ', '.join([
            label % (positions.get(line.id, 0),
                     line.product_id.display_name or line.name)
            for line in lines.sorted(
                lambda line: positions.get(line.id, 0))])
        return ' '.join(filter(None, [
            rule.description, _('Failing: %s.') % named]))

    @api.model
    def _checks_eval_code(self, rule, obj_name, record):
        space = self._exception_rule_eval_context(obj_name, record)
        safe_eval(rule.code or '', space, mode='exec', nocopy=True)
        return bool(space.get('failed', False))

    @api.multi
    def _checks_log_confirmation(self, results, failures, reason):
        """Record on each order what the checks said at confirmation."""
        now = fields.Datetime.now()
        # The orders checked here do not ignore exceptions: their stored
        # main exception is set exactly when they have some (base_exception),
        # and is read with the order (exception_ids would be one query).
        clean = self.filtered(
            lambda o: o not in failures and o.main_exception_id)
        if clean:
            clean.write({'exception_ids': [(5, 0, 0)]})
        for order, items in failures.items():
            blocking, warnings = checks_engine.split(items)
            notes = []
            vals = {}
            if blocking:
                notes.append(_('Checks overridden by %s: %s (failed: %s)') % (
                    self.env.user.name, reason,
                    '; '.join(item.name for item in blocking)))
                vals.update({
                    'ignore_exception': True,
                    'exception_ids': [(6, 0, [
                        rule.id for rule, _reason in results[order.id]
                        if rule.severity != 'warning'])],
                    'check_override_user_id': self.env.uid,
                    'check_override_date': now,
                    'check_override_reason': reason,
                })
            if warnings:
                notes.append(_('Confirmed with warnings: %s') % '; '.join(
                    item.name + (': %s' % item.reason if item.reason
                                 else '') for item in warnings))
            vals['check_confirm_note'] = '\n'.join(notes)
            with transaction_state.pushed(self.env, 'checks_logging',
                                          frozenset(order.ids)):
                order.write(vals)
            order._som_log_note('<br/>'.join(
                html_escape(note) for note in notes))

    # Checks by method: called once on the batch, return {order id: reason}

    @api.multi
    def _checks_credit_limit(self):
        """Orders taking their customer over its credit limit: open
        receivables + confirmed orders not invoiced yet + the orders of
        the batch (in batch order), in the company's currency."""
        orders = self.filtered(
            lambda o: o.partner_id.commercial_partner_id.credit_limit > 0)
        if not orders:
            return {}
        partners = orders.mapped('partner_id.commercial_partner_id')
        companies = orders.mapped('company_id')
        committed = collections.defaultdict(float)
        receivables = self.env['account.move.line'].read_group(
            [('partner_id.commercial_partner_id', 'in', partners.ids),
             ('company_id', 'in', companies.ids),
             ('account_id.internal_type', '=', 'receivable'),
             ('move_id.state', '=', 'posted'),
             ('reconciled', '=', False)],
            ['partner_id', 'company_id', 'amount_residual'],
            ['partner_id', 'company_id'], lazy=False)
        commercial = {partner.id: partner.commercial_partner_id.id
                      for partner in self.env['res.partner'].browse(
                          [group['partner_id'][0] for group in receivables
                           if group['partner_id']])}
        for group in receivables:
            if group['partner_id']:
                key = (commercial[group['partner_id'][0]],
                       group['company_id'][0])
                committed[key] += group['amount_residual']
        # Confirmed, not invoiced yet: ordered (taxes included) minus
        # invoiced (amt_to_invoice only counts what is delivered).
        unpaid = self.env['sale.order.line'].read_group(
            [('order_partner_id.commercial_partner_id', 'in', partners.ids),
             ('company_id', 'in', companies.ids),
             ('state', 'in', ('sale', 'done')),
             ('invoice_status', '!=', 'invoiced')],
            ['order_partner_id', 'company_id', 'currency_id',
             'price_total', 'amt_invoiced'],
            ['order_partner_id', 'company_id', 'currency_id'], lazy=False)
        customers = self.env['res.partner'].browse(
            [group['order_partner_id'][0] for group in unpaid])
        commercial = {partner.id: partner.commercial_partner_id.id
                      for partner in customers}
        # Today's rate, whatever date the caller's context says.
        Currency = self.env['res.currency'].with_context(
            date=fields.Date.today())
        for group in unpaid:
            company = companies.browse(group['company_id'][0])
            amount = Currency.browse(group['currency_id'][0]).compute(
                group['price_total'] - group['amt_invoiced'],
                company.currency_id)
            committed[(commercial[group['order_partner_id'][0]],
                       company.id)] += amount
        batches = collections.OrderedDict()
        for order in orders:
            key = (order.partner_id.commercial_partner_id.id,
                   order.company_id.id)
            amount = order.currency_id.with_context(
                date=fields.Date.today()).compute(
                order.amount_total, order.company_id.currency_id)
            batches.setdefault(key, []).append((order, amount))
        result = {}
        for (partner_id, company_id), items in batches.items():
            partner = partners.browse(partner_id)
            currency = items[0][0].company_id.currency_id
            for item in checks_engine.credit_exposures(
                    partner.credit_limit, committed[(partner_id, company_id)],
                    items):
                if item.exceeded:
                    result[item.key.id] = checks_engine.credit_reason(
                        partner.name, item.exposure, partner.credit_limit,
                        currency.name, self._checks_translate)
        return result

    @api.multi
    def _checks_ship_complete_unservable(self):
        """Orders of ship-complete customers (hook `_ship_complete_orders`,
        answered by backorder) that the warehouses which would ship them
        cannot serve in full now (hook `_sourcing_shortages`, answered by
        sourcing)."""
        orders = self._ship_complete_orders()
        if not orders:
            return {}
        missing = collections.defaultdict(list)
        for line, short in orders._sourcing_shortages().items():
            missing[line.order_id.id].append('%s %s %s' % (
                short, line.product_uom.name, line.product_id.name))
        return {order_id: _('missing now: %s') % ', '.join(items)
                for order_id, items in missing.items()}

# Copyright 2026 sales_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""sale.order: what each capability adds to the quotation / sales order.

One class per capability, each `_inherit`-ing the model, in the order
they build on each other: a later class wraps the earlier ones (its
overrides run first and reach the earlier ones through `super()`).
"""
from odoo import _, api, fields, models  # noqa: F401

from .sale_entry_channel import ENTRY_CHANNELS


# -- tracking ----------------------------------------------------------------
class SaleOrderTracking(models.Model):
    _inherit = 'sale.order'

    entry_channel = fields.Selection(
        ENTRY_CHANNELS, string='Entry channel', index=True,
        track_visibility='onchange',
        default=lambda self: self._default_entry_channel(),
        help='How the order came in. Defaults to the salesperson\'s '
             'preference, else the company\'s.')

    @api.model
    def _default_entry_channel(self):
        user = self.env.user
        return user.default_entry_channel or \
            user.company_id.default_entry_channel or False


# -- terms -------------------------------------------------------------------


# -- backorder ---------------------------------------------------------------


# -- sourcing ----------------------------------------------------------------


# -- documents ---------------------------------------------------------------


# -- signature ---------------------------------------------------------------


# -- checks ------------------------------------------------------------------
# Imports of this section are prefixed (checks_*) so that the sections of
# other capabilities can import the same names without clashing.
import collections as checks_collections  # noqa: E402
import logging as checks_logging  # noqa: E402

from odoo import SUPERUSER_ID as CHECKS_SUPERUSER_ID  # noqa: E402
from odoo import exceptions as checks_exceptions  # noqa: E402
from odoo import tools as checks_tools  # noqa: E402
from odoo.tools.safe_eval import safe_eval as checks_safe_eval  # noqa: E402

from ..engine import checks as checks_engine  # noqa: E402

_checks_logger = checks_logging.getLogger(__name__ + '.checks')


class SaleOrderChecks(models.Model):
    """Order processing checks (OCA sale_exception rules) at confirmation.

    The rules of group 'sale' are evaluated for the whole batch being
    confirmed: a domain rule is one search over the batch, a method rule
    one call on the batch, a Python code rule one evaluation per order.
    Blocking failures refuse the confirmation (UserError listing them);
    a Sales manager may confirm anyway with a reason (logged); warnings
    are shown and logged, and do not stop the confirmation.
    """
    _inherit = 'sale.order'  # pylint: disable=R8180

    check_failure_ids = fields.Many2many(
        'exception.rule', 'sale_order_check_failure_rel', 'order_id',
        'rule_id', string='Failed checks', compute='_compute_checks',
        help='Blocking checks this quotation fails now: it cannot be '
             'confirmed until they are fixed (or a Sales manager '
             'confirms anyway with a reason).')
    check_warning_ids = fields.Many2many(
        'exception.rule', 'sale_order_check_warning_rel', 'order_id',
        'rule_id', string='Check warnings', compute='_compute_checks',
        help='Checks that only warn: the order can be confirmed.')
    check_summary = fields.Text(
        string='Checks', compute='_compute_checks',
        help='The failed checks of this quotation in plain words.')
    check_blocked = fields.Boolean(
        string='Blocked by checks', compute='_compute_checks')
    check_warned = fields.Boolean(
        string='Warned by checks', compute='_compute_checks')
    check_override_user_id = fields.Many2one(
        'res.users', string='Checks overridden by', readonly=True,
        copy=False)
    check_override_date = fields.Datetime(
        string='Checks overridden on', readonly=True, copy=False)
    check_override_reason = fields.Text(
        string='Override reason', readonly=True, copy=False)
    check_confirm_note = fields.Text(
        string='Checks at confirmation', readonly=True, copy=False,
        help='The failed checks at confirmation: overridden blocking '
             'checks and warnings.')

    @api.multi
    def _compute_checks(self):
        orders = self.filtered(
            lambda o: isinstance(o.id, int) and not o.ignore_exception
            and o.state in ('draft', 'sent'))
        results, errors = orders._checks_evaluate(raise_errors=False) \
            if orders else ({}, [])
        rules = self.env['exception.rule']
        for order in self:
            failures = results.get(order.id, [])
            blocking = [rule.id for rule, _reason in failures
                        if rule.severity != 'warning']
            order.check_failure_ids = rules.browse(blocking)
            order.check_warning_ids = rules.browse(
                [rule.id for rule, _reason in failures
                 if rule.severity == 'warning'])
            order.check_blocked = bool(blocking or (
                errors and order in orders))
            order.check_warned = bool(order.check_warning_ids)
            lines = [checks_engine.failure_line(
                failure, self._checks_translate)
                for failure in order._checks_failures(failures)]
            if order in orders:
                lines += ['  - %s' % error for error in errors]
            order.check_summary = '\n'.join(lines)

    @api.model
    def create(self, vals):
        if vals.get('ignore_exception'):
            self._checks_check_override_allowed()
        return super(SaleOrderChecks, self).create(vals)

    @api.multi
    def write(self, vals):
        if vals.get('ignore_exception'):
            # ignore_exception skips every check: only an override may set
            # it (sale_exception lets any user tick it).
            self._checks_check_override_allowed()
        return super(SaleOrderChecks, self).write(vals)

    @api.multi
    def action_confirm(self):
        """Refuse with the failed checks, or confirm (overridden with a
        reason by a Sales manager, or with warnings only) and log it."""
        if self.env.context.get('som_checks_done'):
            return super(SaleOrderChecks, self).action_confirm()
        override = self.env.context.get('som_checks_override')
        if override:
            self._checks_check_override_allowed()
        orders = self.filtered(
            lambda o: o.state in ('draft', 'sent')
            and not o.ignore_exception)
        if not orders:
            return super(SaleOrderChecks, self.with_context(
                som_checks_done=True)).action_confirm()
        results, _errors = orders._checks_evaluate(raise_errors=True)
        failures = {order: order._checks_failures(results[order.id])
                    for order in orders if results[order.id]}
        blocked = [order for order, items in failures.items()
                   if checks_engine.split(items)[0]]
        if blocked and not override:
            raise checks_exceptions.UserError(
                _('The checks refuse the confirmation; nothing was '
                  'confirmed.\n%s\nFix the orders, or ask a Sales manager '
                  'to confirm anyway with a reason.') % checks_engine.
                refusal_text([(order.name, failures[order])
                              for order in orders if order in failures],
                             self._checks_translate))
        reason = (self.env.context.get('som_checks_override_reason')
                  or '').strip()
        if blocked and not reason:
            raise checks_exceptions.UserError(_(
                'Give the reason why the orders are confirmed despite the '
                'failed checks.'))
        orders._checks_log_confirmation(results, failures, reason)
        return super(SaleOrderChecks, self.with_context(
            som_checks_done=True)).action_confirm()

    @api.multi
    def _action_confirm(self):
        """Odoo 11.0's sale._action_confirm reads `self.order_line` on the
        whole recordset (Expected singleton as soon as two orders are
        confirmed in one call): after the checks of the whole batch,
        confirm the orders one by one."""
        if len(self) > 1:
            for order in self:
                super(SaleOrderChecks, order)._action_confirm()
            return True
        return super(SaleOrderChecks, self)._action_confirm()

    @api.multi
    def action_checks_override(self):
        """Open the wizard where a Sales manager confirms anyway."""
        self._checks_check_override_allowed()
        action = self.env.ref(
            'sales_order_mgmt.sale_check_override_wizard_action').read()[0]
        action['context'] = {'active_model': self._name,
                             'active_ids': self.ids,
                             'active_id': self.ids[0] if self.ids else False}
        return action

    @api.multi
    def detect_exceptions(self):
        """sale_exception's detection, set-based: stores the blocking
        checks each quotation fails and returns their ids. Confirmed
        orders are not re-checked (the checks are made at confirmation;
        sale_exception re-checked them on every write)."""
        if self.env.context.get('som_checks_done'):
            return []
        orders = self.filtered(
            lambda o: o.state in ('draft', 'sent')
            and not o.ignore_exception)
        if not orders:
            return []
        results, _errors = orders._checks_evaluate(raise_errors=True)
        to_write = checks_collections.defaultdict(list)
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
        space = super(SaleOrderChecks, self)._exception_rule_eval_context(
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
        return self.env.uid == CHECKS_SUPERUSER_ID or self.env.user.has_group(
            'sales_team.group_sale_manager')

    @api.model
    def _checks_check_override_allowed(self):
        if not self._checks_can_override():
            raise checks_exceptions.AccessError(_(
                'Only a Sales manager can confirm orders despite failed '
                'checks.'))

    @api.model
    def _checks_rules(self):
        """The active checks of sales orders, in sequence order. sudo:
        rules are configuration every user's confirmation applies."""
        return self.env['exception.rule'].sudo().search([
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
    def _checks_evaluate(self, raise_errors=True):
        """Evaluate every active check on the orders of `self` at once.

        :return: ({order id: [(rule, reason)]}, [error message]); with
            raise_errors, a rule that cannot be evaluated raises UserError
            "check 'X' failed to evaluate" (the error is logged).
        """
        results = {order_id: [] for order_id in self.ids}
        errors = []
        for rule in self._checks_rules():
            try:
                # A savepoint keeps the transaction usable when a rule
                # breaks in SQL (the form still shows the other checks).
                with self.env.cr.savepoint():
                    failed = self._checks_run_rule(rule)
            except Exception as error:  # pylint: disable=broad-except
                _checks_logger.exception(
                    'Check %r (exception.rule %s) failed to evaluate on %s',
                    rule.name, rule.id, self.ids)
                message = _("Check '%s' failed to evaluate (%s); a Sales "
                            "manager must correct or switch off this "
                            "check.") % (rule.name, error)
                if raise_errors:
                    raise checks_exceptions.UserError(message)
                errors.append(message)
                continue
            for order_id, reason in failed.items():
                if order_id in results:
                    results[order_id].append((rule, reason))
        return results, errors

    @api.multi
    def _checks_run_rule(self, rule):
        """{order id: reason} of the orders of `self` failing `rule`."""
        if rule.exception_type == 'by_domain':
            domain = rule._eval_domain()
            # sudo: the search is bounded to the orders being checked and
            # only tells which of them match the rule.
            if rule.model == 'sale.order.line':
                lines = self.env['sale.order.line'].sudo().search(
                    [('order_id', 'in', self.ids)] + domain)
                return dict.fromkeys(lines.mapped('order_id').ids, '')
            orders = self.sudo().search(
                [('id', 'in', self.ids)] + domain, order='id')
            return dict.fromkeys(orders.ids, '')
        if rule.exception_type == 'by_method':
            # sudo: checks need facts the user may not read (receivables).
            result = getattr(self.sudo(), rule.method)()
            if isinstance(result, dict):
                return result
            return dict.fromkeys(result.ids, '')
        failed = {}
        for order in self:
            if rule.model == 'sale.order':
                if self._checks_eval_code(rule, 'sale', order):
                    failed[order.id] = ''
                continue
            for line in order.order_line:
                if self._checks_eval_code(rule, 'sale_line', line):
                    failed[order.id] = ''
                    break
        return failed

    @api.model
    def _checks_eval_code(self, rule, obj_name, record):
        space = self._exception_rule_eval_context(obj_name, record)
        checks_safe_eval(rule.code or '', space, mode='exec', nocopy=True)
        return bool(space.get('failed', False))

    @api.multi
    def _checks_log_confirmation(self, results, failures, reason):
        """Record on each order what the checks said at confirmation."""
        now = fields.Datetime.now()
        clean = self.filtered(
            lambda o: o not in failures and o.exception_ids)
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
            order.write(vals)
            order.message_post(body='<br/>'.join(
                checks_tools.html_escape(note) for note in notes))

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
        committed = checks_collections.defaultdict(float)
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
        Currency = self.env['res.currency']
        for group in unpaid:
            company = companies.browse(group['company_id'][0])
            amount = Currency.browse(group['currency_id'][0]).compute(
                group['price_total'] - group['amt_invoiced'],
                company.currency_id)
            committed[(commercial[group['order_partner_id'][0]],
                       company.id)] += amount
        batches = checks_collections.OrderedDict()
        for order in orders:
            key = (order.partner_id.commercial_partner_id.id,
                   order.company_id.id)
            amount = order.currency_id.compute(
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
    def _checks_signature_missing(self):
        """Orders whose signature is required but not valid (the signature
        capability's `_signature_check_required`)."""
        if not hasattr(self, '_signature_check_required'):
            return {}
        return dict.fromkeys(
            self._signature_check_required().ids,
            _("the customer's signature is required and is missing or no "
              "longer matches the order."))

    @api.multi
    def _checks_ship_complete_unservable(self):
        """Orders of ship-complete customers that the sourced warehouses
        cannot serve in full now (the sourcing capability's
        `_sourcing_compute_allocations`: per order line, rows of
        (warehouse, qty, available_qty, rule, reason))."""
        if 'backorder_policy_id' not in self._fields or not hasattr(
                self, '_sourcing_compute_allocations'):
            return {}
        orders = self.filtered(
            lambda o: o.backorder_policy_id.mode == 'ship_complete')
        if not orders:
            return {}
        allocations = orders._sourcing_compute_allocations()
        missing = checks_collections.defaultdict(list)
        for line in orders.mapped('order_line'):
            if line.product_id.type != 'product':
                continue
            rows = allocations.get(line, allocations.get(line.id)) or []
            served = sum(min(row[1], row[2]) for row in rows)
            short = line.product_uom_qty - served
            if checks_tools.float_compare(short, 0.0, precision_rounding=(
                    line.product_uom.rounding or 0.01)) > 0:
                missing[line.order_id.id].append('%s %s %s' % (
                    short, line.product_uom.name, line.product_id.name))
        return {order_id: _('missing now: %s') % ', '.join(items)
                for order_id, items in missing.items()}

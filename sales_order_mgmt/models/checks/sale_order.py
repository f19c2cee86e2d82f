# Copyright 2026 sales_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ...engine import checks as checks_engine
from ..support import client_context, transaction_state


#: The checks' record of a confirmation (see _checks_check_audit_fields).
CHECK_AUDIT_FIELDS = ('check_override_user_id', 'check_override_date',
                      'check_override_reason', 'check_confirm_note')


class SaleOrderChecks(models.Model):
    """Order processing checks (OCA sale_exception rules) at confirmation.

    The rules of group 'sale' are evaluated for the whole batch being
    confirmed: a domain rule is one search over the batch, a method rule
    one call on the batch, a Python code rule one evaluation per order.
    Blocking failures refuse the confirmation (UserError listing them);
    a Sales manager may confirm anyway with a reason (logged); warnings
    are shown and logged, and do not stop the confirmation.
    """
    _inherit = 'sale.order'

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
        help='The blocking checks this quotation fails, in plain words.')
    check_warning_summary = fields.Text(
        string='Check warnings (text)', compute='_compute_checks',
        help='The checks that only warn, in plain words.')
    check_main_id = fields.Many2one(
        'exception.rule', string='Main exception', compute='_compute_checks',
        help='The first blocking check this quotation fails now.')
    check_blocked = fields.Boolean(
        string='Blocked by checks', compute='_compute_checks',
        search='_search_check_blocked')
    check_warned = fields.Boolean(
        string='Warned by checks', compute='_compute_checks')
    check_override_user_id = fields.Many2one(
        'res.users', string='Checks overridden by', readonly=True,
        copy=False, prefetch=False)
    check_override_date = fields.Datetime(
        string='Checks overridden on', readonly=True, copy=False,
        prefetch=False)
    check_override_reason = fields.Text(
        string='Override reason', readonly=True, copy=False, prefetch=False)
    check_confirm_note = fields.Text(
        string='Checks at confirmation', readonly=True, copy=False,
        help='The failed checks at confirmation: overridden blocking '
             'checks and warnings.', prefetch=False)

    @api.multi
    def _compute_checks(self):
        orders = self.filtered(
            lambda o: isinstance(o.id, int) and not o.ignore_exception
            and o.state in ('draft', 'sent'))
        # Code checks run when a confirmation is attempted (and by the
        # cron), not on every read of a quotation.
        results, errors = orders._checks_evaluate(
            raise_errors=False, with_code=False) if orders else ({}, [])
        rules = self.env['exception.rule']
        required = orders._checks_requirements() if orders else {}
        for order in self:
            failures = results.get(order.id, [])
            extra = required.get(order.id, [])
            blocking = [rule.id for rule, _reason in failures
                        if rule.severity != 'warning']
            order.check_failure_ids = rules.browse(blocking)
            order.check_warning_ids = rules.browse(
                [rule.id for rule, _reason in failures
                 if rule.severity == 'warning'])
            order.check_main_id = rules.browse(blocking[:1])
            order.check_blocked = bool(blocking or extra or (
                errors and order in orders))
            order.check_warned = bool(order.check_warning_ids)
            blocking_failures, warnings = checks_engine.split(
                order._checks_failures(failures) + extra)
            lines = [checks_engine.failure_line(
                failure, self._checks_translate)
                for failure in blocking_failures]
            if order in orders:
                lines += ['  - %s' % error for error in errors]
            order.check_summary = '\n'.join(lines)
            order.check_warning_summary = '\n'.join(
                checks_engine.failure_line(failure, self._checks_translate)
                for failure in warnings)

    @api.model
    def _search_check_blocked(self, operator, value):
        """Quotations blocked by the checks now: evaluated for every
        quotation the user can see, set-based, as the form does."""
        if operator not in ('=', '!='):
            raise UserError(_(
                'Blocked by checks can only be searched as set or not '
                'set.'))
        quotations = self.search([('state', 'in', ('draft', 'sent')),
                                  ('ignore_exception', '=', False)])
        blocked = []
        if quotations:
            # As the form: code checks run at confirmation, not on reads.
            results, errors = quotations._checks_evaluate(
                raise_errors=False, with_code=False)
            required = quotations._checks_requirements()
            blocked = quotations.ids if errors else [
                order_id for order_id, failures in results.items()
                if order_id in required or any(
                    rule.severity != 'warning' for rule, _reason in failures)]
        wanted = (operator == '=') == bool(value)
        return [('id', 'in' if wanted else 'not in', blocked)]

    @api.model
    def create(self, vals):
        if vals.get('ignore_exception'):
            self._checks_check_override_allowed()
        self._checks_check_audit_fields(vals)
        order = super(SaleOrderChecks, client_context.without_defaults(
            self, CHECK_AUDIT_FIELDS + ('ignore_exception',))).create(vals)
        # Created confirmed (an import, a 'default_state'): as checked as a
        # confirmation.
        order.filtered(
            lambda o: o.state in ('sale', 'done'))._checks_refuse_unchecked()
        return order

    @api.multi
    def write(self, vals):
        if not set(self.ids) <= transaction_state.open_ids(
                self.env, 'checks_logging'):
            self._checks_check_audit_fields(vals)
        if vals.get('state') in ('sale', 'done'):
            # A confirmation by writing the state skips action_confirm.
            self.filtered(lambda o: o.state in ('draft', 'sent')) \
                ._checks_refuse_unchecked()
        if vals.get('ignore_exception'):
            # ignore_exception skips every check: only an override may set
            # it (sale_exception lets any user tick it).
            self._checks_check_override_allowed()
        return super(SaleOrderChecks, self).write(vals)

    @api.multi
    def action_confirm(self):
        """Refuse with the failed checks, or confirm (overridden with a
        reason by a Sales manager, or with warnings only) and log it."""
        checked = self._checks_confirming()
        if checked.issuperset(self.ids):
            return super(SaleOrderChecks, self).action_confirm()
        # Only `_checks_confirm_overridden` (the override wizard, a Sales
        # manager as himself) forces a confirmation; never the context.
        override = transaction_state.innermost(self.env, 'checks_override')
        if override and not set(self.ids) <= override[0]:
            override = None
        orders = self.filtered(
            lambda o: o.state in ('draft', 'sent')
            and not o.ignore_exception and o.id not in checked)
        if not orders:
            return self._checks_confirm_checked()
        results, _errors = orders._checks_evaluate(raise_errors=True)
        failures = {order: order._checks_failures(results[order.id])
                    for order in orders if results[order.id]}
        blocked = [order for order, items in failures.items()
                   if checks_engine.split(items)[0]]
        if blocked and not override:
            # What other capabilities require is listed too (they refuse
            # it themselves when the checks pass).
            required = orders._checks_requirements()
            raise UserError(
                _('The checks refuse the confirmation; nothing was '
                  'confirmed.\n%s\nFix the orders, or ask a Sales manager '
                  'to confirm anyway with a reason.') % checks_engine.
                refusal_text([(order.name, failures.get(order, []) +
                               required.get(order.id, []))
                              for order in orders],
                             self._checks_translate))
        reason = override[1] if override else ''
        if blocked and not reason:
            raise UserError(_(
                'Give the reason why the orders are confirmed despite the '
                'failed checks.'))
        orders._checks_log_confirmation(results, failures, reason)
        return self._checks_confirm_checked()

    @api.model
    def _checks_check_audit_fields(self, vals):
        """Who overrode the checks, when and why, and what the checks said
        at confirmation are written by the confirmation only
        (`_checks_log_confirmation`): never forged by a write."""
        if set(vals) & set(CHECK_AUDIT_FIELDS):
            raise UserError(_(
                'What the checks said at confirmation is recorded by the '
                'confirmation itself and cannot be written.'))

    @api.multi
    def _checks_refuse_unchecked(self):
        """Orders confirmed without `action_confirm` (their state written
        or created as confirmed) get the same refusal: the blocking checks
        and what other capabilities require (the signature), unless they
        are being confirmed or a manager's override stands
        (ignore_exception)."""
        confirming = self._checks_confirming()
        orders = self.filtered(
            lambda o: not o.ignore_exception and o.id not in confirming)
        if not orders:
            return
        results, _errors = orders._checks_evaluate(raise_errors=True)
        failures = {order: order._checks_failures(results[order.id])
                    for order in orders if results[order.id]}
        blocked = [order for order, items in failures.items()
                   if checks_engine.split(items)[0]]
        required = orders._confirm_requirements_missing()
        if blocked or required:
            raise UserError(_(
                'Orders are confirmed with the Confirm button, which runs '
                'the checks; these cannot be confirmed now: %s') % ', '.join(
                    orders.browse([o.id for o in blocked] + list(required))
                    .mapped('name')))

    @api.multi
    def _checks_confirm_overridden(self, reason):
        """Confirm despite the failed blocking checks (the signature
        requirement included), with ``reason`` logged under the current
        user's name. Only a Sales manager, as himself, may: a private method
        (no RPC), called by the override wizard."""
        self._checks_check_override_allowed()
        reason = (reason or '').strip()
        if not reason:
            raise UserError(_(
                'Give the reason why the orders are confirmed despite the '
                'failed checks.'))
        with transaction_state.pushed(self.env, 'checks_override',
                                      (frozenset(self.ids), reason)):
            return self.action_confirm()

    @api.multi
    def _confirm_overridden_ids(self):
        """Hook of support: the orders the override wizard is confirming."""
        override = transaction_state.innermost(self.env, 'checks_override')
        return set(override[0]) if override else set()

    @api.multi
    def _confirm_override_reason(self):
        """Hook of support: the reason given in the override wizard."""
        override = transaction_state.innermost(self.env, 'checks_override')
        return override[1] if override else ''

    @api.multi
    def _checks_requirements(self):
        """``{order id: [Failure]}``: what other capabilities require for
        a confirmation and is missing (hook `_confirm_requirements_missing`),
        listed with the failed checks while the checks are in use (an active
        rule); those capabilities enforce it themselves."""
        if not self._checks_rules():
            return {}
        return {order_id: [checks_engine.Failure(name, reason)
                           for name, reason in items]
                for order_id, items in
                self._confirm_requirements_missing().items()}

    @api.multi
    def _checks_confirm_checked(self):
        """Odoo's confirmation of these orders, checked: sale_exception's
        detection (detect_exceptions) does not check them again meanwhile.
        Not told through the context: see transaction_state."""
        with transaction_state.pushed(self.env, 'checks_confirming',
                                      frozenset(self.ids)):
            return super(SaleOrderChecks, self).action_confirm()

    @api.model
    def _checks_confirming(self):
        """Ids of the orders whose checked confirmation is in progress."""
        return transaction_state.open_ids(self.env, 'checks_confirming')

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

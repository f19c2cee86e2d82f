# Copyright 2026 sales_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""exception.rule (OCA base_exception): what the order checks add.

base_exception 11.0.1.1.2 only knows rules written as Python code,
evaluated once per record (and once per line for line rules). This adds:

- ``exception_type``: ``by_domain`` (a domain evaluated once for a whole
  batch of orders: ``[('id', 'in', ids)] + domain``), ``by_method`` (a
  method of the model called once on the batch, returning the records
  that fail) and the original ``by_py_code``;
- ``severity``: ``block`` (the default: the order is refused) or
  ``warning`` (shown and logged, the order is confirmed);
- ``delivery_only``: the check applies only to orders that have something
  to deliver (a storable or consumable product), e.g. the delivery address;
- a check at save that the domain, code or method can be evaluated, so
  a typo is a ``ValidationError`` naming the problem, not a crash at
  confirmation.
"""
import logging

from odoo import _, api, fields, models
from odoo.addons.base.res.res_users import USER_PRIVATE_FIELDS
from odoo.exceptions import AccessError, ValidationError
from odoo.osv import expression
from odoo.tools.safe_eval import safe_eval, test_python_expr

from ...engine import checks as checks_engine

_logger = logging.getLogger(__name__)


class ExceptionRule(models.Model):
    _inherit = 'exception.rule'

    exception_type = fields.Selection(
        [('by_domain', 'By domain'),
         ('by_method', 'By method'),
         ('by_py_code', 'By Python code')],
        string='Check by', required=True, default='by_py_code',
        help='By domain: the orders (or lines) matching the domain fail; '
             'evaluated once for all the orders being confirmed.\n'
             'By method: a method of the addon computes the failing orders '
             'of the whole batch at once.\n'
             'By Python code: the code runs once per order (or line) and '
             'sets failed = True.')
    domain = fields.Char(
        help='Records matching this domain fail the check, e.g. '
             "[('partner_shipping_id.zip', '=', False)]")
    method = fields.Selection(
        [('_checks_credit_limit', 'Credit limit exceeded'),
         ('_checks_ship_complete_unservable',
          'Ship-complete order cannot be served now')],
        help='Method of the model called on all the orders being checked; '
             'it returns the failing ones (with their reasons).')
    severity = fields.Selection(
        [('block', 'Blocking'), ('warning', 'Warning')],
        required=True, default='block',
        help='Blocking: the order cannot be confirmed (a Sales manager may '
             'override with a reason). Warning: shown on the order and '
             'logged at confirmation, the order is confirmed.')
    delivery_only = fields.Boolean(
        string='Only orders with something to deliver',
        help='The check applies only to orders that have a storable or '
             'consumable product: an order of services alone (or with no '
             'lines yet) ships nothing and is not checked.')

    @api.model
    def create(self, vals):
        rule = super(ExceptionRule, self).create(vals)
        # Checked on the created rule: its type and code may come from the
        # context's defaults as well as from vals.
        if rule._is_code_rule():
            self._check_code_rule_author()
        return rule

    @api.multi
    def write(self, vals):
        """Python code runs with the rights of whoever confirms: only
        administrators write it, turn a rule into one, or edit or
        re-activate one. Anyone who manages checks may switch one off."""
        switching_off = set(vals) == {'active'} and not vals['active']
        if not switching_off and (
                vals.get('exception_type') == 'by_py_code' or 'code' in vals
                or self.filtered(lambda rule: rule._is_code_rule())):
            self._check_code_rule_author()
        return super(ExceptionRule, self).write(vals)

    @api.multi
    def _is_code_rule(self):
        self.ensure_one()
        return self.exception_type == 'by_py_code' and \
            bool((self.code or '').strip())

    @api.model
    def _check_code_rule_author(self):
        if not self.env.user.has_group('base.group_system'):
            raise AccessError(_(
                'Only administrators can write checks by Python code; use '
                'a check by domain instead.'))

    @api.constrains('exception_type', 'domain', 'code', 'method', 'model')
    def _check_rule_definition(self):
        for rule in self:
            if rule.exception_type == 'by_domain':
                rule._check_rule_domain()
            elif rule.exception_type == 'by_method':
                rule._check_rule_method()
            else:
                rule._check_rule_code()

    def _check_rule_domain(self):
        """The domain must be a list of valid leaves on the rule's model."""
        self.ensure_one()
        if not self.domain:
            raise ValidationError(
                _("Check '%s': a domain is required.") % self.name)
        try:
            domain = safe_eval(self.domain)
        except Exception as error:
            raise ValidationError(
                _("Check '%s': the domain cannot be read: %s")
                % (self.name, error))
        if not isinstance(domain, (list, tuple)):
            raise ValidationError(
                _("Check '%s': the domain must be a list such as "
                  "[('partner_id.zip', '=', False)], not %s")
                % (self.name, self.domain))
        self._check_rule_domain_readable(domain)
        try:
            # Runs the domain once (on no record: id = 0) so that unknown
            # fields, bad operators and values of the wrong type all raise
            # here; the savepoint keeps the transaction usable. sudo: only
            # the validity of the domain is tested, nothing is returned.
            with self.env.cr.savepoint():
                self.env[self.model].sudo().search(
                    [('id', '=', 0)] + list(domain))
        except Exception as error:
            raise ValidationError(
                _("Check '%s': the domain is not valid for %s: %s")
                % (self.name, self.model, error))

    def _check_rule_domain_readable(self, domain):
        """Domain checks run with more rights than the users who see their
        results: a field restricted to some groups (or on a model the
        rule's author cannot read) would leak through pass/fail, so it
        cannot be used."""
        self.ensure_one()
        for leaf in domain:
            if not isinstance(leaf, (list, tuple)) or len(leaf) != 3 or \
                    not isinstance(leaf[0], str):
                continue
            model = self.env[self.model]
            for name in leaf[0].split('.'):
                field = model._fields.get(name)
                if field is None:
                    break  # unknown: the search below names it
                if model._name == 'res.users' and (
                        name in USER_PRIVATE_FIELDS or
                        name.startswith('password')) or \
                        field.groups and 'base.group_user' not in \
                        field.groups.split(',') or \
                        not model.check_access_rights(
                        'read', raise_exception=False):
                    raise ValidationError(_(
                        "Check '%s': the field '%s' of the domain is not "
                        "readable by every user who sees the checks.") % (
                        self.name, leaf[0]))
                if not field.relational:
                    break
                model = self.env[field.comodel_name]

    def _check_rule_code(self):
        self.ensure_one()
        try:
            message = test_python_expr(
                expr=(self.code or '').strip() or 'pass', mode='exec')
        except Exception as error:  # e.g. NameError on a forbidden name
            message = str(error)
        if message:
            raise ValidationError(
                _("Check '%s': the Python code is not valid: %s")
                % (self.name, message))

    def _check_rule_method(self):
        self.ensure_one()
        if not self.method or not hasattr(self.env[self.model],
                                          self.method):
            raise ValidationError(
                _("Check '%s': choose a method that exists on %s.")
                % (self.name, self.model))

    def _eval_domain(self):
        """The rule's domain as a list (validated at save)."""
        self.ensure_one()
        return list(safe_eval(self.domain or '[]'))

    @api.model
    def _domain_within(self, records, domain):
        """``domain`` as it applies to ``records``: each largest part of it
        whose leaves go through the same stored many2one
        (``partner_shipping_id.zip``, ``partner_shipping_id.city``...)
        becomes ``field in ids``, the ids being those of the records' own
        values that match that part.

        Odoo's search matches each such leaf against the whole related
        table (every partner without a ZIP code, every product with a
        price), then the batch against that list, which grows with the
        database; here a part is one search among the few values of the
        batch. The result is the same for these records: negations are
        first moved onto the leaves as Odoo does (``distribute_not``),
        Odoo too keeps the records whose value is in the matching ids,
        and, as in Odoo, archived values count.
        """
        domain = expression.distribute_not(
            expression.normalize_domain(domain))

        def relation_of(leaf):
            path = checks_engine.path_leaf(leaf)
            field = path and records._fields.get(path[0])
            if field and field.type == 'many2one' and field.store and \
                    not field.auto_join:
                return path
            return None

        result = []
        for element in checks_engine.within_relations(domain, relation_of):
            if not isinstance(element, checks_engine.Related):
                result.append(element)
                continue
            values = records.mapped(element.field).with_context(
                active_test=False)
            matching = values.search(
                [('id', 'in', values.ids)] + self._domain_within(
                    values, element.domain)).ids if values else []
            result.append((element.field, 'in', matching))
        return result

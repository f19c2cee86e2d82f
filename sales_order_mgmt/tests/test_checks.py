# Copyright 2026 sales_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
# pylint: disable=too-many-lines
"""Order processing checks: each shipped check failing and passing, the
manager override and its refusal for a salesman, warnings, bad rules."""
import re

from odoo.exceptions import AccessError, UserError, ValidationError

from .common import SalesOrderCase

LOGGER = "odoo.addons.sales_order_mgmt.models.checks.sale_order_evaluation"


class ChecksCase(SalesOrderCase):

    @classmethod
    def setUpClass(cls):
        super(ChecksCase, cls).setUpClass()
        cls.activate_checks()
        cls.sample = cls.create_product('Test Free Sample', 0.0,
                                        type='consu')
        cls.customer_nozip = cls.create_customer(
            'Test Walk-in', 'base.de', 'Weg 1', 'Berlin', False)
        cls.rule_address = cls.env.ref(
            'sales_order_mgmt.exception_rule_delivery_address')
        cls.rule_credit = cls.env.ref(
            'sales_order_mgmt.exception_rule_credit_limit')
        cls.rule_zero = cls.env.ref(
            'sales_order_mgmt.exception_rule_zero_price')
        cls.rule_edi = cls.env.ref(
            'sales_order_mgmt.exception_rule_edi_reference')

    def assertRefused(self, order, *check_names):
        """Confirming as the salesman is refused naming the checks; the
        order stays a quotation."""
        with self.assertRaises(UserError) as caught:
            order.sudo(self.salesman).action_confirm()
        message = caught.exception.name
        self.assertIn('%s cannot be confirmed' % order.name, message)
        for name in check_names:
            self.assertIn(name, message)
        self.assertEqual(order.state, 'draft')
        return message

    def message(self, order, text):
        """The chatter message of `order` containing `text`."""
        messages = order.message_ids.filtered(lambda m: text in m.body)
        self.assertEqual(len(messages), 1, order.message_ids.mapped('body'))
        return messages

    def assertConfirms(self, order, user=None):
        order.sudo(user or self.salesman).action_confirm()
        self.assertEqual(order.state, 'sale')


class TestShippedChecks(ChecksCase):

    def test_clean_order_confirms(self):
        """A complete order of a known customer passes every check."""
        order = self.create_order(self.customer_de, [(self.desk, 1)])
        self.assertFalse(order.check_blocked)
        self.assertFalse(order.check_summary)
        self.assertConfirms(order)
        self.assertFalse(order.check_confirm_note)

    def test_address_incomplete(self):
        """No ZIP code on the delivery address: refused, and the form
        says why; once the ZIP is there the order confirms."""
        order = self.create_order(self.customer_nozip, [(self.desk, 1)])
        self.assertTrue(order.check_blocked)
        self.assertEqual(order.check_failure_ids, self.rule_address)
        self.assertIn('Delivery address incomplete', order.check_summary)
        self.assertIn('ZIP code', order.check_summary)
        self.assertRefused(order, 'Delivery address incomplete',
                           'a street, a city, a ZIP code and a country')
        self.customer_nozip.zip = '10115'
        order.invalidate_cache()
        self.assertFalse(order.check_blocked)
        self.assertConfirms(order)

    def test_address_of_delivery_contact(self):
        """The delivery address is checked, not the customer's."""
        shipping = self.env['res.partner'].create({
            'name': 'Test Dock', 'parent_id': self.customer_de.id,
            'type': 'delivery', 'street': 'Hafen 2', 'city': 'Hamburg',
            'zip': '20457', 'country_id': False})
        order = self.create_order(self.customer_de, [(self.desk, 1)],
                                  partner_shipping_id=shipping.id)
        self.assertRefused(order, 'Delivery address incomplete')
        shipping.country_id = self.env.ref('base.de')
        self.assertConfirms(order)

    def test_zero_price_on_priced_product(self):
        """A desk (sales price 500) at 0 is refused; a free sample (sales
        price 0) at 0 is fine."""
        order = self.create_order(self.customer_de, [(self.desk, 1, 0.0)])
        self.assertRefused(order, 'Zero price on a product that is not free')
        order.order_line.sudo(self.salesman).price_unit = 450.0
        self.assertConfirms(order)
        free = self.create_order(self.customer_de, [(self.sample, 3, 0.0)])
        self.assertFalse(free.check_blocked)
        self.assertConfirms(free)

    def test_zero_price_names_the_line(self):
        """Issue 20 (6): the refusal and the form name the line at fault
        (position and product), not only the rule."""
        order = self.create_order(self.customer_de, [
            (self.desk, 1), (self.chair, 2, 0.0), (self.desk, 1, 0.0)])
        message = self.assertRefused(
            order, 'Zero price on a product that is not free')
        self.assertIn('Failing: line 2 (Test Chair), line 3 (Test Desk).',
                      message)
        self.assertIn('line 2 (Test Chair)', order.check_summary)

    def test_full_discount_is_zero_price(self):
        order = self.create_order(self.customer_de, [(self.desk, 1)])
        order.order_line.sudo(self.salesman).discount = 100.0
        self.assertRefused(order, 'Zero price on a product that is not free')

    def test_edi_order_without_reference(self):
        """EDI and imported orders need the customer's reference; a phone
        order does not."""
        for channel in ('edi', 'import'):
            order = self.create_order(self.customer_de, [(self.desk, 1)],
                                      entry_channel=channel)
            self.assertRefused(order, 'Customer reference missing')
            order.sudo(self.salesman).client_order_ref = 'PO-4711'
            self.assertConfirms(order)
        phone = self.create_order(self.customer_de, [(self.desk, 1)],
                                  entry_channel='phone')
        self.assertConfirms(phone)

    def test_switched_off_check(self):
        """A manager switches a check off: it no longer applies."""
        self.rule_address.sudo(self.sale_manager).active = False
        order = self.create_order(self.customer_nozip, [(self.desk, 1)])
        self.assertConfirms(order)

    def test_related_records_searched_within_the_batch(self):
        """The address and price checks look at the partners and products
        of the orders being checked, not at every partner without a ZIP
        code and every priced product of the database (Odoo's own search
        of such a domain lists those first, a list that grows with the
        database): every query the checks send to these tables is
        restricted to ids; the verdicts are unchanged."""
        partners = self.env['res.partner']
        for index in range(5):
            partners.create({'name': 'Test Prospect %d' % index})
            self.create_product('Test Extra %d' % index, 10.0 + index)
        incomplete = self.create_order(self.customer_nozip, [(self.desk, 1)])
        free_desk = self.create_order(self.customer_de, [(self.desk, 1, 0.0)])
        clean = self.create_order(self.customer_de, [(self.desk, 1)])
        orders = (incomplete | free_desk | clean).sudo(self.salesman)
        orders.invalidate_cache()
        self.cr.sql_log = True
        try:
            with self.assertLogs('odoo.sql_db', level='DEBUG') as logged:
                results, errors = orders._checks_evaluate()
        finally:
            self.cr.sql_log = False
        self.assertFalse(errors)
        failed = {order: [rule for rule, _reason in results[order.id]]
                  for order in orders}
        self.assertEqual(failed, {incomplete: [self.rule_address],
                                  free_desk: [self.rule_zero], clean: []})
        for line in logged.output:
            for table in ('res_partner', 'product_product'):
                if re.search(r'FROM .*"%s"' % table, line):
                    self.assertRegex(
                        line, r'(?i)"%s"\."?id"? in ' % table)

    def test_domains_through_relations_as_odoo(self):
        """Checks written through one or two relations, negated, mixed
        with the order's own fields: each flags the orders Odoo's search
        of its domain finds (a customer without a country is neither in
        nor out of Germany, for Odoo as for the check)."""
        nowhere = self.create_customer(
            'Test Nowhere', 'base.de', 'Weg 2', 'Bonn', '53111')
        nowhere.country_id = False
        orders = self.env['sale.order']
        for customer in (self.customer_de, self.customer_fr,
                         self.customer_us, nowhere, self.customer_nozip):
            orders |= self.create_order(customer, [(self.desk, 2)])
        orders[1].order_line.discount = 100.0
        domains = {
            "['!', ('partner_shipping_id.country_id.code', '=', 'DE')]": 2,
            "['|', ('partner_shipping_id.zip', '=', False), "
            "'!', ('partner_id.country_id.code', 'in', ['FR', 'US'])]": 2,
            "['&', ('amount_total', '>', 0), "
            "('partner_shipping_id.country_id', '!=', False)]": 3,
            "['!', '&', ('partner_shipping_id.city', '!=', False), "
            "('partner_shipping_id.country_id.code', '!=', 'US')]": 1,
        }
        for domain, count in domains.items():
            rule = self.env['exception.rule'].sudo(self.sale_manager).create({
                'name': 'Test %s' % domain, 'rule_group': 'sale',
                'model': 'sale.order', 'exception_type': 'by_domain',
                'domain': domain})
            expected = orders.search(
                [('id', 'in', orders.ids)] + rule._eval_domain())
            self.assertEqual(len(expected), count, domain)
            self.assertEqual(set(orders._checks_run_rule(rule)),
                             set(expected.ids), domain)

    def test_several_failures_listed(self):
        order = self.create_order(self.customer_nozip, [(self.desk, 1, 0.0)],
                                  entry_channel='edi')
        message = self.assertRefused(
            order, 'Delivery address incomplete', 'Zero price',
            'Customer reference missing')
        self.assertIn('nothing was confirmed', message)


class TestCreditLimit(ChecksCase):

    @classmethod
    def setUpClass(cls):
        super(TestCreditLimit, cls).setUpClass()
        cls.set_stock(cls.chair, cls.main_warehouse, 50)
        cls.customer = cls.create_customer(
            'Test Credit AG', 'base.de', 'Geldweg 1', 'Berlin', '10117',
            credit_limit=1000.0)
        cls.contact = cls.env['res.partner'].create({
            'name': 'Test Buyer', 'parent_id': cls.customer.id,
            'type': 'contact'})

    def test_within_limit(self):
        """Exactly at the limit is within it."""
        order = self.create_order(self.customer, [(self.desk, 2)])
        self.assertConfirms(order)

    def test_unpaid_confirmed_order_counts(self):
        """A confirmed order not invoiced (120) + this order (1000) is
        over the limit of 1000; the reason gives the figures."""
        self.assertConfirms(self.create_order(self.customer,
                                              [(self.chair, 1)]))
        order = self.create_order(self.customer, [(self.desk, 2)])
        message = self.assertRefused(order, 'Credit limit exceeded')
        self.assertIn('Test Credit AG would owe 1,120.00', message)
        self.assertIn('credit limit of 1,000.00', message)

    def test_open_receivable_counts(self):
        """An invoiced order, not paid, is an open receivable."""
        first = self.create_order(self.customer, [(self.chair, 1)])
        self.assertConfirms(first)
        self.deliver(first.picking_ids)
        self.invoice_order(first)
        self.assertEqual(first.order_line.amt_to_invoice, 0.0)
        order = self.create_order(self.customer, [(self.desk, 2)])
        message = self.assertRefused(order, 'Credit limit exceeded')
        self.assertIn('would owe 1,120.00', message)

    def test_limit_of_commercial_partner(self):
        """An order of a contact counts against its company's limit."""
        order = self.create_order(self.contact, [(self.desk, 3)])
        message = self.assertRefused(order, 'Credit limit exceeded')
        self.assertIn('Test Credit AG would owe 1,500.00', message)

    def test_no_limit(self):
        self.customer.credit_limit = 0.0
        order = self.create_order(self.customer, [(self.desk, 10)])
        self.assertConfirms(order)

    def test_batch_counts_orders_together(self):
        """Two quotes of 600 confirmed together: the second goes over."""
        first = self.create_order(self.customer, [(self.chair, 5)])
        second = self.create_order(self.customer, [(self.chair, 5)])
        orders = (first | second).sudo(self.salesman)
        with self.assertRaises(UserError) as caught:
            orders.action_confirm()
        self.assertNotIn(first.name, caught.exception.name)
        self.assertIn('%s cannot be confirmed' % second.name,
                      caught.exception.name)
        self.assertEqual(set(orders.mapped('state')), {'draft'})


class TestOverride(ChecksCase):

    def _override(self, orders, user, reason):
        wizard = self.env['sale.check.override.wizard'].sudo(
            user).with_context(
                active_model='sale.order', active_ids=orders.ids).create(
                    {'reason': reason})
        return wizard.action_confirm()

    def test_manager_overrides_with_reason(self):
        """The manager confirms anyway: logged with name and reason."""
        order = self.create_order(self.customer_nozip, [(self.desk, 1)])
        wizard = self.env['sale.check.override.wizard'].sudo(
            self.sale_manager).with_context(
                active_model='sale.order', active_ids=order.ids).create(
                    {'reason': 'Customer collects in person'})
        self.assertIn('Delivery address incomplete', wizard.failed_checks)
        wizard.action_confirm()
        self.assertEqual(order.state, 'sale')
        self.assertEqual(order.check_override_user_id, self.sale_manager)
        self.assertEqual(order.check_override_reason,
                         'Customer collects in person')
        self.assertEqual(order.exception_ids, self.rule_address)
        message = self.message(order, 'Checks overridden')
        self.assertIn('Checks overridden by Test Sale Manager: Customer '
                      'collects in person (failed: Delivery address '
                      'incomplete)', message.body)
        self.assertEqual(message.author_id, self.sale_manager.partner_id)

    def test_manager_needs_a_reason(self):
        order = self.create_order(self.customer_nozip, [(self.desk, 1)])
        with self.assertRaises(UserError):
            self._override(order, self.sale_manager, '   ')
        with self.assertRaises(UserError):
            order.sudo(self.sale_manager).with_context(
                som_checks_override=True).action_confirm()
        self.assertEqual(order.state, 'draft')

    def test_manager_without_override_is_refused_too(self):
        order = self.create_order(self.customer_nozip, [(self.desk, 1)])
        self.assertRaises(UserError,
                          order.sudo(self.sale_manager).action_confirm)

    def test_salesman_cannot_override(self):
        """Neither the wizard, the context key nor sale_exception's
        'ignore' flag let a salesman through."""
        order = self.create_order(self.customer_nozip, [(self.desk, 1)])
        with self.assertRaises(AccessError):
            self._override(order, self.salesman, 'I want to')
        # The context is the client's: the old override key is ignored and
        # the checks refuse.
        with self.assertRaises(UserError):
            order.sudo(self.salesman).with_context(
                som_checks_override=True,
                som_checks_override_reason='I want to').action_confirm()
        with self.assertRaises(AccessError):
            order.sudo(self.salesman).ignore_exception = True
        with self.assertRaises(AccessError):
            order.sudo(self.salesman).action_checks_override()
        self.assertEqual(order.state, 'draft')
        self.assertFalse(order.check_override_user_id)

    def test_button_opens_wizard_for_manager(self):
        order = self.create_order(self.customer_nozip, [(self.desk, 1)])
        action = order.sudo(self.sale_manager).action_checks_override()
        self.assertEqual(action['res_model'], 'sale.check.override.wizard')
        self.assertEqual(action['context']['active_ids'], order.ids)


class TestWarningsAndBadRules(ChecksCase):

    def _rule(self, **vals):
        values = {'name': 'Test check', 'rule_group': 'sale',
                  'model': 'sale.order', 'active': True,
                  'exception_type': 'by_domain'}
        values.update(vals)
        # Checks by Python code are written by administrators only.
        author = self.env.ref('base.user_root') \
            if values['exception_type'] == 'by_py_code' else self.sale_manager
        return self.env['exception.rule'].sudo(author).create(values)

    def test_warning_shown_not_blocking(self):
        """A warning check: shown on the quote, confirmation goes on and
        the warning is logged; set to blocking, it refuses."""
        rule = self._rule(name='Test big order', severity='warning',
                          domain="[('amount_untaxed', '>', 1000)]",
                          description='Large order, check stock.')
        order = self.create_order(self.customer_de, [(self.desk, 3)])
        self.assertFalse(order.check_blocked)
        self.assertTrue(order.check_warned)
        self.assertEqual(order.check_warning_ids, rule)
        self.assertIn('Test big order (warning)',
                      order.check_warning_summary)
        self.assertFalse(order.check_summary)
        self.assertConfirms(order)
        self.assertIn('Confirmed with warnings: Test big order',
                      order.check_confirm_note)
        self.assertTrue(self.message(order, 'Confirmed with warnings: '
                                            'Test big order'))
        rule.severity = 'block'
        other = self.create_order(self.customer_de, [(self.desk, 3)])
        self.assertRefused(other, 'Test big order')

    def test_warnings_apart_from_refusals(self):
        """Issue 20 (6): a quotation failing a blocking check and a warning
        lists the warning apart, in the form and in the refusal."""
        self._rule(name='Test big order', severity='warning',
                   domain="[('amount_untaxed', '>', 100)]")
        order = self.create_order(self.customer_nozip, [(self.desk, 1)])
        self.assertIn('Delivery address incomplete', order.check_summary)
        self.assertNotIn('Test big order', order.check_summary)
        self.assertIn('Test big order', order.check_warning_summary)
        message = self.assertRefused(order, 'Delivery address incomplete')
        refusal, _sep, warnings = message.partition(
            'warnings (they do not stop the confirmation)')
        self.assertNotIn('Test big order', refusal)
        self.assertIn('Test big order (warning)', warnings)

    def test_invalid_domain_refused_at_save(self):
        with self.assertRaisesRegex(ValidationError, 'no_such_field'):
            self._rule(domain="[('no_such_field', '=', 1)]")
        with self.assertRaisesRegex(ValidationError, 'cannot be read'):
            self._rule(domain="[('name', '=', ")
        with self.assertRaisesRegex(ValidationError, 'must be a list'):
            self._rule(domain="'name'")
        with self.assertRaisesRegex(ValidationError, 'not valid'):
            self._rule(domain="[('amount_total', '>', 'lots')]")
        with self.assertRaisesRegex(ValidationError, 'domain is required'):
            self._rule(domain=False)

    def test_domain_on_restricted_field_refused(self):
        """Domain checks run with more rights than the salesmen who see
        their results: a field only some groups may read (as other addons
        declare them: the customer's reference made administrators-only
        here) cannot be used; a field every user reads can (issue 18)."""
        field = self.env['res.partner']._fields['ref']
        original, field.groups = field.groups, 'base.group_system'
        try:
            with self.assertRaisesRegex(ValidationError, 'not readable'):
                self._rule(domain="[('partner_id.ref', '=', 'VIP')]")
        finally:
            field.groups = original
        self._rule(domain="[('partner_id.ref', '=', 'VIP')]")

    def test_manager_cannot_write_code(self):
        """A Sales manager keeps domain checks but cannot write, or turn a
        check into, Python code; he may switch a code check off."""
        with self.assertRaises(AccessError):
            self.env['exception.rule'].sudo(self.sale_manager).create({
                'name': 'Test code', 'rule_group': 'sale',
                'model': 'sale.order', 'exception_type': 'by_py_code',
                'code': 'failed = True'})
        rule = self._rule(domain="[('id', '=', 0)]")
        with self.assertRaises(AccessError):
            rule.write({'exception_type': 'by_py_code',
                        'code': 'failed = True'})
        code_rule = self._rule(exception_type='by_py_code',
                               code='failed = False')
        with self.assertRaises(AccessError):
            code_rule.sudo(self.sale_manager).write({'code': 'failed = True'})
        code_rule.sudo(self.sale_manager).write({'active': False})
        self.assertFalse(code_rule.active)
        with self.assertRaises(AccessError):
            code_rule.sudo(self.sale_manager).write({'active': True})

    def test_invalid_code_refused_at_save(self):
        with self.assertRaisesRegex(ValidationError,
                                    'Python code is not valid'):
            self._rule(exception_type='by_py_code',
                       code='if sale.amount_total >:\n    failed = True')
        with self.assertRaisesRegex(ValidationError,
                                    'Python code is not valid'):
            self._rule(exception_type='by_py_code',
                       code='failed = sale.__class__')
        rule = self._rule(name='Test ok code', exception_type='by_py_code',
                          code='failed = sale.amount_total > 10000')
        with self.assertRaisesRegex(ValidationError,
                                    'Python code is not valid'):
            rule.code = 'failed = ('

    def test_invalid_method_refused_at_save(self):
        rule = self._rule(exception_type='by_method',
                          method='_checks_credit_limit')
        with self.assertRaisesRegex(ValidationError, 'choose a method'):
            rule.write({'method': False})

    def test_rule_raising_refuses_and_logs(self):
        """A rule that raises while evaluated: refused naming it, error
        logged, nothing confirmed. Code checks run at confirmation, not on
        every read of the quotation (issue 18): the form does not run it."""
        self._rule(name='Test broken', exception_type='by_py_code',
                   code='failed = sale.amount_total / 0')
        order = self.create_order(self.customer_de, [(self.desk, 1)])
        with self.assertLogs(LOGGER, level='ERROR') as logs:
            with self.assertRaises(UserError) as caught:
                order.sudo(self.salesman).action_confirm()
        self.assertIn("Check 'Test broken' failed to evaluate",
                      caught.exception.name)
        self.assertIn('Test broken', logs.output[0])
        self.assertEqual(order.state, 'draft')
        self.assertFalse(order.picking_ids)
        order.invalidate_cache()
        self.assertFalse(order.check_blocked)
        self.assertNotIn('Test broken', order.check_summary or '')

    def test_code_rule_has_no_cursor(self):
        """Code rules run in safe_eval without the database cursor."""
        self._rule(name='Test raw SQL', exception_type='by_py_code',
                   code="cr.execute('DELETE FROM sale_order')")
        order = self.create_order(self.customer_de, [(self.desk, 1)])
        with self.assertLogs(LOGGER, level='ERROR'):
            with self.assertRaisesRegex(UserError, 'Test raw SQL'):
                order.sudo(self.salesman).action_confirm()

    def test_code_rule_on_lines(self):
        self._rule(name='Test many desks', exception_type='by_py_code',
                   model='sale.order.line',
                   code='failed = sale_line.product_uom_qty > 5')
        order = self.create_order(self.customer_de, [(self.desk, 6)])
        self.assertRefused(order, 'Test many desks')

    def test_blocked_filter_and_main_exception(self):
        """Issue 20 (6): the "Blocked in draft" filter (check_blocked) finds
        the quotations the checks block now, and the "Main exception"
        column names their first failing check, without any stored run of
        sale_exception."""
        blocked = self.create_order(self.customer_nozip, [(self.desk, 1)])
        with self.assertRaises(UserError):
            blocked.sudo(self.salesman).action_confirm()
        clean = self.create_order(self.customer_de, [(self.desk, 1)])
        Orders = self.env['sale.order'].sudo(self.salesman)
        found = Orders.search([('check_blocked', '=', True),
                               ('id', 'in', (blocked | clean).ids)])
        self.assertEqual(found, blocked)
        self.assertEqual(Orders.search([
            ('check_blocked', '=', False),
            ('id', 'in', (blocked | clean).ids)]), clean)
        self.assertEqual(blocked.check_main_id, self.rule_address)
        self.assertFalse(clean.check_main_id)
        search_arch = self.env.ref(
            'sale_exception.view_sales_order_filter').read_combined(
                ['arch'])['arch']
        self.assertIn("check_blocked", search_arch)

    def test_stored_exceptions_of_sale_exception(self):
        """sale_exception's own detection (cron, test_exceptions) stores
        the blocking checks of quotations, set-based."""
        order = self.create_order(self.customer_nozip, [(self.desk, 1)])
        clean = self.create_order(self.customer_de, [(self.desk, 1)])
        self.assertFalse((order | clean).test_exceptions())
        self.assertEqual(order.exception_ids, self.rule_address)
        self.assertEqual(order.main_exception_id, self.rule_address)
        self.assertFalse(clean.exception_ids)
        self.assertTrue(clean.test_exceptions())

    def test_stored_exceptions_cleared_once_fixed(self):
        """A quotation the cron found incomplete, fixed, then confirmed:
        it no longer lists the exception (nor sorts first in the lists)."""
        order = self.create_order(self.customer_nozip, [(self.desk, 1)])
        order.test_exceptions()
        self.assertEqual(order.main_exception_id, self.rule_address)
        self.customer_nozip.zip = '10115'
        self.assertConfirms(order)
        self.assertFalse(order.exception_ids)
        self.assertFalse(order.main_exception_id)

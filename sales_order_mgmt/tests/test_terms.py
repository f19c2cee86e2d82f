# Copyright 2026 sales_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
# pylint: disable=too-many-lines
"""Terms & conditions templates through the ORM: choice by rules, rendering
in the customer's language, versions, refusal of unsafe templates at save,
and the invoice path. Quotations are made by a salesman, templates by a
sales manager."""
from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError

from .common import SalesOrderCase
from .test_signature import signature_image

DEFAULT_NOTE = 'Default terms of the company.'

# (payload, text the refusal must show: the placeholder at fault)
ATTACKS = [
    ('{{ order.__class__ }}', '{{ order.__class__ }}'),
    ('{{ order._name }}', '{{ order._name }}'),
    ('{{ partner.name.__globals__ }}', '{{ partner.name.__globals__ }}'),
    ('{{ __import__("os").system("id") }}', '__import__'),
    ('{{ order.unlink() }}', '{{ order.unlink() }}'),
    ('{{ partner.name.upper() }}', '{{ partner.name.upper() }}'),
    ('{{ env }}', '{{ env }}'),
    ("{{ env['res.users'].search([]) }}", "{{ env['res.users']"),
    ('{{ order.env.user.password }}', '{{ order.env.user.password }}'),
    ('{{ order.sudo().partner_id.name }}',
     '{{ order.sudo().partner_id.name }}'),
    ('{{ order.sudo }}', '{{ order.sudo }}'),
    ('{{ self }}', '{{ self }}'),
    ("{{ order['name'] }}", "{{ order['name'] }}"),
    ("{{ '{0.__class__.__mro__}'.format(order) }}",
     "'{0.__class__.__mro__}'.format(order)"),
    ('{{ order.name|format }}', '{{ order.name|format }}'),
    ('{{ order.name!r }}', '{{ order.name!r }}'),
    ('{{ order.name:>999999999 }}', '{{ order.name:>999999999 }}'),
    ('{% for x in range(10**9) %}x{% endfor %}', '{% for x in range'),
    ('{{ range(10**9) }}', '{{ range(10**9) }}'),
    ('{{ 9**9**9 }}', '{{ 9**9**9 }}'),
    ('{{ partner.name * 100000000 }}', '{{ partner.name * 100000000 }}'),
    ('{{ (lambda: order)() }}', '{{ (lambda: order)() }}'),
    ('{{ order.partner_id.user_ids }}', '{{ order.partner_id.user_ids }}'),
    ('{{ order.na\u200bme }}', 'U+200B'),
    ('{{ partner.name | default(order.unlink()) }}',
     '{{ partner.name | default(order.unlink()) }}'),
    ('{{ order.name }}' * 201, 'at most 200 placeholders'),
    ('x' * 20001, 'the limit is 20,000'),
]


class TermsCase(SalesOrderCase):
    """Fixtures: a salesman's quotations, templates made by a manager."""

    @classmethod
    def setUpClass(cls):
        super(TermsCase, cls).setUpClass()
        env = cls.env
        env['ir.config_parameter'].sudo().set_param(
            'sale.use_sale_note', True)
        cls.company.sale_note = DEFAULT_NOTE
        cls.Templates = env['sale.terms.template'].sudo(cls.sale_manager)
        cls.team_a = env['crm.team'].create({'name': 'Test team A'})
        cls.team_b = env['crm.team'].create({'name': 'Test team B'})
        cls.eur = env.ref('base.EUR')
        cls.eur.active = True
        cls.pricelist_eur = env['product.pricelist'].create({
            'name': 'Test EUR', 'currency_id': cls.eur.id})

    @classmethod
    def make_template(cls, name, body=None, **vals):
        values = {'name': name,
                  'body': body or 'Terms %s for {{ order.name }}.' % name}
        values.update(vals)
        return cls.Templates.create(values)

    def quote(self, partner=None, lines=None, **vals):
        """A quotation made by the salesman (never an error for them)."""
        return self.create_order(partner or self.customer_de,
                                 lines or [(self.desk, 1)], **vals)

    def last_message(self, record):
        return record.message_ids[:1].body or ''


class TestTermsSelection(TermsCase):

    def test_country(self):
        """German customers get the German terms, French ones the French
        terms; the choice and its reason are on the quotation."""
        german = self.make_template('DE', country_ids=[
            (6, 0, self.env.ref('base.de').ids)])
        french = self.make_template('FR', country_ids=[
            (6, 0, self.env.ref('base.fr').ids)])
        order_de = self.quote(self.customer_de)
        order_fr = self.quote(self.customer_fr)
        self.assertEqual(order_de.terms_template_id, german)
        self.assertEqual(order_de.note, 'Terms DE for %s.' % order_de.name)
        self.assertEqual(order_de.terms_template_version, 1)
        self.assertEqual(order_de.terms_template_reason,
                         'matched country Germany')
        self.assertIn("Terms 'DE' v1 applied: matched country Germany.",
                      self.last_message(order_de))
        self.assertEqual(order_fr.terms_template_id, french)
        self.assertEqual(order_fr.note, 'Terms FR for %s.' % order_fr.name)

    def test_no_match_keeps_odoo_default_terms(self):
        """A customer no template matches keeps the company's terms."""
        self.make_template('DE', country_ids=[
            (6, 0, self.env.ref('base.de').ids)])
        order = self.quote(self.customer_us)
        self.assertFalse(order.terms_template_id)
        self.assertEqual(order.note, DEFAULT_NOTE)
        self.assertFalse(order.terms_template_version)

    def test_partner_category(self):
        """A template for a customer tag applies to tagged customers."""
        key = self.make_template('Key', partner_category_ids=[
            (6, 0, self.tag_key.ids)])
        self.assertEqual(self.quote(self.customer_de).terms_template_id, key)
        self.assertFalse(self.quote(self.customer_fr).terms_template_id)
        self.assertEqual(self.quote(self.customer_de).terms_template_reason,
                         'matched customer tag Test key')

    def test_team(self):
        """A template for a sales team applies to that team's quotes."""
        team = self.make_template('Team B', team_ids=[
            (6, 0, self.team_b.ids)])
        self.assertEqual(
            self.quote(team_id=self.team_b.id).terms_template_id, team)
        self.assertFalse(self.quote(team_id=self.team_a.id).terms_template_id)

    def test_entry_channel(self):
        """A template for the phone channel applies to phoned orders."""
        phone = self.env['sale.entry.channel'].search(
            [('code', '=', 'phone')])
        template = self.make_template('Phone', entry_channel_ids=[
            (6, 0, phone.ids)])
        order = self.quote(entry_channel='phone')
        self.assertEqual(order.terms_template_id, template)
        self.assertEqual(order.terms_template_reason,
                         'matched entry channel Phone')
        self.assertFalse(self.quote(entry_channel='web').terms_template_id)

    def test_min_amount(self):
        """Large orders (untaxed amount at least the minimum) get it."""
        large = self.make_template('Large', min_amount=1000.0)
        self.assertFalse(self.quote(lines=[(self.desk, 1)])
                         .terms_template_id)  # 500.00
        order = self.quote(lines=[(self.desk, 2)])  # 1,000.00
        self.assertEqual(order.terms_template_id, large)
        self.assertIn('untaxed amount 1000.00', order.terms_template_reason)

    def test_validity_dates(self):
        """Only documents dated within the validity get the template."""
        spring = self.make_template(
            'Spring', date_start='2026-03-01', date_end='2026-05-31')
        self.assertEqual(self.quote(date_order='2026-03-01 08:00:00')
                         .terms_template_id, spring)
        self.assertEqual(self.quote(date_order='2026-05-31 18:00:00')
                         .terms_template_id, spring)
        self.assertFalse(self.quote(date_order='2026-06-01 08:00:00')
                         .terms_template_id)
        self.assertFalse(self.quote(date_order='2026-02-28 08:00:00')
                         .terms_template_id)

    def test_sequence_active_usage_company(self):
        """The first by sequence wins; archived templates, invoice-only
        templates and other companies' templates are never used."""
        second = self.make_template('Second', sequence=20)
        first = self.make_template('First', sequence=10)
        self.make_template('Invoice only', sequence=1, usage='invoice')
        other_company = self.env['res.company'].create({
            'name': 'Test other company'})
        self.env['sale.terms.template'].create({
            'name': 'Other company', 'sequence': 0,
            'company_id': other_company.id, 'body': 'Other company.'})
        self.assertEqual(self.quote().terms_template_id, first)
        first.sudo(self.sale_manager).active = False
        self.assertEqual(self.quote().terms_template_id, second)
        self.assertEqual(self.quote().terms_template_reason,
                         'first template by sequence, without conditions')

    def test_customer_change_chooses_again(self):
        """Changing the customer (write, not only onchange) chooses and
        renders the matching template; none matching clears the choice."""
        french = self.make_template('FR', country_ids=[
            (6, 0, self.env.ref('base.fr').ids)])
        order = self.quote(self.customer_us)
        self.assertFalse(order.terms_template_id)
        order.write({'partner_id': self.customer_fr.id})
        self.assertEqual(order.terms_template_id, french)
        self.assertEqual(order.note, 'Terms FR for %s.' % order.name)
        self.assertIn("Terms 'FR' v1 applied: matched country France.",
                      self.last_message(order))
        order.write({'partner_id': self.customer_us.id})
        self.assertFalse(order.terms_template_id)
        self.assertIn('No terms template matches', self.last_message(order))

    def test_choosing_another_template_renders_it(self):
        """A salesman choosing another template gets its text."""
        self.make_template('Standard', sequence=1)
        special = self.make_template(
            'Special', body='Special offer for {{ partner.name }}.',
            sequence=50)
        order = self.quote()
        order.write({'terms_template_id': special.id})
        self.assertEqual(order.note,
                         'Special offer for %s.' % self.customer_de.name)
        self.assertEqual(order.terms_template_version, 1)
        self.assertEqual(order.terms_template_reason,
                         'chosen by %s' % self.salesman.name)
        self.assertIn("Terms 'Special' v1 applied: chosen by",
                      self.last_message(order))

    def test_choose_again_after_lines_changed(self):
        """'Choose again' applies a template the amount now reaches."""
        large = self.make_template('Large', min_amount=1000.0)
        order = self.quote(lines=[(self.desk, 1)])
        self.assertFalse(order.terms_template_id)
        order.order_line.product_uom_qty = 3
        order.action_select_terms_template()
        self.assertEqual(order.terms_template_id, large)

    def test_quote_terms_follow_the_lines(self):
        """Issue 20 (2): a quotation at $500 whose quantity changes to 3
        says $1,500.00 in its terms, whether the line is changed through
        the form (order write) or on its own (RPC); a line added or
        removed counts too."""
        self.make_template('Total', body=(
            'Total: {{ order.amount_total | money }}.'))
        order = self.quote(lines=[(self.desk, 1)])
        self.assertEqual(order.note, 'Total: $ 500.00.')
        order.write({'order_line': [
            (1, order.order_line.id, {'product_uom_qty': 3})]})
        self.assertEqual(order.note, 'Total: $ 1,500.00.')
        order.order_line.write({'product_uom_qty': 2})
        self.assertEqual(order.note, 'Total: $ 1,000.00.')
        chair = self.env['sale.order.line'].sudo(self.salesman).create({
            'order_id': order.id, 'product_id': self.chair.id,
            'product_uom_qty': 1, 'price_unit': 120.0,
            'product_uom': self.uom_unit.id, 'name': 'Chair'})
        self.assertEqual(order.note, 'Total: $ 1,120.00.')
        chair.unlink()
        self.assertEqual(order.note, 'Total: $ 1,000.00.')

    def test_quote_terms_kept_when_edited_signed_or_confirmed(self):
        """Terms the salesman wrote by hand, a signed quotation's and a
        confirmed order's are not rendered again."""
        self.make_template('Total', body=(
            'Total: {{ order.amount_total | money }}.'))
        edited = self.quote(lines=[(self.desk, 1)])
        edited.note = 'Total: 500, delivery included.'
        edited.order_line.product_uom_qty = 2
        self.assertEqual(edited.note, 'Total: 500, delivery included.')
        confirmed = self.quote(lines=[(self.desk, 1)])
        confirmed.action_confirm()
        confirmed.order_line.product_uom_qty = 2
        self.assertEqual(confirmed.note, 'Total: $ 500.00.')
        signed = self.quote(lines=[(self.desk, 1)])
        signed.sign(signature_image(), 'Anna Kunde')
        self.assertEqual(signed.signature_state, 'valid')
        signed.write({'order_line': [
            (1, signed.order_line.id, {'product_uom_qty': 2})]})
        self.assertEqual(signed.note, 'Total: $ 500.00.')
        self.assertEqual(signed.signature_state, 'invalid')

    def test_confirmed_order_keeps_its_terms(self):
        """Accepted terms cannot be swapped on a confirmed order."""
        self.make_template('Standard')
        other = self.make_template('Other', sequence=50)
        order = self.quote()
        order.action_confirm()
        with self.assertRaises(UserError):
            order.write({'terms_template_id': other.id})
        with self.assertRaises(UserError):
            order.action_select_terms_template()
        self.assertEqual(order.terms_template_id.name, 'Standard')

    def test_salesman_quote_never_fails(self):
        """Every placeholder and filter, with empty values (no validity,
        no payment term, no address): the salesman's quote is made."""
        body = ' '.join(
            '{{ %s }}' % path for path in (
                'order.name', 'order.client_order_ref', 'order.origin',
                'order.currency', 'partner.name', 'partner.vat',
                'partner.state', 'partner.country', 'company.name',
                'company.company_registry', 'salesperson.email',
                'payment_term'))
        body += (" {{ order.validity_date | date | default('none') }}"
                 " {{ order.date_order | date }}"
                 " {{ order.amount_total | money }}"
                 " {{ partner.street2 | default('-') | upper }}")
        self.make_template('All', body=body)
        walk_in = self.env['res.partner'].create({'name': 'Walk-in'})
        order = self.quote(walk_in)
        self.assertEqual(order.terms_template_id.name, 'All')
        self.assertIn(' Walk-in ', order.note)
        self.assertIn(' none ', order.note)
        self.assertIn('500.00', order.note)
        self.assertTrue(order.note.endswith(' -'), order.note)

    def test_salesman_cannot_edit_templates(self):
        """Sales users read templates; only managers configure them."""
        template = self.make_template('Standard')
        as_salesman = template.sudo(self.salesman)
        self.assertEqual(as_salesman.name, 'Standard')
        with self.assertRaises(AccessError):
            as_salesman.write({'body': 'Changed'})
        with self.assertRaises(AccessError):
            self.env['sale.terms.template'].sudo(self.salesman).create({
                'name': 'Mine', 'body': 'Mine'})

    def test_one_search_whatever_the_number_of_templates(self):
        """Choosing among 30 templates costs the queries of 3."""
        orders = self.quote() | self.quote(self.customer_fr)

        def queries():
            self.env['sale.terms.template'].invalidate_cache()
            before = self.env.cr.sql_log_count
            self.env['sale.terms.template']._select_for_orders(
                orders, 'sale')
            return self.env.cr.sql_log_count - before

        for index in range(3):
            self.make_template('T%d' % index, min_amount=10 ** 6,
                               country_ids=[(6, 0, self.env.ref(
                                   'base.be').ids)])
        few = queries()
        for index in range(27):
            self.make_template('U%d' % index, min_amount=10 ** 6,
                               country_ids=[(6, 0, self.env.ref(
                                   'base.be').ids)])
        self.assertEqual(queries(), few)


class TestTermsRendering(TermsCase):

    @classmethod
    def setUpClass(cls):
        super(TestTermsRendering, cls).setUpClass()
        cls.env['res.lang'].load_lang('fr_FR')
        cls.customer_fr.lang = 'fr_FR'
        cls.customer_us.lang = 'en_US'
        cls.template = cls.make_template('Bilingual', body=(
            'Offer {{ order.name }} valid until '
            '{{ order.validity_date | date }}. '
            'Total {{ order.amount_total | money }}.'))
        cls.template.with_context(lang='fr_FR').write({'body': (
            'Offre {{ order.name }} valable jusqu\'au '
            '{{ order.validity_date | date }}. '
            'Total {{ order.amount_total | money }}.')})

    def test_customer_language_dates_and_money(self):
        """A French customer reads French terms with French dates and
        amounts, an American one English terms, both in euros."""
        lines = [(self.desk, 1, 1234.5)]
        order_fr = self.quote(self.customer_fr, lines,
                              validity_date='2026-12-31',
                              pricelist_id=self.pricelist_eur.id)
        order_us = self.quote(self.customer_us, lines,
                              validity_date='2026-12-31',
                              pricelist_id=self.pricelist_eur.id)
        sep = self.env['res.lang']._lang_get('fr_FR').thousands_sep
        self.assertEqual(order_fr.note, (
            "Offre %s valable jusqu'au 31/12/2026. Total 1%s234,50 €."
            % (order_fr.name, sep)))
        self.assertEqual(order_us.note, (
            'Offer %s valid until 12/31/2026. Total 1,234.50 €.'
            % order_us.name))
        self.assertEqual(order_fr.terms_template_version,
                         order_us.terms_template_version)

    def test_inserted_values_are_not_parsed(self):
        """A customer named like a placeholder is printed as such."""
        tricky = self.env['res.partner'].create({
            'name': '{{ company.name }} %(x)s {0}'})
        template = self.make_template(
            'Names', body='Customer: {{ partner.name }}', sequence=1)
        order = self.quote(tricky)
        self.assertEqual(order.terms_template_id, template)
        self.assertEqual(order.note,
                         'Customer: {{ company.name }} %(x)s {0}')


class TestTermsVersions(TermsCase):

    def test_version_history(self):
        """Each change of the text is a new version; earlier texts stay
        readable; quotations keep the version they were given."""
        template = self.make_template('Standard', body='Version one.')
        self.assertEqual(template.version, 1)
        self.assertEqual(template.version_ids.mapped('version'), [1])
        first = self.quote()
        self.assertEqual(first.terms_template_version, 1)

        template.write({'body': 'Version two, {{ partner.name }}.'})
        template.write({'name': 'Standard terms', 'sequence': 5})
        template.write({'body': 'Version two, {{ partner.name }}.'})
        self.assertEqual(template.version, 2)
        history = template.version_ids
        self.assertEqual(history.mapped('version'), [2, 1])
        self.assertEqual(history.mapped('body'), [
            'Version two, {{ partner.name }}.', 'Version one.'])
        self.assertTrue(all(history.mapped('create_date')))

        second = self.quote()
        self.assertEqual(second.terms_template_version, 2)
        self.assertEqual(second.note,
                         'Version two, %s.' % self.customer_de.name)
        self.assertEqual(first.terms_template_version, 1)
        self.assertEqual(first.note, 'Version one.')

    def test_translation_change_is_a_version(self):
        """Changing the French text is a new version too."""
        self.env['res.lang'].load_lang('fr_FR')
        template = self.make_template('Standard', body='English.')
        template.with_context(lang='fr_FR').write({'body': 'Français.'})
        self.assertEqual(template.version, 2)
        self.assertEqual(template.version_ids[0].lang, 'fr_FR')
        self.assertEqual(template.version_ids[0].body, 'Français.')
        self.assertEqual(template.with_context(lang='en_US').body,
                         'English.')


class TestTermsValidation(TermsCase):

    def assert_refused(self, payload, shown, template=None):
        """The payload is refused at save, naming the placeholder, and
        nothing is written."""
        with self.assertRaises(ValidationError) as caught, \
                self.env.cr.savepoint():
            if template:
                template.write({'body': 'Dear customer, ' + payload})
            else:
                self.make_template('Attack', body=payload)
        self.assertIn(shown, caught.exception.name)
        return caught.exception.name

    def test_attack_list_refused_at_save(self):
        """Code, private names, env/sudo, format tricks, loops and huge
        expansions are refused when a manager saves the template."""
        self.assertGreaterEqual(len(ATTACKS), 15)
        template = self.make_template('Safe', body='Safe text.')
        for payload, shown in ATTACKS:
            message = self.assert_refused(payload, shown)
            self.assertIn("Terms template 'Attack'", message)
            self.assert_refused(payload, shown, template)
        template.invalidate_cache()
        self.assertEqual(template.body, 'Safe text.')
        self.assertEqual(template.version, 1)
        self.assertEqual(len(template.version_ids), 1)
        self.assertFalse(self.Templates.search([('name', '=', 'Attack')]))

    def test_bad_input_messages(self):
        """Unbalanced braces and unknown placeholders are named."""
        message = self.assert_refused('Dear {{ partner.name', '{{ partner')
        self.assertIn('never closed', message)
        message = self.assert_refused('{{ order.discount }}',
                                      '{{ order.discount }}')
        self.assertIn('Unknown placeholder', message)
        message = self.assert_refused('{{ order.name | date }}',
                                      '{{ order.name | date }}')
        self.assertIn('Wrong filter', message)

    def test_end_before_start(self):
        with self.assertRaises(ValidationError) as caught:
            self.make_template('Dates', date_start='2026-06-01',
                               date_end='2026-05-31')
        self.assertIn('before its start', caught.exception.name)

    def test_every_language_checked(self):
        """A bad French text is refused too, through the template or the
        translation dialog (ir.translation)."""
        self.env['res.lang'].load_lang('fr_FR')
        template = self.make_template('Standard', body='Fine.')
        with self.assertRaises(ValidationError) as caught, \
                self.env.cr.savepoint():
            template.with_context(lang='fr_FR').write(
                {'body': 'Bonjour {{ env.user }}'})
        self.assertIn('(fr_FR)', caught.exception.name)
        self.assertIn('{{ env.user }}', caught.exception.name)
        template.with_context(lang='fr_FR').write({'body': 'Bien.'})
        translation = self.env['ir.translation'].search([
            ('name', '=', 'sale.terms.template,body'),
            ('res_id', '=', template.id), ('lang', '=', 'fr_FR')])
        self.assertEqual(translation.value, 'Bien.')
        with self.assertRaises(ValidationError) as caught, \
                self.env.cr.savepoint():
            translation.write({'value': '{{ order.sudo() }}'})
        self.assertIn('{{ order.sudo() }}', caught.exception.name)
        self.assertEqual(template.version, 2)
        # Through the translation dialog: checked and versioned too.
        translation.sudo(self.sale_manager).write({'value': 'Très bien.'})
        template.invalidate_cache()
        self.assertEqual(template.version, 3)
        self.assertEqual(template.version_ids[0].body, 'Très bien.')
        self.assertEqual(template.version_ids[0].lang, 'fr_FR')

    def test_form_documents_every_placeholder(self):
        """The form's help lists every object, field and filter."""
        from ..engine import placeholders
        arch = self.env.ref(
            'sales_order_mgmt.sale_terms_template_view_form').arch
        for path in placeholders.allowed_fields(
                placeholders.schema_for('sale')) + \
                placeholders.allowed_fields(
                    placeholders.schema_for('invoice')):
            obj, _dot, field = path.partition('.')
            self.assertIn('<code>%s</code>' % obj, arch)
            self.assertIn(field or obj, arch)
        for name in ('date', 'money', 'upper', 'lower', "default('text')"):
            self.assertIn('<code>%s</code>' % name, arch)


class TestTermsInvoice(TermsCase):

    @classmethod
    def setUpClass(cls):
        super(TestTermsInvoice, cls).setUpClass()
        cls.service = cls.create_product('Test Installation', 300.0,
                                         invoice_policy='order',
                                         type='service')
        cls.sale_terms = cls.make_template(
            'Quote terms', body='Quote {{ order.name }}.')

    def invoiced(self, partner=None):
        order = self.quote(partner, [(self.service, 2)])
        order.action_confirm()
        return order, self.invoice_order(order)

    def test_invoice_gets_invoice_template(self):
        """The invoice carries the invoice template, its version and its
        rendered text; the quotation kept its own terms."""
        invoice_terms = self.make_template(
            'Invoice terms', usage='invoice', body=(
                'Invoice for {{ order.name }}: '
                '{{ invoice.amount_total | money }}, {{ payment_term | '
                "default('on receipt') }}."))
        invoice_terms.write({'body': invoice_terms.body + ' Thank you.'})
        order, invoice = self.invoiced()
        self.assertEqual(order.terms_template_id, self.sale_terms)
        self.assertEqual(invoice.terms_template_id, invoice_terms)
        self.assertEqual(invoice.terms_template_version, 2)
        self.assertEqual(invoice.comment, (
            'Invoice for %s: $ 600.00, on receipt. Thank you.'
            % order.name))
        self.assertIn("Terms 'Invoice terms' v2 applied: first template by "
                      "sequence, without conditions.",
                      '\n'.join(invoice.message_ids.mapped('body')))

    def test_template_for_both(self):
        """A template of usage 'both' serves quotations and invoices."""
        self.sale_terms.sudo(self.sale_manager).active = False
        both = self.make_template('Both', usage='both',
                                  body='Terms of {{ order.name }}.')
        order, invoice = self.invoiced()
        self.assertEqual(order.terms_template_id, both)
        self.assertEqual(invoice.terms_template_id, both)
        self.assertEqual(invoice.comment, 'Terms of %s.' % order.name)

    def test_no_invoice_template_keeps_order_terms(self):
        """Without an invoice template, Odoo copies the order's terms."""
        self.make_template('Invoice FR', usage='invoice', country_ids=[
            (6, 0, self.env.ref('base.fr').ids)])
        order, invoice = self.invoiced(self.customer_de)
        self.assertFalse(invoice.terms_template_id)
        self.assertEqual(invoice.comment, 'Quote %s.' % order.name)

    def test_partial_delivery_invoice_states_its_own_amount_due(self):
        """Issue 20 (1): 11 of 23 items delivered and invoiced: the terms
        state the invoice's amount due, due date, payment terms and
        number, not the order's total."""
        self.make_template('Invoice terms', usage='invoice', body=(
            'Invoice {{ invoice.number }} for {{ order.name }}. Amount '
            'due: {{ invoice.amount_due | money }} by '
            '{{ invoice.date_due | date }} ({{ payment_term }}); order '
            'total not repeated.'))
        term = self.env.ref('account.account_payment_term_15days')
        self.set_stock(self.desk, self.main_warehouse, 11)
        order = self.quote(lines=[(self.desk, 23, 100.0)],
                           payment_term_id=term.id)
        order.action_confirm()
        action = self.deliver(order.picking_ids, {self.desk: 11})
        self.env['stock.backorder.confirmation'].sudo(
            self.stock_user).browse(action['res_id']).process()
        invoice = self.invoice_order(order)
        self.assertEqual(order.amount_total, 2300.0)
        self.assertEqual(invoice.amount_total, 1100.0)
        self.assertTrue(invoice.number)
        due = fields.Date.from_string(invoice.date_due).strftime(
            self.env['res.lang']._lang_get('en_US').date_format)
        self.assertEqual(invoice.comment, (
            'Invoice %s for %s. Amount due: $ 1,100.00 by %s (%s); order '
            'total not repeated.') % (invoice.number, order.name, due,
                                      term.name))

    def test_draft_invoice_terms_follow_its_lines(self):
        """A draft invoice whose lines change says its new amount."""
        self.make_template('Invoice terms', usage='invoice', body=(
            'Amount due: {{ invoice.amount_due | money }}.'))
        order = self.quote(lines=[(self.service, 2)])
        order.action_confirm()
        invoice = self.env['account.invoice'].sudo(self.accountant).browse(
            order.sudo(self.accountant).action_invoice_create())
        self.assertEqual(invoice.comment, 'Amount due: $ 600.00.')
        invoice.write({'invoice_line_ids': [
            (1, invoice.invoice_line_ids.id, {'quantity': 1})]})
        self.assertEqual(invoice.comment, 'Amount due: $ 300.00.')

    def test_order_amounts_refused_on_invoice_templates(self):
        """An invoice template cannot print the order's total (it is not
        what a partial invoice asks for); a quotation template cannot use
        the invoice's fields."""
        with self.assertRaises(ValidationError) as caught:
            self.make_template('Bad', usage='invoice', body=(
                'Due: {{ order.amount_total | money }}'))
        self.assertIn('use {{ invoice.amount_total }}',
                      caught.exception.name)
        with self.assertRaises(ValidationError) as caught:
            self.make_template('Bad', usage='sale', body=(
                'Due: {{ invoice.amount_due | money }}'))
        self.assertIn('for templates used on invoices only',
                      caught.exception.name)
        template = self.make_template('Quote', body=(
            'Total {{ order.amount_total }}'))
        with self.assertRaises(ValidationError):
            template.write({'usage': 'both'})

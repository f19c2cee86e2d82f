# Copyright 2024 sales_order_mgmt contributors
# License LGPL-3.0 or later (http://www.gnu.org/licenses/lgpl).
"""Unit tests of the terms placeholder language (no database needed)."""
import datetime
import decimal
import doctest
import time
import unittest

try:
    from ..engine import placeholders
except ImportError:  # running without Odoo: the engine is pure Python
    import os
    import sys
    sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..'))
    from engine import placeholders

PlaceholderError = placeholders.PlaceholderError
render = placeholders.render
validate = placeholders.validate

VALUES = {
    'order': {
        'name': 'SO042',
        'client_order_ref': False,
        'origin': None,
        'currency': 'EUR',
        'date_order': datetime.datetime(2024, 3, 1, 9, 30),
        'validity_date': datetime.date(2024, 3, 31),
        'amount_untaxed': 1020.25,
        'amount_tax': 214.25,
        'amount_total': 1234.5,
    },
    'partner': {'name': 'Agrolait', 'city': 'Bruxelles', 'country': ''},
    'company': {'name': 'YourCompany'},
    'salesperson': {'name': 'Marc Demo'},
    'payment_term': '30 Days',
}

FRENCH = {
    'date_format': placeholders.make_date_format('%d/%m/%Y'),
    'money_format': placeholders.make_money_format(
        '€', thousands_sep='\u202f', decimal_point=','),
}
GERMAN = {
    'date_format': placeholders.make_date_format('%d.%m.%Y'),
    'money_format': placeholders.make_money_format(
        '€', thousands_sep='.', decimal_point=','),
}

TERMS = ('Offer {{ order.name }} for {{ partner.name }}, valid until '
         '{{ order.validity_date | date }}.\n'
         'Total: {{ order.amount_total | money }} ({{ payment_term }}).')

# (payload, text the refusal message must contain)
ATTACKS = [
    ('{{ order.__class__ }}', '{{ order.__class__ }}'),
    ('{{ order._name }}', '{{ order._name }}'),
    ('{{ order.name.__globals__ }}', '{{ order.name.__globals__ }}'),
    ('{{ __import__("os").system("id") }}',
     '{{ __import__("os").system("id") }}'),
    ('{{ order.unlink() }}', '{{ order.unlink() }}'),
    ('{{ partner.name.upper() }}', '{{ partner.name.upper() }}'),
    ('{{ env }}', '{{ env }}'),
    ('{{ order.env.user }}', '{{ order.env.user }}'),
    ('{{ order.sudo }}', '{{ order.sudo }}'),
    ('{{ order.sudo().partner_id.name }}',
     '{{ order.sudo().partner_id.name }}'),
    ('{{ self }}', '{{ self }}'),
    ("{{ order['name'] }}", "{{ order['name'] }}"),
    ("{{ '{0.__class__}'.format(order) }}",
     "{{ '{0.__class__}'.format(order) }}"),
    ('{{ order.name|format }}', '{{ order.name|format }}'),
    ('{{ order.name!r }}', '{{ order.name!r }}'),
    ('{{ order.name:>999999999 }}', '{{ order.name:>999999999 }}'),
    ('{% for x in range(10**9) %}x{% endfor %}',
     '{% for x in range(10**9) %}'),
    ('{# {{ order.name }} #}', '{# {{ order.name }} #}'),
    ('{{ range(10**9) }}', '{{ range(10**9) }}'),
    ('{{ lambda: 1 }}', '{{ lambda: 1 }}'),
    ('{{ (lambda: order)() }}', '{{ (lambda: order)() }}'),
    ('{{ order.name if 1 else 2 }}', '{{ order.name if 1 else 2 }}'),
    ('{{ 9**9**9 }}', '{{ 9**9**9 }}'),
    ('{{ order.name * 100000000 }}', '{{ order.name * 100000000 }}'),
    ('{{ order.\uff3f\uff3fclass\uff3f\uff3f }}', 'U+FF3F'),
    ('{{ order.na\u200bme }}', 'U+200B ZERO WIDTH SPACE'),
    ('{{ {{ order.name }} }}', '{{ {{ order.name }}'),
    ('{{{ order.name }}}', '{{{ order.name }}'),
    ('Dear {{ partner.name', '{{ partner.name'),
    ('Dear partner.name }}', 'Dear partner.name }}'),
    ('{{ order.name | shell }}', '{{ order.name | shell }}'),
    ('{{ partner.name | default(order.unlink()) }}',
     '{{ partner.name | default(order.unlink()) }}'),
    ('{{ partner.name | default(1+1) }}',
     '{{ partner.name | default(1+1) }}'),
    ('{{ order.name;import os }}', '{{ order.name;import os }}'),
    ('{{ order.name }}' * 201, 'at most 200 placeholders'),
    ('{{ order.name }}' * 10000, 'The template is too long'),
    ('x' * 1000000, 'the limit is 20,000'),
]


class TestUsedPaths(unittest.TestCase):
    """What a body looks up: the model reads only those values."""

    def test_paths_of_the_placeholders(self):
        body = ('Dear {{ partner.name }}, order {{ order.name }} of '
                '{{ order.date_order | date }} ({{ partner.name | upper }}),'
                ' terms: {{ payment_term }}.')
        self.assertEqual(placeholders.used_paths(body), {
            ('partner', 'name'), ('order', 'name'), ('order', 'date_order'),
            ('payment_term',)})

    def test_no_placeholder(self):
        self.assertEqual(placeholders.used_paths('Plain text.'), set())
        self.assertEqual(placeholders.used_paths(False), set())

    def test_bad_syntax_is_refused_as_by_parse(self):
        with self.assertRaises(PlaceholderError):
            placeholders.used_paths('{{ partner.name ')


class TestRendering(unittest.TestCase):
    """Valid templates render the document's values."""

    def test_plain_fields(self):
        """A template naming fields gets the order's values."""
        self.assertEqual(
            render('{{ order.name }} / {{partner.name}} / '
                   '{{ company.name }} / {{ salesperson.name }}', VALUES),
            'SO042 / Agrolait / YourCompany / Marc Demo')

    def test_default_formats(self):
        """Without the document's formats: ISO dates, 1,234.50 EUR."""
        self.assertEqual(
            render(TERMS, VALUES),
            'Offer SO042 for Agrolait, valid until 2024-03-31.\n'
            'Total: 1,234.50 EUR (30 Days).')

    def test_french(self):
        """A French customer reads dates as dd/mm/yyyy and 1 234,50 €."""
        self.assertEqual(
            render(TERMS, VALUES, **FRENCH),
            'Offer SO042 for Agrolait, valid until 31/03/2024.\n'
            'Total: 1\u202f234,50 € (30 Days).')

    def test_german(self):
        """A German customer reads dates as dd.mm.yyyy and 1.234,50 €."""
        self.assertEqual(
            render(TERMS, VALUES, **GERMAN),
            'Offer SO042 for Agrolait, valid until 31.03.2024.\n'
            'Total: 1.234,50 € (30 Days).')

    def test_unfiltered_values(self):
        """Without filters, dates are ISO and amounts plain numbers."""
        self.assertEqual(
            render('{{ order.date_order }} {{ order.validity_date }} '
                   '{{ order.amount_total }}', VALUES),
            '2024-03-01 09:30:00 2024-03-31 1234.5')

    def test_odoo_date_strings(self):
        """Odoo 11 gives dates as strings: the date filter reads them."""
        values = {'order': {'validity_date': '2024-12-01',
                            'date_order': '2024-11-02 17:45:00'}}
        self.assertEqual(
            render('{{ order.validity_date | date }} '
                   '{{ order.date_order | date }}', values, **GERMAN),
            '01.12.2024 02.11.2024')

    def test_empty_values(self):
        """Empty or missing fields render as nothing."""
        self.assertEqual(
            render('[{{ order.client_order_ref }}][{{ order.origin }}]'
                   '[{{ partner.country }}][{{ partner.vat | upper }}]',
                   VALUES),
            '[][][][]')

    def test_missing_object(self):
        """An object the caller did not provide renders as nothing."""
        self.assertEqual(
            render('Sold by {{ salesperson.name }}.', {}), 'Sold by .')

    def test_empty_date_and_amount(self):
        """The date and money filters keep an empty value empty."""
        values = {'order': {'validity_date': False, 'amount_tax': None}}
        self.assertEqual(
            render('[{{ order.validity_date | date }}]'
                   '[{{ order.amount_tax | money }}]', values), '[][]')

    def test_zero_amount_is_not_empty(self):
        """An amount of 0 is printed, not treated as empty."""
        values = {'order': {'amount_tax': 0, 'currency': 'EUR'}}
        self.assertEqual(
            render('{{ order.amount_tax | money | default("n/a") }}',
                   values), '0.00 EUR')

    def test_default_filter(self):
        """default('...') shows a text when the field is empty."""
        self.assertEqual(
            render("Your ref: {{ order.client_order_ref | default('none') }}"
                   ", valid: {{ order.origin | default(\"à convenir\") }}",
                   VALUES),
            'Your ref: none, valid: à convenir')

    def test_default_after_date(self):
        """A missing validity date shows the default text instead."""
        values = {'order': {'validity_date': None}}
        self.assertEqual(
            render("{{ order.validity_date | date | default('on request') }}",
                   values), 'on request')

    def test_upper_lower(self):
        """upper and lower change the case of the inserted text."""
        self.assertEqual(
            render('{{ partner.name | upper }} {{ partner.city|lower }}',
                   VALUES), 'AGROLAIT bruxelles')

    def test_text_is_copied_verbatim(self):
        """Single braces, %-formats and str.format fields are plain text."""
        body = ('50% upfront, {0} {x} %(name)s ${order} {0.__class__} '
                '{ order.name } }')
        self.assertEqual(render(body, VALUES), body)

    def test_values_are_not_parsed_again(self):
        """A customer named like a placeholder is printed as such."""
        values = {'partner': {'name': '{{ order.name }} {0.__class__} %s'}}
        self.assertEqual(render('Dear {{ partner.name }},', values),
                         'Dear {{ order.name }} {0.__class__} %s,')

    def test_no_escape_by_default(self):
        """Plain-text terms keep characters such as & and < as they are."""
        values = {'partner': {'name': 'Smith & <Sons>'}}
        self.assertEqual(render('{{ partner.name }}', values),
                         'Smith & <Sons>')

    def test_escape_for_html(self):
        """Rendering for HTML escapes inserted values, not the template."""
        values = {'partner': {'name': '<script>alert("x")</script> & Co'}}
        self.assertEqual(
            render('<b>{{ partner.name }}</b>', values, escape=True),
            '<b>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; '
            '&amp; Co</b>')

    def test_decimal_amount(self):
        """Amounts given as Decimal are formatted and rounded half-up."""
        values = {'order': {'amount_total': decimal.Decimal('0.125'),
                            'currency': 'USD'}}
        self.assertEqual(
            render('{{ order.amount_total | money }}', values), '0.13 USD')

    def test_symbol_before(self):
        """A currency printed before the amount, as for the dollar."""
        money = placeholders.make_money_format('$', position='before')
        self.assertEqual(
            render('{{ order.amount_total | money }}', VALUES,
                   money_format=money), '$ 1,234.50')

    def test_zero_decimal_currency(self):
        """A currency without decimals (yen) rounds to whole units."""
        money = placeholders.make_money_format('¥', decimals=0)
        self.assertEqual(money(1234.5), '1,235 ¥')

    def test_empty_body(self):
        """An empty template renders as an empty text."""
        self.assertEqual(render(False, VALUES), '')
        self.assertEqual(render(None, VALUES), '')
        self.assertEqual(validate(''), [])

    def test_multiline_placeholder(self):
        """Spaces and line breaks inside the braces are allowed."""
        self.assertEqual(render('{{\n  order.name\n}}', VALUES), 'SO042')

    def test_record_is_never_rendered(self):
        """Passing an object instead of a plain value is a caller bug."""
        values = {'partner': {'name': object()}}
        with self.assertRaises(TypeError):
            render('{{ partner.name }}', values)

    def test_render_revalidates(self):
        """A stored body that became invalid is refused, not rendered."""
        with self.assertRaises(PlaceholderError):
            render('{{ order.__class__ }}', VALUES)

    def test_bounded_cost(self):
        """The largest allowed template renders in well under a second."""
        body = ('{{ order.amount_total | money | default("x") }}'
                + 'y' * 50) * placeholders.MAX_PLACEHOLDERS
        self.assertLessEqual(len(body), placeholders.MAX_BODY_LENGTH)
        start = time.time()
        text = render(body, VALUES)
        self.assertLess(time.time() - start, 1.0)
        self.assertEqual(text.count('1,234.50 EUR'), 200)


class TestValidation(unittest.TestCase):
    """Saving a template checks every placeholder and names bad ones."""

    def assertRefused(self, body, *fragments):
        """``body`` is refused with a message containing ``fragments``."""
        with self.assertRaises(PlaceholderError) as caught:
            validate(body)
        for fragment in fragments:
            self.assertIn(fragment, str(caught.exception))
        return caught.exception

    def test_returns_placeholders(self):
        """Validation lists the placeholders with their filters."""
        found = validate(TERMS)
        self.assertEqual([p.path for p in found], [
            ('order', 'name'), ('partner', 'name'),
            ('order', 'validity_date'), ('order', 'amount_total'),
            ('payment_term',)])
        self.assertEqual(found[2].filters, (('date', None),))
        self.assertEqual(found[4].line, 2)

    def test_unknown_field(self):
        """An unknown field is named with the allowed fields of its object.
        """
        error = self.assertRefused(
            'x\n\n{{ order.foo }}', 'Unknown placeholder {{ order.foo }} '
            "(line 3): allowed fields of 'order' are amount_tax, ")
        self.assertEqual(error.placeholder, '{{ order.foo }}')
        self.assertEqual(error.line, 3)

    def test_unknown_object(self):
        """An unknown object is named with the list of objects."""
        self.assertRefused(
            '{{ invoice.number }}', '{{ invoice.number }}',
            'the objects are company, order, partner, payment_term, '
            'salesperson')

    def test_object_without_field(self):
        """{{ order }} alone asks the author to choose a field."""
        self.assertRefused('{{ order }}', 'Incomplete placeholder '
                           '{{ order }}', 'choose a field')

    def test_field_of_plain_value(self):
        """A plain value such as payment_term has no fields."""
        self.assertRefused('{{ payment_term.note }}',
                           "'payment_term' is a plain value")

    def test_date_filter_on_text(self):
        """The date filter on a text field lists the date fields."""
        self.assertRefused(
            '{{ partner.name | date }}', '{{ partner.name | date }}',
            "'date' applies only to order.date_order, order.validity_date")

    def test_money_filter_on_date(self):
        """The money filter on a date lists the amount fields."""
        self.assertRefused('{{ order.validity_date | money }}',
                           "'money' applies only to order.amount_tax")

    def test_date_filter_after_text_filter(self):
        """A date made text by upper can no longer take the date filter."""
        self.assertRefused('{{ order.validity_date | upper | date }}',
                           'Wrong filter in')

    def test_missing_argument(self):
        """default needs its text."""
        self.assertRefused('{{ partner.name | default }}',
                           "'default' needs a quoted text")

    def test_unexpected_argument(self):
        """upper takes no argument."""
        self.assertRefused("{{ partner.name | upper('x') }}",
                           "'upper' takes no argument")

    def test_too_many_filters(self):
        """At most three filters can be chained."""
        self.assertRefused('{{ partner.name|upper|lower|upper|lower }}',
                           'at most 3 filters')

    def test_empty_placeholder(self):
        """{{ }} is refused as empty."""
        self.assertRefused('a {{  }} b', '{{ }}', 'is empty')

    def test_long_default_text(self):
        """A default text over 100 characters is refused."""
        self.assertRefused(
            "{{ partner.name | default('%s') }}" % ('x' * 101),
            'must be a quoted text')

    def test_space_inside_path(self):
        """A field path must be written without spaces around dots."""
        self.assertRefused('{{ order. name }}', '{{ order. name }}')

    def test_custom_schema(self):
        """A caller can pass its own schema, with nested objects."""
        schema = {'invoice': {'partner': {'name': placeholders.TEXT}}}
        self.assertEqual(
            render('{{ invoice.partner.name }}',
                   {'invoice': {'partner': {'name': 'Agrolait'}}},
                   schema=schema), 'Agrolait')
        with self.assertRaises(PlaceholderError):
            validate('{{ order.name }}', schema=schema)

    def test_reserved_names_beat_the_schema(self):
        """env stays refused even if a schema listed it by mistake."""
        schema = {'env': {'user': placeholders.TEXT}}
        with self.assertRaises(PlaceholderError):
            validate('{{ env.user }}', schema=schema)

    def test_allowed_fields(self):
        """The list of fields for the form's help text is complete."""
        fields = placeholders.allowed_fields()
        self.assertIn('order.validity_date', fields)
        self.assertIn('payment_term', fields)
        self.assertEqual(
            placeholders.allowed_fields(kind=placeholders.MONEY),
            ['order.amount_tax', 'order.amount_total',
             'order.amount_untaxed'])

    def test_not_text(self):
        """A body that is not text is a caller bug."""
        with self.assertRaises(TypeError):
            validate(b'{{ order.name }}')


class TestAttacks(unittest.TestCase):
    """Payloads trying to run code or exhaust the server are refused."""

    def test_attack_list(self):
        """Every attack payload is refused at save, naming the payload."""
        self.assertGreaterEqual(len(ATTACKS), 20)
        for payload, named in ATTACKS:
            with self.subTest(payload=payload[:60]):
                with self.assertRaises(PlaceholderError) as caught:
                    validate('Terms: ' + payload)
                self.assertIn(named, str(caught.exception))

    def test_attacks_never_render(self):
        """The same payloads are refused when rendering, too."""
        for payload, _named in ATTACKS:
            with self.subTest(payload=payload[:60]):
                with self.assertRaises(PlaceholderError):
                    render(payload, VALUES)

    def test_attacks_are_cheap(self):
        """Refusing all the payloads takes well under a second."""
        start = time.time()
        for payload, _named in ATTACKS:
            with self.assertRaises(PlaceholderError):
                validate(payload)
        self.assertLess(time.time() - start, 1.0)

    def test_pathological_bodies_are_cheap(self):
        """Near-limit bodies built to slow the checker are fast to refuse."""
        size = placeholders.MAX_BODY_LENGTH - 10
        bodies = [
            '{{ ' + ' ' * size + 'x ( }}',
            '{{ ' + '(' * size + ' }}',
            '{{ ' + 'a.' * (size // 2) + ' }}',
            '{{ a' + ' |' * (size // 2) + ' }}',
            '{{ ' + '\'"' * (size // 2) + ' }}',
            '{' * size,
            'x' * size + '}}',
        ]
        start = time.time()
        for body in bodies:
            with self.assertRaises(PlaceholderError):
                validate(body)
        self.assertLess(time.time() - start, 1.0)

    def test_long_placeholder_is_shortened(self):
        """A huge placeholder is named by its beginning, not copied whole."""
        with self.assertRaises(PlaceholderError) as caught:
            validate('{{ ' + 'a' * 5000 + '() }}')
        self.assertLess(len(str(caught.exception)), 400)
        self.assertIn('{{ aaaa', str(caught.exception))


class TestDocumentation(unittest.TestCase):
    """The examples of the language's documentation hold."""

    def test_doctests(self):
        """The README examples in the module docstring are correct."""
        failed, attempted = doctest.testmod(placeholders)
        self.assertGreater(attempted, 0)
        self.assertEqual(failed, 0)


if __name__ == '__main__':
    unittest.main()

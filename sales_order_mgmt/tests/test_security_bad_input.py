"""Bad-input corpus: every user-facing input of the addon, driven through
the entry points users hit (ORM create/write as the web client calls them,
the model methods behind buttons, the portal's JSON route over real HTTP).

Each case must be refused with a clear, user-worded error (UserError,
ValidationError or, for values the web client cannot even send, Odoo's own
ValueError naming the field) or handled, and must leave nothing written:
the records' count and values are compared before and after every case.
The number of cases tried is printed at the end of make test (conftest.py).
"""
import base64
import io
import json

import psycopg2
from PIL import Image

from odoo.exceptions import UserError, ValidationError

from .browser import HttpServerCase
from .common import SalesOrderCase

CLEAR = (UserError, ValidationError)
NASTY_STRINGS = [
    "'; DROP TABLE sale_order; --",
    '<script>alert(1)</script>',
    '=HYPERLINK("http://evil.example","x")',
    '+cmd|\' /C calc\'!A0',
    '@SUM(1+1)*cmd|\' /C calc\'!A0',
    '\u202eevil\u202c',
    '\x01\x02\x1b[31m',
    'ä' * 5000,
    '{{ order.__class__ }}',
    '%(password)s %s %n',
]


def png(size=(200, 80), stroke=True, fmt='PNG'):
    image = Image.new('RGB', size, 'white')
    if stroke:
        for x in range(20, min(180, size[0] - 1)):
            image.putpixel((x, size[1] // 2), (0, 0, 0))
    buffer = io.BytesIO()
    image.save(buffer, fmt)
    return base64.b64encode(buffer.getvalue()).decode()


class CorpusMixin(object):
    tried = 0

    def refused(self, call, snapshot=None, errors=CLEAR, label=''):
        """`call()` is refused with a clear message and `snapshot()` (what
        the user could see) is the same before and after."""
        before = snapshot() if snapshot else None
        with self.assertRaises(errors, msg=label) as caught:
            with self.env.cr.savepoint():
                call()
        message = getattr(caught.exception, 'name', None) or \
            str(caught.exception)
        self.assertTrue(message.strip(), label)
        self.assertNotIn('Traceback', message, label)
        if snapshot:
            self.env['res.partner'].invalidate_cache()
            self.assertEqual(snapshot(), before, 'partial write: %s' % label)
        type(self).tried += 1
        return message

    def handled(self, call, label=''):
        """`call()` is accepted: the value is stored as plain data."""
        with self.env.cr.savepoint():
            result = call()
        type(self).tried += 1
        return result


class TestBadInputCorpus(CorpusMixin, SalesOrderCase):

    @classmethod
    def setUpClass(cls):
        super(TestBadInputCorpus, cls).setUpClass()
        cls.company_b = cls.env['res.company'].create(
            {'name': 'Corpus Company B'})
        cls.warehouse_b = cls.env['stock.warehouse'].create({
            'name': 'Corpus WH B', 'code': 'CWB',
            'company_id': cls.company_b.id})
        cls.manager_env = cls.env(user=cls.sale_manager)

    def count(self, model):
        return lambda: self.env[model].sudo().search_count(
            ['|', ('active', '=', True), ('active', '=', False)]
            if 'active' in self.env[model]._fields else [])

    # sourcing rules ------------------------------------------------------
    def rule_vals(self, **vals):
        values = {
            'name': 'Corpus rule', 'strategy': 'priority',
            'warehouse_line_ids': [(0, 0, {
                'sequence': 1, 'warehouse_id': self.warehouses[0].id})],
        }
        values.update(vals)
        return values

    def test_sourcing_rule_inputs(self):
        rules = self.manager_env['sale.sourcing.rule']
        count = self.count('sale.sourcing.rule')
        message = self.refused(lambda: rules.create(self.rule_vals(
            warehouse_line_ids=[])), count, label='no candidate')
        self.assertIn('warehouse', message.lower())
        self.refused(lambda: rules.create(self.rule_vals(
            warehouse_line_ids=[(0, 0, {
                'sequence': 1, 'warehouse_id': self.warehouse_b.id})])),
            count, label='candidate of another company')
        for junk in ['12;ab!', '1' * 300, '1234567890123', '*', '10%',
                     "'; --", '１２３'] + NASTY_STRINGS[:6]:
            message = self.refused(lambda: rules.create(self.rule_vals(
                zip_prefixes=junk)), count, label='zip %r' % junk)
            self.assertIn('zip', message.lower())
        # NUL characters: PostgreSQL refuses them in any text, with
        # psycopg2's plain message (Odoo's behaviour for every field).
        message = self.refused(lambda: rules.create(self.rule_vals(
            zip_prefixes='\x00\x01')), count, errors=CLEAR + (ValueError,),
            label='NUL in zip')
        self.assertIn('NUL', message)
        # A required field left empty: the web client does not send it;
        # over RPC Odoo turns PostgreSQL's refusal into a plain message.
        self.refused(lambda: rules.create(self.rule_vals(name=False)),
                     count, errors=CLEAR + (psycopg2.IntegrityError,),
                     label='no name')
        self.refused(lambda: rules.create(self.rule_vals(
            strategy='bogus')), count, errors=CLEAR + (ValueError,),
            label='unknown strategy')
        for tolerated in ('10115, , ,', ' sw1a 1aa ', 'DROP TABLE'):
            rule = self.handled(lambda: rules.create(self.rule_vals(
                zip_prefixes=tolerated)), label='zip %r' % tolerated)
            self.assertEqual(rule.zip_prefixes, tolerated)
        rule = rules.create(self.rule_vals(zip_prefixes='10, 69'))

        def state():
            return (rule.zip_prefixes, len(rule.warehouse_line_ids))
        self.refused(lambda: rule.write({'zip_prefixes': 'abc!!'}), state,
                     label='write junk zip')
        self.refused(lambda: rule.write({'warehouse_line_ids': [
            (2, rule.warehouse_line_ids.id)]}), state,
            label='remove the last candidate')
        for name in NASTY_STRINGS:
            self.handled(lambda: rule.write({'name': name}),
                         label='rule name %r' % name)
            self.assertEqual(rule.name, name)

    # backorder policies --------------------------------------------------
    def test_backorder_policy_inputs(self):
        policies = self.manager_env['sale.backorder.policy']
        count = self.count('sale.backorder.policy')
        for ratio in (-1, -0.01, 100.5, 1e308, float('inf')):
            message = self.refused(lambda: policies.create({
                'name': 'Corpus', 'mode': 'allow',
                'min_fill_ratio': ratio}), count, label='ratio %r' % ratio)
            self.assertIn('fill', message.lower())
        for days in (-1, -365):
            self.refused(lambda: policies.create({
                'name': 'Corpus', 'mode': 'allow',
                'max_backorder_days': days}), count, label='days %r' % days)
        self.refused(lambda: policies.create({
            'name': 'Corpus', 'mode': 'everything'}), count,
            errors=CLEAR + (ValueError,), label='unknown mode')
        policy_b = policies.sudo().create({
            'name': 'Corpus B', 'mode': 'allow',
            'company_id': self.company_b.id})
        self.refused(lambda: self.env.user.company_id.write({
            'backorder_policy_id': policy_b.id}),
            lambda: self.env.user.company_id.backorder_policy_id.id,
            label="another company's policy on the company")
        order = self.create_order(self.customer_de, [(self.desk, 1)])
        self.refused(lambda: order.sudo().write({
            'backorder_policy_id': policy_b.id}),
            lambda: order.backorder_policy_id.id,
            label="another company's policy on an order")

    # terms templates -----------------------------------------------------
    def test_terms_template_inputs(self):
        templates = self.manager_env['sale.terms.template']
        count = self.count('sale.terms.template')
        bodies = [
            'Hello {{ partner.name }', 'Hello {{ partner.name }} }}',
            '{{ }}', '{{ nothing.here }}', '{{ order.__class__ }}',
            '{{ order.env }}', '{{ order.sudo }}', '{{ order.unlink() }}',
            '{{ partner.name.upper() }}', '{{ order._name }}',
            '{{ "%s" % partner }}', '{{ order.name | nofilter }}',
            '{{ order.name }}' * 5000, '{% for x in range(10**9) %}',
            "{{ order['name'] }}", '{{ company.partner_id.user_ids }}',
        ]
        for body in bodies:
            self.refused(lambda: templates.create({
                'name': 'Corpus', 'usage': 'sale', 'body': body}), count,
                label='body %r' % body[:60])
        self.refused(lambda: templates.create({
            'name': 'Corpus', 'usage': 'sale', 'body': 'ok',
            'date_start': '2026-12-31', 'date_end': '2026-01-01'}), count,
            label='date_end before date_start')
        template = templates.create({'name': 'Corpus', 'usage': 'sale',
                                     'body': 'Dear {{ partner.name }}'})

        def state():
            return (template.body, template.version)
        self.refused(lambda: template.write({'body': '{{ order.env }}'}),
                     state, label='write forbidden body')
        for text in NASTY_STRINGS[:6]:
            self.handled(lambda: template.write({'body': text}),
                         label='plain body %r' % text)

    # signatures ----------------------------------------------------------
    def test_signature_payloads(self):
        order = self.create_order(self.customer_de, [(self.desk, 1)])
        signing = order.sudo(self.salesman)

        def state():
            return (order.signature, order.signed_by,
                    order.signature_hash, order.signature_state,
                    len(order.message_ids))
        big = Image.new('RGB', (4001, 10), 'white')
        buffer = io.BytesIO()
        big.save(buffer, 'PNG')
        payloads = [
            ('', 'empty'), ('not base64 at all!', 'junk'),
            (base64.b64encode(b'hello').decode(), 'text'),
            (base64.b64encode(b'GIF89a' + b'\x00' * 50).decode(), 'gif'),
            (png(stroke=False), 'blank'),
            (base64.b64encode(buffer.getvalue()).decode(), 'too wide'),
            (base64.b64encode(b'\x89PNG' + b'\x00' * (1024 * 1024 + 1))
             .decode(), 'over 1 MiB'),
            (None, 'None'), (12345, 'number'), (['a'], 'list'),
            ('data:image/png;base64,' + 'A' * 10, 'bad data URL'),
        ]
        for payload, label in payloads:
            self.refused(lambda: signing.sign(payload, 'Anna Kunde'), state,
                         label=label)
        for signer in ('', '   ', None, 42, '\x00\x07', 'a' * 10000):
            self.refused(lambda: signing.sign(png(), signer), state,
                         label='signer %r' % (signer,))
        self.handled(lambda: signing.sign(png(), NASTY_STRINGS[1]),
                     label='signer with markup')
        self.assertEqual(order.signature_state, 'valid')
        self.refused(lambda: signing.sign(png(), 'Again'), state,
                     label='already signed')

    # accounting export ---------------------------------------------------
    def test_export_wizard_inputs(self):
        exports = self.env['sale.accounting.export'].sudo(self.accountant)
        count = self.count('sale.accounting.export')
        message = self.refused(lambda: exports.create({
            'date_from': '2026-12-31', 'date_to': '2026-01-01'}), count,
            label='date_to < date_from')
        self.assertIn('2026-01-01', message)
        empty = exports.create({'date_from': '1990-01-01',
                                'date_to': '1990-01-31'})
        data = self.handled(empty.get_xlsx, label='empty period')
        self.assertTrue(data.startswith(b'PK'))


class TestPortalSignBadInput(CorpusMixin, HttpServerCase):
    """The portal's JSON route, over real HTTP, with malformed requests."""

    def setUp(self):
        super(TestPortalSignBadInput, self).setUp()
        partner = self.env['res.partner'].create({
            'name': 'Portal Corpus', 'email': 'corpus@example.com'})
        product = self.env['product.product'].create({
            'name': 'Corpus product', 'list_price': 10.0})
        self.order = self.env['sale.order'].create({
            'partner_id': partner.id,
            'order_line': [(0, 0, {'product_id': product.id,
                                   'product_uom_qty': 1})],
        })
        if not self.order.access_token:
            self.order.access_token = 'corpus-token-0123456789abcdef'
        self.commit_fixtures()

    def post(self, body, raw=False):
        data = body if raw else json.dumps(body)
        return self.opener.post(
            self.base_url + '/my/orders/sign', data=data,
            headers={'Content-Type': 'application/json'}, timeout=60)

    def unsigned(self):
        with self.db() as env:
            order = env['sale.order'].browse(self.order.id)
            order.invalidate_cache()
            return (order.signature, order.signed_by, order.signature_hash)

    def test_malformed_requests(self):
        good = {'res_id': self.order.id,
                'access_token': self.order.access_token,
                'partner_name': 'Anna', 'signature': png()}
        cases = [
            ('{not json', True), ('', True), ('[]', True), ('null', True),
            ({'jsonrpc': '2.0', 'params': 'string'}, False),
        ]
        variants = [
            dict(good, access_token=None), dict(good, access_token=''),
            dict(good, access_token='x' * 10000),
            dict(good, access_token=['list']),
            dict(good, res_id='1; DROP TABLE sale_order'),
            dict(good, res_id=None), dict(good, res_id=-1),
            dict(good, res_id=2 ** 70), dict(good, res_id={'a': 1}),
            dict(good, signature='<script>'), dict(good, signature=None),
            dict(good, signature=123), dict(good, partner_name=''),
            dict(good, partner_name={'x': 1}),
            dict(good, unexpected='value', access_token='wrong'),
        ]
        for body, raw in cases:
            # Not a JSON-RPC envelope: Odoo's JSON layer answers before any
            # route runs (400 for unparsable JSON, an error page for other
            # shapes), without a traceback and without reaching `sign`.
            response = self.post(body, raw=raw)
            self.assertIn(response.status_code, (200, 400, 500), body)
            self.assertNotIn('Traceback', response.text, body)
            self.assertNotIn('"success"', response.text, body)
            type(self).tried += 1
        for params in variants:
            response = self.post({'jsonrpc': '2.0', 'method': 'call',
                                  'params': params})
            self.assertEqual(response.status_code, 200, params)
            answer = response.json()
            self.assertNotIn('Traceback', response.text, params)
            result = answer.get('result') or {}
            self.assertIn('error', result, (params, answer))
            type(self).tried += 1
        self.assertEqual(self.unsigned(), (False, False, False))

    def test_accept_route_inputs(self):
        """/my/quotes/accept takes the same input discipline as signing:
        tokens of any shape, huge or marked-up names, images too large in
        pixels (read from the header) or bytes, with a hostile context."""
        self.env['ir.config_parameter'].set_param(
            'sale.sale_portal_confirmation_options', 'sign')
        self.order.write({'state': 'sent'})
        self.commit_fixtures()
        good = {'res_id': self.order.id,
                'access_token': self.order.access_token,
                'partner_name': 'Anna', 'signature': png(),
                'context': {'som_checks_override': 1, 'active_test': False}}
        variants = [
            dict(good, access_token='\u00e9'),
            dict(good, access_token='\u00e9' * 300),
            dict(good, access_token=12345),
            dict(good, access_token=['x']),
            dict(good, res_id=999999999),
            dict(good, res_id=True),
            dict(good, partner_name='x' * (2 * 1024 * 1024)),
            dict(good, partner_name='\u202eevil'),
            dict(good, partner_name=None),
            dict(good, signature=png(size=(2001, 40))),
            dict(good, signature=png(size=(40, 2001))),
            dict(good, signature=png(stroke=False)),
            dict(good, signature='A' * (3 * 1024 * 1024)),
            dict(good, signature=png(fmt='GIF')),
        ]
        for params in variants:
            response = self.opener.post(
                self.base_url + '/my/quotes/accept', timeout=60,
                data=json.dumps({'jsonrpc': '2.0', 'method': 'call',
                                 'params': params}),
                headers={'Content-Type': 'application/json'})
            self.assertEqual(response.status_code, 200)
            self.assertNotIn('Traceback', response.text)
            result = response.json().get('result') or {}
            self.assertIn('error', result, response.text[:300])
            type(self).tried += 1
        self.assertEqual(self.unsigned(), (False, False, False))
        with self.db() as env:
            self.assertEqual(env['sale.order'].browse(self.order.id).state,
                             'sent')

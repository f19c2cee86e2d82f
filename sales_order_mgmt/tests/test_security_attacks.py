# pylint: disable=too-many-lines
"""The attacks of issue 18, made the way they were found: over real HTTP
(the portal's JSON routes, and JSON-RPC at /web/dataset/call_kw as a
logged-in user), each with every context key the addon's code reads sent
by the client. Each must be refused, or be without effect.
"""
import base64
import io
import json
import os
import re
import struct
import zlib

from PIL import Image, ImageDraw

from odoo.tests.common import get_db_name
from odoo.tools import html_escape

from ..engine import signature as signature_engine
from .browser import HttpServerCase

ADDON = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
#: Keys that once granted something when a client sent them; the grep
#: below adds whatever the code reads today.
HISTORICAL_KEYS = (
    'som_checks_override', 'som_checks_override_reason',
    'som_signature_write', 'som_signature_author_id', 'terms_applying',
    'terms_template_writing')
_KEY_PATTERNS = (
    re.compile(r"context\.get\(\s*'([a-z_]+)'"),
    re.compile(r"context\[\s*'([a-z_]+)'\s*\]"),
    re.compile(r"with_context\(\s*([a-z_]+)\s*="),
    re.compile(r"'([a-z_]+)'\s+in\s+(?:self\.env\.|self\._|env\.)?context"),
)


def addon_context_keys():
    """Every context key the addon's own code (not its tests) reads or
    sets, found by reading the code."""
    keys = set()
    for folder, _dirs, files in os.walk(ADDON):
        if os.sep + 'tests' in folder:
            continue
        for name in files:
            if not name.endswith('.py'):
                continue
            with open(os.path.join(folder, name), encoding='utf-8') as handle:
                text = handle.read()
            for pattern in _KEY_PATTERNS:
                keys.update(pattern.findall(text))
    return keys


def client_context(user_id=None):
    """A context a hostile client sends: every key set to a truthy value.
    `lang`/`tz` get valid values (Odoo itself refuses others)."""
    context = {key: 1 for key in addon_context_keys() | set(HISTORICAL_KEYS)}
    context.update({
        'lang': 'en_US', 'tz': 'UTC',
        'som_checks_override_reason': 'because I can',
        'active_test': False, 'active_model': 'sale.order',
    })
    if user_id:
        context['som_signature_author_id'] = user_id
    return context


def drawn_png(size=(300, 100)):
    image = Image.new('RGB', size, (255, 255, 255))
    ImageDraw.Draw(image).line([(10, 60), (80, 20), (150, 80), (280, 30)],
                               fill=(0, 0, 0), width=3)
    buffer = io.BytesIO()
    image.save(buffer, 'PNG')
    return base64.b64encode(buffer.getvalue()).decode()


def png_header_only(width, height):
    """A PNG whose header claims width x height, with a tiny broken body:
    decoding it would fail as damaged, so a size refusal proves that the
    size was read from the header, before any decoding."""
    def chunk(kind, data):
        return (struct.pack('>I', len(data)) + kind + data +
                struct.pack('>I', zlib.crc32(kind + data) & 0xffffffff))
    header = struct.pack('>IIBBBBB', width, height, 8, 2, 0, 0, 0)
    body = zlib.compress(b'\x00' * 64)
    data = (b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', header) +
            chunk(b'IDAT', body) + chunk(b'IEND', b''))
    return base64.b64encode(data).decode()


class SecurityHttpCase(HttpServerCase):
    """Users of each kind, a customer and a quotation sent by link."""

    def setUp(self):
        super(SecurityHttpCase, self).setUp()
        env = self.env
        self.salesman = self.make_user(
            'sec_salesman', ['sales_team.group_sale_salesman',
                             'base.group_partner_manager'])
        self.manager = self.make_user(
            'sec_manager', ['sales_team.group_sale_manager',
                            'base.group_partner_manager'])
        self.stock_user = self.make_user(
            'sec_stock', ['stock.group_stock_user'])
        self.customer = env['res.partner'].create({
            'name': 'Sec Kunde GmbH', 'is_company': True, 'customer': True,
            'street': 'Teststr. 1', 'city': 'Berlin', 'zip': '10115',
            'country_id': env.ref('base.de').id,
            'email': 'sec@example.com'})
        self.product = env['product.product'].create({
            'name': 'Sec Desk', 'list_price': 100.0, 'type': 'consu',
            'taxes_id': [(6, 0, [])]})
        self.order = self.new_order()
        env['ir.config_parameter'].set_param(
            'sale.sale_portal_confirmation_options', 'sign')
        self.commit_fixtures()

    def make_user(self, login, groups):
        return self.env['res.users'].with_context(
            no_reset_password=True).create({
                'name': login.replace('_', ' ').title(), 'login': login,
                'password': login, 'email': '%s@example.com' % login,
                'groups_id': [(6, 0, [self.env.ref('base.group_user').id] + [
                    self.env.ref(xmlid).id for xmlid in groups])]})

    def new_order(self, **vals):
        values = {
            'partner_id': self.customer.id, 'user_id': self.salesman.id,
            'order_line': [(0, 0, {'product_id': self.product.id,
                                   'product_uom_qty': 3,
                                   'price_unit': 100.0})]}
        values.update(vals)
        order = self.env['sale.order'].create(values)
        order.write({'state': 'sent'})
        if not order.access_token:
            order.access_token = 'sec-token-%032d' % order.id
        return order

    def blocking_check(self):
        """A blocking domain check that refuses the test's customer."""
        return self.env['exception.rule'].create({
            'name': 'Sec: customers called Sec are refused',
            'description': 'Sec test check', 'rule_group': 'sale',
            'model': 'sale.order', 'exception_type': 'by_domain',
            'domain': "[('partner_id.name', '=like', 'Sec %')]",
            'severity': 'block', 'sequence': 1, 'active': True})

    # -- transport ---------------------------------------------------------

    def json_post(self, path, params):
        response = self.opener.post(
            self.base_url + path, timeout=120,
            data=json.dumps({'jsonrpc': '2.0', 'method': 'call',
                             'params': params}),
            headers={'Content-Type': 'application/json'})
        return response

    def login_as(self, user):
        """Log in over HTTP, as a client does (password = login)."""
        answer = self.json_post('/web/session/authenticate', {
            'db': get_db_name(), 'login': user.login,
            'password': user.login}).json()
        self.assertEqual(answer['result']['uid'], user.id)

    def rpc(self, user, model, method, args, context_extra=None, **kwargs):
        """JSON-RPC as ``user`` with the hostile context in both places a
        client can put it (plus ``context_extra``). Returns (result, error
        message)."""
        self.login_as(user)
        context = client_context(user.partner_id.id)
        context.update(context_extra or {})
        kwargs['context'] = context
        answer = self.json_post(
            '/web/dataset/call_kw/%s/%s' % (model, method),
            {'model': model, 'method': method, 'args': args,
             'kwargs': kwargs, 'context': context}).json()
        error = answer.get('error')
        if error:
            return None, (error.get('data') or {}).get('message') or \
                error.get('message')
        return answer.get('result'), None

    def portal(self, path, **params):
        params.setdefault("context", client_context())
        response = self.json_post(path, params)
        # The portal answers in words, never with a traceback.
        self.assertNotIn('Traceback', response.text, path)
        answer = response.json()
        self.assertNotIn('error', answer, answer)  # no JSON-RPC error page
        return answer['result']

    def reread(self, record, *names):
        with self.db() as env:
            record = env[record._name].browse(record.id)
            record.invalidate_cache()
            return [record[name] for name in names]

    def messages(self, order):
        with self.db() as env:
            env['mail.message'].invalidate_cache()
            return env['sale.order'].browse(order.id).message_ids


class TestPortalAttacks(SecurityHttpCase):

    def test_h1_quote_link_cannot_override_checks(self):
        """H1: a link holder sends som_checks_override in params.context:
        the blocking check still refuses, nothing is confirmed or signed,
        and no chatter line claims an override."""
        self.blocking_check()
        self.commit_fixtures()
        result = self.portal(
            '/my/quotes/accept', res_id=self.order.id,
            access_token=self.order.access_token,
            partner_name='Hans Kunde', signature=drawn_png())
        self.assertIn('error', result)
        # The customer is not told the internal reasons; the salesperson
        # reads them in the chatter.
        self.assertNotIn('Sec: customers', result['error'])
        self.assertIn('could not be confirmed online', result['error'])
        self.assertEqual(self.reread(self.order, 'state', 'signed_by'),
                         ['sent', False])
        bodies = ' '.join(self.messages(self.order).mapped('body'))
        self.assertNotIn('overridden', bodies)
        self.assertIn('Sec: customers called Sec are refused', bodies)

    def test_l1_non_ascii_token_is_just_not_valid(self):
        """L1: a non-ASCII or non-text token gets the same answer as a
        wrong token on both routes, never a traceback."""
        for path in ('/my/orders/sign', '/my/quotes/accept'):
            answers = set()
            for token in ('\u00e9', 'wrong-token', ['x'], {'a': 1}, 12):
                result = self.portal(
                    path, res_id=self.order.id, access_token=token,
                    partner_name='Hans', signature=drawn_png())
                answers.add(result.get('error'))
            # An order id that does not exist answers the same: the answer
            # does not tell which orders exist.
            for res_id in (999999999, 'x', None):
                result = self.portal(
                    path, res_id=res_id, access_token=self.order.access_token,
                    partner_name='Hans', signature=drawn_png())
                answers.add(result.get('error'))
            self.assertEqual(len(answers), 1, (path, answers))
            self.assertIn('not valid', answers.pop())
        self.assertEqual(self.reread(self.order, 'state', 'signed_by'),
                         ['sent', False])

    def test_l2_huge_image_refused_from_its_header(self):
        """L2: an image over 2000 x 2000 pixels is refused from its header,
        before any pixel is decoded (the header-only PNG would be refused
        as damaged if it were decoded); a blank one is refused as empty."""
        for path in ('/my/orders/sign', '/my/quotes/accept'):
            result = self.portal(
                path, res_id=self.order.id,
                access_token=self.order.access_token,
                partner_name='Hans', signature=png_header_only(4000, 4000))
            self.assertIn('2000', result.get('error', ''), path)
            result = self.portal(
                path, res_id=self.order.id,
                access_token=self.order.access_token,
                partner_name='Hans', signature=png_header_only(2001, 10))
            self.assertIn('2000', result.get('error', ''), path)
        buffer = io.BytesIO()
        Image.new('RGB', (2000, 2000), 'white').save(buffer, 'PNG')
        result = self.portal(
            '/my/orders/sign', res_id=self.order.id,
            access_token=self.order.access_token, partner_name='Hans',
            signature=base64.b64encode(buffer.getvalue()).decode())
        self.assertIn('empty', result.get('error', ''))
        self.assertEqual(self.reread(self.order, 'signed_by'), [False])

    def test_i3_accept_checks_inputs_even_when_signed(self):
        """I3: accepting a quote that is already signed still checks the
        signer name and image first: a 2 MiB name is refused, nothing is
        confirmed, no message is posted."""
        self.portal('/my/orders/sign', res_id=self.order.id,
                    access_token=self.order.access_token,
                    partner_name='Hans Kunde', signature=drawn_png())
        self.assertEqual(self.reread(self.order, 'signature_state'),
                         ['valid'])
        before = self.messages(self.order)
        result = self.portal(
            '/my/quotes/accept', res_id=self.order.id,
            access_token=self.order.access_token,
            partner_name='x' * (2 * 1024 * 1024), signature=drawn_png())
        self.assertIn('128', result.get('error', ''))
        result = self.portal(
            '/my/quotes/accept', res_id=self.order.id,
            access_token=self.order.access_token,
            partner_name='Hans Kunde', signature='not an image')
        self.assertIn('error', result)
        self.assertEqual(self.reread(self.order, 'state'), ['sent'])
        self.assertEqual(self.messages(self.order), before)

    def test_i4_signer_name_is_plain_text(self):
        """I4: a signer name with HTML is shown as text in the chatter, on
        both routes: no live link is posted as the customer."""
        evil = '<a href="https://evil.example/pay">Pay here</a>'
        self.portal('/my/orders/sign', res_id=self.order.id,
                    access_token=self.order.access_token,
                    partner_name=evil, signature=drawn_png())
        other = self.new_order()
        self.commit_fixtures()
        result = self.portal('/my/quotes/accept', res_id=other.id,
                             access_token=other.access_token,
                             partner_name=evil, signature=drawn_png())
        self.assertIn('success', result, result)
        for order in (self.order, other):
            bodies = ' '.join(self.messages(order).mapped('body'))
            self.assertNotIn('<a href="https://evil.example', bodies)
            self.assertIn(str(html_escape('<a href=')), bodies)

    def test_accept_still_works(self):
        """The legitimate path: the customer accepts and signs by link; the
        order is confirmed, signed, and the chatter names the customer."""
        result = self.portal('/my/quotes/accept', res_id=self.order.id,
                             access_token=self.order.access_token,
                             partner_name='Hans Kunde',
                             signature=drawn_png())
        self.assertIn('success', result, result)
        self.assertEqual(
            self.reread(self.order, 'state', 'signed_by', 'signature_state'),
            ['sale', 'Hans Kunde', 'valid'])
        authors = self.messages(self.order).mapped('author_id')
        self.assertIn(self.customer, authors)


class TestRpcAttacks(SecurityHttpCase):

    def signed(self, order=None):
        order = order or self.order
        with self.db() as env:
            env['sale.order'].browse(order.id).sudo(
                self.salesman.id).sign(drawn_png(), 'Hans Kunde')
        self.commit_fixtures()
        return order

    def test_m1a_signature_cannot_be_erased(self):
        """M1a: a salesman writing the signature fields to False, with the
        old bypass key in the context, is refused; the signature stays."""
        self.signed()
        for user in (self.salesman, self.manager):
            _result, error = self.rpc(
                user, 'sale.order', 'write', [[self.order.id], dict.fromkeys(
                    ('signature', 'signed_by', 'signed_on',
                     'signature_hash'), False)])
            self.assertTrue(error, user.login)
        self.assertEqual(
            self.reread(self.order, 'signed_by', 'signature_state'),
            ['Hans Kunde', 'valid'])

    def test_m1b_signature_hash_cannot_be_forged(self):
        """M1b: a salesman or a stock user writing a hash computed off-line
        (or creating an order with one) gets no valid signature, and the
        order that requires a signature stays unconfirmable."""
        self.customer.signature_required = True
        self.commit_fixtures()
        with self.db() as env:
            order = env['sale.order'].browse(self.order.id)
            forged = signature_engine.content_hash(order._signature_content())
        for user in (self.salesman, self.stock_user):
            _result, error = self.rpc(
                user, 'sale.order', 'write',
                [[self.order.id], {'signature_hash': forged,
                                   'signed_by': 'Hans Kunde'}])
            self.assertTrue(error, user.login)
        _result, error = self.rpc(
            self.salesman, 'sale.order', 'create', [{
                'partner_id': self.customer.id,
                'signature_hash': forged, 'signed_by': 'Forger'}])
        self.assertTrue(error)
        self.assertEqual(self.reread(self.order, 'signature_state'),
                         ['none'])
        _result, error = self.rpc(
            self.salesman, 'sale.order', 'action_confirm', [[self.order.id]])
        self.assertIn('signature', error)
        self.assertEqual(self.reread(self.order, 'state'), ['sent'])

    def test_m1c_terms_of_confirmed_order_fixed(self):
        """M1c: the terms template of a confirmed order cannot be changed,
        whatever the context says."""
        template = self.env['sale.terms.template'].create({
            'name': 'Sec terms', 'usage': 'sale',
            'body': 'Other terms for {{ order.name }}.'})
        self.order.action_confirm()
        note = self.order.note
        self.commit_fixtures()
        _result, error = self.rpc(
            self.salesman, 'sale.order', 'write',
            [[self.order.id], {'terms_template_id': template.id}])
        self.assertTrue(error)
        self.assertEqual(self.reread(self.order, 'terms_template_id', 'note'),
                         [self.env['sale.terms.template'], note])

    def test_m2_customer_credit_and_signature_settings(self):
        """M2: a salesman (with Contact Creation) cannot raise a customer's
        credit limit or drop its signature requirement; a Sales manager
        can. Other partner edits of the salesman still work."""
        self.customer.write({'credit_limit': 1000.0,
                             'signature_required': True})
        self.commit_fixtures()
        for vals in ({'credit_limit': 999999999},
                     {'signature_required': False}):
            _result, error = self.rpc(self.salesman, 'res.partner', 'write',
                                      [[self.customer.id], vals])
            self.assertTrue(error, vals)
        _result, error = self.rpc(
            self.salesman, 'res.partner', 'create',
            [{'name': 'Sec new customer', 'credit_limit': 5.0}])
        self.assertTrue(error)
        self.assertEqual(
            self.reread(self.customer, 'credit_limit', 'signature_required'),
            [1000.0, True])
        _result, error = self.rpc(
            self.salesman, 'res.partner', 'write',
            [[self.customer.id], {'phone': '+49 30 123'}])
        self.assertFalse(error)
        _result, error = self.rpc(
            self.manager, 'res.partner', 'write',
            [[self.customer.id], {'credit_limit': 2000.0}])
        self.assertFalse(error)
        self.assertEqual(self.reread(self.customer, 'credit_limit'),
                         [2000.0])

    def test_l3_sourcing_rows_are_written_by_the_sourcing_only(self):
        """L3: a salesman cannot create, change or delete sourcing rows or
        substitute offers; his preview still stores them."""
        warehouse = self.env['stock.warehouse'].search([], limit=1)
        line = self.order.order_line
        _result, error = self.rpc(
            self.salesman, 'sale.order.line.sourcing', 'create', [{
                'order_id': self.order.id, 'line_id': line.id,
                'warehouse_id': warehouse.id, 'product_uom_qty': 999,
                'reason': 'hand-made'}])
        self.assertTrue(error)
        _result, error = self.rpc(
            self.salesman, 'sale.order', 'action_preview_sourcing',
            [[self.order.id]])
        self.assertFalse(error, error)
        rows = self.reread(self.order, 'sourcing_ids')[0]
        self.assertTrue(rows)
        _result, error = self.rpc(
            self.salesman, 'sale.order.line.sourcing', 'write',
            [rows.ids, {'product_uom_qty': 999}])
        self.assertTrue(error)
        _result, error = self.rpc(
            self.salesman, 'sale.order.line.sourcing', 'unlink', [rows.ids])
        self.assertTrue(error)

    def test_h2_code_checks_are_for_administrators(self):
        """H2: a Sales manager who is not an administrator cannot create a
        code check, nor turn a domain check into one, nor edit an
        administrator's; reading a quotation runs no code check; the manager
        keeps domain checks."""
        settings = self.env.ref('base.group_system')
        code = ("env['res.users'].sudo().browse(%d).write({'groups_id': "
                "[(4, %d)]})\nfailed = True" % (self.manager.id, settings.id))
        _result, error = self.rpc(self.manager, 'exception.rule', 'create', [{
            'name': 'Sec code', 'description': 'x', 'rule_group': 'sale',
            'model': 'sale.order', 'exception_type': 'by_py_code',
            'code': code, 'active': True}])
        self.assertTrue(error)
        domain_rule, error = self.rpc(
            self.manager, 'exception.rule', 'create', [{
                'name': 'Sec domain', 'description': 'x',
                'rule_group': 'sale', 'model': 'sale.order',
                'exception_type': 'by_domain', 'domain': "[('id', '=', 0)]",
                'active': True}])
        self.assertFalse(error, error)
        _result, error = self.rpc(
            self.manager, 'exception.rule', 'write',
            [[domain_rule], {'exception_type': 'by_py_code', 'code': code}])
        self.assertTrue(error)
        # An administrator's code check with a side effect: reading a
        # quotation does not run it.
        admin_rule = self.env['exception.rule'].create({
            'name': 'Sec admin code', 'description': 'x',
            'rule_group': 'sale', 'model': 'sale.order',
            'exception_type': 'by_py_code', 'active': True,
            'code': "object.write({'client_order_ref': 'ran on read'})"})
        self.commit_fixtures()
        _result, error = self.rpc(
            self.manager, 'exception.rule', 'write',
            [[admin_rule.id], {'code': code}])
        self.assertTrue(error)
        self.rpc(self.manager, 'sale.order', 'read',
                 [[self.order.id], ['check_summary', 'check_blocked']])
        self.assertEqual(self.reread(self.order, 'client_order_ref'), [False])
        self.assertFalse(self.manager.sudo().has_group('base.group_system'))
        with self.db() as env:
            manager = env['res.users'].browse(self.manager.id)
            manager.invalidate_cache()
            self.assertNotIn(settings, manager.groups_id)

    def test_l6_signature_covers_delivery_terms(self):
        """L6: after signing, changing the backorder policy, the customer
        reference, the delivery policy or the payment term's printed note
        voids the signature."""
        policy = self.env['sale.backorder.policy'].create({
            'name': 'Sec ship complete', 'mode': 'ship_complete'})
        term = self.env['account.payment.term'].create({
            'name': 'Sec 30 days', 'note': 'Pay within 30 days.'})
        changes = [
            ('sale.order', {'client_order_ref': 'PO-OTHER'}),
            ('sale.order', {'backorder_policy_id': policy.id}),
            ('sale.order', {'picking_policy': 'one'}),
        ]
        for model, vals in changes:
            order = self.new_order(payment_term_id=term.id,
                                   picking_policy='direct')
            self.commit_fixtures()
            self.signed(order)
            _result, error = self.rpc(self.salesman, model, 'write',
                                      [[order.id], vals])
            self.assertFalse(error, error)
            self.assertEqual(self.reread(order, 'signature_state'),
                             ['invalid'], vals)
        order = self.new_order(payment_term_id=term.id)
        self.commit_fixtures()
        self.signed(order)
        with self.db() as env:
            env['account.payment.term'].browse(term.id).note = 'Pay now.'
        self.commit_fixtures()
        self.assertEqual(self.reread(order, 'signature_state'), ['invalid'])

    def test_no_context_key_grants_anything(self):
        """Every context key the addon reads, sent one at a time by a
        client, changes no access decision: the salesman's signature write
        and check override stay refused."""
        keys = addon_context_keys() | set(HISTORICAL_KEYS)
        self.assertTrue(keys)
        self.signed()
        self.blocking_check()
        other = self.new_order()
        self.commit_fixtures()
        for key in sorted(keys):
            if key == 'lang':
                continue
            self.login_as(self.salesman)
            context = {key: self.salesman.partner_id.id, 'lang': 'en_US'}
            for method, args in (
                    ('write', [[self.order.id], {'signature_hash': False}]),
                    ('action_confirm', [[other.id]])):
                answer = self.json_post(
                    '/web/dataset/call_kw/sale.order/%s' % method,
                    {'model': 'sale.order', 'method': method, 'args': args,
                     'kwargs': {'context': context},
                     'context': context}).json()
                self.assertIn('error', answer, (key, method))
        self.assertEqual(self.reread(self.order, 'signature_state'),
                         ['valid'])
        self.assertEqual(self.reread(other, 'state'), ['sent'])

    def test_confirmation_records_cannot_be_forged(self):
        """What the checks recorded at confirmation (who overrode, why) and
        which terms version was rendered are the system's record: a
        salesman's write of them is refused or ignored."""
        _result, error = self.rpc(
            self.salesman, 'sale.order', 'write', [[self.order.id], {
                'check_override_user_id': self.manager.id,
                'check_override_reason': 'approved by the boss'}])
        self.assertTrue(error)
        _result, error = self.rpc(
            self.salesman, 'sale.order', 'create', [{
                'partner_id': self.customer.id,
                'check_confirm_note': 'Checks overridden by the boss'}])
        self.assertTrue(error)
        self.rpc(self.salesman, 'sale.order', 'write', [[self.order.id], {
            'terms_template_version': 99,
            'terms_template_reason': 'forged'}])
        self.assertEqual(
            self.reread(self.order, 'check_override_user_id',
                        'terms_template_version', 'terms_template_reason'),
            [self.env['res.users'], 0, False])

    def test_signature_image_not_replaceable_as_attachment(self):
        """The signature image is an attachment of the order: a salesman
        writing or deleting it through ir.attachment is refused; deleting a
        quotation still deletes its signature with it."""
        self.signed()
        with self.db() as env:
            attachment = env['ir.attachment'].sudo().search([
                ('res_model', '=', 'sale.order'),
                ('res_field', '=', 'signature'),
                ('res_id', '=', self.order.id)])
        self.assertEqual(len(attachment), 1)
        image = self.reread(self.order, 'signature')[0]
        _result, error = self.rpc(
            self.salesman, 'ir.attachment', 'write',
            [attachment.ids, {'datas': drawn_png((200, 60))}])
        self.assertTrue(error)
        _result, error = self.rpc(
            self.salesman, 'ir.attachment', 'unlink', [attachment.ids])
        self.assertTrue(error)
        self.assertEqual(self.reread(self.order, 'signature'), [image])
        with self.db() as env:
            order = env['sale.order'].browse(self.order.id)
            order.action_cancel()
            order.unlink()
            self.assertFalse(attachment.exists())

    def test_domain_check_cannot_probe_passwords(self):
        """A Sales manager's domain check cannot test users' passwords
        (checks search as the system, which Odoo lets search them)."""
        for path in ('user_id.password', 'user_id.password_crypt'):
            _result, error = self.rpc(
                self.manager, 'exception.rule', 'create', [{
                    'name': 'Sec probe', 'description': 'x',
                    'rule_group': 'sale', 'model': 'sale.order',
                    'exception_type': 'by_domain',
                    'domain': "[('%s', '=like', '$pbkdf2%%')]" % path}])
            self.assertTrue(error, path)


class TestReviewedAttacks(SecurityHttpCase):
    """Second round: the same kinds of attack through Odoo's generic doors
    (the context's default_* keys, writing the state, archived
    configuration, partner restructuring, markup in notes)."""

    def test_context_defaults_fill_no_protected_field(self):
        """default_* context keys do not write a code check (a manager made
        himself administrator that way), skip the checks, forge the checks'
        record, the signature evidence or the terms record."""
        settings = self.env.ref('base.group_system')
        _result, error = self.rpc(
            self.manager, 'exception.rule', 'create', [{
                'name': 'Sec ctx', 'description': 'x', 'rule_group': 'sale',
                'model': 'sale.order', 'active': True}],
            context_extra={
                'default_exception_type': 'by_py_code',
                'default_code': "env['res.users'].sudo().browse(%d).write("
                                "{'groups_id': [(4, %d)]})" % (
                                    self.manager.id, settings.id)})
        self.assertTrue(error)
        self.blocking_check()
        self.commit_fixtures()
        defaults = {
            'default_ignore_exception': True,
            'default_check_override_user_id': self.manager.id,
            'default_check_override_reason': 'Approved by CFO',
            'default_signed_by': 'Dr. Customer', 'default_signature_hash':
            self.order.id and 'a' * 64, 'default_signature_version': 1,
            'default_terms_template_version': 99,
            'default_fulfilment_state': 'shipped', 'default_fill_rate': 100}
        order_id, error = self.rpc(
            self.salesman, 'sale.order', 'create', [{
                'partner_id': self.customer.id,
                'order_line': [(0, 0, {'product_id': self.product.id,
                                       'product_uom_qty': 1})]}],
            context_extra=defaults)
        self.assertFalse(error, error)
        order = self.order.browse(order_id)
        self.assertEqual(
            self.reread(order, 'ignore_exception', 'check_override_user_id',
                        'signed_by', 'signature_hash',
                        'terms_template_version', 'fulfilment_state'),
            [False, self.env['res.users'], False, False, 0, False])
        _result, error = self.rpc(self.salesman, 'sale.order',
                                  'action_confirm', [[order_id]])
        self.assertTrue(error)
        with self.db() as env:
            self.assertFalse(env['res.users'].browse(
                self.manager.id).has_group('base.group_system'))

    def test_signature_not_replayed_on_a_copy(self):
        """A copy of a signed quotation, its evidence given as defaults, is
        not signed: the signed content names the document."""
        self.customer.signature_required = True
        self.commit_fixtures()
        with self.db() as env:
            env['sale.order'].browse(self.order.id).sudo(
                self.salesman.id).sign(drawn_png(), 'Hans Kunde')
        self.commit_fixtures()
        signed = dict(zip(
            ('signature_hash', 'signed_by', 'signature_version'),
            self.reread(self.order, 'signature_hash', 'signed_by',
                        'signature_version')))
        copy_id, error = self.rpc(
            self.salesman, 'sale.order', 'copy', [self.order.id],
            context_extra={'default_' + key: value
                           for key, value in signed.items()})
        self.assertFalse(error, error)
        self.assertEqual(
            self.reread(self.order.browse(copy_id), 'signature_state'),
            ['none'])
        with self.db() as env:
            content = env['sale.order'].browse(
                self.order.id)._signature_content()
        self.assertEqual(content['document'], self.order.id)

    def test_signature_attachment_not_planted(self):
        """An image cannot be planted as an order's signature through
        ir.attachment, neither by a default nor by moving an attachment."""
        _result, error = self.rpc(
            self.salesman, 'ir.attachment', 'create', [{
                'name': 'signature', 'res_model': 'sale.order',
                'res_id': self.order.id, 'datas': drawn_png()}],
            context_extra={'default_res_field': 'signature'})
        self.assertTrue(error)
        att_id, error = self.rpc(
            self.salesman, 'ir.attachment', 'create', [{
                'name': 'scan.png', 'res_model': 'sale.order',
                'res_id': self.order.id, 'datas': drawn_png()}])
        self.assertFalse(error, error)
        _result, error = self.rpc(
            self.salesman, 'ir.attachment', 'write',
            [[att_id], {'res_field': 'signature'}])
        self.assertTrue(error)
        self.assertEqual(self.reread(self.order, 'signature'), [False])

    def test_state_written_is_no_way_around_the_checks(self):
        """Writing the state (salesman, stock user, billing user) or
        creating an order as confirmed does not skip the checks."""
        self.blocking_check()
        billing = self.make_user('sec_billing',
                                 ['account.group_account_invoice'])
        self.commit_fixtures()
        for user in (self.salesman, self.stock_user, billing):
            _result, error = self.rpc(user, 'sale.order', 'write',
                                      [[self.order.id], {'state': 'sale'}])
            self.assertTrue(error, user.login)
        _result, error = self.rpc(
            self.salesman, 'sale.order', 'create', [{
                'partner_id': self.customer.id, 'state': 'sale'}])
        self.assertTrue(error)
        self.assertEqual(self.reread(self.order, 'state'), ['sent'])

    def test_archived_configuration_stays_archived(self):
        """active_test=False in the client's context does not bring back an
        archived terms template or sourcing rule."""
        self.env['sale.terms.template'].create({
            'name': 'Sec withdrawn', 'usage': 'sale', 'sequence': 1,
            'active': False, 'body': 'Withdrawn terms.'})
        self.commit_fixtures()
        order_id, error = self.rpc(
            self.salesman, 'sale.order', 'create', [{
                'partner_id': self.customer.id}],
            context_extra={'active_test': False})
        self.assertFalse(error, error)
        template, note = self.reread(self.order.browse(order_id),
                                     'terms_template_id', 'note')
        self.assertNotEqual(template.name, 'Sec withdrawn')
        self.assertNotIn('Withdrawn terms', note or '')

    def test_customer_settings_not_cleared_by_reparenting(self):
        """Attaching a customer with a credit limit to another company (the
        sync would copy that company's 0) is refused to a salesman."""
        self.customer.write({'credit_limit': 50.0})
        other = self.env['res.partner'].create({
            'name': 'Sec other company', 'is_company': True})
        self.commit_fixtures()
        _result, error = self.rpc(
            self.salesman, 'res.partner', 'write', [[self.customer.id], {
                'is_company': False, 'parent_id': other.id}])
        self.assertTrue(error)
        self.assertEqual(self.reread(self.customer, 'credit_limit'), [50.0])

    def test_system_figures_not_writable(self):
        """Fulfilment figures, a line's sourcing rule and a delivery's
        backorder decision are the system's: ignored when a user writes
        them."""
        rule = self.env['sale.sourcing.rule'].search([], limit=1)
        self.rpc(self.salesman, 'sale.order', 'write', [[self.order.id], {
            'fulfilment_state': 'shipped', 'on_time': True,
            'fill_rate': 100}])
        self.assertEqual(
            self.reread(self.order, 'fulfilment_state', 'fill_rate'),
            [False, 0.0])
        if rule:
            self.rpc(self.salesman, 'sale.order.line', 'write', [
                self.order.order_line.ids, {'sourcing_rule_id': rule.id}])
            self.assertFalse(self.reread(self.order.order_line,
                                         'sourcing_rule_id')[0])

    def test_void_note_escapes_the_signer(self):
        """The signer's name (customer text) is escaped in every note that
        repeats it: signing, the void note, the reset."""
        evil = '<a href="https://evil.example/resign">Sign again</a>'
        self.portal('/my/orders/sign', res_id=self.order.id,
                    access_token=self.order.access_token,
                    partner_name=evil, signature=drawn_png())
        self.rpc(self.salesman, 'sale.order', 'write', [
            [self.order.id], {'client_order_ref': 'PO-7'}])
        self.rpc(self.manager, 'sale.order', 'action_signature_reset',
                 [[self.order.id]])
        bodies = ' '.join(self.messages(self.order).mapped('body'))
        self.assertIn('Signature void', bodies)
        self.assertNotIn('<a href="https://evil.example', bodies)

    def test_accept_with_missing_or_extra_params(self):
        """/my/quotes/accept with no parameter, or unknown ones, answers in
        words, never with a traceback."""
        for params in ({}, {'res_id': self.order.id, 'access_token': 'x',
                            'foo': 1}):
            result = self.portal('/my/quotes/accept', **params)
            self.assertIn('not valid', result.get('error', ''))

    def test_colleagues_sourcing_rows_hidden(self):
        """A salesman with "own documents" does not see the sourcing rows of
        a colleague's orders."""
        colleague = self.make_user('sec_colleague',
                                   ['sales_team.group_sale_salesman'])
        self.commit_fixtures()
        self.rpc(self.salesman, 'sale.order', 'action_preview_sourcing',
                 [[self.order.id]])
        rows, error = self.rpc(colleague, 'sale.order.line.sourcing',
                               'search_read', [[('order_id', '=',
                                                 self.order.id)]])
        self.assertFalse(error, error)
        self.assertEqual(rows, [])
        rows, error = self.rpc(self.salesman, 'sale.order.line.sourcing',
                               'search_read', [[('order_id', '=',
                                                 self.order.id)]])
        self.assertTrue(rows)

    def test_invoice_terms_record_not_forged(self):
        """A billing user cannot state which terms version an invoice got
        and why: at creation the template's own version is recorded as
        chosen by them, and later writes of the record are ignored."""
        billing = self.make_user('sec_billing2',
                                 ['account.group_account_invoice'])
        template = self.env['sale.terms.template'].create({
            'name': 'Sec invoice terms', 'usage': 'invoice',
            'body': 'Pay within 30 days.'})
        self.commit_fixtures()
        invoice_id, error = self.rpc(
            billing, 'account.invoice', 'create', [{
                'partner_id': self.customer.id,
                'terms_template_id': template.id,
                'terms_template_version': 42,
                'terms_template_reason': 'approved by the customer'}])
        self.assertFalse(error, error)
        invoice = self.env['account.invoice'].browse(invoice_id)
        self.rpc(billing, 'account.invoice', 'write', [[invoice_id], {
            'terms_template_reason': 'approved by the customer'}])
        version, reason = self.reread(invoice, 'terms_template_version',
                                      'terms_template_reason')
        self.assertEqual(version, template.version)
        self.assertEqual(reason, 'chosen by Sec Billing2')

"""Signature capture: contract, refusals, tampering, confirmation rules."""
import base64
import io
import json

from lxml import etree
from PIL import Image, ImageDraw

from odoo.exceptions import AccessError, UserError, ValidationError

from .common import SalesOrderCase


def signature_image(fmt='PNG', size=(300, 100), blank=False):
    """Base64 of a drawn signature (a stroke), as the pads send it."""
    image = Image.new('RGB', size, (255, 255, 255))
    if not blank:
        draw = ImageDraw.Draw(image)
        draw.line([(10, 60), (80, 20), (150, 80), (280, 30)],
                  fill=(0, 0, 0), width=3)
    buffer = io.BytesIO()
    image.save(buffer, fmt)
    return base64.b64encode(buffer.getvalue())


class SignatureCase(SalesOrderCase):

    @classmethod
    def setUpClass(cls):
        super(SignatureCase, cls).setUpClass()
        cls.tax = cls.env['account.tax'].create({
            'name': 'Test VAT 19%', 'amount': 19.0,
            'amount_type': 'percent', 'type_tax_use': 'sale',
        })
        cls.tax_other = cls.env['account.tax'].create({
            'name': 'Test VAT 7%', 'amount': 7.0,
            'amount_type': 'percent', 'type_tax_use': 'sale',
        })
        cls.png = signature_image()

    def new_order(self, partner=None, **vals):
        order = self.create_order(
            partner or self.customer_de, [(self.desk, 2), (self.chair, 4)],
            note='Payment within 30 days.', **vals)
        order.order_line.sudo().write({'tax_id': [(6, 0, self.tax.ids)]})
        return order.sudo(self.salesman)

    def signed_order(self, **vals):
        order = self.new_order(**vals)
        order.sign(self.png, 'Hans Kunde')
        return order


class TestSignatureContract(SignatureCase):

    def test_sign_stores_evidence_and_posts(self):
        """A salesman signs for the customer: image, signer, date, hash and
        a chatter line with the fingerprint are stored."""
        order = self.new_order()
        self.assertEqual(order.signature_state, 'none')
        messages_before = order.message_ids
        order.sign(self.png, '  Hans Kunde ')
        self.assertEqual(order.signature_state, 'valid')
        self.assertEqual(order.signed_by, 'Hans Kunde')
        self.assertTrue(order.signed_on)
        self.assertRegex(order.signature_hash, r'^[0-9a-f]{64}$')
        self.assertEqual(order.signature_fingerprint,
                         order.signature_hash[:12])
        self.assertEqual(base64.b64decode(order.signature),
                         base64.b64decode(self.png))
        message = order.message_ids - messages_before
        self.assertEqual(len(message), 1)
        self.assertIn('Signed by Hans Kunde on', message.body)
        self.assertIn('(fingerprint: %s)' % order.signature_hash[:12],
                      message.body)
        self.assertEqual(len(message.attachment_ids), 1)

    def test_sign_accepts_jpeg(self):
        """A JPEG signature is accepted as well as a PNG."""
        order = self.new_order()
        order.sign(signature_image('JPEG'), 'Hans Kunde')
        self.assertEqual(order.signature_state, 'valid')
        self.assertTrue(order.signature_data_uri().startswith(
            'data:image/jpeg;base64,'))

    def test_hash_covers_the_content_only(self):
        """Changing something outside the signed content (the origin)
        leaves the signature valid; the customer reference is
        part of what the customer agreed to (delivery terms) and voids it."""
        order = self.signed_order()
        order.write({'origin': 'Fair'})
        self.assertEqual(order.signature_state, 'valid')
        order.write({'client_order_ref': 'PO-4711'})
        self.assertEqual(order.signature_state, 'invalid')

    def test_signature_fields_not_writable_directly(self):
        """The signature cannot be forged by writing the fields."""
        order = self.new_order()
        with self.assertRaises(UserError):
            order.write({'signature_hash': 'a' * 64, 'signed_by': 'Forger'})
        self.assertEqual(order.signature_state, 'none')
        self.assertFalse(order.signed_by)

    def test_copy_is_unsigned(self):
        """A duplicated quote is not signed."""
        order = self.signed_order()
        copy = order.copy()
        self.assertEqual(copy.signature_state, 'none')
        self.assertFalse(copy.signature)

    def test_wizard_signs(self):
        """The back-office wizard defaults the signer and calls sign."""
        order = self.new_order()
        action = order.action_signature_open_wizard()
        wizard = self.env['sale.order.sign.wizard'].sudo(
            self.salesman).with_context(**action['context']).create(
            {'signature': self.png})
        self.assertEqual(wizard.order_id, order)
        self.assertEqual(wizard.signed_by, self.customer_de.name)
        wizard.action_sign()
        self.assertEqual(order.signature_state, 'valid')
        self.assertEqual(order.signed_by, self.customer_de.name)


class TestSignatureRefusals(SignatureCase):

    def assertRefused(self, order, signature, signer, text):
        """`sign` refuses with `text` and nothing is written."""
        messages = order.message_ids
        with self.assertRaises(UserError) as error:
            order.sign(signature, signer)
        self.assertIn(text, error.exception.name)
        order.invalidate_cache()
        self.assertEqual(order.message_ids, messages)
        return error.exception

    def assertNothingWritten(self, order):
        order.invalidate_cache()
        self.assertFalse(order.signature)
        self.assertFalse(order.signed_by)
        self.assertFalse(order.signed_on)
        self.assertFalse(order.signature_hash)
        self.assertEqual(order.signature_state, 'none')

    def test_not_an_image(self):
        order = self.new_order()
        self.assertRefused(order, base64.b64encode(b'GIF89a not a png'),
                           'Hans', 'PNG or JPEG')
        self.assertRefused(order, 'not base64 !!', 'Hans', 'base64')
        gif = io.BytesIO()
        Image.new('RGB', (50, 50)).save(gif, 'GIF')
        self.assertRefused(order, base64.b64encode(gif.getvalue()),
                           'Hans', 'PNG or JPEG')
        self.assertNothingWritten(order)

    def test_too_large(self):
        """Over 1 MiB decoded is refused."""
        order = self.new_order()
        data = base64.b64decode(self.png) + b'\0' * (1024 * 1024)
        self.assertRefused(order, base64.b64encode(data), 'Hans', '1 MiB')
        self.assertNothingWritten(order)

    def test_too_many_pixels(self):
        """Over 2000x2000 pixels is refused."""
        order = self.new_order()
        self.assertRefused(order, signature_image(size=(2001, 20)),
                           'Hans', '2000')
        self.assertNothingWritten(order)

    def test_blank(self):
        """A blank pad (no stroke) or no image at all is refused."""
        order = self.new_order()
        self.assertRefused(order, signature_image(blank=True), 'Hans',
                           'empty')
        self.assertRefused(order, False, 'Hans', 'empty')
        self.assertNothingWritten(order)

    def test_empty_signer(self):
        order = self.new_order()
        self.assertRefused(order, self.png, '   ', 'name')
        self.assertRefused(order, self.png, False, 'name')
        self.assertNothingWritten(order)

    def test_cancelled_or_done(self):
        order = self.new_order()
        order.action_cancel()
        self.assertRefused(order, self.png, 'Hans', 'cancelled or done')
        self.assertNothingWritten(order)
        done = self.new_order()
        done.action_confirm()
        done.action_done()
        self.assertRefused(done, self.png, 'Hans', 'cancelled or done')
        self.assertNothingWritten(done)

    def test_already_valid(self):
        """A valid signature must be reset before signing again."""
        order = self.signed_order()
        stored = (order.signature_hash, order.signed_by, order.signed_on)
        self.assertRefused(order, signature_image('JPEG'), 'Other Person',
                           'reset the signature')
        self.assertEqual(
            (order.signature_hash, order.signed_by, order.signed_on),
            stored)


class TestSignatureTampering(SignatureCase):
    """Any change to the signed content voids the signature."""

    def assertVoided(self, order):
        order.invalidate_cache()
        self.assertEqual(order.signature_state, 'invalid')
        self.assertIn('Signature void', order.message_ids[0].body)

    def test_price_change(self):
        order = self.signed_order()
        order.order_line[0].price_unit += 1
        self.assertEqual(order.signature_state, 'invalid')

    def test_price_change_through_order_form(self):
        """Edited in the order form (one2many write): void + chatter."""
        order = self.signed_order()
        line = order.order_line[0]
        order.write({'order_line': [(1, line.id, {'price_unit': 499.0})]})
        self.assertVoided(order)

    def test_quantity_change(self):
        order = self.signed_order()
        line = order.order_line[1]
        order.write({'order_line': [(1, line.id, {'product_uom_qty': 5})]})
        self.assertVoided(order)

    def test_tax_change(self):
        order = self.signed_order()
        line = order.order_line[0]
        order.write({'order_line': [
            (1, line.id, {'tax_id': [(6, 0, self.tax_other.ids)]})]})
        self.assertVoided(order)

    def test_terms_change(self):
        order = self.signed_order()
        order.write({'note': 'Payment within 60 days.'})
        self.assertVoided(order)

    def test_other_changes(self):
        """Discount, description, a new line, addresses, validity."""
        changes = [
            lambda o: o.order_line[0].write({'discount': 5}),
            lambda o: o.order_line[0].write({'name': 'Desk, oak'}),
            lambda o: o.write({'order_line': [(0, 0, {
                'product_id': self.chair.id, 'product_uom_qty': 1,
                'price_unit': 120.0, 'name': 'Extra chair',
                'product_uom': self.uom_unit.id})]}),
            lambda o: o.write({'partner_shipping_id': self.customer_fr.id}),
            lambda o: o.write({'validity_date': '2031-12-31'}),
            lambda o: o.sudo().partner_invoice_id.write(
                {'street': 'Neue Straße 2'}),
        ]
        for change in changes:
            order = self.signed_order()
            change(order)
            order.invalidate_cache()
            self.assertEqual(order.signature_state, 'invalid')

    def test_address_change_seen_at_once(self):
        """A change of the customer's address voids the signature at once,
        in the same transaction (the state depends on the address)."""
        order = self.signed_order()
        self.assertEqual(order.signature_state, 'valid')
        self.customer_de.write({'zip': '10117'})
        self.assertEqual(order.signature_state, 'invalid')

    def test_state_of_many_orders_batched(self):
        """Reading the state of 10 signed orders costs about as many
        queries as reading it for one (prefetching, no query per line)."""
        orders = self.env['sale.order']
        for _index in range(10):
            orders |= self.signed_order()
        counts = []
        for batch in (orders[:1], orders):
            batch = batch.sudo().browse(batch.ids)
            batch.invalidate_cache()
            before = self.cr.sql_log_count
            states = batch.mapped('signature_state')
            counts.append(self.cr.sql_log_count - before)
            self.assertEqual(set(states), {'valid'})
        self.assertLessEqual(counts[1], counts[0] + 2, counts)

    def test_void_then_sign_again(self):
        """A void signature can be replaced by a new one without reset."""
        order = self.signed_order()
        order.write({'note': 'New terms.'})
        order.sign(self.png, 'Hans Kunde')
        self.assertEqual(order.signature_state, 'valid')


class TestSignatureReset(SignatureCase):

    def test_manager_resets(self):
        order = self.signed_order()
        order.sudo(self.sale_manager).action_signature_reset()
        order.invalidate_cache()
        self.assertEqual(order.signature_state, 'none')
        self.assertFalse(order.signature)
        self.assertFalse(order.signed_by)
        self.assertIn('reset by %s' % self.sale_manager.name,
                      order.message_ids[0].body)
        self.assertIn('Hans Kunde', order.message_ids[0].body)

    def test_salesman_cannot_reset(self):
        order = self.signed_order()
        with self.assertRaises(AccessError):
            order.action_signature_reset()
        self.assertEqual(order.signature_state, 'valid')


class TestSignatureRequirement(SignatureCase):

    def set_threshold(self, amount):
        self.company.sudo().write({'signature_required_amount': amount})

    def test_no_requirement_confirms(self):
        """Threshold 0 and no customer flag: confirmation as usual."""
        self.set_threshold(0)
        order = self.new_order()
        order.action_confirm()
        self.assertEqual(order.state, 'sale')

    def test_amount_reached_blocks_until_signed(self):
        """Untaxed 1480 reaches a 1000 threshold: blocked, then signed and
        confirmed."""
        self.set_threshold(1000)
        order = self.new_order()
        with self.assertRaises(UserError) as error:
            order.action_confirm()
        self.assertIn('untaxed amount reaches', error.exception.name)
        self.assertEqual(order.state, 'draft')
        self.assertEqual(order._signature_check_required(), order)
        order.sign(self.png, 'Hans Kunde')
        self.assertFalse(order._signature_check_required())
        order.action_confirm()
        self.assertEqual(order.state, 'sale')

    def test_amount_reached_exactly(self):
        self.set_threshold(1480)
        order = self.new_order()
        self.assertEqual(order.amount_untaxed, 1480)
        with self.assertRaises(UserError):
            order.action_confirm()

    def test_amount_below_threshold(self):
        self.set_threshold(1480.01)
        order = self.new_order()
        order.action_confirm()
        self.assertEqual(order.state, 'sale')

    def test_void_signature_blocks(self):
        self.set_threshold(1000)
        order = self.signed_order()
        order.write({'note': 'Changed.'})
        with self.assertRaises(UserError):
            order.action_confirm()
        self.assertEqual(order.state, 'draft')

    def test_customer_flag_blocks(self):
        """The commercial partner's flag applies to orders of a contact."""
        self.set_threshold(0)
        self.customer_fr.write({'signature_required': True})
        contact = self.env['res.partner'].create({
            'name': 'Jeanne Acheteuse', 'parent_id': self.customer_fr.id})
        order = self.new_order(partner=contact)
        with self.assertRaises(UserError) as error:
            order.action_confirm()
        self.assertIn(self.customer_fr.name, error.exception.name)
        order.sign(self.png, 'Jeanne Acheteuse')
        order.action_confirm()
        self.assertEqual(order.state, 'sale')

    def test_negative_threshold_refused(self):
        with self.assertRaises(ValidationError):
            self.set_threshold(-1)


def _matches(domain, values):
    """Whether ``values`` match a view modifier's domain ('|', '&' and
    leaves with =, !=, in, not in): what the web client decides."""
    def leaf(item):
        name, operator, value = item
        actual = values.get(name)
        return {'=': actual == value, '!=': actual != value,
                'in': actual in value, 'not in': actual not in value}[
                    operator]
    stack = []
    for item in reversed(domain):
        if item in ('|', '&'):
            first, second = stack.pop(), stack.pop()
            stack.append(first or second if item == '|'
                         else first and second)
        else:
            stack.append(leaf(item))
    return all(stack)


class TestSignButton(SalesOrderCase):

    def test_sign_offered_on_quotations_only(self):
        """Issue 20 (7): the form offers "Sign" on a quotation, not on a
        confirmed order (nor a cancelled one)."""
        arch = etree.fromstring(self.env['sale.order'].fields_view_get(
            view_type='form')['arch'])
        button, = arch.xpath(
            "//button[@name='action_signature_open_wizard']")
        invisible = json.loads(button.get('modifiers'))['invisible']
        for state, hidden in (('draft', False), ('sent', False),
                              ('sale', True), ('done', True),
                              ('cancel', True)):
            self.assertEqual(_matches(invisible, {
                'state': state, 'signature_state': 'none'}), hidden, state)

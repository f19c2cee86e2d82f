# Copyright 2024 sales_order_mgmt contributors
# License LGPL-3.0 or later (http://www.gnu.org/licenses/lgpl).
# pylint: disable=too-many-lines
"""Unit tests of the signature evidence engine (no database needed)."""
import base64
import copy
import datetime
import decimal
import doctest
import io
import json
import os
import struct
import unittest
import zlib

from PIL import Image, ImageDraw

try:
    from ..engine import signature
except ImportError:  # running without Odoo: the engine is pure Python
    import sys
    sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..'))
    from engine import signature

SignatureError = signature.SignatureError


def address(name, street, city):
    """An ADDRESS dict as the ORM side builds it."""
    return {'name': name, 'street': street, 'street2': False,
            'zip': '1000', 'city': city, 'state': False,
            'country': 'Belgium', 'vat': False}


def make_doc():
    """The signed content of a two-line quotation."""
    return {
        'customer': dict(address('Agrolait', 'Rue 1', 'Brussels'),
                         vat='BE0477472701'),
        'invoice_address': address('Agrolait, Accounting', 'Rue 1',
                                   'Brussels'),
        'delivery_address': address('Agrolait, Warehouse', 'Quai 9',
                                    'Antwerp'),
        'currency': {'name': 'EUR', 'decimals': 2},
        'payment_term': '30 Days',
        'validity_date': '2024-03-31',
        'lines': [
            {'product': 7, 'description': '[DESK] Office desk',
             'quantity': 10, 'uom': 'Unit(s)', 'price_unit': 100.0,
             'discount': 0.0, 'taxes': ['VAT 21%']},
            {'product': 9, 'description': 'Installation',
             'quantity': 2.5, 'uom': 'Hour(s)', 'price_unit': 40,
             'discount': 10, 'taxes': ['VAT 21%', 'Eco tax']},
        ],
        'amount_untaxed': 1090.0,
        'amount_tax': 228.9,
        'amount_total': 1318.9,
        'terms': 'Payment within 30 days.\nGoods remain ours until paid.',
    }


def image_bytes(image, fmt, **options):
    """Save a Pillow image to bytes in ``fmt``."""
    buffer = io.BytesIO()
    image.save(buffer, fmt, **options)
    return buffer.getvalue()


def drawn(mode='RGBA', size=(400, 150), background=(0, 0, 0, 0)):
    """A signature-pad drawing: a black stroke on ``background``."""
    image = Image.new(mode, size, background)
    ImageDraw.Draw(image).line(
        [(20, 100), (120, 30), (220, 110), (380, 40)], fill='black',
        width=3)
    return image


def b64(data):
    """Base64 text as a browser or Odoo binary field sends it."""
    return base64.b64encode(data).decode('ascii')


def png_with_header_size(width, height):
    """A tiny PNG whose header claims ``width`` x ``height`` pixels."""
    data = bytearray(image_bytes(Image.new('L', (4, 4), 255), 'PNG'))
    data[16:24] = struct.pack('>II', width, height)
    data[29:33] = struct.pack('>I', zlib.crc32(bytes(data[12:29])))
    return bytes(data)


class TestCanonicalContent(unittest.TestCase):
    """The same content always gives the same bytes and hash."""

    def test_compact_sorted_json(self):
        """The canonical form is compact JSON with sorted keys."""
        content = signature.canonical_content(make_doc())
        self.assertNotIn(b' "', content)
        self.assertNotIn(b': ', content)
        parsed = json.loads(content.decode('utf-8'))
        self.assertEqual(list(parsed), sorted(parsed))
        self.assertEqual(parsed['v'], 1)
        self.assertEqual(parsed['amount_total'], '1318.90')
        self.assertEqual(parsed['lines'][0]['quantity'], '10.000000')
        self.assertEqual(parsed['lines'][1]['taxes'],
                         ['Eco tax', 'VAT 21%'])

    def test_key_order_does_not_matter(self):
        """Building the dicts in another key order gives the same hash."""
        doc = make_doc()
        shuffled = {key: doc[key] for key in reversed(list(doc))}
        shuffled['lines'] = [{key: line[key] for key in reversed(list(line))}
                             for line in doc['lines']]
        self.assertEqual(signature.content_hash(shuffled),
                         signature.content_hash(doc))

    def test_numbers_in_any_type(self):
        """10, 10.0 and Decimal('10.00') are the same quantity."""
        hashes = set()
        for quantity in (10, 10.0, decimal.Decimal('10.00'),
                         10.0000000001):
            doc = make_doc()
            doc['lines'][0]['quantity'] = quantity
            hashes.add(signature.content_hash(doc))
        self.assertEqual(len(hashes), 1)

    def test_float_noise(self):
        """Float noise in the amounts does not change the hash."""
        doc = make_doc()
        doc['amount_tax'] = 228.89999999999998
        doc['amount_total'] = 1090.0 + 228.9
        self.assertEqual(signature.content_hash(doc),
                         signature.content_hash(make_doc()))

    def test_taxes_in_any_order(self):
        """The order in which taxes are listed does not matter."""
        doc = make_doc()
        doc['lines'][1]['taxes'].reverse()
        self.assertEqual(signature.content_hash(doc),
                         signature.content_hash(make_doc()))

    def test_text_normalisation(self):
        """Windows line ends, outer spaces and Unicode forms are equal."""
        doc, other = make_doc(), make_doc()
        doc['terms'] = 'Livr\u00e9 \u00e0 Li\u00e8ge.\nMerci.'
        other['terms'] = '  Livre\u0301 a\u0300 Lie\u0300ge.\r\nMerci. \n'
        self.assertEqual(signature.content_hash(doc),
                         signature.content_hash(other))

    def test_empty_values(self):
        """False (Odoo's empty) and None are the same empty value."""
        doc = make_doc()
        doc['payment_term'] = None
        doc['validity_date'] = None
        other = make_doc()
        other['payment_term'] = False
        other['validity_date'] = False
        self.assertEqual(signature.content_hash(doc),
                         signature.content_hash(other))

    def test_date_types(self):
        """A date object and Odoo's date string are the same date."""
        doc = make_doc()
        doc['validity_date'] = datetime.date(2024, 3, 31)
        self.assertEqual(signature.content_hash(doc),
                         signature.content_hash(make_doc()))

    def test_negative_zero(self):
        """A discount of -0.0 is the same as 0."""
        doc = make_doc()
        doc['lines'][0]['discount'] = -0.0
        self.assertEqual(signature.content_hash(doc),
                         signature.content_hash(make_doc()))

    def test_hash_and_fingerprint(self):
        """The hash is SHA-256 hex; the fingerprint its first 12 digits."""
        digest = signature.content_hash(make_doc())
        self.assertRegex(digest, r'\A[0-9a-f]{64}\Z')
        self.assertEqual(signature.fingerprint(digest), digest[:12])

    def test_fingerprint_of_garbage(self):
        """A fingerprint is only made of a real SHA-256 digest."""
        for value in ('', None, 'abc', 'z' * 64):
            with self.subTest(value=value):
                with self.assertRaises(ValueError):
                    signature.fingerprint(value)


class TestTampering(unittest.TestCase):
    """Any change to the signed content voids the signature."""

    CHANGES = {
        'unit price': lambda d: d['lines'][0].update(price_unit=99.99),
        'tiny unit price': lambda d: d['lines'][0].update(
            price_unit=100.0001),
        'quantity': lambda d: d['lines'][0].update(quantity=11),
        'discount': lambda d: d['lines'][0].update(discount=5),
        'tax added': lambda d: d['lines'][0]['taxes'].append('VAT 6%'),
        'tax removed': lambda d: d['lines'][1]['taxes'].pop(),
        'product': lambda d: d['lines'][0].update(product=8),
        'description': lambda d: d['lines'][0].update(
            description='[DESK] Office desk (used)'),
        'unit of measure': lambda d: d['lines'][0].update(uom='Dozen(s)'),
        'line added': lambda d: d['lines'].append(dict(d['lines'][0])),
        'line removed': lambda d: d['lines'].pop(),
        'lines swapped': lambda d: d['lines'].reverse(),
        'terms text': lambda d: d.update(
            terms='Payment within 60 days.\nGoods remain ours until paid.'),
        'terms removed': lambda d: d.update(terms=False),
        'customer street': lambda d: d['customer'].update(street='Rue 2'),
        'customer VAT': lambda d: d['customer'].update(vat='BE0000000097'),
        'invoice address': lambda d: d['invoice_address'].update(
            city='Namur'),
        'delivery address': lambda d: d['delivery_address'].update(
            zip='2000'),
        'currency': lambda d: d['currency'].update(name='USD'),
        'payment terms': lambda d: d.update(payment_term='Immediate'),
        'validity date': lambda d: d.update(validity_date='2024-04-30'),
        'untaxed amount': lambda d: d.update(amount_untaxed=1090.01),
        'tax amount': lambda d: d.update(amount_tax=0),
        'total': lambda d: d.update(amount_total=1318.91),
    }

    def test_every_change_changes_the_hash(self):
        """Each change of price, quantity, tax, terms, address... voids."""
        signed = signature.content_hash(make_doc())
        for label, change in self.CHANGES.items():
            with self.subTest(change=label):
                doc = copy.deepcopy(make_doc())
                change(doc)
                self.assertNotEqual(signature.content_hash(doc), signed)
                self.assertEqual(
                    signature.signature_state(signed, doc),
                    signature.Decision(
                        'invalid', 'Signature void: the order changed '
                        'after it was signed.'))

    def test_unchanged_is_valid(self):
        """An order not changed since signing keeps a valid signature."""
        signed = signature.content_hash(make_doc())
        decision = signature.signature_state(signed, make_doc())
        self.assertEqual(decision.state, 'valid')
        self.assertIn(signed[:12], decision.reason)

    def test_not_signed(self):
        """An order without a stored hash is not signed."""
        self.assertEqual(
            signature.signature_state(False, make_doc()).state, 'none')


class TestBadContent(unittest.TestCase):
    """A malformed content dict is a bug of the caller, not a signature."""

    def assertBad(self, change, error=ValueError):
        """``change`` applied to the content makes hashing fail."""
        doc = make_doc()
        change(doc)
        with self.assertRaises(error):
            signature.canonical_content(doc)

    def test_missing_key(self):
        """A forgotten key is refused rather than silently not signed."""
        self.assertBad(lambda d: d.pop('terms'))
        self.assertBad(lambda d: d['lines'][0].pop('uom'))
        self.assertBad(lambda d: d['customer'].pop('city'))

    def test_unknown_key(self):
        """An extra key is refused: the content shape is fixed."""
        self.assertBad(lambda d: d.update(note='x'))
        self.assertBad(lambda d: d['lines'][0].update(sequence=1))

    def test_wrong_types(self):
        """Numbers, texts and dates of the wrong type are refused."""
        self.assertBad(lambda d: d['lines'][0].update(quantity='10'),
                       TypeError)
        self.assertBad(lambda d: d['lines'][0].update(quantity=True),
                       TypeError)
        self.assertBad(lambda d: d.update(terms=['x']), TypeError)
        self.assertBad(lambda d: d['lines'][0].update(taxes='VAT'),
                       TypeError)
        self.assertBad(lambda d: d.update(validity_date='31/03/2024'))
        self.assertBad(lambda d: d['currency'].update(decimals=2.0))

    def test_not_a_number(self):
        """NaN and infinity are refused."""
        self.assertBad(lambda d: d.update(amount_total=float('nan')))
        self.assertBad(lambda d: d.update(amount_total=float('inf')))


class TestImage(unittest.TestCase):
    """The signature image is checked before anything is stored."""

    def assertRefused(self, value, code, message=None):
        """``value`` is refused with ``code`` (and ``message``)."""
        with self.assertRaises(SignatureError) as caught:
            signature.check_image(value)
        self.assertEqual(caught.exception.code, code)
        if message:
            self.assertEqual(str(caught.exception), message)

    def test_transparent_png_with_stroke(self):
        """A pad drawing (black on transparent) is accepted."""
        info = signature.check_image(b64(image_bytes(drawn(), 'PNG')))
        self.assertEqual(info, signature.ImageInfo('PNG', 400, 150))

    def test_jpeg_with_stroke(self):
        """A JPEG of a signature on white is accepted."""
        data = image_bytes(drawn('RGB', background='white'), 'JPEG')
        self.assertEqual(signature.check_image(b64(data)),
                         ('JPEG', 400, 150))

    def test_other_modes(self):
        """Palette, gray, 1-bit and CMYK signatures are accepted."""
        images = {
            'palette PNG': image_bytes(
                drawn('RGB', background='white').convert('P'), 'PNG'),
            'gray PNG': image_bytes(drawn('L', background=255), 'PNG'),
            '1-bit PNG': image_bytes(drawn('1', background=1), 'PNG'),
            'CMYK JPEG': image_bytes(
                drawn('RGB', background='white').convert('CMYK'), 'JPEG'),
            '16-bit PNG': image_bytes(drawn('I', background=65535), 'PNG'),
        }
        for label, data in images.items():
            with self.subTest(image=label):
                self.assertEqual(signature.check_image(data)[1:], (400, 150))

    def test_input_forms(self):
        """Base64 text or bytes, data URL, wrapped lines and raw bytes."""
        data = image_bytes(drawn(), 'PNG')
        forms = {
            'text': b64(data),
            'bytes': base64.b64encode(data),
            'data URL': 'data:image/png;base64,' + b64(data),
            'wrapped': base64.encodebytes(data),
            'raw': data,
        }
        for label, value in forms.items():
            with self.subTest(form=label):
                self.assertEqual(signature.check_image(value).format, 'PNG')
                self.assertEqual(signature.decode_image(value), data)

    def test_nothing(self):
        """No signature at all is empty."""
        for value in (None, False, '', b''):
            with self.subTest(value=value):
                self.assertRefused(
                    value, 'empty',
                    'The signature is empty: please draw it before signing.')

    def test_blank_white_png(self):
        """A white picture without any stroke is empty."""
        blank = Image.new('RGB', (400, 150), 'white')
        self.assertRefused(b64(image_bytes(blank, 'PNG')), 'empty')

    def test_fully_transparent_png(self):
        """An untouched pad (fully transparent PNG) is empty."""
        blank = Image.new('RGBA', (400, 150), (0, 0, 0, 0))
        self.assertRefused(b64(image_bytes(blank, 'PNG')), 'empty')

    def test_blank_jpeg(self):
        """A white JPEG, compression noise included, is empty."""
        blank = Image.new('RGB', (400, 150), 'white')
        self.assertRefused(image_bytes(blank, 'JPEG', quality=20), 'empty')

    def test_solid_colour(self):
        """A picture filled with one colour is empty."""
        black = Image.new('RGB', (400, 150), 'black')
        self.assertRefused(image_bytes(black, 'PNG'), 'empty')

    def test_a_few_pixels(self):
        """A handful of stray pixels is not a signature."""
        image = Image.new('RGBA', (400, 150), (0, 0, 0, 0))
        for x in range(signature.MIN_INK_PIXELS - 1):
            image.putpixel((x * 7, 20), (0, 0, 0, 255))
        self.assertRefused(image_bytes(image, 'PNG'), 'empty')

    def test_not_base64(self):
        """Text that is not base64 is refused."""
        for value in ('not a signature!', 'data:image/png;base64,@@@@',
                      'iVBORw0KGgo', 'sign\u00e9'):
            with self.subTest(value=value):
                self.assertRefused(
                    value, 'not_base64', 'The signature could not be read: '
                    'it is not valid base64 data.')

    def test_garbage(self):
        """Base64 of random bytes is not an image."""
        self.assertRefused(b64(os.urandom(2000)), 'format',
                           'The signature must be a PNG or JPEG image.')

    def test_gif(self):
        """A GIF (or BMP) drawing is refused: PNG or JPEG only."""
        for fmt in ('GIF', 'BMP'):
            with self.subTest(format=fmt):
                data = image_bytes(drawn('RGB', background='white'), fmt)
                self.assertRefused(b64(data), 'format')

    def test_too_heavy(self):
        """An image over 1 MiB decoded is refused."""
        noise = Image.frombytes('RGB', (700, 700), os.urandom(700 * 700 * 3))
        data = image_bytes(noise, 'PNG')
        self.assertGreater(len(data), signature.MAX_IMAGE_BYTES)
        self.assertRefused(b64(data), 'too_large',
                           'The signature image is larger than 1 MiB.')
        self.assertRefused(data, 'too_large')

    def test_huge_text_refused_before_decoding(self):
        """Many megabytes of base64 are refused without decoding them."""
        self.assertRefused('A' * (5 * 1024 * 1024), 'too_large')

    def test_too_wide(self):
        """An image wider or higher than 2000 pixels is refused."""
        for size in ((2001, 20), (20, 2001)):
            with self.subTest(size=size):
                image = drawn('L', size=size, background=255)
                self.assertRefused(
                    image_bytes(image, 'PNG'), 'too_wide',
                    'The signature image is larger than 2000\u00d72000 '
                    'pixels.')

    def test_largest_size_accepted(self):
        """A 2000x2000 drawing is still accepted."""
        image = drawn('L', size=(2000, 2000), background=255)
        self.assertEqual(signature.check_image(image_bytes(image, 'PNG')),
                         ('PNG', 2000, 2000))

    def test_decompression_bomb(self):
        """A small file claiming a gigantic size is refused unread."""
        for size in ((5000, 5000), (100000, 100000)):
            with self.subTest(size=size):
                self.assertRefused(png_with_header_size(*size), 'too_wide')

    def test_damaged_png(self):
        """A PNG with a broken checksum or cut short is damaged."""
        data = image_bytes(drawn(), 'PNG')
        corrupt = bytearray(data)
        corrupt[-20] ^= 0xFF
        for label, value in (('checksum', bytes(corrupt)),
                             ('truncated', data[:len(data) // 2])):
            with self.subTest(damage=label):
                self.assertRefused(value, 'damaged')

    def test_truncated_jpeg(self):
        """A JPEG cut short is damaged."""
        data = image_bytes(drawn('RGB', background='white'), 'JPEG')
        self.assertRefused(data[:len(data) // 2], 'damaged')

    def test_wrong_type(self):
        """Passing something else than text or bytes is a caller bug."""
        with self.assertRaises(TypeError):
            signature.check_image(12345)


class TestSigner(unittest.TestCase):
    """The signer's name is required and printable."""

    def assertRefused(self, name, code):
        """``name`` is refused with ``code``."""
        with self.assertRaises(SignatureError) as caught:
            signature.check_signer(name)
        self.assertEqual(caught.exception.code, code)

    def test_stripped(self):
        """Spaces around the name are removed."""
        self.assertEqual(signature.check_signer('  Ana L\u00f3pez\t'),
                         'Ana L\u00f3pez')

    def test_any_script(self):
        """Names in other scripts, with their joiners, are accepted."""
        for name in ('\u0645\u062d\u0645\u062f\u200c\u0631\u0636\u0627',
                     '\u738b\u5c0f\u660e', "O'Brien-Smith"):
            with self.subTest(name=name):
                self.assertEqual(signature.check_signer(name), name)

    def test_empty(self):
        """No name, or only spaces, is refused."""
        for name in (None, False, '', '   ', '\n\t'):
            with self.subTest(name=name):
                self.assertRefused(name, 'signer_empty')

    def test_length(self):
        """128 characters are accepted, 129 are too many."""
        self.assertEqual(len(signature.check_signer('a' * 128)), 128)
        with self.assertRaises(SignatureError) as caught:
            signature.check_signer('a' * 129)
        self.assertEqual(str(caught.exception),
                         "The signer's name is longer than 128 characters.")

    def test_control_characters(self):
        """Control, line-break and direction-override characters fail."""
        for name in ('Ana\x00Lopez', 'Ana\nLopez', 'Ana\x1b[31mLopez',
                     'Ana\u2028Lopez', 'Ana \u202eztioM', 'Ana\x85Lopez'):
            with self.subTest(name=name):
                self.assertRefused(name, 'signer_control')

    def test_wrong_type(self):
        """A name that is not text is a caller bug."""
        with self.assertRaises(TypeError):
            signature.check_signer(b'Ana')


class TestDocumentation(unittest.TestCase):
    """The examples of the module documentation hold."""

    def test_doctests(self):
        """The documented examples (shape of the content) are correct."""
        failed, attempted = doctest.testmod(signature)
        self.assertGreater(attempted, 0)
        self.assertEqual(failed, 0)


if __name__ == '__main__':
    unittest.main()

# Copyright 2024 sales_order_mgmt contributors
# License LGPL-3.0 or later (http://www.gnu.org/licenses/lgpl).
"""Signature evidence: what was signed, by whom, with which image.

A signature is bound to a SHA-256 hash of a canonical form of the signed
content.  Any later change to that content changes the hash, so the
stored signature no longer matches and is void.

The signed content
------------------
The ORM side builds one plain dict per order, with exactly these keys
(no more, no fewer; :data:`DOC_FIELDS`)::

    {
        'customer': ADDRESS,           # the order's partner
        'invoice_address': ADDRESS,
        'delivery_address': ADDRESS,
        'currency': {'name': 'EUR', 'decimals': 2},
        'payment_term': 'text' or None,
        'validity_date': date, 'YYYY-MM-DD' or None,
        'lines': [LINE, ...],          # in document order
        'amount_untaxed': number,
        'amount_tax': number,
        'amount_total': number,
        'terms': 'text' or None,       # the terms as printed (the note)
    }
    ADDRESS = {'name', 'street', 'street2', 'zip', 'city', 'state',
               'country', 'vat'}: text or None    # ADDRESS_FIELDS
    LINE = {                                      # LINE_FIELDS
        'product': id or text,         # the product's id is advised
        'description': text,
        'quantity': number,
        'uom': text,
        'price_unit': number,
        'discount': number,            # percent
        'taxes': [id or text, ...],    # any order
    }

*Text* is str, int (an id) or None/False (empty); *number* is int, float
or Decimal.  A wrong key set or type raises ValueError / TypeError: that
is a bug of the caller, not a user error.

Canonical form
--------------
JSON with sorted keys, no whitespace, UTF-8, and a format version
``"v": 1``.  Texts are NFC-normalized, with line ends as ``\\n`` and
outer spaces stripped; empty texts are ``""``.  Numbers are written as
fixed-point strings rounded half-up: amounts to the currency's decimals,
quantity, unit price and discount to 6 decimals, so ``10``, ``10.0`` and
``Decimal('10.00')`` are the same.  Taxes are sorted; lines keep their
order.

>>> doc = {
...     'customer': {'name': 'Agrolait', 'street': 'Rue 1', 'street2': None,
...                  'zip': '1000', 'city': 'Brussels', 'state': None,
...                  'country': 'Belgium', 'vat': 'BE0477472701'},
...     'currency': {'name': 'EUR', 'decimals': 2},
...     'payment_term': '30 Days', 'validity_date': '2024-03-31',
...     'lines': [{'product': 7, 'description': 'Desk', 'quantity': 2,
...                'uom': 'Unit(s)', 'price_unit': 100,
...                'discount': 0, 'taxes': ['VAT 21%']}],
...     'amount_untaxed': 200, 'amount_tax': 42, 'amount_total': 242,
...     'terms': 'Payment within 30 days.'}
>>> doc['invoice_address'] = doc['delivery_address'] = doc['customer']
>>> canonical_content(doc)[:60]
b'{"amount_tax":"42.00","amount_total":"242.00","amount_untaxe'
>>> digest = content_hash(doc)
>>> len(digest), fingerprint(digest) == digest[:12]
(64, True)
>>> doc['lines'][0]['quantity'] = 2.0
>>> content_hash(doc) == digest
True
>>> doc['lines'][0]['price_unit'] = 99.99
>>> signature_state(digest, doc).state
'invalid'

Image and signer checks
-----------------------
:func:`check_image` and :func:`check_signer` raise :class:`SignatureError`
with a message for the user and a ``code`` for the caller.

>>> try:
...     check_signer('   ')
... except SignatureError as error:
...     print(error.code, '-', error)
signer_empty - Please enter the name of the person signing.
"""
import base64
import binascii
import collections
import datetime
import decimal
import hashlib
import hmac
import io
import json
import re
import unicodedata

from PIL import Image

from ._common import as_date

__all__ = [
    'ADDRESS_FIELDS', 'CANONICAL_VERSION', 'DOC_FIELDS', 'Decision',
    'ImageInfo', 'LINE_FIELDS', 'MAX_IMAGE_BYTES', 'MAX_IMAGE_SIDE',
    'MAX_SIGNER_LENGTH', 'SignatureError', 'canonical_content',
    'check_image', 'check_signer', 'content_hash', 'decode_image',
    'fingerprint', 'signature_state',
]

CANONICAL_VERSION = 1
LINE_DECIMALS = 6
ADDRESS_FIELDS = ('name', 'street', 'street2', 'zip', 'city', 'state',
                  'country', 'vat')
LINE_FIELDS = ('product', 'description', 'quantity', 'uom', 'price_unit',
               'discount', 'taxes')
DOC_FIELDS = ('customer', 'invoice_address', 'delivery_address',
              'currency', 'payment_term', 'validity_date', 'lines',
              'amount_untaxed', 'amount_tax', 'amount_total', 'terms')
#: Version 2 of the signed content adds the delivery terms the customer
#: agrees to (DELIVERY_TERMS_FIELDS, all text or None) and the document it
#: was signed on (its id: a signature is not carried over to a copy).
DOC_FIELDS_V2 = DOC_FIELDS + ('delivery_terms', 'document')
DELIVERY_TERMS_FIELDS = ('backorder_policy', 'customer_reference',
                         'requested_date', 'payment_term_note',
                         'delivery_policy')
CURRENCY_FIELDS = ('name', 'decimals')
AMOUNT_FIELDS = ('amount_untaxed', 'amount_tax', 'amount_total')
ADDRESS_KEYS = ('customer', 'invoice_address', 'delivery_address')

MAX_IMAGE_BYTES = 1024 * 1024
MAX_IMAGE_SIDE = 2000
#: A pixel differing from the background by more than this (0-255 gray
#: levels) is ink; an image needs MIN_INK_PIXELS of them to be signed.
INK_THRESHOLD = 64
MIN_INK_PIXELS = 10
MAX_SIGNER_LENGTH = 128

FINGERPRINT_LENGTH = 12
_SHA256_RE = re.compile(r'[0-9a-f]{64}\Z')
_DATE_RE = re.compile(r'\d{4}-\d{2}-\d{2}\Z')
_DATA_URL_RE = re.compile(rb'data:image/[a-z]+;base64,')
_ASCII_SPACE_RE = re.compile(rb'[ \t\r\n]+')
_RAW_MAGICS = (b'\x89PNG\r\n\x1a\n', b'\xff\xd8\xff')
_FORMATS = ('PNG', 'JPEG')
#: Base64 length of MAX_IMAGE_BYTES; twice that bounds raw input work.
_MAX_BASE64_LENGTH = 4 * -(-MAX_IMAGE_BYTES // 3)
_BIDI_CONTROLS = frozenset(
    '\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e'
    '\u2066\u2067\u2068\u2069')
_REFUSED_CATEGORIES = frozenset(('Cc', 'Zl', 'Zp', 'Cs', 'Co', 'Cn'))

ImageInfo = collections.namedtuple('ImageInfo', 'format width height')
ImageInfo.__doc__ = """A checked signature: 'PNG' or 'JPEG', width, height."""

Decision = collections.namedtuple('Decision', 'state reason')
Decision.__doc__ = """A signature state ('none', 'valid', 'invalid') and
the reason in user words."""

_MESSAGES = {
    'empty': 'The signature is empty: please draw it before signing.',
    'not_base64': 'The signature could not be read: it is not valid '
                  'base64 data.',
    'format': 'The signature must be a PNG or JPEG image.',
    'damaged': 'The signature image is damaged and cannot be read.',
    'too_large': 'The signature image is larger than 1 MiB.',
    'too_wide': 'The signature image is larger than %d\u00d7%d pixels.'
                % (MAX_IMAGE_SIDE, MAX_IMAGE_SIDE),
    'signer_empty': 'Please enter the name of the person signing.',
    'signer_long': "The signer's name is longer than %d characters."
                   % MAX_SIGNER_LENGTH,
    'signer_control': "The signer's name contains control or invisible "
                      "characters.",
}


class SignatureError(ValueError):
    """A signature is refused; the message is for the user.

    ``code`` names the refusal for the caller: ``empty``, ``not_base64``,
    ``format``, ``damaged``, ``too_large``, ``too_wide``,
    ``signer_empty``, ``signer_long`` or ``signer_control``.
    """

    def __init__(self, code):
        super(SignatureError, self).__init__(_MESSAGES[code])
        self.code = code


# -- signed content --------------------------------------------------------

def canonical_content(doc):
    """The canonical UTF-8 JSON bytes of the signed content ``doc``."""
    version = 2 if isinstance(doc, dict) and 'delivery_terms' in doc \
        else CANONICAL_VERSION
    _check_keys(doc, DOC_FIELDS_V2 if version == 2 else DOC_FIELDS,
                'the signed content')
    _check_keys(doc['currency'], CURRENCY_FIELDS, 'currency')
    decimals = doc['currency']['decimals']
    if type(decimals) is not int or not 0 <= decimals <= 6:
        raise ValueError('currency decimals must be 0 to 6, not %r'
                         % (decimals,))
    content = {key: _address(doc[key], key) for key in ADDRESS_KEYS}
    content.update({key: _fixed(doc[key], decimals, key)
                    for key in AMOUNT_FIELDS})
    if version == 2:
        _check_keys(doc['delivery_terms'], DELIVERY_TERMS_FIELDS,
                    'delivery_terms')
        content['delivery_terms'] = {
            key: _text(doc['delivery_terms'][key], 'delivery_terms.' + key)
            for key in DELIVERY_TERMS_FIELDS}
        content['document'] = _text(doc['document'], 'document')
    content.update({
        'v': version,
        'currency': _text(doc['currency']['name'], 'currency'),
        'payment_term': _text(doc['payment_term'], 'payment_term'),
        'validity_date': _date(doc['validity_date']),
        'lines': [_line(line, index)
                  for index, line in enumerate(doc['lines'])],
        'terms': _text(doc['terms'], 'terms'),
    })
    return json.dumps(content, sort_keys=True, separators=(',', ':'),
                      ensure_ascii=False).encode('utf-8')


def content_hash(doc):
    """The SHA-256 hex digest of :func:`canonical_content`."""
    return hashlib.sha256(canonical_content(doc)).hexdigest()


def fingerprint(digest):
    """The first 12 hex digits of a SHA-256 hex digest, for people.

    >>> fingerprint('AB' * 32)
    'abababababab'
    """
    digest = (digest or '').lower()
    if not _SHA256_RE.match(digest):
        raise ValueError('Not a SHA-256 hex digest: %r' % (digest,))
    return digest[:FINGERPRINT_LENGTH]


def signature_state(stored_hash, doc):
    """Decide whether the signature stored with ``stored_hash`` holds.

    ``doc`` is the order's current signed content.  The comparison runs
    in constant time.
    """
    if not stored_hash:
        return Decision('none', 'The order is not signed.')
    if hmac.compare_digest(stored_hash.lower(), content_hash(doc)):
        return Decision('valid', 'Signed content unchanged (fingerprint: '
                        '%s).' % fingerprint(stored_hash))
    return Decision('invalid', 'Signature void: the order changed after '
                    'it was signed.')


def _check_keys(mapping, fields, where):
    """Refuse ``mapping`` unless its keys are exactly ``fields``."""
    if not isinstance(mapping, dict):
        raise TypeError('%s must be a dict, not %s'
                        % (where, type(mapping).__name__))
    missing = sorted(set(fields) - set(mapping))
    extra = sorted(set(mapping) - set(fields), key=str)
    if missing or extra:
        raise ValueError('%s: missing keys %s, unknown keys %s'
                         % (where, missing, extra))


def _address(address, where):
    """The canonical form of an ADDRESS dict."""
    _check_keys(address, ADDRESS_FIELDS, where)
    return {key: _text(address[key], where + '.' + key)
            for key in ADDRESS_FIELDS}


def _line(line, index):
    """The canonical form of a LINE dict."""
    where = 'lines[%d]' % index
    _check_keys(line, LINE_FIELDS, where)
    taxes = line['taxes']
    if not isinstance(taxes, (list, tuple)):
        raise TypeError('%s.taxes must be a list' % where)
    content = {key: _text(line[key], where + '.' + key)
               for key in ('product', 'description', 'uom')}
    content.update({key: _fixed(line[key], LINE_DECIMALS, where + '.' + key)
                    for key in ('quantity', 'price_unit', 'discount')})
    content['taxes'] = sorted(_text(tax, where + '.taxes') for tax in taxes)
    return content


def _text(value, where):
    """Canonical text: NFC, ``\\n`` line ends, stripped; '' when empty."""
    if value is None or value is False:
        return ''
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if not isinstance(value, str):
        raise TypeError('%s must be text, not %s'
                        % (where, type(value).__name__))
    value = value.replace('\r\n', '\n').replace('\r', '\n')
    return unicodedata.normalize('NFC', value).strip()


def _fixed(value, decimals, where):
    """A number as a fixed-point string, rounded half-up.

    >>> _fixed(0.1 + 0.2, 2, 'x'), _fixed(-0.001, 2, 'x'), _fixed(10, 0, 'x')
    ('0.30', '0.00', '10')
    """
    if isinstance(value, bool) or not isinstance(
            value, (int, float, decimal.Decimal)):
        raise TypeError('%s must be a number, not %r' % (where, value))
    number = decimal.Decimal(str(value))
    if not number.is_finite():
        raise ValueError('%s must be a finite number, not %r'
                         % (where, value))
    number = number.quantize(
        decimal.Decimal(1).scaleb(-decimals),
        rounding=decimal.ROUND_HALF_UP,
        context=decimal.Context(prec=100))
    if number.is_zero():
        number = number.copy_abs()
    return '{:f}'.format(number)


def _date(value):
    """A date as ``YYYY-MM-DD``, or None when empty."""
    if value is None or value is False:
        return None
    if isinstance(value, datetime.date) or (
            isinstance(value, str) and _DATE_RE.match(value)):
        return as_date(value).isoformat()
    raise ValueError('validity_date must be a date, not %r' % (value,))


# -- image -----------------------------------------------------------------

def decode_image(value):
    """The raw bytes of a signature image, size-checked.

    ``value`` is base64 text or bytes (line breaks and a
    ``data:image/...;base64,`` prefix are accepted), or the raw bytes of
    a PNG or JPEG file.  Store ``base64.b64encode(decode_image(value))``.
    """
    if not value:
        raise SignatureError('empty')
    if not isinstance(value, (str, bytes)):
        raise TypeError('A signature is base64 text or bytes, not %s'
                        % type(value).__name__)
    if isinstance(value, bytes) and value.startswith(_RAW_MAGICS):
        data = value
    else:
        data = _decode_base64(value)
    if not data:
        raise SignatureError('empty')
    if len(data) > MAX_IMAGE_BYTES:
        raise SignatureError('too_large')
    return data


def _decode_base64(value):
    """Decode base64 text, refusing oversized input before decoding."""
    if len(value) > 2 * _MAX_BASE64_LENGTH:
        raise SignatureError('too_large')
    if isinstance(value, str):
        try:
            value = value.encode('ascii')
        except UnicodeEncodeError:
            raise SignatureError('not_base64')
    prefix = _DATA_URL_RE.match(value)
    if prefix:
        value = value[prefix.end():]
    value = _ASCII_SPACE_RE.sub(b'', value)
    if len(value) > _MAX_BASE64_LENGTH:
        raise SignatureError('too_large')
    try:
        return base64.b64decode(value, validate=True)
    except binascii.Error:
        raise SignatureError('not_base64')


def check_image(value):
    """Check a signature image; return its :class:`ImageInfo`.

    Refuses (SignatureError) data that is not base64, not a PNG or JPEG,
    damaged, over 1 MiB decoded, over 2000 pixels wide or high (checked
    on the header, before any pixel is decoded, which also caps the
    decoded size at 4 M pixels), or blank: after flattening any
    transparency onto white, fewer than MIN_INK_PIXELS pixels differ by
    more than INK_THRESHOLD gray levels from the most common one.
    """
    data = decode_image(value)
    image = _open(data)
    info = ImageInfo(image.format, image.width, image.height)
    if max(info.width, info.height) > MAX_IMAGE_SIDE:
        raise SignatureError('too_wide')
    _verify(image)
    image = _open(data)
    _load(image)
    if _ink_pixels(image) < MIN_INK_PIXELS:
        raise SignatureError('empty')
    return info


def _open(data):
    """Open ``data`` lazily (header only) as PNG or JPEG."""
    try:
        return Image.open(io.BytesIO(data), formats=_FORMATS)
    except Image.DecompressionBombError:
        raise SignatureError('too_wide')
    except (OSError, ValueError, SyntaxError):
        raise SignatureError('format')


def _verify(image):
    """Check the file's structure (e.g. PNG checksums)."""
    try:
        image.verify()
    except (OSError, ValueError, SyntaxError, EOFError):
        raise SignatureError('damaged')


def _load(image):
    """Decode the pixels; a truncated or corrupt file is refused."""
    try:
        image.load()
    except (OSError, ValueError, SyntaxError, EOFError):
        raise SignatureError('damaged')


def _ink_pixels(image):
    """Count the pixels that stand out from the background: one gray
    histogram (transparency flattened onto white only where there is
    some)."""
    if 'A' in image.getbands() or 'transparency' in image.info:
        rgba = image.convert('RGBA')
        white = Image.new('RGBA', rgba.size, (255, 255, 255, 255))
        gray = Image.alpha_composite(white, rgba).convert('L')
    else:
        gray = image.convert('L')
    histogram = gray.histogram()
    background = histogram.index(max(histogram))
    return sum(count for level, count in enumerate(histogram)
               if abs(level - background) > INK_THRESHOLD)


# -- signer ----------------------------------------------------------------

def check_signer(name):
    """The signer's name stripped of outer spaces, or SignatureError.

    Refuses an empty name, one over 128 characters, and control, line
    separator or bidirectional override characters (which could disguise
    the name); letters of any script are accepted.

    >>> check_signer('  Ana Lopez ')
    'Ana Lopez'
    """
    if not isinstance(name or '', str):
        raise TypeError('A name is text, not %s' % type(name).__name__)
    name = (name or '').strip()
    if not name:
        raise SignatureError('signer_empty')
    if len(name) > MAX_SIGNER_LENGTH:
        raise SignatureError('signer_long')
    if any(_is_refused_char(char) for char in name):
        raise SignatureError('signer_control')
    return name


def _is_refused_char(char):
    """True for control, separator, bidi, unassigned or private chars."""
    return (char in _BIDI_CONTROLS
            or unicodedata.category(char) in _REFUSED_CATEGORIES)

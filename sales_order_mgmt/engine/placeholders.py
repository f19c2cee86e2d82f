# Copyright 2024 sales_order_mgmt contributors
# License LGPL-3.0 or later (http://www.gnu.org/licenses/lgpl).
# pylint: disable=too-many-lines
"""Placeholder language of the terms & conditions templates.

A template body is plain text in which *placeholders* are replaced by
values of the quotation or invoice.  The language is deliberately tiny:
a placeholder names a field from a fixed list, optionally followed by
filters.  It is read by a hand-written tokenizer and strict regular
expressions; nothing is ever evaluated, so a template cannot run code.

Syntax
------
``{{ object.field }}``
    Inserts a field.  Spaces inside the braces are optional.
``{{ object.field | filter }}``
    Inserts the field passed through a filter.  Up to 3 filters can be
    chained, applied left to right:
    ``{{ order.validity_date | date | default('to be agreed') }}``.
``{{ payment_term }}``
    Some objects are a plain value themselves.

Names are ASCII letters, digits and ``_``, starting with a letter.
Everything outside ``{{ ... }}`` is copied as it is: a single ``{`` or
``}``, ``%(x)s``, ``{0}`` or ``$x`` are ordinary text, never interpreted.
There is no way to write a literal ``{{`` or ``}}``.

Objects and fields
------------------
================  ===========================================================
``order``         ``name``, ``client_order_ref``, ``origin``, ``currency``
                  (texts); ``date_order``, ``validity_date`` (dates);
                  ``amount_untaxed``, ``amount_tax``, ``amount_total``
                  (amounts)
``partner``       the customer: ``name``, ``ref``, ``vat``, ``email``,
                  ``phone``, ``street``, ``street2``, ``zip``, ``city``,
                  ``state``, ``country``
``company``       ``name``, ``vat``, ``company_registry``, ``email``,
                  ``phone``, ``website``, ``street``, ``street2``, ``zip``,
                  ``city``, ``state``, ``country``
``salesperson``   ``name``, ``email``, ``phone``
``payment_term``  the name of the payment terms (a plain value): the
                  invoice's on an invoice, the order's on a quotation
``invoice``       templates for invoices only (:func:`schema_for`):
                  ``number``, ``reference``, ``origin``, ``currency``
                  (texts); ``date_invoice``, ``date_due`` (dates);
                  ``amount_untaxed``, ``amount_tax``, ``amount_total``,
                  ``amount_due`` (amounts)
================  ===========================================================

A template for invoices reads the invoice's amounts (``invoice.*``): the
order's amounts are refused there, since an invoice of a partial delivery
does not ask for the order's total; a template for quotations cannot use
``invoice.*``, and one for both uses neither (:func:`schema_for`).

An empty field renders as nothing (``default`` shows a text instead).
Without a filter, dates render as ``2024-03-31`` and amounts as plain
numbers (``1234.5``): the filters give the customer's formats.

Filters
-------
================  ===========================================================
``date``          the date in the document's language (date fields only)
``money``         the amount in the document's language and currency
                  (amount fields only)
``upper``         the text in capitals
``lower``         the text in small letters
``default('x')``  the text ``x`` when the value is empty; at most 100
                  characters in single or double quotes, without braces,
                  backslashes or the quote used around it
================  ===========================================================

Examples
--------
>>> values = {'order': {'name': 'SO042', 'amount_total': 1234.5,
...                     'currency': 'EUR', 'validity_date': '2024-03-31'},
...           'partner': {'name': 'Agrolait'}, 'payment_term': '30 Days'}
>>> render('Offer {{ order.name }} for {{partner.name}}.', values)
'Offer SO042 for Agrolait.'
>>> render('Total {{ order.amount_total | money }}, {{ payment_term }}.',
...        values)
'Total 1,234.50 EUR, 30 Days.'
>>> render('Valid until {{ order.validity_date | date }}.', values,
...        date_format=make_date_format('%d/%m/%Y'))
'Valid until 31/03/2024.'
>>> render('Total: {{ order.amount_total | money }}', values,
...        money_format=make_money_format(
...            '€', thousands_sep='.', decimal_point=','))
'Total: 1.234,50 €'
>>> render('Ref: {{ order.client_order_ref | default("none") | upper }}',
...        values)
'Ref: NONE'
>>> render('100% sure: {0} and %(x)s stay text', values)
'100% sure: {0} and %(x)s stay text'

What is refused
---------------
:func:`validate` (called when a template is saved) and :func:`render`
raise :class:`PlaceholderError` with a message naming the placeholder
and its line:

* an unknown object, field or filter, an object without a field
  (``{{ order }}``), a filter on the wrong kind of field (``date`` on a
  text);
* names starting with ``_`` (``{{ order.__class__ }}``); the reserved
  names ``env``, ``sudo``, ``self`` and the like; method or function
  calls ``(...)``; indexing ``[...]``; operators, numbers, expressions,
  lambdas; characters other than ASCII letters, digits, ``_``, ``.``,
  ``|``, quotes and spaces (fullwidth or zero-width look-alikes
  included);
* a filter argument that is not a quoted text;
* unbalanced ``{{`` or ``}}``, a ``{{`` inside a placeholder, template
  statements ``{% ... %}`` and comments ``{# ... #}``;
* a body over 20,000 characters or with over 200 placeholders, so the
  cost of checking and rendering is linear and bounded.

>>> try:
...     validate('Dear {{ partner.name.upper() }},')
... except PlaceholderError as error:
...     print(error)
Forbidden placeholder {{ partner.name.upper() }} (line 1): calling \
methods or functions is not allowed; use a plain field such as \
{{ order.name }}.

Inserted values are never parsed again: a customer named
``{{ order.name }}`` is printed as such.  HTML escaping of inserted
values is off by default, because the terms go to plain-text fields (the
note of a sale order, the comment of an invoice); ``escape=True`` renders
for HTML.
"""
import collections
import datetime
import decimal
import html
import re
import unicodedata

from ._common import as_date

__all__ = [
    'DATE', 'MAX_BODY_LENGTH', 'MAX_FILTERS', 'MAX_PLACEHOLDERS', 'MONEY',
    'Placeholder', 'PlaceholderError', 'RESERVED_NAMES', 'SCHEMA', 'TEXT',
    'allowed_fields', 'make_date_format', 'make_money_format', 'parse',
    'render', 'schema_for', 'validate',
]

MAX_BODY_LENGTH = 20000
MAX_PLACEHOLDERS = 200
MAX_FILTERS = 3
MAX_LITERAL_LENGTH = 100
SHOWN_LENGTH = 80
DIAGNOSED_LENGTH = 200

TEXT = 'text'
DATE = 'date'
MONEY = 'money'


def _fields(kind, *names):
    """Map each of ``names`` to ``kind`` (a schema helper)."""
    return {name: kind for name in names}


_ADDRESS = ('street', 'street2', 'zip', 'city', 'state', 'country')

#: Objects and fields a template may use.  A node is either a kind
#: (TEXT, DATE, MONEY) for a plain value, or a dict of named nodes.
SCHEMA = {
    'order': {
        'name': TEXT, 'client_order_ref': TEXT, 'origin': TEXT,
        'currency': TEXT,
        'date_order': DATE, 'validity_date': DATE,
        'amount_untaxed': MONEY, 'amount_tax': MONEY, 'amount_total': MONEY,
    },
    'partner': _fields(
        TEXT, 'name', 'ref', 'vat', 'email', 'phone', *_ADDRESS),
    'company': _fields(
        TEXT, 'name', 'vat', 'company_registry', 'email', 'phone',
        'website', *_ADDRESS),
    'salesperson': _fields(TEXT, 'name', 'email', 'phone'),
    'payment_term': TEXT,
}

#: The fields of an invoice (templates for invoices only).
INVOICE_FIELDS = {
    'number': TEXT, 'reference': TEXT, 'origin': TEXT, 'currency': TEXT,
    'date_invoice': DATE, 'date_due': DATE,
    'amount_untaxed': MONEY, 'amount_tax': MONEY, 'amount_total': MONEY,
    'amount_due': MONEY,
}

#: The order's amounts, which a template for invoices cannot use.
ORDER_AMOUNTS = ('amount_untaxed', 'amount_tax', 'amount_total')


def schema_for(usage):
    """The schema of a template of ``usage``: 'sale' (quotations, the
    default :data:`SCHEMA`), 'invoice' (invoices: ``invoice.*``, not the
    order's amounts) or 'both' (what both have: neither).

    >>> sorted(schema_for('invoice'))
    ['company', 'invoice', 'order', 'partner', 'payment_term', 'salesperson']
    >>> 'amount_total' in schema_for('invoice')['order']
    False
    >>> both = schema_for('both')
    >>> 'invoice' in both, 'amount_total' in both['order']
    (False, False)
    """
    if usage == 'sale':
        return SCHEMA
    schema = dict(SCHEMA)
    schema['order'] = {name: kind for name, kind in SCHEMA['order'].items()
                       if name not in ORDER_AMOUNTS}
    if usage == 'invoice':
        schema['invoice'] = dict(INVOICE_FIELDS)
    return schema


#: Names that lead to the server; refused even if a schema lists them.
RESERVED_NAMES = frozenset((
    'env', 'sudo', 'self', 'user', 'uid', 'context', 'cr', 'pool',
    'registry', 'request', 'browse', 'search', 'with_context', 'with_env',
    'format', 'eval', 'exec', 'globals', 'locals', 'builtins', 'import',
))

Placeholder = collections.namedtuple(
    'Placeholder', 'source path filters line')
Placeholder.__doc__ = """One ``{{ ... }}`` of a template.

``source`` is its text, ``path`` the tuple of names, ``filters`` a tuple
of ``(name, argument or None)`` and ``line`` its 1-based line number."""

_Filter = collections.namedtuple('_Filter', 'takes_argument accepts')

_FILTERS = {
    'date': _Filter(False, DATE),
    'money': _Filter(False, MONEY),
    'upper': _Filter(False, None),
    'lower': _Filter(False, None),
    'default': _Filter(True, None),
}

_NAME = r'[A-Za-z][A-Za-z0-9_]*'
_SPACE = r'[ \t\r\n]*'
_LITERAL = (r"'[^'{}\\\r\n]{0,%(n)d}'|\"[^\"{}\\\r\n]{0,%(n)d}\""
            % {'n': MAX_LITERAL_LENGTH})
_TOKEN_RE = re.compile(r'\{\{|\}\}|\{%|\{#')
_PATH_RE = re.compile(r'%(s)s(%(n)s(?:\.%(n)s)*)%(s)s'
                      % {'s': _SPACE, 'n': _NAME})
_FILTER_RE = re.compile(r'\|%(s)s(%(n)s)%(s)s(?:\(%(s)s(%(l)s)%(s)s\)%(s)s)?'
                        % {'s': _SPACE, 'n': _NAME, 'l': _LITERAL})
_ANY_LITERAL_RE = re.compile(r"'[^']*'|\"[^\"]*\"")
_ANY_NAME_RE = re.compile(r'[A-Za-z_][A-Za-z0-9_]*')
_PRIVATE_RE = re.compile(r'(?<![A-Za-z0-9_])_')
_ODD_CHAR_RE = re.compile(r'[^\x00-\x7f]|[{}]')
_CALL_RE = re.compile(r'(\|%s)?(?:%s)?%s\(' % (_SPACE, _NAME, _SPACE))
_WHITESPACE_RE = re.compile(r'\s+')
_ODOO_DATE_RE = re.compile(r'\d{4}-\d{2}-\d{2}( \d{2}:\d{2}:\d{2})?\Z')
_PLAIN_TYPES = (str, int, float, decimal.Decimal, datetime.date)


class PlaceholderError(ValueError):
    """A template is refused; the message names the placeholder.

    ``placeholder`` is the offending text (None when the whole body is at
    fault) and ``line`` its 1-based line number (or None).
    """

    def __init__(self, message, placeholder=None, line=None):
        super(PlaceholderError, self).__init__(message)
        self.placeholder = placeholder
        self.line = line


# -- parsing -------------------------------------------------------------

def parse(body):
    """Split ``body`` into text and :class:`Placeholder` segments.

    Checks the syntax only; :func:`validate` also checks the objects,
    fields and filters.  An empty body (None, False, '') gives ``[]``.

    >>> parse('Hi {{ partner.name | upper }}!')
    ... # doctest: +NORMALIZE_WHITESPACE
    ['Hi ', Placeholder(source='{{ partner.name | upper }}',
     path=('partner', 'name'), filters=(('upper', None),), line=1), '!']
    """
    body = body or ''
    if not isinstance(body, str):
        raise TypeError('A template body must be text, not %s'
                        % type(body).__name__)
    _check_length(body)
    segments = []
    position, line, count = 0, 1, 0
    for start, end in _placeholder_spans(body):
        line += body.count('\n', position, start)
        count += 1
        if count > MAX_PLACEHOLDERS:
            _fail(body[start:end], line, 'a template holds at most %d '
                  'placeholders' % MAX_PLACEHOLDERS, 'Too many placeholders:')
        if start > position:
            segments.append(body[position:start])
        segments.append(_parse_placeholder(body[start:end], line))
        line += body.count('\n', start, end)
        position = end
    if position < len(body):
        segments.append(body[position:])
    return segments


def used_paths(body):
    """The paths the placeholders of ``body`` look up (syntax checked as
    by :func:`parse`), so that only those values need be read.

    >>> sorted(used_paths('{{ partner.name }}, {{ order.name | upper }}'))
    [('order', 'name'), ('partner', 'name')]
    """
    return {segment.path for segment in parse(body)
            if isinstance(segment, Placeholder)}


def _check_length(body):
    """Refuse a body over MAX_BODY_LENGTH characters, before any scan."""
    if len(body) > MAX_BODY_LENGTH:
        raise PlaceholderError(
            'The template is too long: {:,} characters, the limit is {:,}.'
            .format(len(body), MAX_BODY_LENGTH))


def _placeholder_spans(body):
    """Yield ``(start, end)`` of each ``{{ ... }}``; refuse bad braces."""
    start = None
    for token in _TOKEN_RE.finditer(body):
        mark = token.group()
        if start is None:
            _check_outside_token(body, token)
            start = token.start()
        elif mark == '}}':
            yield start, token.end()
            start = None
        elif mark == '{{':
            _fail_nested(body, start, token.end())
    if start is not None:
        _fail(body[start:start + 30], _line_of(body, start),
              '"{{" is never closed by "}}"', 'Unbalanced placeholder')


def _check_outside_token(body, token):
    """Refuse ``}}``, ``{%`` and ``{#`` found in plain text."""
    mark, start = token.group(), token.start()
    if mark == '}}':
        source = body[max(0, start - 30):start + 2]
        line = _line_of(body, start)
        raise PlaceholderError(
            'Unbalanced braces (line %d): "}}" without a matching "{{" '
            'before it, in "%s".' % (line, _shown(source)), source, line)
    if mark != '{{':
        closer = body.find('%}' if mark == '{%' else '#}', start,
                           start + SHOWN_LENGTH)
        source = body[start:closer + 2 if closer >= 0 else start + 30]
        _fail(source, _line_of(body, start), 'only placeholders {{ ... }} '
              'are allowed, not statements {% ... %} or comments {# ... #}',
              'Forbidden template statement')


def _fail_nested(body, start, end):
    """Refuse a ``{{`` found inside an open placeholder."""
    close = body.find('}}', end, end + SHOWN_LENGTH)
    _fail(body[start:close + 2 if close >= 0 else end],
          _line_of(body, start), 'a placeholder cannot contain "{{"',
          'Nested placeholder')


def _parse_placeholder(source, line):
    """Parse one ``{{ ... }}`` into a Placeholder, or refuse it."""
    inner = source[2:-2]
    match = _PATH_RE.match(inner)
    if not match:
        _fail(source, line, _diagnose(inner))
    path = tuple(match.group(1).split('.'))
    filters = []
    while match.end() < len(inner):
        match = _FILTER_RE.match(inner, match.end())
        if not match:
            _fail(source, line, _diagnose(inner))
        filters.append((match.group(1), _unquote(match.group(2))))
    _check_names(source, line, path, filters)
    return Placeholder(source, path, tuple(filters), line)


def _unquote(literal):
    """The text inside a quoted literal, or None for no argument."""
    return literal[1:-1] if literal else None


def _check_names(source, line, path, filters):
    """Refuse reserved names, unknown filters and bad filter arguments."""
    for name in path:
        if name in RESERVED_NAMES:
            _fail(source, line, _reserved_reason(name))
    if len(filters) > MAX_FILTERS:
        _fail(source, line, 'at most %d filters can be chained'
              % MAX_FILTERS)
    for name, argument in filters:
        spec = _FILTERS.get(name)
        if spec is None:
            _fail(source, line, '%r is not a filter; the filters are %s'
                  % (name, _filter_list()), 'Unknown filter in')
        if spec.takes_argument and argument is None:
            _fail(source, line, 'the filter %r needs a quoted text, like '
                  "%s('n/a')" % (name, name))
        if not spec.takes_argument and argument is not None:
            _fail(source, line, 'the filter %r takes no argument' % name)


def _filter_list():
    """The filters for a message: ``date, default('text'), ...``."""
    return ', '.join(name + ("('text')" if spec.takes_argument else '')
                     for name, spec in sorted(_FILTERS.items()))


def _diagnose(inner):
    """Explain in user words why ``inner`` is not a valid placeholder.

    The placeholder is already refused; only its first DIAGNOSED_LENGTH
    characters are examined, which bounds the cost of the explanation.
    """
    if not inner.strip():
        return 'the placeholder is empty'
    inner = inner[:DIAGNOSED_LENGTH]
    bare = _ANY_LITERAL_RE.sub("''", inner)
    for name in _ANY_NAME_RE.findall(bare):
        if name in RESERVED_NAMES:
            return _reserved_reason(name)
    if _PRIVATE_RE.search(bare):
        return "names starting with '_' are private and not allowed"
    if '[' in bare:
        return 'indexing with [...] is not allowed'
    odd = _ODD_CHAR_RE.search(bare)
    if odd:
        return _character_reason(odd.group())
    if any(not call.group(1) for call in _CALL_RE.finditer(bare)):
        return ('calling methods or functions is not allowed; use a plain '
                'field such as {{ order.name }}')
    if '(' in bare:
        return ("the argument of a filter must be a quoted text, like "
                "default('n/a')")
    return ('a placeholder holds a field such as {{ order.name }}, '
            'optionally followed by filters such as | date; expressions, '
            'operators, numbers and code are not allowed')


def _reserved_reason(name):
    """Why a reserved name is refused."""
    return ('%r is reserved: templates have no access to the server, '
            'the database or Python' % name)


def _character_reason(char):
    """Why a character is refused, naming invisible ones by code point."""
    if char in '{}':
        return 'braces are not allowed inside a placeholder'
    return ('the character %r (U+%04X %s) is not allowed; names use only '
            'ASCII letters, digits and _'
            % (char, ord(char), unicodedata.name(char, 'unnamed')))


def _fail(source, line, reason, kind='Forbidden placeholder'):
    """Raise a PlaceholderError naming ``source`` and its line."""
    raise PlaceholderError('%s %s (line %d): %s.'
                           % (kind, _shown(source), line, reason),
                           source, line)


def _shown(source):
    """``source`` on one line, shortened for a message."""
    text = _WHITESPACE_RE.sub(' ', source)
    if len(text) > SHOWN_LENGTH:
        text = text[:SHOWN_LENGTH - 1] + '\u2026'
    return text


def _line_of(body, position):
    """The 1-based line number of ``position`` in ``body``."""
    return body.count('\n', 0, position) + 1


# -- validation against the schema ---------------------------------------

def validate(body, schema=None):
    """Check ``body`` fully; return its placeholders, or raise.

    ``schema`` defaults to :data:`SCHEMA`.  Call it when a template is
    saved: the message of the :class:`PlaceholderError` is for the user.

    >>> [p.path for p in validate('{{ order.name }} {{ payment_term }}')]
    [('order', 'name'), ('payment_term',)]
    >>> try:
    ...     validate('Hello\\n{{ order.foo }}')
    ... except PlaceholderError as error:
    ...     print(error)
    Unknown placeholder {{ order.foo }} (line 2): allowed fields of \
'order' are amount_tax, amount_total, amount_untaxed, client_order_ref, \
currency, date_order, name, origin, validity_date.
    """
    return [segment for segment in _checked_segments(body, schema)
            if isinstance(segment, Placeholder)]


def allowed_fields(schema=None, kind=None):
    """Every valid field path (of ``kind`` if given), e.g. for help text.

    >>> allowed_fields(kind=DATE)
    ['order.date_order', 'order.validity_date']
    """
    schema = SCHEMA if schema is None else schema
    return sorted(path for path, leaf in _walk_leaves(schema, '')
                  if kind in (None, leaf))


def _walk_leaves(node, prefix):
    """Yield ``(dotted path, kind)`` of the leaves under ``node``."""
    for name, child in node.items():
        if isinstance(child, dict):
            for leaf in _walk_leaves(child, prefix + name + '.'):
                yield leaf
        else:
            yield prefix + name, child


def _checked_segments(body, schema):
    """Parse ``body`` and check each placeholder against ``schema``."""
    schema = SCHEMA if schema is None else schema
    segments = parse(body)
    for segment in segments:
        if isinstance(segment, Placeholder):
            kind = _leaf_kind(segment, schema)
            _check_filters(segment, kind, schema)
    return segments


def _leaf_kind(placeholder, schema):
    """The kind of the field a placeholder names, or raise."""
    node, walked = schema, []
    for name in placeholder.path:
        if not isinstance(node, dict):
            _fail_unknown(placeholder, '%r is a plain value and has no '
                          'fields' % '.'.join(walked))
        if name not in node:
            _fail_unknown(placeholder, _choices(node, walked) +
                          _usage_hint(placeholder.path, schema))
        node = node[name]
        walked.append(name)
    if isinstance(node, dict):
        _fail(placeholder.source, placeholder.line,
              'choose a field: %s' % _choices(node, walked),
              'Incomplete placeholder')
    return node


def _usage_hint(path, schema):
    """Why a field of another kind of document is not offered here."""
    if path[:1] == ('order',) and path[1:2] and path[1] in ORDER_AMOUNTS \
            and 'invoice' in schema:
        return ('; on an invoice, use {{ invoice.%s }}: the order\'s '
                'amount is not what the invoice asks for' % path[1])
    if path[:1] == ('order',) and path[1:2] and path[1] in ORDER_AMOUNTS:
        return ('; a template for quotations and invoices shows no '
                'amounts: make one template for each')
    if path[:1] == ('invoice',):
        return ('; {{ invoice.* }} is for templates used on invoices '
                'only')
    return ''


def _choices(node, walked):
    """The names available under ``node``, for a message."""
    names = ', '.join(sorted(node))
    if not walked:
        return 'the objects are %s' % names
    return 'allowed fields of %r are %s' % ('.'.join(walked), names)


def _fail_unknown(placeholder, reason):
    """Refuse a placeholder naming something not on the schema."""
    _fail(placeholder.source, placeholder.line, reason,
          'Unknown placeholder')


def _check_filters(placeholder, kind, schema):
    """Refuse a filter given the wrong kind of value."""
    for name, _argument in placeholder.filters:
        accepts = _FILTERS[name].accepts
        if accepts not in (None, kind):
            _fail(placeholder.source, placeholder.line,
                  'the filter %r applies only to %s'
                  % (name, ', '.join(allowed_fields(schema, accepts))),
                  'Wrong filter in')
        kind = TEXT


# -- rendering -------------------------------------------------------------

def render(body, values, date_format=None, money_format=None,
           escape=False, schema=None):
    """Render ``body`` with ``values``; the body is validated again.

    ``values`` is a dict of plain values shaped like the schema, e.g.
    ``{'order': {'name': 'SO042', ...}, 'payment_term': '30 Days'}``.
    Leaves are str, int, float, Decimal, date or datetime (or an Odoo
    date string ``'YYYY-MM-DD[ HH:MM:SS]'``), None or False (empty);
    missing keys render as empty.  Any other type raises TypeError: a
    record is never rendered.

    ``date_format(date) -> str`` and ``money_format(amount) -> str`` give
    the document's formats; by default ISO dates and
    ``make_money_format(values['order']['currency'])``.  With
    ``escape=True`` each inserted value is HTML-escaped (the template's
    own text is not).
    """
    segments = _checked_segments(body, schema)
    formats = {
        DATE: date_format or make_date_format(),
        MONEY: money_format or make_money_format(
            _lookup(values, ('order', 'currency')) or ''),
    }
    parts = []
    for segment in segments:
        if isinstance(segment, Placeholder):
            segment = _render_placeholder(segment, values, formats)
            segment = html.escape(segment) if escape else segment
        parts.append(segment)
    return ''.join(parts)


def _render_placeholder(placeholder, values, formats):
    """The text of one placeholder: its value through its filters."""
    value = _lookup(values, placeholder.path)
    for name, argument in placeholder.filters:
        value = _apply_filter(name, argument, value, formats)
    return _to_text(value)


def _lookup(values, path):
    """Follow ``path`` through nested dicts; None when absent."""
    value = values
    for name in path:
        if not isinstance(value, dict):
            return None
        value = value.get(name)
    return value


def _is_empty(value):
    """True for None, False (Odoo's empty value) and ''."""
    return value is None or value is False or value == ''


def _apply_filter(name, argument, value, formats):
    """Apply the filter ``name`` to ``value``."""
    if name == 'default':
        return argument if _is_empty(value) else value
    if _is_empty(value):
        return ''
    if name == 'date':
        return formats[DATE](_to_date(value))
    if name == 'money':
        return formats[MONEY](value)
    text = _to_text(value)
    return text.upper() if name == 'upper' else text.lower()


def _to_date(value):
    """A ``datetime.date`` from a date, datetime or Odoo date string."""
    if isinstance(value, datetime.date) or (
            isinstance(value, str) and _ODOO_DATE_RE.match(value)):
        return as_date(value)
    raise TypeError('Not a date: %r' % (value,))


def _to_text(value):
    """The text of a plain value; refuse anything else."""
    if _is_empty(value):
        return ''
    if not isinstance(value, _PLAIN_TYPES):
        raise TypeError('Templates render plain values only, not %s'
                        % type(value).__name__)
    if isinstance(value, datetime.datetime):
        return value.strftime('%Y-%m-%d %H:%M:%S')
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


# -- formats ---------------------------------------------------------------

def make_date_format(pattern='%Y-%m-%d'):
    """A date formatter for a strftime ``pattern`` (res.lang's format).

    >>> make_date_format('%d.%m.%Y')(datetime.date(2024, 3, 31))
    '31.03.2024'
    """
    return lambda value: value.strftime(pattern)


def make_money_format(symbol='', position='after', decimals=2,
                      thousands_sep=',', decimal_point='.'):
    """A money formatter: the amount rounded half-up, grouped by three.

    ``symbol``, ``position`` and ``decimals`` come from res.currency, the
    separators from res.lang; a space separates symbol and number.

    >>> make_money_format('$', position='before')(-1234567.125)
    '$ -1,234,567.13'
    """
    exponent = decimal.Decimal(1).scaleb(-decimals)
    separators = {ord(','): thousands_sep, ord('.'): decimal_point}

    def money_format(amount):
        """Format ``amount`` (int, float or Decimal)."""
        number = decimal.Decimal(str(amount)).quantize(
            exponent, rounding=decimal.ROUND_HALF_UP)
        # Only a number goes through format(), never template text.
        text = '{:,}'.format(number).translate(separators)
        if not symbol:
            return text
        if position == 'before':
            return symbol + ' ' + text
        return text + ' ' + symbol
    return money_format

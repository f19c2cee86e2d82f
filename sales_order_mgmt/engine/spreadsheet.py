# Copyright 2026 sales_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Spreadsheet rules of the accounting export, as plain functions.

What goes in a cell and how: text that a spreadsheet would read as a formula
(formula injection), signs of credit notes, column letters and the totals
row's formulas. No xlsxwriter and no odoo import: the report writes what
these functions decide.
"""
# chunks: split ids into lists of at most n, kept importable from here.
from ._common import chunks  # noqa: F401

#: First characters that make Excel / LibreOffice read a typed value as a
#: formula (or a DDE command): such text is written as text, never parsed.
FORMULA_TRIGGERS = ('=', '+', '-', '@', '\t', '\r')


def is_formula_like(text):
    """True when `text` would be taken as a formula if typed in a cell.

    >>> is_formula_like('=HYPERLINK("http://x")')
    True
    >>> is_formula_like('+49 30 1234'), is_formula_like('@SUM(A1)')
    (True, True)
    >>> is_formula_like('-2+3'), is_formula_like('Acme = best')
    (True, False)
    >>> is_formula_like(''), is_formula_like(None), is_formula_like(12)
    (False, False, False)
    """
    return isinstance(text, str) and text.startswith(FORMULA_TRIGGERS)


def sign_for(invoice_type):
    """Sign of a customer document's amounts in the export.

    Credit notes (refunds) reduce sales: their amounts are negative.

    >>> sign_for('out_invoice'), sign_for('out_refund')
    (1, -1)
    """
    return -1 if invoice_type in ('out_refund', 'in_refund') else 1


def column_letter(index):
    """Spreadsheet column name of the zero-based column `index`.

    >>> column_letter(0), column_letter(25), column_letter(26)
    ('A', 'Z', 'AA')
    >>> column_letter(701), column_letter(702)
    ('ZZ', 'AAA')
    """
    if index < 0:
        raise ValueError('column index must be >= 0, got %r' % (index,))
    name = ''
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        name = chr(65 + remainder) + name
    return name


def sum_formula(column, first_row, last_row):
    """SUM formula of zero-based `column` over zero-based rows, inclusive.

    An empty range (no data row) sums to 0 without referring to the header.

    >>> sum_formula(6, 1, 10)
    '=SUM(G2:G11)'
    >>> sum_formula(2, 1, 0)
    '=0'
    """
    if last_row < first_row:
        return '=0'
    letter = column_letter(column)
    return '=SUM(%s%d:%s%d)' % (letter, first_row + 1, letter, last_row + 1)


def chunks_by_weight(items, weights, limit):
    """Split `items` in order into lists whose summed `weights` (a dict,
    missing = 0) stay within `limit`; an item heavier than `limit` goes
    alone. Bounds the lines read at once whatever the invoices' sizes.

    >>> list(chunks_by_weight([1, 2, 3, 4], {1: 2, 2: 2, 3: 5, 4: 1}, 4))
    [[1, 2], [3], [4]]
    >>> list(chunks_by_weight([], {}, 4))
    []
    """
    if limit < 1:
        raise ValueError('chunk limit must be >= 1')
    chunk, total = [], 0
    for item in items:
        weight = weights.get(item, 0)
        if chunk and total + weight > limit:
            yield chunk
            chunk, total = [], 0
        chunk.append(item)
        total += weight
    if chunk:
        yield chunk

# Copyright 2026 sales_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Plain helpers of the compat printing (no Odoo model): probing the
wkhtmltopdf build, running it, margin geometry and the PDF objects laid on
the pages (PyPDF2). ir_actions_report.py is the model that uses them."""
import io
import logging
import os
import re
import subprocess
import tempfile

from odoo.tools import pycompat

_logger = logging.getLogger(__name__)

try:
    from PyPDF2 import PdfFileReader
    from PyPDF2.generic import (ArrayObject, DictionaryObject, FloatObject,
                                NameObject, NumberObject)
    from PyPDF2.generic import DecodedStreamObject
except ImportError:  # pragma: no cover - an Odoo requirement
    _logger.warning('PyPDF2 missing: PDF printing will fail')

# Binary path -> True when it was built on patched Qt (probed once).
_PATCHED_QT = {}

PARAM_BINARY = 'report_wkhtmltopdf_compat.binary'
PARAM_WORKERS = 'report_wkhtmltopdf_compat.workers'
# Height kept free under the footer for the stamped "Page x / y" (mm).
PAGE_NUMBER_ZONE = 8.0
# Space above the header, and above the footer in the bottom margin (mm).
MARGIN_PADDING = 3.0
# Smallest height of the footer's band (mm), for very small bottom margins.
MIN_FOOTER_BAND = 5.0
# A header or footer page is cut in CSS at this many times the height of
# its margin band: with smart shrinking a CSS millimetre prints smaller
# (~0.8 mm) or, without it, slightly larger than a paper one. Enough never
# to hide what the band shows, little enough to keep the part on one page
# (the PDF is clipped to the band exactly when it is laid on the pages).
MARGIN_PART_CAP = 2.0
MATCH_CLASS = ("//*[contains(concat(' ', normalize-space(@class), ' '), "
               "' %s ')]")
RE_STYLESHEET = re.compile(
    rb'<link\b[^>]*?\bhref="(/web/content/[^"]+?\.css)"[^>]*>', re.I)
# JavaScript in a document: a script element, or an event handler other
# than web.minimal_layout's ``onload="subst()"`` (``subst`` is not defined
# in a body: it fails at once and changes nothing).
RE_JAVASCRIPT = re.compile(
    rb'<script\b|\son[a-z]+\s*=\s*(?![\'"]subst\(\)[\'"])', re.I)


def wkhtmltopdf_is_patched(binary):
    """Whether this wkhtmltopdf honours --header-html (patched Qt).

    ``wkhtmltopdf -V`` says "wkhtmltopdf 0.12.5 (with patched qt)" on the
    builds of wkhtmltopdf.org and only "wkhtmltopdf 0.12.6" on Debian's.
    The answer is cached per binary path.
    """
    if binary not in _PATCHED_QT:
        try:
            out = subprocess.run(
                [binary, '-V'], stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT, timeout=30).stdout
        except (OSError, subprocess.SubprocessError) as exc:
            _logger.warning('Cannot run %s -V: %s', binary, exc)
            return False
        _PATCHED_QT[binary] = b'patched qt' in out.lower()
        _logger.info('wkhtmltopdf at %s: %s Qt', binary,
                     'patched' if _PATCHED_QT[binary] else 'unpatched')
    return _PATCHED_QT[binary]


def margin_bands(margin_top, margin_bottom):
    """Where the header and footer go, in mm: ``{kind: (height of the
    band, bottom of the band, or None for "at the top of the page")}``.

    The header fills the top margin; the footer the bottom margin above
    the page numbers. Each starts ``MARGIN_PADDING`` below the top of its
    band."""
    footer_height = max(margin_bottom - PAGE_NUMBER_ZONE, MIN_FOOTER_BAND)
    return {
        'header': (margin_top, None),
        'footer': (footer_height, PAGE_NUMBER_ZONE),
    }


def option_value(args, option, default=None):
    if option in args:
        index = args.index(option)
        if index + 1 < len(args):
            return args[index + 1]
    return default


def form_xobject(page):
    """A Form XObject drawing ``page`` (its content and resources)."""
    contents = page.get('/Contents')
    contents = contents.getObject() if contents is not None else None
    if contents is None:
        data = b''
    elif isinstance(contents, ArrayObject):
        data = b'\n'.join(part.getObject().getData() for part in contents)
    else:
        data = contents.getData()
    form = DecodedStreamObject()
    form.setData(data)
    form.update({
        NameObject('/Type'): NameObject('/XObject'),
        NameObject('/Subtype'): NameObject('/Form'),
        NameObject('/BBox'): ArrayObject(
            [NumberObject(0), NumberObject(0)]
            + [FloatObject(float(value))
               for value in page.mediaBox.upperRight]),
        NameObject('/Resources'): page.get('/Resources',
                                           DictionaryObject()),
    })
    return form


def add_content(writer, page, ops, xobjects, fonts):
    """Draw ``ops`` over ``page``, after its own content (kept as is,
    wrapped in q/Q), with these XObject and font resources."""
    resources = page.get('/Resources')
    resources = DictionaryObject(
        resources.getObject() if resources is not None else {})
    for key, extra in (('/XObject', xobjects), ('/Font', fonts)):
        if not extra:
            continue
        current = resources.get(key)
        merged = DictionaryObject(
            current.getObject() if current is not None else {})
        for name, ref in extra.items():
            merged[NameObject(name)] = ref
        resources[NameObject(key)] = merged
    page[NameObject('/Resources')] = resources

    def stream(data):
        obj = DecodedStreamObject()
        obj.setData(data)
        return writer._addObject(obj)
    contents = page.raw_get('/Contents') if '/Contents' in page else None
    if contents is None:
        parts = []
    elif isinstance(contents.getObject(), ArrayObject):
        parts = list(contents.getObject())
    else:
        parts = [contents]
    page[NameObject('/Contents')] = ArrayObject(
        [stream(b'q\n')] + parts + [stream(b'\nQ\n' + b'\n'.join(ops))])


def pdf_string(text):
    """``text`` as the bytes of a PDF literal string (WinAnsi)."""
    data = text.encode('cp1252', 'replace')
    return (data.replace(b'\\', b'\\\\').replace(b'(', b'\\(')
            .replace(b')', b'\\)'))


def run_wkhtmltopdf(binary, args, html):
    """Run wkhtmltopdf on one HTML document (thread-safe: no ORM, no
    translation). Returns ``(pdf bytes, pages, exit code, message)``;
    the exit code is None when the binary cannot be started."""
    fd, html_path = tempfile.mkstemp(suffix='.html',
                                     prefix='report.compat.')
    with os.fdopen(fd, 'wb') as html_file:
        html_file.write(html)
    fd, pdf_path = tempfile.mkstemp(suffix='.pdf', prefix='report.compat.')
    os.close(fd)
    try:
        try:
            process = subprocess.run(
                [binary] + list(args) + [html_path, pdf_path],
                stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        except OSError as exc:
            return b'', 0, None, pycompat.to_text(str(exc))
        with open(pdf_path, 'rb') as pdf_file:
            pdf = pdf_file.read()
        return (pdf, count_pages(pdf), process.returncode,
                pycompat.to_text(process.stderr or b'')[-500:].strip())
    finally:
        for path in (html_path, pdf_path):
            try:
                os.unlink(path)
            except OSError:
                pass


def count_pages(pdf):
    """Pages of a PDF; 0 for an empty or unreadable file."""
    if not pdf:
        return 0
    try:
        return PdfFileReader(io.BytesIO(pdf), strict=False).getNumPages()
    except Exception:  # pylint: disable=broad-except
        return 0

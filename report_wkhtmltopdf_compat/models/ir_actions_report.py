# Copyright 2026 sales_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""QWeb PDF printing that works with a wkhtmltopdf built on unpatched Qt.

Odoo 11 expects wkhtmltopdf "with patched qt": it passes the company
header and footer as ``--header-html``/``--footer-html`` (ignored by an
unpatched build) and renders several records in one call with one HTML
file per record (an unpatched build takes one input only: exit code 1, an
empty PDF and no error). This model detects the build once per binary and,
when Qt is not patched:

* renders every record on its own (one wkhtmltopdf run per record) and
  merges the PDFs in order;
* renders each distinct header and footer once, as an extra page at the
  end of the first record showing it (same run, same page size and
  margins), takes that page off and lays it on every page of the records
  showing it, moved into the top or bottom margin and clipped to it;
* stamps "Page x / y" on every page where the layout asked for page numbers;
* spares wkhtmltopdf its 200 ms wait for JavaScript when a document has
  none (most of a one-page run);
* refuses to return a PDF without pages (clear ``UserError``).

In both cases the report stylesheets are inlined in the HTML given to
wkhtmltopdf, so a PDF is styled without an HTTP server at ``web.base.url``.
"""
import base64
import io
import logging
import os
from concurrent.futures import ThreadPoolExecutor

import lxml.html
from lxml import etree

from odoo import _, api, models
from odoo.addons.base.ir import ir_actions_report
from odoo.exceptions import UserError

from .pdf_tools import (
    MARGIN_PADDING, MARGIN_PART_CAP, MATCH_CLASS, PARAM_BINARY, PARAM_WORKERS,
    RE_JAVASCRIPT, RE_STYLESHEET, add_content, count_pages, form_xobject,
    margin_bands, option_value, pdf_string, run_wkhtmltopdf,
    wkhtmltopdf_is_patched)

_logger = logging.getLogger(__name__)

try:
    from PyPDF2 import PdfFileReader, PdfFileWriter
    from PyPDF2.generic import (ArrayObject, DictionaryObject, NameObject,
                                NullObject, NumberObject)
    from reportlab.lib.units import mm
    from reportlab.pdfbase.pdfmetrics import stringWidth
except ImportError:  # pragma: no cover - both are Odoo requirements
    _logger.warning('PyPDF2 or reportlab missing: PDF printing will fail')


class ReportBody(bytes):
    """The HTML document of one record.

    ``header`` and ``footer`` are the HTML of the record's header and
    footer (they also identify them: equal HTML is rendered once).
    ``margin_pages`` lists the ``(kind, html)`` rendered as extra pages at
    the end of this document, one page each, in order; they are taken off
    the PDF and laid on the pages of every record showing them.
    ``javascript`` is False when the document runs no JavaScript, so that
    wkhtmltopdf need not wait for it.

    A ``bytes`` subclass so that code expecting Odoo's bodies (bytes
    written to a file) keeps working.
    """
    header = None
    footer = None
    margin_pages = ()
    page_numbers = False
    javascript = True


class IrActionsReport(models.Model):
    _inherit = 'ir.actions.report'

    # -- detection ------------------------------------------------------

    @api.model
    def _compat_wkhtmltopdf_bin(self):
        """The binary to run: the system parameter, else Odoo's one."""
        binary = self.env['ir.config_parameter'].sudo().get_param(
            PARAM_BINARY)
        if binary:
            return binary
        try:
            return ir_actions_report._get_wkhtmltopdf_bin()
        except (IOError, OSError):  # not installed: Odoo says so
            return None

    @api.model
    def _compat_active(self):
        """True when the unpatched-Qt path must be taken."""
        if self.env.context.get('report_wkhtmltopdf_compat_disable'):
            return False
        binary = self._compat_wkhtmltopdf_bin()
        return bool(binary) and not wkhtmltopdf_is_patched(binary)

    @api.model
    def _compat_workers(self):
        """wkhtmltopdf processes run at once: the system parameter, else
        the number of CPU cores, at most 4."""
        param = self.env['ir.config_parameter'].sudo().get_param(
            PARAM_WORKERS)
        # get_param gives False when the parameter is not set: not 0.
        if param:
            try:
                return max(1, int(param))
            except (TypeError, ValueError):
                _logger.warning('Ignoring %s=%r: not a number',
                                PARAM_WORKERS, param)
        return max(1, min(4, os.cpu_count() or 1))

    # -- styles without an HTTP server ---------------------------------

    @api.model
    def _compat_inline_stylesheets(self, html, cache=None):
        """Replace links to compiled asset bundles by their CSS.

        wkhtmltopdf would fetch them over HTTP from ``web.base.url``;
        inlined, the document is styled with no server running (cron,
        scripts, tests) and before the bundle's transaction is committed.
        """
        if self.env.context.get('report_wkhtmltopdf_compat_disable'):
            return html
        cache = {} if cache is None else cache
        urls = set(RE_STYLESHEET.findall(html)) - set(cache)
        if urls:
            attachments = self.env['ir.attachment'].sudo().search(
                [('url', 'in', [u.decode() for u in urls])])
            for attachment in attachments:
                css = base64.b64decode(attachment.datas or b'')
                # "</style" inside a comment or string would end the tag.
                css = css.replace(b'</', b'<\\/')
                cache[attachment.url.encode()] = css
        if not cache:
            return html

        def replace(match):
            css = cache.get(match.group(1))
            if css is None:
                return match.group(0)
            return b'<style type="text/css">' + css + b'</style>'
        return RE_STYLESHEET.sub(replace, html)

    # -- HTML preparation ----------------------------------------------

    @api.multi
    def _prepare_html(self, html):
        res = super(IrActionsReport, self)._prepare_html(html)
        if not res:
            return res
        bodies, res_ids, header, footer, paper_args = res
        cache = {}
        if not self._compat_active():
            inline = self._compat_inline_stylesheets
            bodies = [inline(body, cache) for body in bodies]
            return (bodies, res_ids, inline(header, cache),
                    inline(footer, cache), paper_args)
        return self._compat_prepare_html(html, res_ids, paper_args, cache)

    @api.multi
    def _compat_prepare_html(self, html, res_ids, paper_args, cache):
        """One complete document per record; each distinct header and
        footer is added, one page each, to the first document showing it
        (one run of wkhtmltopdf renders the record and its margins).

        Odoo pairs the i-th header and footer with the i-th article (see
        ``web.minimal_layout``): so do we.
        """
        IrConfig = self.env['ir.config_parameter'].sudo()
        base_url = (IrConfig.get_param('report.url')
                    or IrConfig.get_param('web.base.url'))
        view_model = self.env['ir.ui.view']
        layout = view_model.browse(view_model.get_view_id(
            'web.minimal_layout'))
        bands = margin_bands(*self._compat_margins(paper_args))
        root = lxml.html.fromstring(html)
        headers = root.xpath(MATCH_CLASS.replace('*', 'div') % 'header')
        footers = root.xpath(MATCH_CLASS.replace('*', 'div') % 'footer')
        articles = root.xpath(MATCH_CLASS.replace('*', 'div') % 'article')

        def margin_part(kind, nodes, index, page_numbers):
            """The HTML of the header or footer of the index-th record,
            on a page of its own, cut a little below its band."""
            if not nodes:
                return None
            node = nodes[min(index, len(nodes) - 1)]
            wrapper = etree.Element('div', style=(
                'page-break-before: always; page-break-inside: avoid; '
                'clear: both; overflow: hidden; max-height: %.1fmm;' % (
                    MARGIN_PART_CAP
                    * max(bands[kind][0] - MARGIN_PADDING, 1.0))))
            wrapper.set('class', 'report_wkhtmltopdf_compat_%s' % kind)
            wrapper.append(self._compat_strip_page_numbers(node,
                                                           page_numbers))
            return lxml.html.tostring(wrapper)

        bodies = []
        placed = set()
        for index, article in enumerate(articles):
            page_numbers = []
            parts = [(kind, margin_part(kind, nodes, index, page_numbers))
                     for kind, nodes in (('header', headers),
                                         ('footer', footers))]
            margin_pages = tuple(part for part in parts
                                 if part[1] and part not in placed)
            placed.update(margin_pages)
            content = lxml.html.tostring(article) + b''.join(
                part_html for _kind, part_html in margin_pages)
            document = layout.render(dict(subst=False, body=content,
                                          base_url=base_url))
            body = ReportBody(self._compat_inline_stylesheets(document,
                                                              cache))
            body.javascript = bool(RE_JAVASCRIPT.search(document))
            body.header, body.footer = (part_html for _kind, part_html
                                        in parts)
            body.margin_pages = margin_pages
            body.page_numbers = bool(page_numbers)
            bodies.append(body)
        return bodies, res_ids, None, None, paper_args

    @api.multi
    def _compat_margins(self, paper_args):
        """Top and bottom page margins (mm), as Odoo's
        ``_build_wkhtmltopdf_args`` gives them to wkhtmltopdf."""
        paperformat = (self.paperformat_id
                       or self.env.user.company_id.paperformat_id)
        paper_args = paper_args or {}
        if not paperformat:
            return 10.0, 10.0  # wkhtmltopdf's default
        return (float(paper_args.get('data-report-margin-top')
                      or paperformat.margin_top),
                float(paperformat.margin_bottom))

    @api.model
    def _compat_strip_page_numbers(self, node, found):
        """A copy of ``node`` without its "Page x / y" element.

        Page numbers are stamped on the final PDF instead (wkhtmltopdf
        without patched Qt does not substitute them). ``found`` gets one
        item when the layout asked for page numbers.
        """
        node = etree.fromstring(etree.tostring(node))
        page_nodes = (node.xpath(MATCH_CLASS % 'page')
                      + node.xpath(MATCH_CLASS % 'topage'))
        if not page_nodes:
            return node
        found.append(True)
        # The smallest element holding every page number: "Page: x / y".
        holder = page_nodes[0]
        while holder is not node and not all(
                holder in other.iterancestors() or holder is other
                for other in page_nodes):
            holder = holder.getparent()
        if holder is node:
            for page_node in page_nodes:
                page_node.getparent().remove(page_node)
        else:
            holder.getparent().remove(holder)
        return node

    # -- running wkhtmltopdf -------------------------------------------

    @api.model
    def _run_wkhtmltopdf(self, bodies, header=None, footer=None,
                         landscape=False, specific_paperformat_args=None,
                         set_viewport_size=False):
        if not self._compat_active():
            pdf = super(IrActionsReport, self)._run_wkhtmltopdf(
                bodies, header=header, footer=footer, landscape=landscape,
                specific_paperformat_args=specific_paperformat_args,
                set_viewport_size=set_viewport_size)
            if not self.env.context.get('report_wkhtmltopdf_compat_disable'):
                self._compat_check_pdf(pdf, len(bodies))
            return pdf
        paperformat = (self.paperformat_id
                       or self.env.user.company_id.paperformat_id)
        args = self._build_wkhtmltopdf_args(
            paperformat, landscape,
            specific_paperformat_args=specific_paperformat_args,
            set_viewport_size=set_viewport_size)
        binary = self._compat_wkhtmltopdf_bin()
        # wkhtmltopdf waits 200 ms after loading a page for its JavaScript
        # (longer than the rest of a one-page run): not for a document
        # without any (loading, images and fonts included, is awaited).
        no_wait = args + ['--javascript-delay', '0']
        if '--javascript-delay' in args:  # set on purpose: keep it
            no_wait = args
        with ThreadPoolExecutor(max_workers=self._compat_workers()) as pool:
            pdfs = [self._compat_pdf_or_error(binary, result)
                    for result in pool.map(
                        lambda body: run_wkhtmltopdf(
                            binary,
                            args if getattr(body, 'javascript', True)
                            else no_wait,
                            body),
                        bodies)]
        if not pdfs:
            raise UserError(_(
                "There is nothing to print: the report produced no "
                "document."))
        bands = margin_bands(
            float(option_value(args, '--margin-top') or 10),
            float(option_value(args, '--margin-bottom') or 10))
        return self._compat_assemble(bodies, pdfs, bands)

    @api.model
    def _compat_assemble(self, bodies, pdfs, bands):
        """Merge the records' PDFs in order, with header, footer and
        page numbers on every page.

        The header and footer pages at the end of a record's PDF are
        taken off it; each becomes one Form XObject drawn on every page
        by a tiny added content stream, moved into its margin band and
        clipped to it: the pages' own content is never parsed (PyPDF2's
        mergePage would, at ~0.5 s per page)."""
        writer = PdfFileWriter()
        forms = {}
        starts = []
        margin_top = bands['header'][0]  # the header's band
        font = writer._addObject(DictionaryObject({
            NameObject('/Type'): NameObject('/Font'),
            NameObject('/Subtype'): NameObject('/Type1'),
            NameObject('/BaseFont'): NameObject('/Helvetica'),
            NameObject('/Encoding'): NameObject('/WinAnsiEncoding')}))
        for body, pdf in zip(bodies, pdfs):
            reader = PdfFileReader(io.BytesIO(pdf), strict=False)
            margin_pages = getattr(body, 'margin_pages', ())
            count = reader.getNumPages() - len(margin_pages)
            if count < 1:
                raise UserError(_(
                    "The PDF could not be created: wkhtmltopdf produced "
                    "%s page(s) for a document and its %s header/footer "
                    "page(s).") % (reader.getNumPages(), len(margin_pages)))
            for offset, part in enumerate(margin_pages):
                part_page = reader.getPage(count + offset)
                forms[part] = (writer._addObject(form_xobject(part_page)),
                               float(part_page.mediaBox.getHeight()))
            starts.append(writer.getNumPages())
            overlays = [(kind, forms[(kind, getattr(body, kind))])
                        for kind in ('header', 'footer')
                        if getattr(body, kind, None)]
            for index in range(count):
                page = reader.getPage(index)
                width = float(page.mediaBox.getWidth())
                height = float(page.mediaBox.getHeight())
                xobjects = {}
                ops = []
                for kind, (form, form_height) in overlays:
                    band, bottom = bands[kind]
                    if bottom is None:  # header: at the top of the page
                        bottom = height / mm - band
                    # On its own page the part starts at the top margin;
                    # move it to MARGIN_PADDING below its band's top.
                    shift = ((bottom + band - MARGIN_PADDING
                              + margin_top) * mm - form_height)
                    name = '/CompatStrip%s' % kind.capitalize()
                    xobjects[name] = form
                    ops.append(
                        b'q 0 %.3f %.3f %.3f re W n 1 0 0 1 0 %.3f cm '
                        b'%s Do Q' % (bottom * mm, width, band * mm, shift,
                                      name.encode()))
                fonts = {}
                if getattr(body, 'page_numbers', False):
                    fonts['/CompatPageFont'] = font
                    text = _("Page %s / %s") % (index + 1, count)
                    left = (width - stringWidth(text, 'Helvetica', 8)) / 2
                    ops.append(b'BT /CompatPageFont 8 Tf 0.4 g '
                               b'%.3f %.3f Td (%s) Tj ET' % (
                                   left, 3.5 * mm, pdf_string(text)))
                if ops:
                    add_content(writer, page, ops, xobjects, fonts)
                writer.addPage(page)
        self._compat_add_destinations(writer, starts)
        stream = io.BytesIO()
        writer.write(stream)
        return stream.getvalue()

    @api.model
    def _compat_add_destinations(self, writer, starts):
        """One named destination per record, at its first page.

        ``_post_pdf`` splits a multi-record PDF on these to save each
        record's attachment (e.g. an invoice's PDF), as with the
        outlines of a patched wkhtmltopdf.
        """
        if len(starts) < 2:
            return
        dests = DictionaryObject()
        for index, start in enumerate(starts):
            dests[NameObject('/record%04d' % index)] = ArrayObject([
                NumberObject(start), NameObject('/XYZ'), NullObject(),
                NullObject(), NullObject()])
        writer._root_object[NameObject('/Dests')] = dests

    @api.model
    def _compat_pdf_or_error(self, binary, result):
        """The PDF of one wkhtmltopdf run, or a ``UserError`` in plain
        words. Exit code 1 also means "an image failed to load", the
        PDF then being good: judge by its pages, as Odoo cannot."""
        pdf, pages, returncode, message = result
        if returncode is None:
            raise UserError(_(
                "The PDF could not be created: wkhtmltopdf (%s) cannot be "
                "started (%s). Ask your administrator to install it.")
                % (binary, message))
        if returncode not in (0, 1) or not pages:
            raise UserError(_(
                "The PDF could not be created: wkhtmltopdf (%s) failed "
                "with exit code %s and produced no page.\n%s")
                % (binary, returncode,
                   message or _("It gave no message.")))
        return pdf

    @api.model
    def _compat_check_pdf(self, pdf, documents):
        """Refuse a PDF without pages (Odoo accepts wkhtmltopdf's exit
        code 1, which also means "nothing was printed")."""
        if not count_pages(pdf):
            raise UserError(_(
                "The PDF could not be created: wkhtmltopdf produced a "
                "document without any page for %s record(s). Check that "
                "wkhtmltopdf is installed and works, or print fewer "
                "documents at once.") % documents)

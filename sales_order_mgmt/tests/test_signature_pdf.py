"""Quote PDF: the signature when valid, the void notice when changed.

Rendered by the real wkhtmltopdf and read back with pdftotext/pdfimages.
"""
import os
import shutil
import subprocess
import tempfile

from odoo.tools import config

from odoo.tests import common

from .browser import ARTIFACTS, ensure_http_server
from .test_signature import SignatureCase


class TestSignaturePdf(SignatureCase):

    def setUp(self):
        super(TestSignaturePdf, self).setUp()
        self.tmp = tempfile.mkdtemp(prefix='som-signature-pdf-')
        saved = config['test_report_directory']
        # Without it, Odoo 11 renders HTML instead of a PDF in tests.
        config['test_report_directory'] = self.tmp
        self.addCleanup(config.__setitem__, 'test_report_directory', saved)
        self.addCleanup(shutil.rmtree, self.tmp, True)
        self.report = self.env.ref('sale.action_report_saleorder')
        # wkhtmltopdf fetches the report stylesheet over HTTP: serve it.
        ensure_http_server()
        self.env['ir.config_parameter'].sudo().set_param(
            'report.url', 'http://%s:%s' % (common.HOST, common.PORT))

    def render(self, order, name):
        pdf, kind = self.report.sudo(self.salesman).render_qweb_pdf(
            order.ids)
        self.assertEqual(kind, 'pdf')
        self.assertTrue(pdf.startswith(b'%PDF'))
        path = os.path.join(self.tmp, name + '.pdf')
        with open(path, 'wb') as handle:
            handle.write(pdf)
        text = subprocess.check_output(
            ['pdftotext', '-layout', path, '-']).decode('utf-8')
        images = subprocess.check_output(
            ['pdfimages', '-list', path]).decode('utf-8').splitlines()[2:]
        return path, ' '.join(text.split()), len(images)

    def test_signed_quote_pdf(self):
        """Signed: image, signer, date and fingerprint are printed; after a
        price change: no image, and the void notice."""
        order = self.signed_order()
        path, text, images = self.render(order, 'signed')
        self.assertIn('Signed by Hans Kunde on', text)
        self.assertIn('Fingerprint: %s' % order.signature_fingerprint, text)
        self.assertNotIn('Signature void', text)
        self.assertGreaterEqual(images, 1)
        os.makedirs(ARTIFACTS, exist_ok=True)
        subprocess.check_call([
            'pdftoppm', '-png', '-r', '60', '-f', '1', '-l', '1',
            '-singlefile', path,
            os.path.join(ARTIFACTS, 'signature_quote_pdf')])

        order.order_line[0].price_unit = 450.0
        _path, text, void_images = self.render(order, 'void')
        self.assertIn('Signature void: the order changed after it was '
                      'signed.', text)
        self.assertNotIn('Hans Kunde', text)
        self.assertEqual(void_images, images - 1)

    def test_unsigned_quote_pdf(self):
        """An unsigned quote prints neither a signature nor a void notice."""
        _path, text, _images = self.render(self.new_order(), 'unsigned')
        self.assertNotIn('Signed by', text)
        self.assertNotIn('Signature void', text)

# Copyright 2026 sales_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""After-sale documents: the return authorization PDF (real wkhtmltopdf,
read back with pdftotext) and the return terms on it and on the credit
note (terms template usage "return")."""
import os
import shutil
import subprocess
import tempfile

from odoo.tests import common
from odoo.tools import config

from .browser import ensure_http_server
from .test_aftersale_returns import ReturnCase


class TestReturnDocuments(ReturnCase):

    def setUp(self):
        super(TestReturnDocuments, self).setUp()
        self.tmp = tempfile.mkdtemp(prefix='som-return-pdf-')
        saved = config['test_report_directory']
        # Without it, Odoo 11 renders HTML instead of a PDF in tests.
        config['test_report_directory'] = self.tmp
        self.addCleanup(config.__setitem__, 'test_report_directory', saved)
        self.addCleanup(shutil.rmtree, self.tmp, True)
        ensure_http_server()
        self.env['ir.config_parameter'].sudo().set_param(
            'report.url', 'http://%s:%s' % (common.HOST, common.PORT))
        self.terms = self.env['sale.terms.template'].create({
            'name': 'Returns', 'usage': 'return', 'sequence': 0,
            'body': 'Send the goods back within 14 days in their box.'})

    def pdf_text(self, ret):
        report = self.env.ref('sales_order_mgmt.action_report_sale_return')
        pdf, kind = report.sudo(self.salesman).render_qweb_pdf(ret.ids)
        self.assertEqual(kind, 'pdf')
        self.assertTrue(pdf.startswith(b'%PDF'))
        path = os.path.join(self.tmp, 'return.pdf')
        with open(path, 'wb') as handle:
            handle.write(pdf)
        text = subprocess.check_output(
            ['pdftotext', '-layout', path, '-']).decode('utf-8')
        return ' '.join(text.split())

    def test_authorization_pdf_and_credit_note_terms(self):
        """Approved: the PDF tells what to send back (3 Test Desk), where
        (the shipping warehouse's address), the reference and the return
        terms; the credit note carries the same terms."""
        warehouse = self.main_warehouse
        warehouse.partner_id.write({'street': '7 Returns Road',
                                    'city': 'Springfield'})
        order = self.delivered_order([(self.desk, 10)])
        self.invoice_order(order)
        ret = self.request(order, {self.desk: 3})
        self.assertFalse(ret.terms_template_id)
        ret.sudo(self.sale_manager).action_approve()
        self.assertEqual(ret.terms_template_id, self.terms)
        text = self.pdf_text(ret)
        self.assertIn('Return authorization %s' % ret.name, text)
        self.assertIn(order.name, text)
        self.assertIn('Test Desk', text)
        self.assertIn('3.000', text)
        self.assertIn('7 Returns Road', text)
        self.assertIn(ret.return_picking_ids.name, text)
        self.assertIn('within 14 days in their box', text)
        ret.sudo(self.stock_user).action_receive()
        note = ret.credit_note_ids
        self.assertEqual(note.terms_template_id, self.terms)
        self.assertIn('within 14 days', note.comment)

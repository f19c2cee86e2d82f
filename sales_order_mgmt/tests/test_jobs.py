# Copyright 2026 sales_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Long work as background jobs (OCA queue_job): the threshold switch, a
task's chunks and progress, its result and notification, a failure with its
reason, and a retry.

The jobs are run here as queue_job's runner runs them (controllers/main.py
of queue_job): load the job, perform it as its user, store it done; on an
exception, store it failed with the traceback. Nothing is mocked.
"""
import base64
import datetime
import io
import shutil
import tempfile
import traceback
import zipfile

import openpyxl
from PyPDF2 import PdfFileReader

from odoo import fields
from odoo.addons.queue_job.job import Job
from odoo.exceptions import AccessError
from odoo.tools import config

from .common import SalesOrderCase
from .test_documents_pdf import pdf_text
from .test_documents_xlsx import DocumentsXlsxCase


class JobRunnerMixin(object):
    """Runs a task's jobs the way queue_job's runner does."""

    def set_param(self, key, value):
        self.env['ir.config_parameter'].sudo().set_param(
            'sales_order_mgmt.job_%s' % key, str(value))

    def run_next(self, task):
        """Perform the task's current job; returns the job. An exception
        marks the job failed with its traceback (queue_job's runner does
        so in a transaction of its own) and is not raised."""
        job = Job.load(self.env, task.job_uuid)
        self.assertIn(job.state, ('pending', 'enqueued'))
        job.set_started()
        job.store()
        try:
            with self.env.cr.savepoint():
                job.perform()
        except Exception:  # pylint: disable=broad-except
            job.set_failed(exc_info=traceback.format_exc())
            job.store()
            task.invalidate_cache()
            return job
        job.set_done()
        job.store()
        task.invalidate_cache()
        return job

    def run_all(self, task, limit=50):
        """Every chunk of `task` until it is done or failed; returns the
        progress seen after each chunk."""
        seen = []
        for _index in range(limit):
            if task.state in ('done', 'failed'):
                return seen
            self.run_next(task)
            seen.append(task.progress)
        self.fail('task %s did not finish in %d chunks' % (task.name, limit))

    def activities(self, task, user):
        return self.env['mail.activity'].search(
            [('res_model', '=', 'sale.job'), ('res_id', '=', task.id),
             ('user_id', '=', user.id)])


class TestExportJobs(JobRunnerMixin, DocumentsXlsxCase):
    """March 2019: 7 posted lines on 4 invoices (the draft is not exported
    by default)."""

    def setUp(self):
        super(TestExportJobs, self).setUp()
        self.set_param('threshold_export_lines', 3)
        self.set_param('chunk_export_lines', 3)

    def wizard(self, user=None):
        return self.env['sale.accounting.export'].sudo(
            user or self.accountant).create({
                'date_from': self.date_from, 'date_to': self.date_to,
                'company_id': self.company.id})

    def workbook_rows(self, data):
        book = openpyxl.load_workbook(io.BytesIO(data))
        return {sheet.title: self.rows(sheet) for sheet in book.worksheets}

    def zip_members(self, task):
        archive = zipfile.ZipFile(io.BytesIO(base64.b64decode(
            task.attachment_id.datas)))
        return [(name, archive.read(name)) for name in archive.namelist()]

    def test_below_threshold_downloads_in_the_request(self):
        """At or below the threshold Export writes the workbook in the
        request, as before: the wizard shows it, no background task."""
        self.set_param('threshold_export_lines', 7)
        tasks = self.env['sale.job'].search_count([])
        wizard = self.wizard()
        action = wizard.action_export()
        self.assertEqual(action['type'], 'ir.actions.act_window')
        self.assertEqual(action['res_model'], 'sale.accounting.export')
        self.assertEqual(wizard.state, 'done')
        self.assertTrue(wizard.file_data)
        self.assertTrue(wizard.file_name.endswith('.xlsx'))
        self.assertEqual(self.env['sale.job'].search_count([]), tasks)

    def test_above_threshold_runs_as_jobs(self):
        """Above it, Export opens a background task; its chunks move the
        progress; the result is a ZIP of one workbook per run of days, each
        the very workbook the request gives for those days, their lines
        together the period's; an activity tells the accountant."""
        action = self.wizard().action_export()
        self.assertEqual(action['res_model'], 'sale.job')
        task = self.env['sale.job'].sudo(self.accountant).browse(
            action['res_id'])
        self.assertEqual((task.state, task.progress, task.user_id),
                         ('queued', 0.0, self.accountant))
        self.assertIn('7 lines', task.name)
        seen = self.run_all(task)
        # the plan, 3 runs of days of at most 3 lines (invoices of the 5th:
        # 2 lines, the 10th: 3, the 15th and 20th: 1 + 1), the ZIP
        self.assertEqual(task.steps_total, 5)
        self.assertEqual(seen, [20.0, 40.0, 60.0, 80.0, 100.0])
        self.assertEqual(task.state, 'done')
        self.assertTrue(task.attachment_id.name.endswith(
            '_2019-03-01_2019-03-31.zip'), task.attachment_id.name)
        members = self.zip_members(task)
        company = self.company.name.replace(' ', '_')
        self.assertEqual([name for name, _data in members], [
            'sales_export_%s_%s.xlsx' % (company, days) for days in (
                '2019-03-01_2019-03-09', '2019-03-10_2019-03-14',
                '2019-03-15_2019-03-31')])
        lines = []
        for name, data in members:
            date_from, date_to = name[:-5].rsplit('_', 2)[1:]
            got = self.workbook_rows(data)
            self.assertEqual(got, self.workbook_rows(self.export(
                date_from=date_from, date_to=date_to)))
            lines += got['Lines'][1:-1]
        whole = self.workbook_rows(self.export())['Lines'][1:-1]
        self.assertEqual(lines, whole)
        self.assertEqual(len(whole), 7)
        # only the result is left attached to the task (no parts)
        self.assertEqual(self.env['ir.attachment'].search(
            [('res_model', '=', 'sale.job'), ('res_id', '=', task.id)]),
            task.attachment_id)
        activity = self.activities(task, self.accountant)
        self.assertEqual(len(activity), 1)
        self.assertIn('Ready: sales_export_', activity.summary)
        download = task.action_download()
        self.assertIn('/web/content/%d' % task.attachment_id.id,
                      download['url'])

    def test_failure_says_why_and_retry_finishes(self):
        """A chunk that fails (the accountant lost the right to export
        mid-way) leaves the task failed with the reason and an activity;
        once the right is back, Retry runs the failed chunk and the task
        finishes."""
        task = self.env['sale.job'].sudo(self.accountant).browse(
            self.wizard().action_export()['res_id'])
        self.run_next(task)     # the plan
        self.assertEqual(task.state, 'running')
        group = self.env.ref('account.group_account_invoice')
        group.write({'users': [(3, self.accountant.id)]})
        job = self.run_next(task)
        self.assertEqual(job.state, 'failed')
        self.assertEqual(task.state, 'failed')
        self.assertIn('AccessError', task.failure)
        self.assertIn('Only accountants and sales managers may export',
                      task.failure)
        failed = self.activities(task, self.accountant)
        self.assertIn('Failed: ', failed.summary)
        self.assertEqual(task.progress, 20.0)
        # another salesman cannot retry (nor even read) it
        with self.assertRaises(AccessError):
            task.sudo(self.salesman).action_retry()
        group.write({'users': [(4, self.accountant.id)]})
        task.action_retry()
        self.assertEqual((task.state, task.failure), ('queued', False))
        self.assertEqual(Job.load(self.env, task.job_uuid).uuid, job.uuid)
        self.run_all(task)
        self.assertEqual((task.state, task.progress), ('done', 100.0))
        self.assertEqual(len(self.zip_members(task)), 3)


class TestPrintJobs(JobRunnerMixin, SalesOrderCase):

    @classmethod
    def setUpClass(cls):
        super(TestPrintJobs, cls).setUpClass()
        cls.report_dir = tempfile.mkdtemp(prefix='som-jobs-')
        cls._saved_report_dir = config.get('test_report_directory')
        config['test_report_directory'] = cls.report_dir
        cls.orders = cls.env['sale.order']
        for qty in (1, 2, 3):
            cls.orders |= cls.create_order(cls.customer_de, [(cls.desk, qty)])

    @classmethod
    def tearDownClass(cls):
        config['test_report_directory'] = cls._saved_report_dir
        shutil.rmtree(cls.report_dir, ignore_errors=True)
        super(TestPrintJobs, cls).tearDownClass()

    def test_threshold_switch(self):
        """3 quotations with a threshold of 3: the usual download; with
        a threshold of 2: a background task of 2 chunks of 2 and 1
        documents, then the merged PDF with every quotation."""
        orders = self.orders.sudo(self.salesman)
        self.set_param('threshold_print_documents', 3)
        action = orders.action_print_pdf_background()
        self.assertEqual(action['type'], 'ir.actions.report')
        self.assertEqual(action['report_name'], 'sale.report_saleorder')
        self.set_param('threshold_print_documents', 2)
        self.set_param('chunk_print_documents', 2)
        action = orders.action_print_pdf_background()
        task = self.env['sale.job'].sudo(self.salesman).browse(
            action['res_id'])
        self.assertEqual((task.kind, task.units_total, task.steps_total),
                         ('print', 3, 3))
        self.assertEqual(self.run_all(task), [33.3, 66.6, 100.0])
        self.assertEqual(task.attachment_id.name,
                         'quotations_orders_1-3_of_3.pdf')
        pdf = base64.b64decode(task.attachment_id.datas)
        self.assertGreaterEqual(
            PdfFileReader(io.BytesIO(pdf)).getNumPages(), 3)
        text = pdf_text(pdf)
        for order in self.orders:
            self.assertIn(order.name, text)
        self.assertIn('Ready: ', self.activities(task, self.salesman).summary)

    def test_volumes_in_a_zip(self):
        """PDFs of at most 2 documents: 2 chunks render, 2 merge, the last
        zips the 2 PDFs (documents 1-2 and 3)."""
        self.set_param('threshold_print_documents', 2)
        self.set_param('chunk_print_documents', 2)
        self.set_param('chunk_volume_print_documents', 2)
        action = self.orders.sudo(
            self.salesman).action_print_pdf_background()
        task = self.env['sale.job'].sudo(self.salesman).browse(
            action['res_id'])
        self.assertEqual(task.steps_total, 5)
        self.run_all(task)
        self.assertEqual(task.attachment_id.name, 'quotations_orders_3.zip')
        archive = zipfile.ZipFile(io.BytesIO(base64.b64decode(
            task.attachment_id.datas)))
        self.assertEqual(archive.namelist(), [
            'quotations_orders_1-2_of_3.pdf',
            'quotations_orders_3-3_of_3.pdf'])
        first, second = [pdf_text(archive.read(name))
                         for name in archive.namelist()]
        self.assertIn(self.orders[0].name, first)
        self.assertIn(self.orders[1].name, first)
        self.assertNotIn(self.orders[2].name, first)
        self.assertIn(self.orders[2].name, second)


class TestAgeingJobs(JobRunnerMixin, SalesOrderCase):

    def test_ageing_above_threshold_runs_in_chunks(self):
        """3 expired backorders, threshold 2, chunks of 2: the daily run
        cancels nothing itself, its task cancels 2 then 1, each with the
        reason on the backorder and in the order's chatter."""
        policy = self.env['sale.backorder.policy'].sudo(
            self.sale_manager).create({'name': 'Test allow 10 days',
                                       'mode': 'allow',
                                       'max_backorder_days': 10})
        self.set_stock(self.desk, self.main_warehouse, 18)
        backorders = self.env['stock.picking']
        for _index in range(3):
            order = self.create_order(self.customer_de, [(self.desk, 10)],
                                      backorder_policy_id=policy.id)
            order.sudo(self.salesman).action_confirm()
            picking = order.picking_ids
            self.deliver(picking, {self.desk: 6})
            backorders |= self.env['stock.picking'].search(
                [('backorder_id', '=', picking.id)])
        self.assertEqual(len(backorders), 3)
        self.set_param('threshold_ageing_pickings', 2)
        self.set_param('chunk_ageing_pickings', 2)
        Picking = self.env['stock.picking']
        today = fields.Date.from_string(fields.Date.context_today(Picking))
        due = fields.Date.to_string(today + datetime.timedelta(days=11))
        self.assertFalse(Picking._cron_cancel_expired_backorders(due))
        self.assertEqual(set(backorders.mapped('state')) & {'cancel'}, set())
        task = self.env['sale.job'].search([('kind', '=', 'ageing')])
        self.assertEqual((task.units_total, task.steps_total), (3, 2))
        self.run_next(task)
        self.assertEqual(backorders.mapped('state').count('cancel'), 2)
        self.assertEqual(task.progress, 50.0)
        self.run_all(task)
        self.assertEqual(task.state, 'done')
        self.assertEqual(set(backorders.mapped('state')), {'cancel'})
        for backorder in backorders:
            self.assertIn('more than 10 days', backorder.backorder_decision)
            self.assertIn('Backorder cancelled', '\n'.join(
                backorder.sale_id.message_ids.mapped('body')))

# Copyright 2026 sales_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Background work: one `sale.job` record per long task a user asked for.

Long work (the accounting export above a number of lines, printing above a
number of documents, the backorder ageing run above a number of pickings)
runs as a chain of OCA queue_job jobs, one per chunk. Each chunk is one job,
hence one transaction that the job runner commits: the record's progress
moves chunk by chunk, no job runs near limit_time_real, and any server of
several can run any chunk (everything a chunk needs is in the database: the
parameters and plan on this record, the finished chunks as attachments).

The record says what runs, how far it is, why it failed (from queue_job's
traceback, see models/jobs/queue_job.py) and, when done, holds the result as an
attachment and gives its requester an activity.

A chunk job runs as the user who asked (queue_job's rule), so every read
applies that user's access rights. This record is written by the jobs with
sudo(): users may only read their own tasks.
"""
import base64
import io
import json
import zipfile

from odoo import _, api, fields, models
from odoo.addons.queue_job.job import job
from odoo.exceptions import AccessError, UserError

from ...engine import jobs as engine

KINDS = [('export', 'Accounting export'),
         ('print', 'Printing'),
         ('ageing', 'Backorder ageing')]


STATES = [('queued', 'Queued'),
          ('running', 'Running'),
          ('done', 'Done'),
          ('failed', 'Failed')]


#: Prefix of the attachments that hold a finished chunk until the result is
#: assembled (they are deleted then); VOLUME_PREFIX: chunks put together.
PART_PREFIX = 'sale_job_part_'


VOLUME_PREFIX = 'sale_job_volume_'


#: Groups that see and retry every user's tasks.
MANAGER_GROUPS = ('queue_job.group_queue_job_manager', 'base.group_system')


class SaleJob(models.Model):
    _name = 'sale.job'
    _inherit = ['mail.thread', 'mail.activity.mixin']
    _description = 'Background task'
    _order = 'id desc'

    name = fields.Char(required=True, readonly=True)
    kind = fields.Selection(KINDS, required=True, readonly=True)
    user_id = fields.Many2one(
        'res.users', string='Requested by', required=True, readonly=True,
        index=True, ondelete='cascade')
    company_id = fields.Many2one('res.company', readonly=True)
    state = fields.Selection(
        STATES, required=True, default='queued', readonly=True,
        track_visibility='onchange')
    steps_total = fields.Integer(string='Chunks', readonly=True)
    steps_done = fields.Integer(string='Chunks done', readonly=True)
    progress = fields.Float(
        string='Progress (%)', compute='_compute_progress', store=True,
        group_operator='avg')
    units_total = fields.Integer(
        string='Size', readonly=True,
        help='Lines to export, documents to print or backorders to cancel.')
    failure = fields.Text(
        string='Failure reason', readonly=True,
        help='Why the last chunk failed (the full traceback is on the '
             'queue job). Retry runs the failed chunk again.')
    job_uuid = fields.Char(
        string='Current job', readonly=True, index=True, copy=False)
    attachment_id = fields.Many2one(
        'ir.attachment', string='Result', readonly=True, copy=False)
    date_done = fields.Datetime(string='Finished', readonly=True)
    next_step = fields.Integer(readonly=True)
    params = fields.Text(readonly=True)
    plan = fields.Text(readonly=True)

    @api.depends('steps_done', 'steps_total', 'state')
    def _compute_progress(self):
        for task in self:
            task.progress = 100.0 if task.state == 'done' else \
                engine.progress_percent(task.steps_done, task.steps_total)

    # -- actions -------------------------------------------------------------
    @api.multi
    def action_retry(self):
        """Run the failed chunk again (queue_job's requeue)."""
        self.ensure_one()
        self._check_own_or_manager()
        if self.state != 'failed':
            raise UserError(_('Only a failed task can be retried; "%s" is '
                              '%s.') % (self.name, dict(STATES)[self.state]))
        # sudo: queue.job is readable by queue job managers only; the
        # requester (checked above) may requeue the job of their own task.
        queue_job = self.env['queue.job'].sudo().search(
            [('uuid', '=', self.job_uuid)])
        if not queue_job:
            raise UserError(_('The job of "%s" no longer exists: start the '
                              'work again.') % self.name)
        queue_job.requeue()
        return True

    @api.multi
    def action_download(self):
        self.ensure_one()
        if not self.attachment_id:
            raise UserError(_('"%s" has no result yet.') % self.name)
        return {
            'type': 'ir.actions.act_url',
            'url': '/web/content/%d?download=true' % self.attachment_id.id,
            'target': 'self',
        }

    @api.multi
    def action_open(self):
        """The task's form (what a request returns when it leaves the work
        to background jobs)."""
        self.ensure_one()
        return {
            'type': 'ir.actions.act_window',
            'name': _('Background task'),
            'res_model': 'sale.job',
            'res_id': self.id,
            'view_mode': 'form',
            'target': 'current',
        }

    # -- starting ------------------------------------------------------------
    @api.model
    def _threshold(self, key):
        return self._config_limit('threshold', key)

    @api.model
    def _chunk(self, key):
        return self._config_limit('chunk', key)

    @api.model
    def _config_limit(self, prefix, key):
        defaults = engine.DEFAULT_THRESHOLDS if prefix == 'threshold' \
            else engine.DEFAULT_CHUNKS
        # sudo: configuration parameters are readable by admins only; these
        # two numbers only decide where the work runs.
        raw = self.env['ir.config_parameter'].sudo().get_param(
            'sales_order_mgmt.job_%s_%s' % (prefix, key))
        return engine.parse_limit(raw, defaults[key])

    @api.model
    def _start(self, kind, name, params, units, steps, plan=None):
        """Create the task of the current user and enqueue its first chunk.

        Callers have checked that the user may do the work; the chunks run
        as this user and check it again."""
        # sudo: users only read their tasks; the task is created for the
        # current user, with what the caller decided.
        task = self.sudo().create({
            'name': name,
            'kind': kind,
            'user_id': self.env.uid,
            'company_id': self.env.user.company_id.id,
            'params': json.dumps(params),
            'plan': json.dumps(plan) if plan is not None else False,
            'units_total': units,
            'steps_total': steps,
        })
        task = task.sudo(self.env.uid)
        task._enqueue_step(0)
        return task

    @api.multi
    def _enqueue_step(self, index):
        self.ensure_one()
        queued = self.with_delay(
            description=_('%s (chunk %d)') % (self.name, index + 1),
        )._run_step(index)
        # sudo: see _start.
        self.sudo().write({'job_uuid': queued.uuid, 'next_step': index})

    # -- the job -------------------------------------------------------------
    @job(default_channel='root')
    @api.multi
    def _run_step(self, index):
        """One chunk of the task, then the next chunk is enqueued (or the
        task is finished). A chunk that is not the expected one (run twice)
        does nothing."""
        self.ensure_one()
        if self.state in ('done',) or index != self.next_step:
            return _('Nothing to do: chunk %d is not the next one.') % (
                index + 1)
        # sudo: see _start (the requester reads the task, the job writes).
        task = self.sudo()
        task.write({'state': 'running', 'failure': False})
        more = getattr(self, '_step_%s' % self.kind)(index)
        done = index + 1
        if more:
            task.write({'steps_done': done,
                        'steps_total': max(task.steps_total, done + 1)})
            self._enqueue_step(index + 1)
            return _('Chunk %d done.') % done
        task.write({'steps_done': done, 'steps_total': done,
                    'state': 'done', 'date_done': fields.Datetime.now()})
        self._notify_done()
        return _('Done.')

    # -- chunks' storage -----------------------------------------------------
    @api.multi
    def _store_part(self, index, data, name=None, prefix=PART_PREFIX):
        """Keep a finished chunk's file (`name`: its name in a ZIP)."""
        self.ensure_one()
        # sudo: attachments of the task are written by its jobs (see _start).
        self.env['ir.attachment'].sudo().create({
            'name': '%s%05d' % (prefix, index),
            'datas_fname': name or '%s%05d' % (prefix, index),
            'res_model': self._name,
            'res_id': self.id,
            'datas': base64.b64encode(data),
            'mimetype': 'application/octet-stream',
        })

    @api.multi
    def _parts(self, prefix=PART_PREFIX, indexes=None):
        """The stored chunks in order (those of `indexes` only if given),
        read as the requester (attachments follow the access to their
        task)."""
        self.ensure_one()
        domain = [('res_model', '=', self._name), ('res_id', '=', self.id),
                  ('name', '=like', prefix + '%')]
        if indexes is not None:
            domain.append(('name', 'in', ['%s%05d' % (prefix, index)
                                          for index in indexes]))
        return self.env['ir.attachment'].search(domain, order='name')

    @api.multi
    def _iter_parts(self, prefix=PART_PREFIX, indexes=None):
        """The stored chunks' bytes, in order, one at a time."""
        for part in self._parts(prefix, indexes):
            yield base64.b64decode(part.datas)

    @api.multi
    def _finish(self, file_name, data, mimetype):
        """Attach the result and drop the stored chunks."""
        self.ensure_one()
        leftovers = self._parts() | self._parts(VOLUME_PREFIX)
        # sudo: see _store_part.
        attachment = self.env['ir.attachment'].sudo().create({
            'name': file_name,
            'datas_fname': file_name,
            'res_model': self._name,
            'res_id': self.id,
            'datas': base64.b64encode(data),
            'mimetype': mimetype,
        })
        leftovers.sudo().unlink()
        self.sudo().write({'attachment_id': attachment.id})

    @api.multi
    def _finish_zip(self, file_name, prefix=PART_PREFIX):
        """Attach the stored chunks' files in one ZIP (stored, not
        compressed again: XLSX and PDF are compressed already)."""
        out = io.BytesIO()
        with zipfile.ZipFile(out, 'w', zipfile.ZIP_STORED) as archive:
            for part in self._parts(prefix):
                archive.writestr(part.datas_fname,
                                 base64.b64decode(part.datas))
        self._finish(file_name, out.getvalue(), 'application/zip')

    # -- notifications -------------------------------------------------------
    @api.multi
    def _notify_done(self):
        self.ensure_one()
        if self.attachment_id:
            summary = _('Ready: %s') % self.attachment_id.name
        else:
            summary = _('Done: %s') % self.name
        self._notify_requester(summary, _(
            '%s is done (%d of %d).') % (
                self.name, self.units_total, self.units_total))

    @api.multi
    def _notify_failed(self):
        for task in self:
            task._notify_requester(
                _('Failed: %s') % task.name,
                _('%s failed: %s. Open the task and press Retry once the '
                  'cause is fixed.') % (task.name, task.failure))

    @api.multi
    def _notify_requester(self, summary, body):
        """An activity for the requester and a message in the task's
        chatter (which notifies them)."""
        self.ensure_one()
        # sudo: the job writes the task's chatter and activities.
        task = self.sudo()
        task._schedule_activity(self.user_id, summary, body)
        task.message_post(
            body=body, subtype='mail.mt_comment',
            partner_ids=[(4, self.user_id.partner_id.id)],
            attachment_ids=self.attachment_id.ids)

    @api.multi
    def _schedule_activity(self, user, summary, note):
        self.ensure_one()
        self.env['mail.activity'].create({
            'res_model_id': self.env['ir.model']._get_id(self._name),
            'res_id': self.id,
            'activity_type_id': self.env.ref(
                'mail.mail_activity_data_todo').id,
            'summary': summary,
            'note': note,
            'user_id': user.id,
            'date_deadline': fields.Date.context_today(self),
        })

    # -- access --------------------------------------------------------------
    @api.multi
    def _check_own_or_manager(self):
        user = self.env.user
        if any(user.has_group(group) for group in MANAGER_GROUPS):
            return
        if any(task.user_id != user for task in self):
            raise AccessError(_('Only the user who started a background '
                                'task (or a job manager) may retry it.'))

    @api.multi
    def _job_failed(self, reason):
        """Called when queue_job marks the current job of these tasks as
        failed (models/jobs/queue_job.py)."""
        # sudo: see _start.
        self.sudo().write({'state': 'failed', 'failure': reason})
        self._notify_failed()

    @api.multi
    def _job_requeued(self):
        # sudo: see _start.
        self.sudo().filtered(lambda task: task.state == 'failed').write(
            {'state': 'queued', 'failure': False})

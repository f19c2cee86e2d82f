# Copyright 2026 sales_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Two Odoo servers on one database (docs/DEPLOYMENT.md): server A and
server B, each `scripts/odoo --workers 2` on its own port, share the
PostgreSQL database and the filestore (sessions included); B also runs the
queue_job runner.

A user logs in on A and carries on on B with the same session cookie: the
session holds, what B does (confirming an order, which goes through the
addon's per-transaction state in transaction_state.py) is what A reads, and
a setting changed on B (a threshold, read through Odoo's cached
ir.config_parameter) is what A applies at once. A print started on A above
the threshold becomes a background task that B's runner runs to the end.

The servers run on a copy of the test database (pg_dump, since the test
run holds connections to it), dropped afterwards: nothing they commit
reaches the other tests.
"""
import json
import os
import shutil
import signal
import subprocess
import tempfile
import time
import unittest
import urllib.request

import odoo
from odoo.tests import common

from .test_scale_prefork_server import SERVER, free_port, get

PSQL = ['-h', '/var/run/postgresql']


class Client(object):
    """JSON-RPC over HTTP with a session cookie that can move between
    servers."""

    def __init__(self, base):
        self.base = base
        self.session_id = None

    def post(self, path, params, base=None):
        request = urllib.request.Request(
            (base or self.base) + path,
            data=json.dumps({'jsonrpc': '2.0', 'method': 'call',
                             'params': params, 'id': 1}).encode('utf-8'),
            headers={'Content-Type': 'application/json'})
        if self.session_id:
            request.add_header('Cookie', 'session_id=%s' % self.session_id)
        with urllib.request.urlopen(request, timeout=120) as answer:
            cookie = answer.headers.get('Set-Cookie') or ''
            if 'session_id=' in cookie:
                self.session_id = cookie.split('session_id=')[1].split(
                    ';')[0]
            body = json.loads(answer.read().decode('utf-8'))
        if 'error' in body:
            raise AssertionError(json.dumps(body['error'])[:3000])
        return body['result']

    def call(self, model, method, *args, **kwargs):
        base = kwargs.pop('base', None)
        return self.post('/web/dataset/call_kw/%s/%s' % (model, method), {
            'model': model, 'method': method, 'args': list(args),
            'kwargs': kwargs}, base=base)


class TestTwoServers(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        super(TestTwoServers, cls).setUpClass()
        source = common.get_db_name()
        cls.db = '%s_two' % source
        subprocess.call(['dropdb'] + PSQL + ['--if-exists', cls.db])
        subprocess.check_call(['createdb'] + PSQL + [cls.db])
        dump = subprocess.Popen(['pg_dump'] + PSQL + [source],
                                stdout=subprocess.PIPE)
        subprocess.check_call(['psql', '-q'] + PSQL + [cls.db],
                              stdin=dump.stdout, stdout=subprocess.DEVNULL)
        dump.wait()
        filestore = odoo.tools.config.filestore
        cls.filestore = filestore(cls.db)
        shutil.rmtree(cls.filestore, ignore_errors=True)
        if os.path.isdir(filestore(source)):
            shutil.copytree(filestore(source), cls.filestore)
        cls.servers, cls.logs = {}, {}
        for name, channels in (('A', 'root:0'), ('B', 'root:2')):
            port = free_port()
            handle, log = tempfile.mkstemp(suffix='.log',
                                           prefix='som-two-%s-' % name)
            os.close(handle)
            env = dict(os.environ, ODOO_QUEUE_JOB_CHANNELS=channels)
            cls.servers[name] = (port, subprocess.Popen([
                SERVER, '-c', odoo.tools.config.rcfile, '-d', cls.db,
                '--db-filter', '^%s$' % cls.db, '--load', 'web,queue_job',
                '--workers', '2', '--max-cron-threads', '0',
                '--http-interface', '127.0.0.1', '--http-port', str(port),
                '--longpolling-port', str(free_port()),
                '--logfile', log, '--log-level', 'info',
            ], env=env, stdout=subprocess.DEVNULL,
                stderr=subprocess.STDOUT, start_new_session=True))
            cls.logs[name] = log

    @classmethod
    def tearDownClass(cls):
        for _port, server in cls.servers.values():
            if server.poll() is None:
                server.send_signal(signal.SIGTERM)
                try:
                    server.wait(30)
                except subprocess.TimeoutExpired:
                    pass
            try:
                os.killpg(server.pid, signal.SIGKILL)
            except OSError:
                pass
        for log in cls.logs.values():
            os.unlink(log)
        subprocess.call(['dropdb'] + PSQL + ['--if-exists', cls.db])
        shutil.rmtree(cls.filestore, ignore_errors=True)
        super(TestTwoServers, cls).tearDownClass()

    def url(self, name):
        return 'http://127.0.0.1:%d' % self.servers[name][0]

    def log(self, name):
        with open(self.logs[name], encoding='utf-8',
                  errors='replace') as handle:
            return handle.read()[-3000:]

    def wait_up(self, name, deadline):
        status, body = None, ''
        while time.time() < deadline:
            status, body = get(self.url(name) + '/web/login')
            if status == 200:
                return
            time.sleep(1)
        self.fail('server %s not up: %s\n%s' % (name, body, self.log(name)))

    def test_session_state_and_jobs_across_servers(self):
        deadline = time.time() + 120
        for name in self.servers:
            self.wait_up(name, deadline)
        a, b = self.url('A'), self.url('B')
        client = Client(a)
        info = client.post('/web/session/authenticate', {
            'db': self.db, 'login': 'admin', 'password': 'admin'})
        uid = info['uid']
        self.assertTrue(uid)
        # The same cookie on B: the same user (sessions are files in the
        # data_dir both servers share).
        info_b = client.post('/web/session/get_session_info', {}, base=b)
        self.assertEqual((info_b['uid'], info_b['db']), (uid, self.db))

        # Data made on A, an order confirmed on B, figures read on A.
        country = client.call('res.country', 'search', [('code', '=', 'DE')])
        partner = client.call('res.partner', 'create', {
            'name': 'Two-server customer', 'street': 'Teststraße 1',
            'city': 'Berlin', 'zip': '10115', 'country_id': country[0],
            'email': 'two@example.com'})
        product = client.call('product.product', 'create', {
            'name': 'Two-server desk', 'type': 'product',
            'list_price': 100.0})
        orders = [
            client.call('sale.order', 'create', {
                'partner_id': partner,
                'order_line': [(0, 0, {'product_id': product,
                                       'product_uom_qty': qty})]})
            for qty in (1, 2, 3)]
        client.call('sale.order', 'action_confirm', orders[:1], base=b)
        state_a = client.call('sale.order', 'read', orders[:1],
                              ['state', 'fulfilment_state',
                               'fulfilment_ordered_qty', 'picking_ids'])[0]
        self.assertEqual(state_a['state'], 'sale')
        self.assertEqual(state_a['fulfilment_ordered_qty'], 1.0)
        self.assertEqual(len(state_a['picking_ids']), 1)

        # A threshold set on B is applied by A at once (Odoo's cache of
        # ir.config_parameter is invalidated across processes).
        for key, value in (('threshold_print_documents', '2'),
                           ('chunk_print_documents', '1')):
            client.call('ir.config_parameter', 'set_param',
                        'sales_order_mgmt.job_%s' % key, value, base=b)
        action = client.call('sale.order', 'action_print_pdf_background',
                             orders)
        self.assertEqual(action['res_model'], 'sale.job',
                         msg='A did not see the threshold set on B')
        task_id = action['res_id']
        # B's runner runs the chunks (A runs none: root:0).
        task = {}
        while time.time() < deadline + 120:
            task = client.call('sale.job', 'read', [task_id], [
                'state', 'progress', 'attachment_id', 'failure'])[0]
            if task['state'] in ('done', 'failed'):
                break
            time.sleep(0.5)
        self.assertEqual(task['state'], 'done', msg='%s\nA:\n%s\nB:\n%s' % (
            task, self.log('A'), self.log('B')))
        self.assertEqual(task['progress'], 100.0)
        self.assertIn('queue_job.jobrunner.runner', open(
            self.logs['B']).read())
        self.assertNotIn('queue_job/runjob', open(self.logs['A']).read())
        # The file, downloaded from the other server with the same cookie.
        request = urllib.request.Request(
            '%s/web/content/%d?download=true' % (b, task['attachment_id'][0]),
            headers={'Cookie': 'session_id=%s' % client.session_id})
        with urllib.request.urlopen(request, timeout=60) as answer:
            self.assertTrue(answer.read().startswith(b'%PDF'))
        for name in self.servers:
            self.assertNotIn('Traceback', self.log(name), msg=name)

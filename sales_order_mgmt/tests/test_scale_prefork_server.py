"""Multi-process mode: the project's server command (scripts/odoo) started
with `--workers 2`, as a company runs Odoo, serves the login page over real
HTTP, and its long-polling process (which Odoo's prefork server spawns as
`[python, sys.argv[0], 'gevent', ...]`) starts once and stays up instead of
dying and being re-spawned in a loop.

The server is a separate process on this test database (no cron worker: it
must not run scheduled actions in the middle of other tests).
"""
import os
import signal
import socket
import subprocess
import tempfile
import time
import unittest
import urllib.request

import odoo
from odoo.tests import common

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
SERVER = os.path.join(ROOT, 'scripts', 'odoo')


def free_port():
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        return sock.getsockname()[1]


def get(url, timeout=10):
    """(status, body) of a GET, or (None, error text)."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as answer:
            return answer.status, answer.read().decode('utf-8', 'replace')
    except OSError as error:  # refused, reset, HTTP error, timeout
        return None, str(error)


def children(pid):
    """{child pid: command line} of a process."""
    found = {}
    for task in os.listdir('/proc/%d/task' % pid):
        path = '/proc/%d/task/%s/children' % (pid, task)
        with open(path) as handle:
            for child in handle.read().split():
                try:
                    with open('/proc/%s/cmdline' % child, 'rb') as cmd:
                        found[int(child)] = cmd.read().replace(
                            b'\0', b' ').decode('utf-8', 'replace')
                except OSError:  # gone meanwhile
                    continue
    return found


class TestPreforkServer(unittest.TestCase):
    """`scripts/odoo --workers 2` serves and keeps one long-polling process."""

    def setUp(self):
        super(TestPreforkServer, self).setUp()
        self.http_port, self.poll_port = free_port(), free_port()
        handle, self.logfile = tempfile.mkstemp(suffix='.log',
                                                prefix='som-prefork-')
        os.close(handle)
        self.server = subprocess.Popen([
            SERVER, '-c', odoo.tools.config.rcfile,
            '-d', common.get_db_name(), '--workers', '2',
            '--max-cron-threads', '0', '--http-interface', '127.0.0.1',
            '--http-port', str(self.http_port),
            '--longpolling-port', str(self.poll_port),
            '--logfile', self.logfile, '--log-level', 'info',
        ], stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT,
            start_new_session=True)

    def tearDown(self):
        if self.server.poll() is None:
            self.server.send_signal(signal.SIGTERM)
            try:
                self.server.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(self.server.pid, signal.SIGKILL)
                self.server.wait(10)
        try:  # the long-polling process is in the same session
            os.killpg(self.server.pid, signal.SIGKILL)
        except OSError:
            pass
        os.unlink(self.logfile)
        super(TestPreforkServer, self).tearDown()

    def _log(self):
        with open(self.logfile, encoding='utf-8', errors='replace') as handle:
            return handle.read()

    def _wait_for(self, url, deadline):
        status, body = None, ''
        while time.time() < deadline and self.server.poll() is None:
            status, body = get(url)
            if status == 200:
                break
            time.sleep(1)
        return status, body

    def _longpolling_pids(self):
        return sorted(pid for pid, cmd in children(self.server.pid).items()
                      if ' gevent ' in cmd + ' ')

    def test_workers_serve_and_longpolling_stays_up(self):
        """Two HTTP workers answer /web/login; the long-polling process
        answers on its own port, is one process that keeps its pid over
        ten seconds, and the server logs no traceback."""
        deadline = time.time() + 90
        status, body = self._wait_for(
            'http://127.0.0.1:%d/web/login' % self.http_port, deadline)
        self.assertEqual(status, 200,
                         msg='%s\n%s' % (body, self._log()[-3000:]))
        self.assertIn('name="login"', body)
        status, body = self._wait_for(
            'http://127.0.0.1:%d/web/login' % self.poll_port, deadline)
        self.assertEqual(status, 200, msg='long-polling port: %s\n%s' % (
            body, self._log()[-3000:]))
        first = self._longpolling_pids()
        self.assertEqual(len(first), 1, msg=str(children(self.server.pid)))
        time.sleep(10)
        self.assertEqual(self._longpolling_pids(), first,
                         msg='long-polling process re-spawned:\n%s'
                         % self._log()[-3000:])
        self.assertIsNone(self.server.poll())
        log = self._log()
        self.assertNotIn('Traceback', log, msg=log[-3000:])
        workers = [cmd for cmd in children(self.server.pid).values()
                   if ' gevent ' not in cmd + ' ']
        self.assertGreaterEqual(len(workers), 2, msg=str(workers))

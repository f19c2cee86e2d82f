"""Real-browser test harness: Debian's Chromium driven by selenium against an
Odoo HTTP server started in this process on a free loopback port.

The browser's requests run on Odoo's test cursor (HttpCase's test mode), and
so do the test's own ORM calls (`self.env`), so what a test creates is what
the browser shows, and everything is rolled back afterwards. A failing test
leaves a screenshot and the browser console in test-artifacts/.
"""
import contextlib
import json
import os
import re
import shutil
import socket
import tempfile
import threading
import time

import odoo
from odoo import api
from odoo.tests import common

try:
    from selenium import webdriver
    from selenium.common.exceptions import StaleElementReferenceException
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as expected
    from selenium.webdriver.support.ui import WebDriverWait
except ImportError:  # pragma: no cover - selenium is in requirements.txt
    webdriver = None

CHROMIUM = os.environ.get('SOM_CHROMIUM', '/usr/bin/chromium')
CHROMEDRIVER = os.environ.get('SOM_CHROMEDRIVER', '/usr/bin/chromedriver')
ARTIFACTS = os.environ.get('SOM_TEST_ARTIFACTS', os.path.join(
    os.path.dirname(__file__), '..', '..', 'test-artifacts'))
_server_lock = threading.Lock()


def _test_cursor_commit(self):
    """Odoo 11's TestCursor.commit releases its savepoint, which releases
    every savepoint taken after it: a request that opens a savepoint, then
    reads a float field (its digits are read on another cursor, which in
    test mode is this one and "commits" when closed), fails with "savepoint
    does not exist", though in production that other cursor is another
    connection. A new savepoint of the same name gives the same rollback
    point without dropping the request's own savepoints."""
    self.execute('SAVEPOINT test_cursor')


odoo.sql_db.TestCursor.commit = _test_cursor_commit


def warm_asset_bundles(dbname):
    """Compile the web client's asset bundles once, on a real cursor.

    Odoo compiles LESS and minifies JS on the first request that needs a
    bundle and stores the result as attachments. On the test cursor those
    attachments are rolled back after every request, so each page load of a
    browser test would compile them again (tens of seconds): compile them
    here once, committed in the (throwaway) test database.
    """
    if getattr(warm_asset_bundles, 'done', False):
        return
    registry = odoo.registry(dbname)
    with registry.cursor() as cr:
        env = api.Environment(cr, odoo.SUPERUSER_ID, {})
        qweb = env['ir.qweb']
        for xmlid in ('web.assets_common', 'web.assets_backend',
                      'web.assets_frontend', 'web.report_assets_common'):
            try:
                files, remains = qweb._get_asset_content(xmlid, {})
            except ValueError:  # bundle not installed in this database
                continue
            bundle = qweb.get_asset_bundle(xmlid, files, remains, env=env)
            bundle.js()
            bundle.css()
    warm_asset_bundles.done = True


def ensure_http_server():
    """Serve Odoo over HTTP from this process (once), on config's port."""
    with _server_lock:
        if getattr(ensure_http_server, 'started', False):
            return
        server = odoo.service.server.server or \
            odoo.service.server.ThreadedServer(
                odoo.service.wsgi_server.application)
        server.http_spawn()
        deadline = time.time() + 30
        while time.time() < deadline:
            with contextlib.closing(socket.socket()) as sock:
                if sock.connect_ex((common.HOST, common.PORT)) == 0:
                    ensure_http_server.started = True
                    return
            time.sleep(0.1)
        raise RuntimeError(
            'Odoo HTTP server did not start on %s:%s'
            % (common.HOST, common.PORT))


class HttpServerCase(common.HttpCase):
    """Odoo served over real HTTP from this process, for tests that talk to
    it without a browser (portal JSON routes, downloads): `self.opener`
    (requests.Session of HttpCase), `self.base_url`, `commit_fixtures()`
    and `db()` to use the ORM between requests."""

    base_url = 'http://%s:%s' % (common.HOST, common.PORT)
    timeout = 90

    @classmethod
    def setUpClass(cls):
        super(HttpServerCase, cls).setUpClass()
        warm_asset_bundles(common.get_db_name())
        ensure_http_server()

    def setUp(self):
        super(HttpServerCase, self).setUp()
        # The test's ORM calls use the HTTP requests' cursor (test mode).
        self.env = api.Environment(
            self.registry.test_cr, odoo.SUPERUSER_ID, {})

    def commit_fixtures(self):
        """Make what the test created survive the requests' rollbacks.

        Each HTTP request ends by rolling the shared test cursor back to its
        last (simulated) commit; this moves that point after the fixtures.
        The test cursor never really commits: all is rolled back at the end.
        """
        self.env.cr.commit()  # pylint: disable=invalid-commit

    @contextlib.contextmanager
    def db(self):
        """Use the shared cursor from the test thread, between requests."""
        self.registry.test_cr.acquire()
        try:
            self.env['res.partner'].invalidate_cache()
            yield self.env
        finally:
            self.registry.test_cr.release()


class BrowserCase(HttpServerCase):
    """A test case with `self.browser` (selenium Chrome) and helpers."""

    @classmethod
    def setUpClass(cls):
        super(BrowserCase, cls).setUpClass()
        if webdriver is None or not os.path.exists(CHROMEDRIVER):
            raise RuntimeError(
                'Browser tests need Debian chromium + chromium-driver and '
                'selenium (make test installs them)')
        cls.profile_dir = tempfile.mkdtemp(prefix='som-chromium-')
        options = webdriver.ChromeOptions()
        options.binary_location = CHROMIUM
        for arg in ('--headless=new', '--no-sandbox', '--disable-gpu',
                    '--disable-dev-shm-usage', '--disable-quic',
                    '--no-first-run', '--disable-background-networking',
                    '--disable-component-update', '--disable-sync',
                    '--window-size=1400,1000', '--lang=en-US',
                    '--user-data-dir=%s' % cls.profile_dir):
            options.add_argument(arg)
        options.set_capability('goog:loggingPrefs', {'browser': 'ALL'})
        cls.browser = webdriver.Chrome(
            service=Service(CHROMEDRIVER), options=options)
        cls.browser.set_page_load_timeout(cls.timeout)

    @classmethod
    def tearDownClass(cls):
        cls.browser.quit()
        shutil.rmtree(cls.profile_dir, ignore_errors=True)
        super(BrowserCase, cls).tearDownClass()

    def setUp(self):
        # Leave the previous test's web client first: its polling requests
        # share the test cursor with this test's fixtures.
        self.browser.get('about:blank')
        super(BrowserCase, self).setUp()
        # Every cookie of every site (delete_all_cookies only clears the
        # current page's, and about:blank has none): a fresh session.
        self.browser.execute_cdp_cmd('Network.clearBrowserCookies', {})
        self.console = []

    def tearDown(self):
        errors = [err for _test, err in self._outcome.errors if err]
        if errors:
            self.save_artifacts()
        super(BrowserCase, self).tearDown()

    # helpers -------------------------------------------------------------
    def save_artifacts(self):
        os.makedirs(ARTIFACTS, exist_ok=True)
        name = re.sub(r'[^\w.]+', '_', self.id())
        path = os.path.join(ARTIFACTS, name)
        self.browser.save_screenshot(path + '.png')
        with open(path + '.html', 'w') as handle:
            handle.write('<!-- %s -->\n' % self.browser.current_url)
            handle.write(self.browser.page_source)
        with open(path + '.console.json', 'w') as handle:
            json.dump(self.console + self.read_console(), handle, indent=1)

    def read_console(self):
        entries = self.browser.get_log('browser')
        self.console.extend(entries)
        return entries

    def severe_console_entries(self):
        return [entry for entry in self.read_console()
                if entry.get('level') == 'SEVERE']

    def wait_until(self, condition, timeout=None):
        """WebDriverWait(...).until(condition), through the web client's
        re-renders: an element read by ``condition`` that the client has
        just replaced (stale) means "not yet", as in Selenium's own
        expected conditions."""
        return WebDriverWait(
            self.browser, timeout or self.timeout,
            ignored_exceptions=(StaleElementReferenceException,)).until(
                condition)

    def wait_for(self, css, timeout=None):
        return WebDriverWait(self.browser, timeout or self.timeout).until(
            expected.visibility_of_element_located((By.CSS_SELECTOR, css)))

    def wait_for_text(self, css, text, timeout=None):
        WebDriverWait(self.browser, timeout or self.timeout).until(
            expected.text_to_be_present_in_element(
                (By.CSS_SELECTOR, css), text))
        return self.browser.find_element(By.CSS_SELECTOR, css)

    def screenshot(self, filename):
        """Save a screenshot (for the README) into test-artifacts/."""
        os.makedirs(ARTIFACTS, exist_ok=True)
        path = os.path.join(ARTIFACTS, filename)
        self.browser.save_screenshot(path)
        return path

    def login(self, user):
        """Log in through the real login form and wait for the web client."""
        self.browser.get(self.base_url + '/web/login')
        self.wait_for('input[name=login]').send_keys(user.login)
        password = self.browser.find_element(
            By.CSS_SELECTOR, 'input[name=password]')
        password.send_keys(user.login)  # fixtures: password = login
        password.submit()
        self.wait_for('#oe_main_menu_navbar')
        self.wait_for_client_idle()

    def open_record(self, record, view_type='form'):
        """Open `record` by its URL, as a bookmarked link would."""
        # A hash-only change on /web would race with the client's own
        # routing: load the page afresh.
        self.browser.get('about:blank')
        self.browser.get('%s/web#id=%d&model=%s&view_type=%s' % (
            self.base_url, record.id, record._name, view_type))
        self.wait_for('.o_form_view' if view_type == 'form' else
                      '.o_view_manager_content')
        self.wait_for_client_idle()

    def wait_for_client_idle(self, timeout=None):
        """Wait until the page is loaded and the web client is not busy."""
        WebDriverWait(self.browser, timeout or self.timeout).until(
            lambda b: b.execute_script(
                "return document.readyState === 'complete' && "
                "!document.querySelector('.blockUI') && "
                "!Array.prototype.some.call("
                "  document.querySelectorAll('.o_loading'),"
                "  function (el) { return el.offsetParent !== null; });"))

    def body_before_content(self):
        """What CSS puts in body::before: where Odoo reports asset errors."""
        return self.browser.execute_script(
            "return window.getComputedStyle(document.body, '::before')"
            ".getPropertyValue('content');")

# Copyright 2026 sales_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Unit tests of the pure background-work engine (no database needed)."""
import doctest
import unittest

try:
    from ..engine import jobs
except ImportError:  # running without Odoo: the engine is pure Python
    import os
    import sys
    sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..'))
    from engine import jobs


class TestJobsEngine(unittest.TestCase):

    def test_doctests(self):
        """The examples in engine/jobs.py hold."""
        result = doctest.testmod(jobs)
        self.assertGreater(result.attempted, 10)
        self.assertEqual(result.failed, 0)

    def test_progress_never_shows_done_early(self):
        """999 chunks of 1000 done is not shown as 100 %."""
        self.assertEqual(jobs.progress_percent(999, 1000), 99.9)
        self.assertEqual(jobs.progress_percent(1000, 1000), 100.0)

    def test_bad_configuration_falls_back(self):
        """A threshold of 0, negative or text keeps the default (the work
        never silently stays in the request for ever)."""
        for raw in ('0', '-3', 'many', '', None):
            self.assertEqual(jobs.parse_limit(raw, 100), 100)

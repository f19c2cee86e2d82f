# Copyright 2026 sales_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""pytest plugin of ``make compat``: collect the tests of Odoo's own addons.

pytest-odoo 1.0.1 reads ``<folder>/__manifest__.py`` of the folders above
an addon, which have none (FileNotFoundError at collection). A path with
no manifest within a few parent folders is collected (False: not ignored)
before pytest-odoo looks; any other is left to pytest-odoo (None).
"""
from pathlib import Path

import pytest


@pytest.hookimpl(tryfirst=True)
def pytest_ignore_collect(collection_path):
    path = Path(str(collection_path))
    for folder in [path] + list(path.parents)[:5]:
        if (folder / '__manifest__.py').is_file():
            return None
    return False

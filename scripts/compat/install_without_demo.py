# Copyright 2026 sales_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Install a module into a database that has demo data, without its own
demo data (and without that of the dependencies it brings), as a company
installs it: ``install_without_demo.py CONFIG DATABASE MODULE``.

Odoo 11 gives a new module the ``demo`` flag of its dependencies, so
``--without-demo=<module>`` does nothing there: the modules to install get
``demo = False`` before the registry loads them.
"""
import sys

import odoo
from odoo.modules.registry import Registry


def main(config, database, module):
    odoo.tools.config.parse_config(
        ['-c', config, '-d', database, '--log-level=warn'])
    with odoo.api.Environment.manage():
        registry = odoo.registry(database)
        with registry.cursor() as cr:
            env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
            modules = env['ir.module.module']
            modules.update_list()
            target = modules.search([('name', '=', module)])
            if not target:
                sys.exit('module %s not found on the addons path' % module)
            target.button_install()
            modules.search([('state', '=', 'to install')]).write(
                {'demo': False})
        Registry.new(database, update_module=True)
        with odoo.registry(database).cursor() as cr:
            cr.execute("SELECT state, demo FROM ir_module_module "
                       "WHERE name = %s", (module,))
            state, demo = cr.fetchone()
    if state != 'installed' or demo:
        sys.exit('%s: state %s, demo %s' % (module, state, demo))
    print('%s installed without demo data' % module)


if __name__ == '__main__':
    main(*sys.argv[1:4])

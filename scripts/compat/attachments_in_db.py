# Copyright 2026 sales_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Keep a template database's attachments in the database itself:
``attachments_in_db.py CONFIG DATABASE``. Its copies (``createdb -T``) then
carry their files (demo images, assets), wherever the filestore is."""
import sys

import odoo


def main(config, database):
    odoo.tools.config.parse_config(
        ['-c', config, '-d', database, '--log-level=warn'])
    with odoo.api.Environment.manage():
        with odoo.registry(database).cursor() as cr:
            env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
            env['ir.config_parameter'].set_param(
                'ir_attachment.location', 'db')
            env['ir.attachment'].force_storage()


if __name__ == '__main__':
    main(*sys.argv[1:3])

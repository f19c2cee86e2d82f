# Copyright 2026 sales_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    'name': 'Report printing on Debian/Ubuntu wkhtmltopdf',
    'summary': 'QWeb PDF reports that print correctly with the wkhtmltopdf '
               'that current distributions ship (unpatched Qt)',
    'version': '11.0.1.1.0',
    'category': 'Hidden/Tools',
    'website': 'https://github.com/sales-order-mgmt/sales_order_mgmt',
    'author': 'sales_order_mgmt contributors',
    'license': 'LGPL-3',
    'installable': True,
    'depends': [
        'web',
    ],
    'data': [
        'views/report_templates.xml',
    ],
}

# Copyright 2026 sales_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    'name': 'Sales Order Management',
    'summary': 'Rule-driven sales order flow: quote, signature, sourcing, '
               'backorder policy, invoicing and accounting exports',
    'version': '11.0.1.0.0',
    'category': 'Sales',
    'website': 'https://github.com/sales-order-mgmt/sales_order_mgmt',
    'author': 'sales_order_mgmt contributors',
    'license': 'LGPL-3',
    'application': False,
    'installable': True,
    'external_dependencies': {
        'python': [],
    },
    'depends': [
        'sale_management',
        'sale_stock',
        'account_invoicing',
        'report_wkhtmltopdf_compat',
    ],
    'data': [
        'security/sales_order_mgmt_security.xml',
        'security/ir.model.access.csv',
    ],
    'demo': [
        'demo/sales_order_mgmt_demo.xml',
    ],
}

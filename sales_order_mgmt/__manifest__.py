# Copyright 2026 sales_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    'name': 'Sales Order Management',
    'summary': 'Rule-driven sales order flow: quote, signature, sourcing, '
               'backorder policy, invoicing and accounting exports',
    'version': '11.0.1.4.0',
    'category': 'Sales',
    'website': 'https://github.com/sales-order-mgmt/sales_order_mgmt',
    'author': 'sales_order_mgmt contributors',
    'license': 'LGPL-3',
    'application': False,
    'installable': True,
    'external_dependencies': {
        'python': ['PIL', 'xlsxwriter'],
    },
    'depends': [
        'sale_management',
        'sale_stock',
        'account_invoicing',
        'portal',
        'report_wkhtmltopdf_compat',
        # OCA 11.0, from PyPI (requirements-oca.txt)
        'report_xlsx',
        'sale_exception',
        'web_widget_digitized_signature',
        'queue_job',
    ],
    # One block per capability, in the order they build on each other.
    'data': [
        'security/sales_order_mgmt_security.xml',
        'security/ir.model.access.csv',
        'views/sale_order_views.xml',
        'views/res_partner_views.xml',
        'views/res_company_views.xml',
        'views/stock_picking_views.xml',
        'views/account_invoice_views.xml',
        'views/res_users_views.xml',
        # -- tracking (entry channels, fulfilment)
        'data/sale_entry_channel_data.xml',
        'data/mail_template_shipment.xml',
        'report/sale_fulfilment_report_views.xml',
        # -- terms
        'views/sale_terms_template_views.xml',
        # -- backorder
        'views/sale_backorder_policy_views.xml',
        'data/sale_backorder_policy_data.xml',
        # -- sourcing
        'views/sale_sourcing_rule_views.xml',
        'views/product_template_views.xml',
        # -- documents (PDF components, XLSX)
        'data/sale_accounting_export_state_data.xml',
        'report/sale_report_templates.xml',
        'report/documents_reports.xml',
        'wizards/sale_accounting_export_views.xml',
        # -- signature
        'views/sale_order_sign_wizard_views.xml',
        'views/sale_order_portal_templates.xml',
        'report/sale_order_signature_templates.xml',
        # -- checks
        'views/exception_rule_views.xml',
        'wizards/sale_check_override_wizard_views.xml',
        'data/sale_exception_rule_data.xml',
        'data/sale_exception_rule_dependent_data.xml',
        # -- after-sale (delivered, returns and exchanges)
        'security/sale_return_security.xml',
        'data/sale_return_data.xml',
        'data/mail_template_return.xml',
        'report/sale_return_report.xml',
        'views/sale_return_views.xml',
        'views/sale_return_portal_templates.xml',
        # -- background work (queue_job)
        'security/sale_job_security.xml',
        'views/sale_job_views.xml',
    ],
    'demo': [
        'demo/sales_order_mgmt_demo.xml',
        # -- tracking
        'demo/tracking_demo.xml',
        # -- terms
        'demo/sale_terms_template_demo.xml',
        # -- backorder
        'demo/sale_backorder_policy_demo.xml',
        # -- sourcing
        'demo/sale_sourcing_rule_demo.xml',
        # -- documents
        'demo/documents_demo.xml',
        # -- signature
        'demo/signature_demo.xml',
        # -- checks
        'demo/sale_check_demo.xml',
        # -- after-sale
        'demo/sale_return_demo.xml',
    ],
}

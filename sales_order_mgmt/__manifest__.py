# Copyright 2026 sales_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    'name': 'Sales Order Management',
    'summary': 'Rule-driven sales order flow: quote, signature, sourcing, '
               'backorder policy, invoicing and accounting exports',
    'version': '11.0.1.6.0',
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
    # One block per capability, in the order they build on each other
    # (the order of models/__init__.py); each file in its capability's folder.
    'data': [
        'security/sales_order_mgmt_security.xml',
        'security/ir.model.access.csv',
        # -- tracking (entry channels, fulfilment)
        'views/tracking/sale_order_views.xml',
        'views/tracking/res_company_views.xml',
        'views/tracking/stock_picking_views.xml',
        'views/tracking/res_users_views.xml',
        'data/tracking/sale_entry_channel_data.xml',
        'data/tracking/mail_template_shipment.xml',
        'report/tracking/sale_fulfilment_report_views.xml',
        # -- terms
        'views/terms/sale_order_views.xml',
        'views/terms/account_invoice_views.xml',
        'views/terms/sale_terms_template_views.xml',
        # -- backorder
        'views/backorder/sale_order_views.xml',
        'views/backorder/res_partner_views.xml',
        'views/backorder/res_company_views.xml',
        'views/backorder/stock_picking_views.xml',
        'views/backorder/sale_backorder_policy_views.xml',
        'data/backorder/sale_backorder_policy_data.xml',
        # -- sourcing
        'views/sourcing/sale_order_views.xml',
        'views/sourcing/sale_sourcing_rule_views.xml',
        'views/sourcing/product_template_views.xml',
        # -- documents (PDF components, XLSX)
        'data/documents/sale_accounting_export_state_data.xml',
        'report/documents/sale_report_templates.xml',
        'report/documents/documents_reports.xml',
        'wizards/documents/sale_accounting_export_views.xml',
        # -- signature
        'views/signature/sale_order_views.xml',
        'views/signature/res_partner_views.xml',
        'views/signature/res_company_views.xml',
        'wizards/signature/sale_order_sign_wizard_views.xml',
        'views/signature/sale_order_portal_templates.xml',
        'report/signature/sale_order_signature_templates.xml',
        # -- checks
        'views/checks/sale_order_views.xml',
        'views/checks/res_partner_views.xml',
        'views/checks/exception_rule_views.xml',
        'wizards/checks/sale_check_override_wizard_views.xml',
        'data/checks/sale_exception_rule_data.xml',
        'data/checks/sale_exception_rule_dependent_data.xml',
        # -- after-sale (delivered, returns and exchanges)
        'security/aftersale/sale_return_security.xml',
        'data/aftersale/sale_return_data.xml',
        'data/aftersale/mail_template_return.xml',
        'report/aftersale/sale_return_report.xml',
        'views/aftersale/sale_return_views.xml',
        'views/aftersale/sale_return_portal_templates.xml',
        # -- background work (queue_job)
        'security/jobs/sale_job_security.xml',
        'views/jobs/sale_job_views.xml',
        # -- reservation after confirmation
        'views/reservation/res_company_views.xml',
    ],
    'demo': [
        # Warehouses, products, customers, users: what every capability's
        # demo builds on.
        'demo/support/sales_order_mgmt_demo.xml',
        'demo/tracking/tracking_demo.xml',
        'demo/terms/sale_terms_template_demo.xml',
        'demo/backorder/sale_backorder_policy_demo.xml',
        'demo/sourcing/sale_sourcing_rule_demo.xml',
        'demo/documents/documents_demo.xml',
        'demo/signature/signature_demo.xml',
        'demo/checks/sale_check_demo.xml',
        'demo/aftersale/sale_return_demo.xml',
    ],
}

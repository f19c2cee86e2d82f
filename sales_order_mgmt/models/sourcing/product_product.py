# Copyright 2026 sales_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
# Copyright 2026 sales_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models


class ProductProduct(models.Model):
    _inherit = 'product.product'

    @api.multi
    def _backorder_lead_days(self, warehouse):
        """Days to replenish the product in ``warehouse`` when one of its
        routes buys it (vendor lead time of its first vendor) or makes it
        (manufacturing lead time), else None: no route, no date. The
        `purchase` and `mrp` addons add those actions and lead times."""
        self.ensure_one()
        rules = (self.route_ids | self.categ_id.total_route_ids |
                 warehouse.route_ids).mapped('pull_ids').filtered(
            lambda rule: rule.warehouse_id in (warehouse, rule.browse()))
        actions = set(rules.mapped('action'))
        company = warehouse.company_id
        leads = []
        if 'buy' in actions:
            sellers = self.seller_ids.filtered(
                lambda seller: (not seller.company_id or
                                seller.company_id == company) and
                (not seller.product_id or seller.product_id == self))
            if sellers:
                leads.append(sellers[0].delay +
                             getattr(company, 'po_lead', 0.0))
        if 'manufacture' in actions and 'produce_delay' in self._fields:
            leads.append(self.produce_delay +
                         getattr(company, 'manufacturing_lead', 0.0))
        return min(leads) if leads else None

# Copyright 2026 sales_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class SaleSourcingRuleWarehouse(models.Model):
    _name = 'sale.sourcing.rule.warehouse'
    _description = 'Candidate warehouse of a sourcing rule'
    _order = 'sequence, id'

    _sql_constraints = [
        ('warehouse_unique', 'unique(rule_id, warehouse_id)',
         'Candidate warehouses: a warehouse is listed once per rule.'),
    ]

    rule_id = fields.Many2one(
        'sale.sourcing.rule', required=True,
        ondelete='cascade', index=True)
    sequence = fields.Integer(default=10)
    warehouse_id = fields.Many2one(
        'stock.warehouse', required=True,
        ondelete='restrict')
    company_id = fields.Many2one(
        related='rule_id.company_id', store=True, readonly=True)

    @api.multi
    def unlink(self):
        rules = self.mapped('rule_id')
        result = super(SaleSourcingRuleWarehouse, self).unlink()
        rules.exists()._check_warehouse_line_ids()
        return result

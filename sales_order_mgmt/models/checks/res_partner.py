# Copyright 2026 sales_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import AccessError

from ..support import client_context


class ResPartnerChecks(models.Model):
    """Credit limit of the order checks: Odoo 11's base already has
    `credit_limit` (a commercial field, synced to contacts) but shows it
    nowhere; it is reused, documented and shown on the customer form."""
    _inherit = 'res.partner'

    credit_limit = fields.Float(
        help='Most this customer may owe: open receivables + confirmed '
             'orders not invoiced yet + the order being confirmed, in the '
             'company currency. 0 = no limit. Set on the company; its '
             'contacts share it.')


#: Fields that switch a check off for a customer: set by Sales managers only.
MANAGER_FIELDS = ('credit_limit', 'signature_required')


class ResPartnerManagerFields(models.Model):
    """`credit_limit` and `signature_required` decide whether an order may
    be confirmed: only Sales managers set them, enforced here on create and
    write (the form only follows). Odoo's own sync of commercial fields to
    a company's contacts, which copies the company's value, stays allowed
    for everyone."""
    _inherit = 'res.partner'

    @api.model
    def create(self, vals):
        partners = self
        if not self._is_sale_manager():
            parent = self.browse(vals.get('parent_id')).exists() \
                .commercial_partner_id
            for name in set(vals) & set(MANAGER_FIELDS):
                if vals[name] and vals[name] != parent[name]:
                    self._refuse_manager_field(name)
            # Nor through the context's defaults.
            partners = client_context.without_defaults(self, MANAGER_FIELDS)
        return super(ResPartnerManagerFields, partners).create(vals)

    @api.multi
    def write(self, vals):
        names = set(vals) & set(MANAGER_FIELDS)
        if 'parent_id' in vals and vals['parent_id'] and \
                not self._is_sale_manager():
            # Attaching a customer that carries its own settings to another
            # company would overwrite them with the company's (Odoo's sync).
            for partner in self.filtered(
                    lambda p: p.commercial_partner_id == p):
                for name in MANAGER_FIELDS:
                    if partner[name] and partner[name] != self.browse(
                            vals['parent_id']).commercial_partner_id[name]:
                        self._refuse_manager_field(name)
        if names and not self._is_sale_manager():
            for partner in self:
                commercial = partner.commercial_partner_id
                for name in names:
                    value = self._fields[name].convert_to_cache(
                        vals[name], partner)
                    if value != partner[name] and (
                            commercial == partner or
                            value != commercial[name]):
                        self._refuse_manager_field(name)
        return super(ResPartnerManagerFields, self).write(vals)

    @api.model
    def _is_sale_manager(self):
        return self.env.user.has_group('sales_team.group_sale_manager')

    @api.model
    def _refuse_manager_field(self, name):
        raise AccessError(_(
            "Only a Sales manager can change '%s' of a customer.") % (
            self._fields[name].get_description(self.env)['string']))

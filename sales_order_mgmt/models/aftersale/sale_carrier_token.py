# Copyright 2026 sales_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import secrets

from odoo import _, api, fields, models

from ...engine import aftersale


class SaleCarrierToken(models.Model):
    """One access token per carrier for the delivered route, stored as its
    SHA-256 only: the plain token is shown once, when generated."""
    _name = 'sale.carrier.token'
    _description = 'Carrier token (delivered confirmations)'
    _order = 'name'

    name = fields.Char(
        'Carrier', required=True,
        help="As written on the deliveries' Carrier field: the carrier may "
             'only confirm those deliveries.')
    token_hash = fields.Char('Token (SHA-256)', readonly=True, copy=False,
                             groups='sales_team.group_sale_manager')
    expiry_date = fields.Date(
        'Valid until', help='After this day the token is refused.')
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        'res.company', required=True,
        default=lambda self: self.env.user.company_id)

    _sql_constraints = [
        ('name_company_uniq', 'unique(name, company_id)',
         'One token per carrier and company.'),
    ]

    @api.multi
    def action_generate_token(self):
        """A new token (the old one stops working), shown once.

        Only its hash is stored. The clear token goes to the manager's
        browser alone: the dialog is a new, unsaved record whose only
        field (not stored) comes from the action's defaults, and it closes
        without saving; nothing of it reaches the database. A client
        setting that default itself shows itself a token that authorizes
        nothing.
        """
        self.ensure_one()
        self.check_access_rights('write')
        self.check_access_rule('write')
        token = secrets.token_urlsafe(32)
        # Checked above; the hash field is readable by managers only.
        self.sudo().write({'token_hash': aftersale.hash_token(token)})
        return {
            'type': 'ir.actions.act_window',
            'res_model': 'sale.carrier.token.show',
            'view_mode': 'form', 'target': 'new',
            'name': _('Token for %s') % self.name,
            'context': {'default_token': token,
                        'default_carrier_name': self.name},
        }

    @api.model
    def _find_by_token(self, token):
        """The active, unexpired carrier record (sudo) whose token this is,
        or an error message (token checked before anything is read)."""
        self.env.cr.execute("""
            SELECT id, expiry_date FROM sale_carrier_token
             WHERE token_hash = %s AND active
        """, (aftersale.hash_token(token),))
        row = self.env.cr.fetchone()
        if not row:
            return None, _('This carrier token is not valid.')
        # Odoo's cursor gives dates as strings (YYYY-MM-DD).
        if row[1] and str(row[1]) < fields.Date.context_today(self):
            return None, _('This carrier token has expired.')
        # The token matched: the carrier acts on its own deliveries only.
        return self.sudo().browse(row[0]), None

"""Access matrix: who may read, write, create and unlink what.

Profiles: Sales / User: Own Documents, Sales / User: All Documents,
Sales / Manager, Accounting / Billing, Portal, Public, and a salesman of a
second company. For every model of the addon (and sales orders and
invoices) the expected model-level rights are written out below and
compared with what Odoo grants; record rules are checked on real records
(own vs others' orders, company A vs company B).
"""
from odoo.exceptions import AccessError, UserError

from .common import SalesOrderCase
from .test_signature import signature_image

PROFILES = {
    'own': ['sales_team.group_sale_salesman'],
    'all': ['sales_team.group_sale_salesman_all_leads'],
    'manager': ['sales_team.group_sale_manager'],
    'billing': ['account.group_account_invoice'],
    'portal': ['base.group_portal'],
    'public': ['base.group_public'],
}

# model: {profile: rights}; r = read, w = write, c = create, u = unlink.
# The second-company salesman has the rights of 'all' (record rules
# separate the companies: see test_second_company_sees_nothing).
MATRIX = {
    'sale.order': {'own': 'rwc', 'all': 'rwc', 'manager': 'rwcu',
                   'billing': 'rw', 'portal': 'r', 'public': ''},
    'account.invoice': {'own': 'rwc', 'all': 'rwc', 'manager': 'rwcu',
                        'billing': 'rwcu', 'portal': 'r', 'public': ''},
    'sale.entry.channel': {'own': 'r', 'all': 'r', 'manager': 'rw',
                           'billing': 'r', 'portal': '', 'public': ''},
    # configuration: every salesman reads the rules that decide for him,
    # managers maintain them
    'sale.sourcing.rule': {'own': 'r', 'all': 'r', 'manager': 'rwcu',
                           'billing': '', 'portal': '', 'public': ''},
    'sale.sourcing.rule.warehouse': {'own': 'r', 'all': 'r',
                                     'manager': 'rwcu', 'billing': '',
                                     'portal': '', 'public': ''},
    'sale.backorder.policy': {'own': 'r', 'all': 'r', 'manager': 'rwcu',
                              'billing': 'r', 'portal': '', 'public': ''},
    'sale.terms.template': {'own': 'r', 'all': 'r', 'manager': 'rwcu',
                            'billing': 'r', 'portal': '', 'public': ''},
    # the history is written by the system, never edited or deleted
    'sale.terms.template.version': {'own': 'r', 'all': 'r', 'manager': 'rc',
                                    'billing': 'r', 'portal': '',
                                    'public': ''},
    # decisions of the sourcing: read by users, written by the system
    # (a hand-made row would drive procurement)
    'sale.order.line.sourcing': {'own': 'r', 'all': 'r',
                                 'manager': 'r', 'billing': '',
                                 'portal': '', 'public': ''},
    'sale.order.line.substitute': {'own': 'r', 'all': 'r',
                                   'manager': 'r', 'billing': '',
                                   'portal': '', 'public': ''},
    # the three invoice states the export offers: data, read by all
    'sale.accounting.export.state': {'own': 'r', 'all': 'r', 'manager': 'r',
                                     'billing': 'r', 'portal': '',
                                     'public': ''},
    # reporting: read only
    'sale.fulfilment.report': {'own': 'r', 'all': 'r', 'manager': 'r',
                               'billing': '', 'portal': '', 'public': ''},
    # after-sale: sales users request returns of their orders (record rules),
    # managers approve and delete, the portal only through the link's token
    'sale.return': {'own': 'rwc', 'all': 'rwc', 'manager': 'rwcu',
                    'billing': '', 'portal': '', 'public': ''},
    'sale.return.line': {'own': 'rwcu', 'all': 'rwcu', 'manager': 'rwcu',
                         'billing': '', 'portal': '', 'public': ''},
    'sale.return.reason': {'own': 'r', 'all': 'r', 'manager': 'rwcu',
                           'billing': 'r', 'portal': '', 'public': ''},
    # carriers' tokens: managers only (hashes never leave the server)
    'sale.carrier.token': {'own': '', 'all': '', 'manager': 'rwcu',
                           'billing': '', 'portal': '', 'public': ''},
    # Background tasks: read (own ones, record rule); written by their jobs.
    'sale.job': {'own': 'r', 'all': 'r', 'manager': 'r', 'billing': 'r',
                 'portal': '', 'public': ''},
}
OPERATIONS = (('r', 'read'), ('w', 'write'), ('c', 'create'),
              ('u', 'unlink'))


class TestAccessMatrix(SalesOrderCase):

    @classmethod
    def setUpClass(cls):
        super(TestAccessMatrix, cls).setUpClass()
        cls.profiles = {}
        for key, groups in PROFILES.items():
            internal = key not in ('portal', 'public')
            cls.profiles[key] = cls.create_profile_user(key, groups, internal)
        cls.company_b = cls.env['res.company'].create(
            {'name': 'Test Company B'})
        cls.other_salesman = cls.create_user(
            'matrix_other_company',
            ['sales_team.group_sale_salesman_all_leads'],
            company=cls.company_b)
        cls.second_salesman = cls.create_user(
            'matrix_second_salesman', ['sales_team.group_sale_salesman'])
        cls.order = cls.create_order(cls.customer_de, [(cls.desk, 1)])

    @classmethod
    def create_profile_user(cls, key, groups, internal):
        group_ids = [cls.env.ref(xmlid).id for xmlid in groups]
        if internal:
            group_ids.append(cls.env.ref('base.group_user').id)
        return cls.env['res.users'].with_context(
            no_reset_password=True).create({
                'name': 'Matrix %s' % key, 'login': 'som_matrix_%s' % key,
                'email': 'som_matrix_%s@example.com' % key,
                'groups_id': [(6, 0, group_ids)],
            })

    def test_model_rights(self):
        """Each profile has exactly the rights the matrix states, on every
        model of the addon: nothing more, nothing less."""
        differences = []
        for model, rights in sorted(MATRIX.items()):
            self.assertIn(model, self.env, 'model %s is gone' % model)
            for profile, expected in sorted(rights.items()):
                user = self.profiles[profile]
                for letter, operation in OPERATIONS:
                    granted = self.env[model].sudo(user).check_access_rights(
                        operation, raise_exception=False)
                    if granted != (letter in expected):
                        differences.append('%s %s %s: %s' % (
                            model, profile, operation,
                            'granted' if granted else 'refused'))
        self.assertEqual(differences, [])

    def test_every_addon_model_is_in_the_matrix(self):
        """A new model without a row here fails: access is decided, not
        forgotten."""
        own = [name for name, model in self.env.registry.items()
               if model._original_module == 'sales_order_mgmt' and
               not model._transient and not model._abstract]
        self.assertEqual(set(own) - set(MATRIX), set())

    def test_actions_by_profile(self):
        """Who may run what: the accounting export (accountants and sales
        managers, not salesmen), the checks override and the signature
        reset (sales managers only)."""
        period = {'date_from': '2026-01-01', 'date_to': '2026-12-31'}
        for profile in ('billing', 'manager'):
            wizard = self.env['sale.accounting.export'].sudo(
                self.profiles[profile]).create(period)
            self.assertTrue(wizard.get_xlsx().startswith(b'PK'), profile)
        with self.assertRaises(AccessError):
            self.env['sale.accounting.export'].sudo(
                self.profiles['own']).create(period).get_xlsx()
        order = self.create_order(self.customer_de, [(self.desk, 1)])
        override = self.env['sale.check.override.wizard'].with_context(
            active_model='sale.order', active_ids=order.ids,
            active_id=order.id)
        with self.assertRaises((AccessError, UserError)):
            override.sudo(self.salesman).create(
                {'reason': 'I want to'}).action_confirm()
        self.assertEqual(order.state, 'draft')
        override.sudo(self.sale_manager).create(
            {'reason': 'Approved by phone'}).action_confirm()
        self.assertEqual(order.state, 'sale')
        with self.assertRaises(AccessError):
            order.sudo(self.salesman).action_signature_reset()

    def test_only_sales_users_take_a_signature(self):
        """Warehouse and billing users may write orders (Odoo's rights),
        but only sales users take a customer's signature in the back
        office: the others are refused and nothing is written."""
        png = signature_image()
        quote = self.create_order(self.customer_de, [(self.desk, 1)])
        for user in (self.stock_user, self.profiles['billing']):
            self.assertTrue(quote.sudo(user).check_access_rights(
                'write', raise_exception=False))
            with self.assertRaises(AccessError):
                quote.sudo(user).sign(png, 'Hans Kunde')
            self.assertFalse(quote.signed_by)
        quote.sudo(self.salesman).sign(png, 'Hans Kunde')
        self.assertEqual(quote.signature_state, 'valid')

    def test_own_documents_only(self):
        """A salesman with 'own documents' does not see a colleague's
        order; one with 'all documents' does."""
        orders = self.env['sale.order']
        self.assertFalse(orders.sudo(self.second_salesman).search(
            [('id', '=', self.order.id)]))
        with self.assertRaises(AccessError):
            self.order.sudo(self.second_salesman).read(['name'])
        self.assertEqual(orders.sudo(self.profiles['all']).search(
            [('id', '=', self.order.id)]), self.order)

    def test_second_company_sees_nothing(self):
        """A salesman of company B sees no order of company A."""
        self.assertFalse(self.env['sale.order'].sudo(
            self.other_salesman).search([('id', '=', self.order.id)]))
        with self.assertRaises(AccessError):
            self.order.sudo(self.other_salesman).read(['name'])

    def test_portal_and_public_without_token(self):
        """Portal and public users cannot read an order they do not follow
        through the ORM; the portal page needs the order's access token."""
        for profile in ('portal', 'public'):
            with self.assertRaises(AccessError):
                self.order.sudo(self.profiles[profile]).read(['name'])

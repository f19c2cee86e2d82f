# Copyright 2026 sales_order_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""What the checks read of other capabilities, through the hooks of
models/support/sale_order.py: the signature requirement (enforced by the
signature capability alone, listed by the checks with their failures) and
ship-complete customers whose order the sourced warehouses cannot serve in
full now."""
from .test_checks import ChecksCase
from .test_signature import signature_image


class TestSignatureCheck(ChecksCase):

    def test_required_signature_missing_then_signed(self):
        """Above the company's amount an unsigned quote is listed by the
        checks with their failures and refused, once, by the signature
        requirement; once signed it confirms."""
        self.company.signature_required_amount = 100.0
        order = self.create_order(self.customer_de, [(self.desk, 1)])
        self.assertIn('Signature required but not valid',
                      order.check_summary)
        self.assertTrue(order.check_blocked)
        self.assertIn(order, self.env['sale.order'].search(
            [('check_blocked', '=', True)]))
        message = self.assertRefused(
            order, 'without a valid customer signature',
            'its untaxed amount reaches')
        self.assertEqual(message.count('signature'), 1, message)
        order.sudo(self.salesman).sign(signature_image(), 'Anna Kunde')
        order.invalidate_cache()
        self.assertFalse(order.check_blocked)
        self.assertConfirms(order)

    def test_changed_after_signing_is_refused(self):
        """A signature voided by a price change fails the check again."""
        self.customer_de.signature_required = True
        order = self.create_order(self.customer_de, [(self.desk, 1)])
        order.sudo(self.salesman).sign(signature_image(), 'Anna Kunde')
        order.order_line.sudo(self.salesman).price_unit = 450.0
        self.assertEqual(order.signature_state, 'invalid')
        self.assertRefused(order, 'without a valid customer signature')

    def test_listed_with_a_failed_check(self):
        """A quote that fails a check and lacks the required signature is
        refused by the checks, naming both."""
        self.customer_de.signature_required = True
        order = self.create_order(self.customer_de, [(self.desk, 1)])
        order.order_line.price_unit = 0.0
        self.assertRefused(order, 'Signature required but not valid',
                           'Zero price on a product that is not free')

    def test_manager_override_covers_the_signature(self):
        """A manager confirming anyway, with a reason, is not stopped by the
        signature requirement either; the chatter says who and why."""
        self.company.signature_required_amount = 100.0
        order = self.create_order(self.customer_de, [(self.desk, 1)])
        wizard = self.env['sale.check.override.wizard'].sudo(
            self.sale_manager).with_context(
                active_model='sale.order', active_ids=order.ids,
                active_id=order.id).create(
                    {'reason': 'Signed paper copy received by post'})
        wizard.action_confirm()
        self.assertEqual(order.state, 'sale')
        note = self.message(order, 'Signed paper copy')
        self.assertIn('Confirmed without the required customer signature',
                      note.body)
        self.assertIn(self.sale_manager.name, note.body)


class TestShipCompleteCheck(ChecksCase):

    @classmethod
    def setUpClass(cls):
        super(TestShipCompleteCheck, cls).setUpClass()
        cls.policy = cls.env['sale.backorder.policy'].create({
            'name': 'Test complete only', 'mode': 'ship_complete'})
        cls.customer_fr.backorder_policy_id = cls.policy
        cls.rule = cls.env.ref(
            'sales_order_mgmt.exception_rule_ship_complete_stock')
        cls.set_stock(cls.chair, cls.main_warehouse, 6)

    def test_short_is_a_warning(self):
        """6 of 10 in stock for a ship-complete customer: a warning on the
        quote naming what is missing; confirming goes on and logs it."""
        order = self.create_order(self.customer_fr, [(self.chair, 10)],
                                  warehouse_id=self.main_warehouse.id)
        self.assertEqual(order.backorder_policy_id, self.policy)
        self.assertEqual(order.check_warning_ids, self.rule)
        self.assertFalse(order.check_blocked)
        self.assertConfirms(order)
        self.assertIn('Ship-complete order cannot be served in full now',
                      order.check_confirm_note)
        self.assertIn('missing now: 4', order.check_confirm_note)

    def test_short_blocks_when_configured(self):
        """Set to blocking, the same order is refused."""
        self.rule.sudo(self.sale_manager).severity = 'block'
        order = self.create_order(self.customer_fr, [(self.chair, 10)],
                                  warehouse_id=self.main_warehouse.id)
        self.assertRefused(order,
                           'Ship-complete order cannot be served in full now')

    def test_served_in_full_passes(self):
        """Everything in stock: no warning."""
        order = self.create_order(self.customer_fr, [(self.chair, 6)],
                                  warehouse_id=self.main_warehouse.id)
        self.assertFalse(order.check_warning_ids)
        self.assertConfirms(order)

    def test_other_policies_not_checked(self):
        """A customer who accepts partial deliveries gets no warning."""
        order = self.create_order(self.customer_de, [(self.chair, 10)],
                                  warehouse_id=self.main_warehouse.id)
        self.assertFalse(order.check_warning_ids)

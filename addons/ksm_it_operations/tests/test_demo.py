from odoo.tests.common import TransactionCase


class TestItOperationsDemo(TransactionCase):
    """What `make run` shows: Lübtheen's maintenance contracts and their deadlines."""

    def test_notice_reminder_of_the_registration_software(self):
        contract = self.env.ref("ksm_it_operations.maintenance_contract_luebtheen_residents")
        self.assertEqual(contract.notice_reminder_date, contract.notice_date)
        self.assertEqual(len(contract.activity_ids), 1)
        self.assertEqual(self.env.ref(
            "ksm_it_operations.maintenance_contract_luebtheen_firewall").state, "ended")

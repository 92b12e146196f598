"""Missing data are named, in German, with where to fill them in; nothing is
validated or saved."""
from unittest import mock

from odoo.exceptions import UserError

from .common import SELLER_NAME, XRechnungCase


class TestXRechnungRefusals(XRechnungCase):

    def assertRefused(self, invoice, *messages):
        with self.assertRaises(UserError) as refusal:
            invoice.action_invoice_open()
        text = refusal.exception.name
        self.assertTrue(text.startswith("Die XRechnung für den öffentlichen Auftraggeber "
                                        "kann nicht erzeugt werden"), text)
        for message in messages:
            self.assertIn(message, text)
        self.assertEqual(invoice.state, "draft")
        self.assertFalse(invoice.number)
        self.assertFalse(invoice.move_id)
        self.assertFalse(invoice.xrechnung_attachment_id)
        self.assertFalse(self._attachments(invoice), "a refused invoice got a file")
        return text

    def test_missing_leitweg_id_of_another_public_buyer(self):
        """A buyer that another module counts as public buyer, without Leitweg-ID."""
        # mock removes the patch from the registry's class again (a plain assignment
        # of the inherited method would stay there and hide other modules' overrides)
        with mock.patch.object(type(self.env["res.partner"]), "_einvoice_buyer",
                               lambda partner: True):
            self.buyer.leitweg_id = False
            self.assertRefused(
                self._non_taxable_invoice(),
                "Leitweg-ID (BT-10) von Stadt Musterhagen fehlt: bitte im Kontaktformular "
                "von Stadt Musterhagen, Reiter Abrechnung, Abschnitt E-Rechnung, eintragen.")

    def test_missing_iban(self):
        self.company.einvoice_bank_id = False
        self.assertRefused(self._non_taxable_invoice(),
                           "Bankkonto (IBAN, BT-84) von %s fehlt" % SELLER_NAME,
                           "Reiter E-Rechnung")

    def test_bank_account_that_is_no_iban(self):
        self.bank_account.acc_number = "DE89 3704 0044 0532 0130 01"
        self.assertRefused(self._non_taxable_invoice(),
                           "Das Bankkonto DE89 3704 0044 0532 0130 01 von %s ist keine "
                           "gültige IBAN (BT-84)" % SELLER_NAME)

    def test_missing_buyer_address(self):
        self.buyer.write({"zip": False, "city": False, "country_id": False})
        self.assertRefused(self._non_taxable_invoice(),
                           "Postleitzahl (BT-53) von Stadt Musterhagen fehlt",
                           "Ort (BT-52) von Stadt Musterhagen fehlt",
                           "Land (BT-55) von Stadt Musterhagen fehlt")

    def test_missing_seller_address(self):
        self.company.write({"zip": False, "city": False})
        self.assertRefused(self._non_taxable_invoice(),
                           "Postleitzahl (BT-38) von %s fehlt" % SELLER_NAME,
                           "Ort (BT-37) von %s fehlt" % SELLER_NAME)

    def test_missing_seller_contact(self):
        self.company.document_contact_id = False
        self.assertRefused(self._non_taxable_invoice(),
                           "Ansprechpartner Rechnung (BG-6) von %s fehlt: bitte den "
                           "Ansprechpartner auf Dokumenten unter Einstellungen › Benutzer und "
                           "Unternehmen › Unternehmen › %s, Reiter E-Rechnung, auswählen."
                           % (SELLER_NAME, SELLER_NAME))

    def test_seller_contact_without_phone_and_email(self):
        self.contact.write({"phone": False, "mobile": False, "email": False})
        self.assertRefused(self._non_taxable_invoice(),
                           "Telefonnummer (BT-42) des Ansprechpartners Rechnung "
                           "Finanzbuchhaltung Musterwasser fehlt",
                           "E-Mail-Adresse (BT-43) des Ansprechpartners Rechnung "
                           "Finanzbuchhaltung Musterwasser fehlt")

    def test_missing_seller_electronic_address(self):
        self.company.einvoice_email = False
        self.assertRefused(self._non_taxable_invoice(), "E-Rechnungsadresse (BT-34)")

    def test_seller_without_identification(self):
        self.company.write({"company_registry": False})
        # not subject to VAT: no VAT ID may be stated, so the registry entry is needed
        self.assertRefused(self._non_taxable_invoice(), "Registereintrag (BT-30)",
                           "BR-CO-26")
        # with VAT, the VAT ID identifies the seller
        self._taxable_invoice().action_invoice_open()
        self.company.write({"vat": False, "tax_number": False})
        self.assertRefused(self._taxable_invoice(), "Steuernummer (BT-32)", "BR-DE-16",
                           "Registereintrag (BT-30)")

    def test_mixing_non_taxable_and_taxable_lines(self):
        invoice = self._invoice([
            {"name": "Kostenerstattung", "price_unit": 100.0,
             "invoice_line_tax_ids": [(6, 0, self.tax_o.ids)]},
            {"name": "Druckerpapier", "price_unit": 20.0,
             "invoice_line_tax_ids": [(6, 0, self.tax_19.ids)]},
        ])
        self.assertRefused(invoice, "mischt nicht steuerbare Positionen (Kategorie O) mit "
                                    "Positionen der Kategorie S", "BR-O-11 bis BR-O-14",
                           "in einer eigenen Rechnung")

    def test_line_without_tax_when_the_company_has_no_rule(self):
        self.company.einvoice_untaxed_line_tax_id = False
        self.assertRefused(self._non_taxable_invoice(),
                           "Die Rechnungsposition „Vorsorglich einzuplanende "
                           "Investitionsmittel“ hat keine Steuer")

    def test_line_with_several_taxes(self):
        invoice = self._invoice([{"name": "Leistung", "price_unit": 10.0,
                                  "invoice_line_tax_ids": [(6, 0, (self.tax_19 + self.tax_o).ids)]}])
        self.assertRefused(invoice, "Die Rechnungsposition „Leistung“ hat mehrere Steuern")

    def test_tax_without_category_or_reason(self):
        zero_tax = self.tax_19.copy({"amount": 0})
        zero_tax.name = "0 % ohne Kategorie"
        invoice = self._invoice([{"name": "Leistung", "price_unit": 10.0,
                                  "invoice_line_tax_ids": [(6, 0, zero_tax.ids)]}])
        self.assertRefused(invoice, "Die Steuer 0 % ohne Kategorie hat keine "
                                    "Umsatzsteuerkategorie für E-Rechnungen (BT-151)")
        zero_tax.einvoice_vat_category = "E"
        self.assertRefused(invoice, "braucht einen Befreiungsgrund (BT-120) oder dessen "
                                    "Code (BT-121)")

    def test_foreign_currency(self):
        usd = self.env.ref("base.USD")
        usd.active = True
        invoice = self._non_taxable_invoice()
        invoice.currency_id = usd
        self.assertRefused(invoice, "USD")

    def test_every_problem_in_one_message(self):
        self.buyer.zip = False
        self.company.document_contact_id = False
        self.company.einvoice_bank_id = False
        message = self.assertRefused(self._non_taxable_invoice(), "Postleitzahl (BT-53)",
                                     "Ansprechpartner Rechnung (BG-6)",
                                     "Bankkonto (IBAN, BT-84)")
        self.assertEqual(message.count("\n- "), 3)

    def test_validating_several_invoices_refuses_all(self):
        good = self._non_taxable_invoice()
        other_buyer = self.env["res.partner"].create({
            "name": "Amt Ohne Adresse", "is_company": True, "leitweg_id": self.leitweg_id,
            "property_account_receivable_id": self.receivable.id})
        bad = self._invoice([{"name": "Leistung", "price_unit": 10.0}], partner=other_buyer)
        with self.assertRaises(UserError):
            (good + bad).action_invoice_open()
        self.assertEqual((good.state, bad.state), ("draft", "draft"))
        self.assertFalse(self._attachments(good) or self._attachments(bad))

    def test_creating_again_is_for_validated_einvoices_only(self):
        with self.assertRaises(UserError):
            self._non_taxable_invoice().action_generate_xrechnung()
        with self.assertRaises(UserError):
            self._non_taxable_invoice().action_download_xrechnung()

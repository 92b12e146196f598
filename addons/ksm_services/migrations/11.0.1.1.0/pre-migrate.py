"""The company's tax number and document contact moved to report_layout_din5008.

Before the module's views are loaded again: the values go to the new fields (which
report_layout_din5008, a dependency, has created already), and the company form view
that named the old fields goes (it is created again from the module's files).
"""


def migrate(cr, version):
    cr.execute("SELECT column_name FROM information_schema.columns "
               "WHERE table_name = 'res_company' AND column_name IN "
               "('ksm_tax_number', 'ksm_einvoice_contact_id')")
    old = {row[0] for row in cr.fetchall()}
    if "ksm_tax_number" in old:
        cr.execute("UPDATE res_company SET tax_number = ksm_tax_number "
                   "WHERE tax_number IS NULL")
    if "ksm_einvoice_contact_id" in old:
        cr.execute("UPDATE res_company SET document_contact_id = ksm_einvoice_contact_id "
                   "WHERE document_contact_id IS NULL")
    cr.execute("""
        DELETE FROM ir_ui_view WHERE id IN (
            SELECT res_id FROM ir_model_data
             WHERE module = 'ksm_services' AND name = 'view_company_form'
               AND model = 'ir.ui.view')
    """)

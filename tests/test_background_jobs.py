"""Background work as the billing office sees it in the browser: the wizard's button
returns with the run queued, and the run's form follows the job by itself.

The session's server runs without cron threads, so the run stays queued until the test
lets the queue run: through the runner's scheduled action, "Run manually" as the
administrator can (``ir.cron.method_direct_trigger``), in a request of its own.
"""
CONTEXT = {"lang": "de_DE", "tz": "Europe/Berlin"}
YEAR, MONTH = 2019, "6"  # a period without sheets: the run invoices nobody


def test_a_queued_run_shows_its_job_and_its_form_follows_it(backoffice, backoffice_page,
                                                            odoo_server):
    wizard = backoffice.call_kw("ksm.invoice.run.wizard", "create", [{
        "period_type": "month", "year": YEAR, "month": MONTH,
        "date_invoice": "%d-06-30" % YEAR, "auto_validate": False}], {"context": CONTEXT})
    action = backoffice.call_kw("ksm.invoice.run.wizard", "action_start", [[wizard]],
                                {"context": CONTEXT})
    run_id = action["res_id"]
    run = backoffice.call_kw("ksm.invoice.run", "read", [[run_id], [
        "state", "background_job_pending", "name"]])[0]
    assert (run["state"], run["background_job_pending"]) == ("queued", True)
    jobs = backoffice.call_kw("background.job", "search_read", [[
        ("model_name", "=", "ksm.invoice.run"), ("res_id", "=", run_id),
        ("state", "in", ["queued", "running"])], ["name", "state", "method_name"]])
    assert [(job["name"], job["state"]) for job in jobs] == [
        ("Rechnungslauf %s" % run["name"], "queued")]

    try:
        page = backoffice_page
        page.goto(odoo_server.url + "/web#id=%d&model=ksm.invoice.run&view_type=form" % run_id)
        status = ".o_form_view .o_statusbar_status"
        page.wait_for_selector(status + " .btn-primary:has-text('Wartend')")
        assert "wartet in der Warteschlange" in page.inner_text(".o_form_view .alert-info")

        runner = backoffice.xmlid("base_background_job.ir_cron_background_job_runner")
        backoffice.call_kw("ir.cron", "method_direct_trigger", [[runner]])
        assert backoffice.call_kw("ksm.invoice.run", "read", [[run_id], ["state"]])[0][
            "state"] == "done"
        # no reload by the user: the form reloads itself while the run is queued or running
        page.wait_for_selector(status + " .btn-primary:has-text('Abgeschlossen')", timeout=15000)
        assert not page.is_visible(".o_form_view .alert-info")
        job = backoffice.call_kw("background.job", "read", [[jobs[0]["id"]], [
            "state", "attempt_count"]])[0]
        assert (job["state"], job["attempt_count"]) == ("done", 1)
    finally:  # a failed attempt leaves no queued job behind to block the next one
        left = backoffice.call_kw("background.job", "search", [[
            ("model_name", "=", "ksm.invoice.run"), ("res_id", "=", run_id),
            ("state", "=", "queued")]])
        if left:
            backoffice.call_kw("background.job", "action_cancel", [left])

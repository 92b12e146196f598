"""PDFs printed by Chromium in the prefork server (``--workers``): several workers print
at once, each with its warm browser, and nothing is left behind, no zombie, no browser,
when the server stops."""
import concurrent.futures
import io
import time

import psutil
import pypdf
import pytest

from .conftest import Browser, OdooServer


def command_line(process):
    """The arguments of ``process``; none once it has ended (Chromium's helpers come and
    go while the list of children is read)."""
    try:
        return process.cmdline()
    except psutil.NoSuchProcess:
        return []


def is_zombie(process):
    try:
        return process.status() == psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def browsers_of(process):
    browsers = []
    for child in process.children(recursive=True):
        arguments = command_line(child)
        if "chromium" in " ".join(arguments) and any(
                arg.startswith("--user-data-dir=") and "report-chromium-" in arg
                for arg in arguments):
            browsers.append(child)
    return browsers


@pytest.fixture(scope="module")
def prefork_server(odoo_db):
    server = OdooServer(odoo_db, ["--workers=2", "--max-cron-threads=0"], name="prefork-pdf")
    yield server
    server.stop()


def test_workers_print_at_once_and_leave_nothing_behind(prefork_server, backoffice):
    sheets = backoffice.call_kw("ksm.service.sheet", "search", [[]], {"limit": 4})
    assert len(sheets) == 4
    admin = Browser(prefork_server.url)
    admin.login("admin", "admin")
    cookies = admin.cookies.get_dict()

    def fetch(sheet):
        session = Browser(prefork_server.url)
        session.cookies.update(cookies)
        response = session.get(session.url(
            "/report/pdf/ksm_services.report_service_sheet/%d" % sheet), timeout=300)
        return response

    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        responses = list(pool.map(fetch, sheets * 2))
    for response in responses:
        assert response.status_code == 200
        reader = pypdf.PdfReader(io.BytesIO(response.content))
        assert "Seite 1 von" in reader.pages[0].extract_text()
    server = psutil.Process(prefork_server.process.pid)
    assert browsers_of(server), "the workers keep their browsers warm"
    zombies = [child for child in server.children(recursive=True)
               if child.status() == psutil.STATUS_ZOMBIE]
    assert not zombies
    profiles = {arg for child in browsers_of(server) for arg in command_line(child)
                if arg.startswith("--user-data-dir=")}
    admin.close()
    prefork_server.stop()
    deadline = time.time() + 30
    while time.time() < deadline:
        left = [process for process in psutil.process_iter(["cmdline"])
                if profiles & set(process.info["cmdline"] or [])]
        if not left:
            break
        time.sleep(0.5)
    assert not left, "browsers left after the server stopped: %s" % left


def test_threaded_server_keeps_no_zombie(odoo_server, backoffice):
    true_up = backoffice.call_kw("ksm.true.up", "search", [[]], {"limit": 1})
    assert backoffice.get(backoffice.url(
        "/report/pdf/ksm_allocation.report_true_up/%d" % true_up[0])).status_code == 200
    server = psutil.Process(odoo_server.process.pid)
    assert len(browsers_of(server)) >= 1
    # a Chromium helper that just ended is a zombie until Chromium reaps it: one that
    # stays (nobody waits for it) is what the test is about
    deadline = time.time() + 5
    while True:
        zombies = [child for child in server.children(recursive=True) if is_zombie(child)]
        if not zombies or time.time() > deadline:
            break
        time.sleep(0.2)
    assert not zombies

"""The standby takes over (ops/standby.py, ``bin/ksm standby`` / ``failover``).

The test makes a primary cluster of its own (production settings, free port), restores
the backup of the test database into it with ``bin/ksm restore`` pointed at that server
(PGPORT), sets up a synchronous streaming standby with ``pg_basebackup`` on another port
and runs the production layout (nginx + one Odoo node) on the primary. The back office
validates invoices through nginx until the primary is killed with SIGKILL in the middle
of that work; the standby is promoted and the node restarted on it (``fail_over``), and
every invoice whose creation or validation Odoo had confirmed is there and served.
"""
import os
import shutil
import signal
import threading
import time

import pytest

from ops import standby as standby_ops
from ops.cluster import PRODUCTION_SETTINGS, Cluster
from .conftest import free_port, text_of
from .odoo_env import FILESTORE, ROOT, connect, db_params
from .ops_fixtures import ProxiedLayout, ksm_command, layout_on_free_ports


def kill_hard(cluster):
    """SIGKILL to the postmaster and every process of the cluster, as a crash would."""
    postmaster = cluster.postmaster_pid()
    children = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open("/proc/%s/stat" % entry) as handle:
                    parent = int(handle.read().rsplit(")", 1)[1].split()[1])
            except OSError:
                continue
            if parent == postmaster:
                children.append(int(entry))
    for pid in [postmaster] + children:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    deadline = time.time() + 30
    while standby_ops.primary_answers(cluster, timeout=1):
        assert time.time() < deadline, "the killed primary still answers"
        time.sleep(0.1)


@pytest.fixture(scope="module")
def replicated(backup_during_portal_work, odoo_db, ops_dir):
    """(primary, standby, layout, proxied sessions) on clusters of this test."""
    root = os.path.join(ROOT, "var", "test-clusters-%d" % os.getpid())
    primary = Cluster(os.path.join(root, "primary"), free_port())
    standby = Cluster(os.path.join(root, "standby"), free_port())
    dbname = odoo_db + "_failover"
    layout = None
    try:
        primary.init(PRODUCTION_SETTINGS)
        primary.start()
        params = db_params()
        primary.ensure_role(params["user"], params["password"])
        shutil.rmtree(os.path.join(FILESTORE, dbname), ignore_errors=True)
        restored = ksm_command("restore", backup_during_portal_work["folder"], "--db", dbname,
                               env=dict(os.environ, PGHOST="127.0.0.1",
                                        PGPORT=str(primary.port)))
        assert restored.returncode == 0, restored.stdout + restored.stderr
        print("\n" + restored.stdout)
        started = time.time()
        standby_ops.setup(primary, standby)
        print("standby set up in %.1f s" % (time.time() - started))
        layout = layout_on_free_ports(ops_dir / "prod-failover", dbname, nodes=1, workers=1,
                                      db_port=primary.port)
        layout.start()
        proxied = ProxiedLayout(layout)
        yield primary, standby, layout, proxied
        proxied.close()
    finally:
        if layout is not None:
            layout.stop(timeout=0)  # no request to wait for
        standby.remove()
        primary.remove()
        shutil.rmtree(root, ignore_errors=True)
        shutil.rmtree(os.path.join(FILESTORE, dbname), ignore_errors=True)


class InvoiceClerk(threading.Thread):
    """The back office creating and validating invoices for Lübtheen until an error;
    ``created``/``validated``: what Odoo answered for (id -> values)."""

    def __init__(self, session):
        super().__init__(daemon=True)
        self.session = session
        self.partner = session.xmlid("ksm_membership.partner_luebtheen")
        self.account = session.call_kw("account.account", "search", [[
            ("internal_type", "=", "other")]], {"limit": 1})[0]
        self.created, self.validated = {}, {}
        self.error = None

    def run(self):
        try:
            for number in range(1, 1000):
                invoice = self.session.call_kw("account.invoice", "create", [{
                    "partner_id": self.partner, "type": "out_invoice",
                    "invoice_line_ids": [(0, 0, {
                        "name": "Betrieb Fachverfahren, Lauf %d" % number, "quantity": 1,
                        "price_unit": 100.0 + number, "account_id": self.account})]}])
                self.created[invoice] = 100.0 + number
                self.session.call_kw("account.invoice", "action_invoice_open", [[invoice]])
                self.validated[invoice] = self.session.call_kw(
                    "account.invoice", "read", [[invoice], ["number"]])[0]["number"]
        except Exception as error:  # the primary is gone
            self.error = error


def test_committed_invoices_survive_the_loss_of_the_primary(replicated):
    primary, standby, layout, proxied = replicated
    assert standby_ops.replication_state(primary) == ("streaming", "sync")
    clerk = InvoiceClerk(proxied.browser("admin", "admin"))
    clerk.start()
    deadline = time.time() + 300
    while len(clerk.validated) < 3:
        assert clerk.is_alive() and time.time() < deadline, clerk.error
        time.sleep(0.05)
    kill_hard(primary)
    clerk.join(120)
    assert clerk.error is not None, "the clerk did not notice the primary's loss"
    created, validated = dict(clerk.created), dict(clerk.validated)

    started = time.time()
    standby_ops.fail_over(primary, standby, layout.home, layout)
    print("\nfailover (promotion and the node restarted) in %.1f s; %d invoices created, "
          "%d validated before the kill" % (time.time() - started, len(created),
                                           len(validated)))
    assert not standby.in_recovery()

    conn = connect(layout.dbname, port=standby.port)
    with conn.cursor() as cr:
        cr.execute("SELECT id, amount_total, number, state FROM account_invoice "
                   "WHERE id IN %s", [tuple(created)])
        found = {row[0]: row[1:] for row in cr.fetchall()}
    conn.close()
    assert set(found) == set(created), "invoices confirmed by Odoo are missing"
    for invoice, amount in created.items():
        assert float(found[invoice][0]) == amount
    for invoice, number in validated.items():
        assert found[invoice][1:] == (number, "open"), invoice

    # Odoo serves them from the promoted standby: to the back office (its session, kept
    # in the shared session files, survived) and to the Träger in the portal
    back_office = clerk.session
    numbers = back_office.call_kw("account.invoice", "read", [list(validated), ["number"]])
    assert {row["id"]: row["number"] for row in numbers} == validated
    portal = proxied.browser("luebtheen")
    for invoice, number in validated.items():
        page = portal.get(portal.url("/my/invoices/%d" % invoice))
        assert page.status_code == 200 and number in text_of(page.text), invoice
    # the new primary takes writes (it does not wait for a standby it no longer has)
    invoice = back_office.call_kw("account.invoice", "create", [{
        "partner_id": clerk.partner, "type": "out_invoice", "invoice_line_ids": [(0, 0, {
            "name": "Nach dem Ausfall", "quantity": 1, "price_unit": 5.0,
            "account_id": clerk.account})]}])
    back_office.call_kw("account.invoice", "action_invoice_open", [[invoice]])

    # the old primary must not come back as a second primary
    assert os.path.exists(os.path.join(primary.data, "ksm-failed-over"))
    with pytest.raises(SystemExit, match="second primary"):
        primary.start()

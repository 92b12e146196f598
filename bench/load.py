#!/usr/bin/env python3
"""Load test: 20 portal users for 60 s against the prefork server, with an invoice run
executing at the same time.

    .venv/bin/python bench/load.py --db ksm_bench_large [-u 20 -r 5 -t 60s]

Copies the database (default ``ksm_bench_large`` from bench/generate_data.py) to
``<db>_load``, so that every load test starts from the same data, and starts Odoo on it
as in production: prefork with ``--workers 2`` and one cron worker. Then it runs locust
headless (bench/locustfile.py: log in, /my, sheets, budgets, tickets, invoices,
quantities, schools) and, ``--run-after`` seconds into the load, the back-office user
``bench-office`` starts the invoice run of the current year through JSON-RPC, as the
wizard's button does (drafts unless ``--validate``): the button queues it and the cron
worker runs it as a background job. Afterwards it waits for the run and checks that it
ended ``done`` without failed Träger and counts "deadlock detected" and "could not
serialize" in the server log.

With ``--nodes 2`` it starts two such Odoo nodes on the same database and filestore (the
cron worker on the first only), checks that a session opened on one node is valid on the
other, and gives each simulated user one node, as a proxy with sticky sessions would.

With ``--proxy`` the nodes run as in production (``make prod``, ops/prod.py): nginx with
TLS in front of them on free loopback ports, ``proxy_mode``, longpolling routed apart,
and every simulated user goes through nginx over HTTPS (nginx spreads the requests over
the nodes; the sessions are shared in the filestore).

Locust runs from its own virtualenv ``.venv-bench`` (created here when missing, from
bench/requirements.txt): its gevent must not come into Odoo's environment.
"""
import argparse
import csv
import datetime
import json
import os
import subprocess
import sys
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from ops.prod import Layout, Node  # noqa: E402
from tests.conftest import Browser, OdooServer, free_port  # noqa: E402
from tests.odoo_env import connect, copy_database, drop_database  # noqa: E402

VENV = os.path.join(ROOT, ".venv-bench")
RESULTS = os.path.join(ROOT, "bench", "results")
OUTPUT = os.path.join(ROOT, "var", "bench-load")
OFFICE_LOGIN = "bench-office"
LOG_PATTERNS = ("deadlock detected", "could not serialize", "Traceback")


def ensure_venv():
    locust = os.path.join(VENV, "bin", "locust")
    if not os.path.exists(locust):
        subprocess.check_call(["python3", "-m", "venv", VENV])
        subprocess.check_call([os.path.join(VENV, "bin", "pip"), "install", "-q", "-r",
                               os.path.join(ROOT, "bench", "requirements.txt")])
    return locust


def portal_logins(dbname, count):
    """``count`` portal users of different Träger and roles (login:role), the benchmark
    user first."""
    conn = connect(dbname)
    try:
        with conn.cursor() as cr:
            cr.execute("SELECT login FROM res_users WHERE login ~ '^bench-[0-9]+-' "
                       "ORDER BY login LIMIT %s", [count - 1])
            logins = ["luebtheen:signatory"] + ["%s:%s" % (login, login.rsplit("-", 1)[1])
                                                for (login,) in cr.fetchall()]
    finally:
        conn.close()
    return logins


def invoice_run(server_url, year, validate, outcome, timeout=1800, ca=None):
    """The invoice run of ``year`` as the billing office starts it (wizard, JSON-RPC):
    the button queues it, the cron worker runs it; polled until it has ended."""
    office = Browser(server_url, ca=ca)
    office.login(OFFICE_LOGIN, OFFICE_LOGIN)
    started = time.time()

    def read_run():
        runs = office.call_kw("ksm.invoice.run", "search_read", [[
            ("period_type", "=", "year"), ("date_start", "=", "%d-01-01" % year)]], {
            "fields": ["name", "state", "invoice_count", "failed_count", "traeger_count",
                       "processed_count"]})
        return runs[0] if runs else None

    try:
        wizard = office.call_kw("ksm.invoice.run.wizard", "create", [{
            "period_type": "year", "year": year,
            "date_invoice": datetime.date.today().isoformat(), "auto_validate": validate}])
        office.call_kw("ksm.invoice.run.wizard", "action_start", [[wizard]])
        outcome["request_seconds"] = round(time.time() - started, 1)
        run = read_run()
        while run and run["state"] in ("queued", "running") \
                and time.time() < started + timeout:
            time.sleep(2)
            run = read_run()
        outcome["run"] = run
    except Exception as error:  # reported below, the load goes on
        outcome["error"] = str(error)
    outcome["seconds"] = round(time.time() - started, 1)


def session_shared(servers):
    """Whether a session opened on the first node is valid on the others: Odoo keeps
    sessions in the filestore (data_dir/sessions), which the nodes share here."""
    browser = Browser(servers[0].url)
    browser.login("luebtheen", "luebtheen")
    for node in servers[1:]:
        page = browser.get(node.url + "/my", allow_redirects=False)
        if page.status_code != 200:
            return False
    return True


def aggregated(stats_csv):
    with open(stats_csv) as handle:
        rows = list(csv.DictReader(handle))
    return rows, next(row for row in rows if row["Name"] == "Aggregated")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", default="ksm_bench_large")
    parser.add_argument("-u", "--users", type=int, default=20)
    parser.add_argument("-r", "--spawn-rate", type=int, default=5)
    parser.add_argument("-t", "--run-time", default="60s")
    parser.add_argument("--run-after", type=int, default=10,
                        help="seconds of load before the invoice run starts")
    parser.add_argument("--validate", action="store_true",
                        help="the run validates its invoices (default: drafts)")
    parser.add_argument("--nodes", type=int, default=1,
                        help="Odoo nodes on the same database and filestore (the first "
                             "with the cron worker); users are spread over them")
    parser.add_argument("--proxy", action="store_true",
                        help="the production layout: nginx with TLS in front of the nodes, "
                             "every user through it")
    args = parser.parse_args()
    locust = ensure_venv()
    dbname = args.db + "_load"
    print("copying %s to %s ..." % (args.db, dbname), flush=True)
    copy_database(args.db, dbname)
    logins = portal_logins(dbname, args.users)
    os.makedirs(OUTPUT, exist_ok=True)
    servers = []
    log_paths = []
    log_starts = []
    outcome = {}
    layout = None
    try:
        env = dict(os.environ, BENCH_LOGINS=",".join(logins))
        if args.proxy:
            layout = Layout(os.path.join(OUTPUT, "prod"), dbname, [
                Node(n + 1, free_port(), free_port(), cron=n == 0)
                for n in range(args.nodes)], workers=2, https_port=free_port(),
                http_port=free_port())
            log_paths = [layout.node_log(node) for node in layout.nodes]
            log_starts = [os.path.getsize(path) if os.path.exists(path) else 0
                          for path in log_paths]
            layout.start()
            url, ca = layout.url, layout.cert
            env["BENCH_CA"] = ca
        else:
            for node in range(args.nodes):
                servers.append(OdooServer(dbname, ["--workers=2", "--max-cron-threads=%d" % (
                    1 if node == 0 else 0)], name="bench-load-%d" % node))
                log_paths.append(servers[-1].log_path)
                log_starts.append(os.path.getsize(servers[-1].log_path))
            url, ca = servers[0].url, None
            if args.nodes > 1:
                outcome["session_shared"] = session_shared(servers)
            env["BENCH_NODES"] = ",".join(node.url for node in servers)
        started = time.time()
        load = subprocess.Popen([
            locust, "-f", os.path.join(ROOT, "bench", "locustfile.py"), "--headless",
            "-u", str(args.users), "-r", str(args.spawn_rate), "-t", args.run_time,
            "--host", url, "--csv", os.path.join(OUTPUT, "locust"), "--only-summary",
            "--stop-timeout", "10"], env=env, cwd=ROOT)
        time.sleep(args.run_after)
        load_average = os.getloadavg()[0]
        run_thread = threading.Thread(target=invoice_run, args=(
            url, datetime.date.today().year, args.validate, outcome), kwargs={"ca": ca})
        run_thread.start()
        load.wait()
        load_seconds = time.time() - started
        run_thread.join()
    finally:
        for node in servers:
            node.stop()
        if layout:
            layout.stop()
    log = ""
    for path, start in zip(log_paths, log_starts):
        with open(path, errors="replace") as handle:
            handle.seek(start)
            log += handle.read()
    counts = {pattern: log.count(pattern) for pattern in LOG_PATTERNS}
    rows, total = aggregated(os.path.join(OUTPUT, "locust_stats.csv"))
    result = {
        "db": args.db, "users": args.users, "spawn_rate": args.spawn_rate,
        "run_time": args.run_time, "load_seconds": round(load_seconds, 1),
        "requests": int(total["Request Count"]), "failures": int(total["Failure Count"]),
        "requests_per_s": round(float(total["Requests/s"]), 1),
        "median_ms": float(total["Median Response Time"]),
        "p95_ms": float(total["95%"]), "load_average": load_average,
        "nodes": args.nodes, "proxy": args.proxy, "invoice_run": outcome,
        "server_log": counts,
        "per_request": [{"name": row["Name"], "requests": int(row["Request Count"]),
                         "failures": int(row["Failure Count"]),
                         "median_ms": float(row["Median Response Time"]),
                         "p95_ms": float(row["95%"])} for row in rows
                        if row["Name"] != "Aggregated"],
    }
    os.makedirs(RESULTS, exist_ok=True)
    name = "load%s%s%s.json" % ("" if args.db == "ksm_bench_large" else "-" + args.db,
                                "" if args.nodes == 1 else "-%dnodes" % args.nodes,
                                "-proxy" if args.proxy else "")
    with open(os.path.join(RESULTS, name), "w") as handle:
        json.dump(result, handle, indent=1, ensure_ascii=False)
    run = outcome.get("run") or {}
    print("\nLoad test on %s: %d users (%s/s) for %s, %d node(s) prefork --workers 2, "
          "one cron worker%s" % (args.db, args.users, args.spawn_rate, args.run_time,
                                 args.nodes, ", through nginx (HTTPS)" if args.proxy else ""))
    if "session_shared" in outcome:
        print("session of node 1 valid on the other nodes: %s" % outcome["session_shared"])
    print("requests %d, failures %d, %.1f requests/s, median %.0f ms, p95 %.0f ms" % (
        result["requests"], result["failures"], result["requests_per_s"],
        result["median_ms"], result["p95_ms"]))
    print("invoice run %s: state %s, %s invoices, %s of %s Träger processed, %s failed, "
          "start request %.1f s, done after %.0f s%s" % (
              run.get("name"), run.get("state"), run.get("invoice_count"),
              run.get("processed_count"), run.get("traeger_count"),
              run.get("failed_count"), outcome.get("request_seconds", 0),
              outcome.get("seconds", 0),
              ", error: %s" % outcome["error"] if outcome.get("error") else ""))
    print("server log: %s" % ", ".join("%s: %d" % item for item in counts.items()))
    drop_database(dbname)
    ok = (result["failures"] == 0 and run.get("state") == "done"
          and not run.get("failed_count") and not counts["deadlock detected"]
          and not counts["could not serialize"] and not outcome.get("error")
          and outcome.get("session_shared", True))
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""bin/ksm-odoo with a count of the SQL queries of each HTTP request, for the benchmarks.

    .venv/bin/python bench/bench_server.py [odoo arguments]

Odoo 11 counts queries only per cursor and process-wide (``odoo.sql_db.sql_counter``,
added when a cursor closes), not per request. This launcher counts every
``Cursor.execute`` in the thread that runs it and answers each request with the count
of its thread in the header ``X-Ksm-Queries``. A request runs in one thread in the
threaded and in the prefork server, so the count is the request's own. Only the
benchmarks start Odoo this way; the project's servers do not load it.

With ``KSM_QUERY_TRACE=<file>`` each query is also written to that file as a JSON line:
the request's path and the innermost frames of addons' code that led to it, to find
where a page's queries go (``bench/query_trace.py`` groups them).
"""
import importlib.machinery
import importlib.util
import itertools
import json
import os
import sys
import threading

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
HEADER = "X-Ksm-Queries"
TRACE_FRAMES = 4


def load_launcher():
    loader = importlib.machinery.SourceFileLoader(
        "ksm_odoo_launcher", os.path.join(ROOT, "bin", "ksm-odoo"))
    spec = importlib.util.spec_from_loader(loader.name, loader)
    launcher = importlib.util.module_from_spec(spec)
    loader.exec_module(launcher)
    return launcher


def install_query_counter(odoo):
    """Count queries per thread; reset them when a request starts, report them in its
    answer (start_response is called once the answer is complete)."""
    cursor_class = odoo.sql_db.Cursor
    execute = cursor_class.execute
    trace_path = os.environ.get("KSM_QUERY_TRACE")
    trace = open(trace_path, "a", buffering=1) if trace_path else None

    def counting_execute(self, *args, **kwargs):
        thread = threading.current_thread()
        thread.ksm_query_count = getattr(thread, "ksm_query_count", 0) + 1
        if trace and getattr(thread, "ksm_path", None):
            trace.write(json.dumps({"path": thread.ksm_path, "request": thread.ksm_request,
                                    "frames": addon_frames(),
                                    "sql": str(args[0] if args else "")[:300]}) + "\n")
        return execute(self, *args, **kwargs)

    cursor_class.execute = counting_execute
    root_class = type(odoo.http.root)
    call = root_class.__call__
    requests = itertools.count(1)

    def counting_call(self, environ, start_response):
        thread = threading.current_thread()
        thread.ksm_query_count = 0
        thread.ksm_path = environ.get("PATH_INFO")
        thread.ksm_request = next(requests)

        def counted_start_response(status, headers, exc_info=None):
            headers = list(headers) + [(HEADER, str(thread.ksm_query_count))]
            return start_response(status, headers, exc_info)

        return call(self, environ, counted_start_response)

    root_class.__call__ = counting_call


def addon_frames():
    """The innermost frames in addons (Odoo's, OCA's and ours) of the running query."""
    frames = []
    frame = sys._getframe(2)
    while frame and len(frames) < TRACE_FRAMES:
        code = frame.f_code
        if "/addons/" in code.co_filename:
            frames.append("%s:%d %s" % (code.co_filename.split("/addons/")[-1],
                                        frame.f_lineno, code.co_name))
        frame = frame.f_back
    return frames


def main():
    launcher = load_launcher()
    apply_odoo = launcher.odoo_py311.apply_odoo

    def apply_odoo_and_count():
        apply_odoo()
        import odoo
        install_query_counter(odoo)

    launcher.odoo_py311.apply_odoo = apply_odoo_and_count
    launcher.main()


if __name__ == "__main__":
    main()

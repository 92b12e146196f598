#!/usr/bin/env python3
"""Group the queries written by ``KSM_QUERY_TRACE`` (bench/bench_server.py) by their
calling frames, for one path, and print the largest groups:

    KSM_QUERY_TRACE=/tmp/trace.jsonl .venv/bin/python bench/pages.py ...
    .venv/bin/python bench/query_trace.py /tmp/trace.jsonl /my [--depth 2] [--last] [--sql]

The counts are per request of the path (the benchmark requests each URL several times,
the first ones with cold caches); ``--last`` takes the last request alone.
"""
import argparse
import collections
import json


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("trace")
    parser.add_argument("path")
    parser.add_argument("--depth", type=int, default=2)
    parser.add_argument("--last", action="store_true",
                        help="only the last request of the path (warm caches)")
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--sql", action="store_true",
                        help="group by the statement's first 120 characters too")
    args = parser.parse_args()
    with open(args.trace) as trace:
        queries = [query for query in map(json.loads, trace) if query["path"] == args.path]
    requests = sorted({query["request"] for query in queries})
    if args.last:
        queries = [query for query in queries if query["request"] == requests[-1]]
        requests = requests[-1:]
    groups = collections.Counter()
    for query in queries:
        key = " < ".join(query["frames"][:args.depth]) or "(no addon frame)"
        if args.sql:
            key += "\n          " + " ".join(query.get("sql", "").split())[:120]
        groups[key] += 1
    print("%s: %.1f queries per request" % (args.path, len(queries) / len(requests)))
    for frames, count in groups.most_common(args.top):
        print("%7.1f  %s" % (count / len(requests), frames))


if __name__ == "__main__":
    main()

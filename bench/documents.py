"""How long the documents the secretary downloads take at scale (issue #14).

    .venv/bin/python -m bench.documents [--database-url URL] [--repeats 3] [--no-cache]

On a database made by bench.generate (default portal_bench_100k): the agenda of the meeting
with 20 items as PDF and as DOCX, and the year's annual report as PDF, each requested by the
secretary through Flask's test client in this process. Reports the first (cold) request and
the median of --repeats after it, the SQL statements and the file size. Every export is also
written to the audit log, as in use (append-only: those rows stay).

The generated files are kept in the process's document cache (as in production without Redis),
so the first request makes the file and the repeats are served from the cache; --no-cache
turns the cache off (CACHE_ENABLED=False, the annual report's statistics included) to measure
making the file every time.

Writes bench/results/documents_<database>[_nocache].json.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import time

from bench.common import (
    RESULTS,
    ROOT,
    QueryCounter,
    build_app,
    default_url,
    inprocess_meter,
    read_sidecar,
    signed_in_client,
)


def documents(info: dict) -> list[tuple[str, str]]:
    committee, meeting, year = info["committee"], info["meeting_id"], info["year"]
    items = info.get("meeting_items", 20)
    return [
        (f"agenda PDF ({items} items)", f"/committee/{committee}/meetings/{meeting}/agenda.pdf"),
        (f"agenda DOCX ({items} items)", f"/committee/{committee}/meetings/{meeting}/agenda.docx"),
        ("annual report PDF", f"/reports/{committee}/{year}.pdf"),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=default_url("100k"))
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--no-cache", action="store_true", help="make every file (CACHE_ENABLED off)")
    args = parser.parse_args()
    info = read_sidecar(args.database_url)
    app = build_app(args.database_url, CACHE_ENABLED=not args.no_cache)
    client = signed_in_client(app, info["accounts"]["secretary"])
    from portal.extensions import db

    with app.app_context():
        engine = db.engine
    meter = inprocess_meter(args.database_url)
    results = {}
    for name, path in documents(info):
        with QueryCounter(engine) as counter:
            started = time.perf_counter()
            response = client.get(path)
            cold = (time.perf_counter() - started) * 1000
        if response.status_code != 200:
            raise SystemExit(f"{path} answered {response.status_code}")
        timings, cpu = [], 0.0
        for _ in range(args.repeats):
            meter.start(None)
            process = time.process_time()
            started = time.perf_counter()
            client.get(path)
            timings.append((time.perf_counter() - started) * 1000)
            cpu += time.process_time() - process + meter.stop()["db_s"]
        timings.sort()
        results[name] = {
            "path": path,
            "bytes": len(response.data),
            "queries": counter.count,
            "cold_ms": round(cold),
            "median_ms": round(timings[len(timings) // 2]),
            "cpu_ms": round(cpu * 1000 / args.repeats),
            "times_ms": [round(t) for t in timings],
        }
        print(f"  {name}: {results[name]['median_ms']} ms", flush=True)
    meter.monitor.close()
    with app.app_context():
        db.engine.dispose()
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                            text=True).stdout.strip()  # fmt: skip
    cached = "cache off" if args.no_cache else "cache on"
    print(f"\nDocuments at {info['scale']:,} issues (in-process, {cached}, median of {args.repeats} after a cold first "
          f"request), commit {commit}")  # fmt: skip
    print(f"{'document':26} {'median ms':>10} {'CPU ms':>8} {'cold ms':>8} {'queries':>8} {'size KB':>8}")
    for name, r in results.items():
        print(
            f"{name:26} {r['median_ms']:>10} {r['cpu_ms']:>8} {r['cold_ms']:>8} {r['queries']:>8} "
            f"{r['bytes'] / 1024:>8.0f}"
        )
    print(
        f"CPU = this process and its PostgreSQL backends, mean per request; load average {os.getloadavg()[0]:.1f}"
    )
    RESULTS.mkdir(exist_ok=True)
    suffix = "_nocache" if args.no_cache else ""
    out = RESULTS / f"documents_{info['database_url'].rsplit('/', 1)[-1]}{suffix}.json"
    out.write_text(
        json.dumps(
            {"commit": commit, "scale": info["scale"], "cache": not args.no_cache, "documents": results},
            indent=2,
        )
    )
    print(f"written to {out}")


if __name__ == "__main__":
    main()

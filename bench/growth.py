"""How the heavy pages grow with the data: 1k, 10k and 100k issues (issue #14).

    .venv/bin/python -m bench.growth [--scales 1k,10k,100k] [--repeats 7]

For each database made by bench.generate (portal_bench_1k, _10k, _100k), the server time of
one request, measured inside the process with Flask's test client (median of --repeats
after a warm-up request, so no network and no queueing), and the number of SQL statements
the page sends: the committee's escalated inbox, the annual report, the campus list, the
triage inbox and "my issues". At the largest scale the committee inbox is measured once more
with 10,000 issues waiting for the committee: 9,000 more of that database's waiting issues
are escalated inside a transaction that is rolled back afterwards (the database is left as
it was).

Prints the table with the growth factor per ×10 of data and writes bench/results/growth.json.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import subprocess
import time

import sqlalchemy as sa

from bench.common import (
    RESULTS,
    ROOT,
    build_app,
    database_exists,
    default_url,
    inprocess_meter,
    read_sidecar,
    signed_in_client,
)
from bench.common import time_request as measure


def pages(info: dict) -> list[tuple[str, str, str]]:
    campus, committee, year = info["campus"], info["committee"], info["year"]
    return [
        ("committee inbox", "secretary", f"/committee/{committee}/inbox"),
        ("annual report", "secretary", f"/reports/{committee}/{year}"),
        ("campus list, newest", "student", f"/campus/{campus}/issues"),
        ("triage inbox", "leader", f"/triage/{campus}/"),
        ("my issues (50 raised)", "student", "/my-issues"),
    ]


class RolledBack:
    """Every request of the app runs in one outer transaction, rolled back at the end
    (the technique of tests/conftest.py)."""

    def __init__(self, app):
        self.app = app

    def __enter__(self):
        from portal.extensions import db

        with self.app.app_context():
            self.engine = db.engines[None]
        self.connection = self.engine.connect()
        self.outer = self.connection.begin()
        self.engines = db._app_engines[self.app]
        self.engines[None] = self.connection
        db.session.session_factory.configure(join_transaction_mode="create_savepoint")
        return self.connection

    def __exit__(self, *exc):
        self.engines[None] = self.engine
        self.outer.rollback()
        self.connection.close()


def escalate_more(connection, info: dict, total: int) -> int:
    """Send waiting issues to the committee until `total` wait there (inside the caller's transaction)."""
    waiting = connection.execute(
        sa.text("SELECT count(*) FROM issue WHERE status = 'escalated' AND committee_id IS NOT NULL")
    ).scalar()
    committee = connection.execute(
        sa.text("SELECT id FROM committee WHERE code = :code"), {"code": info["committee"]}
    ).scalar()
    connection.execute(
        sa.text(
            "UPDATE issue SET status = 'escalated', committee_id = :committee, version = version + 1 "
            "WHERE id IN (SELECT id FROM issue WHERE status IN ('accepted', 'submitted') "
            "ORDER BY id LIMIT :n)"
        ),
        {"committee": committee, "n": max(total - waiting, 0)},
    )
    return connection.execute(
        sa.text("SELECT count(*) FROM issue WHERE status = 'escalated' AND committee_id = :c"),
        {"c": committee},
    ).scalar()


def measure_scale(url: str, repeats: int, escalated_test: int | None) -> dict:
    info = read_sidecar(url)
    app = build_app(url)
    clients = {
        role: signed_in_client(app, info["accounts"][role]) for role in ("student", "leader", "secretary")
    }
    meter = inprocess_meter(url)
    results = {}
    for name, role, path in pages(info):
        results[name] = measure(app, clients[role], path, repeats, meter=meter)
        print(
            f"  {info['scale']:>7,} {name}: {results[name]['median_ms']} ms, {results[name]['queries']} q",
            flush=True,
        )
    if escalated_test:
        name, role, path = pages(info)[0]
        with RolledBack(app) as connection:
            count = escalate_more(connection, info, escalated_test)
            result = measure(app, clients[role], path, max(3, repeats // 2), meter=meter)
        result["escalated"] = count
        results[f"committee inbox, {count:,} escalated"] = result
        print(
            f"  {info['scale']:>7,} committee inbox with {count:,} escalated: {result['median_ms']} ms",
            flush=True,
        )
    meter.monitor.close()
    from portal.extensions import db

    with app.app_context():
        db.engine.dispose()
    return {"scale": info["scale"], "escalated": info["escalated"], "pages": results}


def cpu(page: dict) -> float:
    return page["cpu_app_ms"] + page.get("cpu_db_ms", 0.0)


def table(measured: dict[str, dict]) -> str:
    """Per scale: wall-clock median / CPU (app + PostgreSQL) in ms and the statement count;
    then the growth per ×10 of data, in CPU time (wall-clock in brackets)."""
    scales = list(measured)
    names = []
    for scale in scales:
        for name in measured[scale]["pages"]:
            if name not in names:
                names.append(name)
    head = f"{'page':34}" + "".join(f"{scale + ': wall / CPU ms (q)':>28}" for scale in scales)
    head += "".join(f"{'×10 ' + a + '→' + b:>18}" for a, b in itertools.pairwise(scales))
    lines = [head]
    for name in names:
        cells, pages = [], []
        for scale in scales:
            page = measured[scale]["pages"].get(name)
            pages.append(page)
            cells.append(
                f"{page['median_ms']:>9.1f} / {cpu(page):>8.1f} ({page['queries']:>3})" if page else "–"
            )
        growth = []
        for a, b in itertools.pairwise(pages):
            if a and b and cpu(a) and a["median_ms"]:
                growth.append(f"{cpu(b) / cpu(a):>8.1f}× ({b['median_ms'] / a['median_ms']:.1f}×)")
            else:
                growth.append("–")
        lines.append(
            f"{name:34.34}" + "".join(f"{c:>28}" for c in cells) + "".join(f"{g:>18}" for g in growth)
        )
    escalated = [m for m in measured.values() if any("escalated" in n for n in m["pages"])]
    if escalated:
        m = escalated[-1]
        base = m["pages"]["committee inbox"]
        big = next(v for n, v in m["pages"].items() if "escalated" in n)
        lines.append(
            f"committee inbox at {m['scale']:,} issues, {m['escalated']:,} → {big['escalated']:,} escalated: "
            f"CPU {cpu(base):.0f} → {cpu(big):.0f} ms ({cpu(big) / cpu(base):.1f}×), "
            f"wall {base['median_ms']:.0f} → {big['median_ms']:.0f} ms"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", default="1k,10k,100k")
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument(
        "--escalated", type=int, default=10_000, help="the committee-inbox test at the largest scale"
    )
    args = parser.parse_args()
    scales = [s for s in args.scales.split(",") if database_exists(default_url(s))]
    if not scales:
        raise SystemExit("no benchmark database: run bench.generate first")
    measured = {}
    for scale in scales:
        largest = scale == scales[-1]
        measured[scale] = measure_scale(default_url(scale), args.repeats, args.escalated if largest else None)
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                            text=True).stdout.strip()  # fmt: skip
    print(
        f"\nServer time per request, in-process: wall-clock median of {args.repeats}, CPU of this process and "
        f"its PostgreSQL backends (mean), SQL statements; commit {commit}; load average {os.getloadavg()[0]:.1f}"
    )
    print(table(measured))
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / "growth.json"
    out.write_text(
        json.dumps({"commit": commit, "at": time.strftime("%Y-%m-%d %H:%M"), "scales": measured}, indent=2)
    )
    print(f"written to {out}")


if __name__ == "__main__":
    main()

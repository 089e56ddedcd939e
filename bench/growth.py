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
import json
import subprocess
import time

import sqlalchemy as sa

from bench.common import (
    RESULTS,
    ROOT,
    build_app,
    database_exists,
    default_url,
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
    results = {}
    for name, role, path in pages(info):
        results[name] = measure(app, clients[role], path, repeats)
        print(
            f"  {info['scale']:>7,} {name}: {results[name]['median_ms']} ms, {results[name]['queries']} q",
            flush=True,
        )
    if escalated_test:
        name, role, path = pages(info)[0]
        with RolledBack(app) as connection:
            count = escalate_more(connection, info, escalated_test)
            result = measure(app, clients[role], path, max(3, repeats // 2))
        result["escalated"] = count
        results[f"committee inbox, {count:,} escalated"] = result
        print(
            f"  {info['scale']:>7,} committee inbox with {count:,} escalated: {result['median_ms']} ms",
            flush=True,
        )
    from portal.extensions import db

    with app.app_context():
        db.engine.dispose()
    return {"scale": info["scale"], "escalated": info["escalated"], "pages": results}


def table(measured: dict[str, dict]) -> str:
    scales = list(measured)
    names = []
    for scale in scales:
        for name in measured[scale]["pages"]:
            if name not in names:
                names.append(name)
    head = f"{'page':36}" + "".join(f"{scale + ' ms (q)':>16}" for scale in scales)
    steps = list(zip(scales, scales[1:], strict=False))
    head += "".join(f"{'×10 ' + a + '→' + b:>16}" for a, b in steps)
    lines = [head]
    for name in names:
        cells, times = [], []
        for scale in scales:
            page = measured[scale]["pages"].get(name)
            times.append(page["median_ms"] if page else None)
            cells.append(f"{page['median_ms']:>9.1f} ({page['queries']:>3})" if page else f"{'–':>16}")
        growth = []
        for ta, tb in zip(times, times[1:], strict=False):
            growth.append(f"{tb / ta:>15.1f}×" if ta and tb else f"{'–':>16}")
        lines.append(f"{name:36.36}" + "".join(f"{c:>16}" for c in cells) + "".join(growth))
    escalated = [m for m in measured.values() if any("escalated" in n for n in m["pages"])]
    if escalated:
        m = escalated[-1]
        base = m["pages"]["committee inbox"]
        big = next(v for n, v in m["pages"].items() if "escalated" in n)
        lines.append(
            f"committee inbox at {m['scale']:,} issues: {m['escalated']:,} → {big['escalated']:,} escalated: "
            f"{base['median_ms']} → {big['median_ms']} ms ({big['median_ms'] / base['median_ms']:.1f}×)"
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
        f"\nServer time per request (median of {args.repeats}, in-process) and SQL statements, commit {commit}"
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

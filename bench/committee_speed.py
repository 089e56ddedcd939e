"""The committee's escalated inbox at 1k, 10k and 100k issues: server time, statements and
HTML size, with the groups stored at escalation (portal/committee/grouping.py).

    .venv/bin/python -m bench.committee_speed [--scales 1k,10k,100k] [--url URL ...] [--repeats 7]
                                              [--escalated 10000]

For each benchmark database (bench.generate; `--url` adds others, e.g. one generated with
`--escalated 10000`): brings its schema up to date (`flask db upgrade`) and, when escalated
issues have no stored group, runs the batch regroup (timed, as after the migration). Then,
in this process with Flask's test client (no network; median of --repeats after a warm-up):
the inbox, its second page, the campus filter, the largest group of the first page opened,
and the new agenda item form for that group. Finally the time to place one more escalated issue (signature with
Apertium + average link against the stored groups), inside a transaction rolled back.

With `--escalated N` the inbox is measured once more at the largest database with N issues
escalated by SQL inside a rolled-back transaction, as bench/growth.py does; those issues have
no stored group (each is a group of its own until `regroup`), the worst case for paging.

Writes bench/results/committee_speed.json.
"""

from __future__ import annotations

import argparse
import json
import time

import sqlalchemy as sa

from bench.common import (
    RESULTS,
    SCALES,
    build_app,
    database_exists,
    default_url,
    read_sidecar,
    signed_in_client,
)
from bench.common import time_request as measure
from bench.growth import RolledBack, escalate_more


def prepare(app, committee_code: str) -> dict:
    """Schema up to date; groups computed in one batch where they are missing."""
    import flask_migrate

    from portal.committee.grouping import regroup
    from portal.committee.models import Committee, EscalatedIssueGroup
    from portal.extensions import db
    from portal.issues.models import Issue

    with app.app_context():
        flask_migrate.upgrade()
        committee = db.session.scalar(sa.select(Committee).where(Committee.code == committee_code))
        escalated = db.session.scalar(
            sa.select(sa.func.count())
            .select_from(Issue)
            .where(Issue.status == "escalated", Issue.committee_id == committee.id)
        )
        stored = db.session.scalar(sa.select(sa.func.count()).select_from(EscalatedIssueGroup))
        result = {"escalated": escalated}
        if stored != escalated:
            started = time.perf_counter()
            stats = regroup([committee])
            db.session.commit()
            result["regroup_s"] = round(time.perf_counter() - started, 1)
            result["regroup"] = stats
            print(f"    regroup: {stats} in {result['regroup_s']} s", flush=True)
        groups = db.session.execute(
            sa.select(EscalatedIssueGroup.group_key, sa.func.count().label("n"))
            .where(EscalatedIssueGroup.committee_id == committee.id)
            .group_by(EscalatedIssueGroup.group_key)
            .order_by(sa.desc("n"))
        ).all()
        result["groups"] = len(groups)
        result["largest_groups"] = [n for _key, n in groups[:5]]
        from portal.committee.queries import escalated_page

        # The largest group on the first page (a group opens on the page that shows it).
        first = [g for block in escalated_page(committee).blocks for g in block.groups]
        largest = max(first, key=lambda g: g.issue_count)
        result["largest_key"], result["largest_on_page_1"] = largest.key, largest.issue_count
        result["single_groups"] = sum(1 for _key, n in groups if n == 1)
        campus = db.session.scalar(
            sa.select(Issue.campus_id).where(Issue.status == "escalated", Issue.committee_id == committee.id)
        )
        result["campus_id"] = campus
    return result


def place_time(app, info: dict, repeats: int = 3) -> float:
    """Milliseconds to place one newly escalated issue (in a rolled-back transaction)."""
    from portal.committee.grouping import place_issue
    from portal.committee.models import Committee
    from portal.extensions import db
    from portal.issues.models import Issue

    times = []
    with app.app_context():
        committee = db.session.scalar(sa.select(Committee).where(Committee.code == info["committee"]))
        candidates = db.session.scalars(
            sa.select(Issue).where(Issue.status == "accepted").order_by(Issue.id).limit(repeats)
        ).all()
        for issue in candidates:
            issue.status, issue.committee_id = "escalated", committee.id
            started = time.perf_counter()
            place_issue(issue)
            times.append((time.perf_counter() - started) * 1000)
        db.session.rollback()
    return round(sorted(times)[len(times) // 2], 1)


def measure_database(url: str, repeats: int, escalated_test: int | None) -> dict:
    info = read_sidecar(url)
    app = build_app(url)
    print(f"  {url.rsplit('/', 1)[1]}: {info['scale']:,} issues", flush=True)
    prepared = prepare(app, info["committee"])
    client = signed_in_client(app, info["accounts"]["secretary"])
    code = info["committee"]
    paths = {
        "inbox": f"/committee/{code}/inbox",
        "page 2": f"/committee/{code}/inbox?page=2",
        "campus filter": f"/committee/{code}/inbox?campus={prepared['campus_id']}",
        "largest group of page 1 opened": f"/committee/{code}/inbox?group={prepared['largest_key']}",
        # The new-item form lists every escalated issue as a choice (not the inbox's doing).
        "new agenda item of that group (form)": f"/committee/{code}/items/new?group={prepared['largest_key']}",
    }
    pages = {}
    for name, path in paths.items():
        pages[name] = measure(app, client, path, repeats)
        assert pages[name]["status"] == 200, (path, pages[name]["status"])
        print(
            f"    {name}: {pages[name]['median_ms']} ms, {pages[name]['queries']} statements, "
            f"{pages[name]['bytes'] / 1024:.0f} KiB",
            flush=True,
        )
    result = {"url": url, "scale": info["scale"], **prepared, "pages": pages}
    result["place_ms"] = place_time(app, info)
    print(f"    placing one escalated issue: {result['place_ms']} ms", flush=True)
    if escalated_test:
        with RolledBack(app) as connection:
            count = escalate_more(connection, info, escalated_test)
            big = measure(app, client, paths["inbox"], max(3, repeats // 2))
        big["escalated"] = count
        result["inbox_more_escalated"] = big
        print(
            f"    inbox with {count:,} escalated (ungrouped, by SQL): {big['median_ms']} ms, "
            f"{big['queries']} statements, {big['bytes'] / 1024:.0f} KiB",
            flush=True,
        )
    from portal.extensions import db

    with app.app_context():
        db.engine.dispose()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", default="1k,10k,100k")
    parser.add_argument("--url", action="append", default=[], help="another benchmark database")
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--escalated", type=int, default=None, help="also at the last database, by SQL")
    args = parser.parse_args()
    urls = [default_url(s) for s in args.scales.split(",") if s and s in SCALES] + args.url
    results = []
    for n, url in enumerate(urls):
        if not database_exists(url):
            print(f"  {url}: missing (python -m bench.generate --database-url {url})")
            continue
        last = n == len(urls) - 1
        results.append(measure_database(url, args.repeats, args.escalated if last else None))
    print()
    print("| issues | escalated | groups | inbox ms | statements | HTML KiB | group opened ms | place ms |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for r in results:
        inbox, opened = r["pages"]["inbox"], r["pages"]["largest group of page 1 opened"]
        print(
            f"| {r['scale']:,} | {r['escalated']:,} | {r['groups']:,} | {inbox['median_ms']} | "
            f"{inbox['queries']} | {inbox['bytes'] / 1024:.0f} | {opened['median_ms']} | {r['place_ms']} |"
        )
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "committee_speed.json").write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()

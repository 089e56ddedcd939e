"""Issue lists as data grows: queries per page and server time, at 20 and at 10,000 issues.

    .venv/bin/python -m bench.issue_lists [--database postgresql|sqlite] [--sizes 20,10000]

Builds a fresh database per size (PostgreSQL: portal_bench_issues on 127.0.0.1),
fills it with issues spread over three campuses and the five categories, then
requests each list page through the WSGI app, counting SQL statements and timing
the requests. Writes a JSON summary to bench/results/.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import tempfile
import time
from datetime import timedelta
from pathlib import Path

import sqlalchemy as sa

RESULTS = Path(__file__).resolve().parent / "results"
PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/portal_bench_issues"


def fresh_url(kind: str, folder: str) -> str:
    if kind == "sqlite":
        return f"sqlite:///{folder}/bench.sqlite3"
    url = sa.engine.make_url(PG_URL)
    admin = sa.create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{url.database}" WITH (FORCE)'))
        connection.execute(sa.text(f'CREATE DATABASE "{url.database}"'))
    admin.dispose()
    return PG_URL


def build_app(url: str, folder: str):
    import flask_migrate

    from portal import create_app

    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": url,
            "SECRET_KEY": "bench-secret-key-bench-secret-key-1234",
            "PASSWORD_HASH_PROFILE": "fast",
            "RATELIMIT_ENABLED": False,
            "WTF_CSRF_ENABLED": False,
            "UPLOAD_FOLDER": folder,
        }
    )
    with app.app_context():
        flask_migrate.upgrade()
    return app


def fill(app, size: int) -> dict:
    """Insert `size` issues (bulk, as the service would leave them) and some supports."""
    from portal.core.counters import Counter
    from portal.db import utcnow
    from portal.demo import seed_organisation
    from portal.extensions import db
    from portal.issues.models import Issue, IssueAuthor, IssueEvent, Support
    from tests.factories import make_user

    rng = random.Random(42)
    with app.app_context():
        campuses, _committee = seed_organisation()
        categories = db.session.scalars(sa.select(sa.text("id")).select_from(sa.text("category"))).all()
        students = [make_user(campus=campuses["TRD"], email=f"s{n}@bench.test") for n in range(60)]
        db.session.flush()
        now = utcnow()
        year = now.year
        sequences = {code: 0 for code in campuses}
        statuses = ["submitted"] * 5 + ["accepted"] * 3 + ["needs_info", "escalated", "resolved", "rejected"]
        rows = []
        for n in range(size):
            code = rng.choice(list(campuses))
            sequences[code] += 1
            created = now - timedelta(minutes=rng.randint(0, 365 * 24 * 60))
            rows.append(
                {
                    "reference": f"{code}-{year}-{sequences[code]:04d}",
                    "campus_id": campuses[code].id,
                    "year": year,
                    "sequence": sequences[code],
                    "category_id": rng.choice(categories),
                    "title": f"Sak {n}: {rng.choice(['wifi', 'stoler', 'lesesal', 'eksamen', 'kantine', 'ventilasjon'])} "
                    f"{rng.choice(['faller ut', 'er ødelagt', 'mangler', 'er for kald', 'kommer for sent'])}",
                    "description": "Beskrivelse av saken. " * rng.randint(1, 20),
                    "language": rng.choice(["nb", "nn", "en"]),
                    "anonymous": rng.random() < 0.3,
                    "confidential": False,
                    "status": rng.choice(statuses),
                    "version": 1,
                    "status_changed_at": created,
                    "created_at": created,
                    "support_count": 0,
                    "flag_count": 0,
                    "hidden": False,
                }
            )
        for start in range(0, len(rows), 1000):
            db.session.execute(sa.insert(Issue), rows[start : start + 1000])
        for code, value in sequences.items():
            db.session.add(Counter(name="issue", scope_id=campuses[code].id, year=year, value=value))
        ids = db.session.scalars(sa.select(Issue.id)).all()
        db.session.execute(
            sa.insert(IssueAuthor), [{"issue_id": i, "user_id": rng.choice(students).id} for i in ids]
        )
        db.session.execute(
            sa.insert(IssueEvent),
            [
                {
                    "issue_id": i,
                    "at": now,
                    "action": "submit",
                    "actor_role": "author",
                    "to_status": "submitted",
                    "show_actor_name": False,
                }
                for i in ids
            ],
        )
        supports = set()
        for issue_id in rng.sample(ids, min(len(ids), 2000)):
            for student in rng.sample(students, rng.randint(1, 5)):
                supports.add((issue_id, student.id))
        if supports:
            db.session.execute(
                sa.insert(Support), [{"issue_id": i, "user_id": u, "created_at": now} for i, u in supports]
            )
            db.session.execute(
                sa.update(Issue).values(
                    support_count=sa.select(sa.func.count())
                    .where(Support.issue_id == Issue.id)
                    .scalar_subquery()
                )
            )
        db.session.commit()
        return {"student_id": students[0].id, "campus": "TRD"}


def measure(app, info: dict, repeats: int = 15) -> dict:
    from portal.extensions import db
    from tests.factories import sign_in

    pages = {
        "campus list, newest": "/campus/TRD/issues",
        "campus list, most supported": "/campus/TRD/issues?sort=supported",
        "campus list, page 10": "/campus/TRD/issues?page=10",
        "campus list, category + status": "/campus/TRD/issues?category=2&status=accepted",
        "campus list, full-text search": "/campus/TRD/issues?q=wifi+faller",
        "my issues": "/my-issues",
        "leader inbox": "/triage/TRD/",
    }
    results = {}
    with app.app_context():
        from portal.accounts.models import User
        from portal.accounts.service import role_grant
        from portal.authz import Role
        from portal.campuses.models import Campus

        student = db.session.get(User, info["student_id"])
        campus = db.session.scalar(sa.select(Campus).where(Campus.code == "TRD"))
        role_grant(user=student, role=Role.CAMPUS_LEADER, campus=campus, actor=None)
        db.session.commit()
        client = app.test_client()
        sign_in(client, student)
        engine = db.engine
    counter = {"n": 0}

    def count(*_args, **_kwargs):
        counter["n"] += 1

    for name, path in pages.items():
        sa.event.listen(engine, "before_cursor_execute", count)
        client.get(path)  # warm up
        counter["n"] = 0
        response = client.get(path)
        queries = counter["n"]
        sa.event.remove(engine, "before_cursor_execute", count)
        timings = []
        for _ in range(repeats):
            start = time.perf_counter()
            client.get(path)
            timings.append((time.perf_counter() - start) * 1000)
        results[name] = {
            "status": response.status_code,
            "queries": queries,
            "median_ms": round(statistics.median(timings), 1),
            "p95_ms": round(sorted(timings)[int(len(timings) * 0.95) - 1], 1),
        }
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=["postgresql", "sqlite"], default="postgresql")
    parser.add_argument("--sizes", default="20,10000")
    args = parser.parse_args()
    summary = {"database": args.database, "sizes": {}}
    for size in (int(s) for s in args.sizes.split(",")):
        with tempfile.TemporaryDirectory() as folder:
            app = build_app(fresh_url(args.database, folder), folder)
            started = time.perf_counter()
            info = fill(app, size)
            filled = time.perf_counter() - started
            summary["sizes"][size] = {"fill_seconds": round(filled, 1), "pages": measure(app, info)}
            from portal.extensions import db

            with app.app_context():
                db.engine.dispose()
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / f"issue_lists_{args.database}.json"
    out.write_text(json.dumps(summary, indent=2))
    print(f"{'page':34} " + " ".join(f"{'n=' + str(s):>24}" for s in summary["sizes"]))
    names = next(iter(summary["sizes"].values()))["pages"].keys()
    for name in names:
        cells = []
        for size in summary["sizes"]:
            page = summary["sizes"][size]["pages"][name]
            cells.append(f"{page['queries']:>3} q {page['median_ms']:>7} ms p95 {page['p95_ms']:>6}")
        print(f"{name:34} " + " ".join(f"{c:>24}" for c in cells))
    print(f"written to {out}")


if __name__ == "__main__":
    main()

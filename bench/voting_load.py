"""2,000 students vote in the same few minutes, against two gunicorn processes on PostgreSQL.

    .venv/bin/python -m bench.voting_load [--students 2000] [--clients 64] [--duplicates 0.05]
                                          [--workers 2] [--threads 1] [--keep]

1. Recreates the database portal_bench_voting on 127.0.0.1 and runs the migrations.
2. Inserts the committee, three campuses, a round in its voting phase (N = 3) with four
   approved proposals, and the students (one Argon2 hash of the "fast" profile shared by
   all: the load test measures voting, not password hashing).
3. Starts `gunicorn -w 2 wsgi:app` with CSRF on and rate limits off (every simulated
   student comes from 127.0.0.1; per-account vote limits would not trigger anyway).
4. Many concurrent clients each take students in turn and do what a phone does: open the
   sign-in page, sign in with the form's CSRF token, open the ballot, cast it with that
   page's token. Choices are random (about one in eight blank).
   Some students deliberately send their ballot twice at the same instant (two threads,
   one session), and some replay the same POST afterwards: those must be refused.
5. Measures throughput, latency percentiles per request type and errors (any status other
   than the expected one, or a connection failure), then checks in the database that the
   roll count equals the ballot count equals the number of distinct voters, and that
   every proposal's approvals equal what the clients chose.

Writes bench/results/voting_load.json and prints a summary.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path

import requests
import sqlalchemy as sa

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "results"
PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/portal_bench_voting"
SECRET_KEY = "bench-secret-key-bench-secret-key-1234567890"
PASSWORD = "bench-password-2026"
CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


def fresh_database() -> str:
    url = sa.engine.make_url(PG_URL)
    admin = sa.create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{url.database}" WITH (FORCE)'))
        connection.execute(sa.text(f'CREATE DATABASE "{url.database}"'))
    admin.dispose()
    return PG_URL


def drop_database() -> None:
    url = sa.engine.make_url(PG_URL)
    admin = sa.create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{url.database}" WITH (FORCE)'))
    admin.dispose()


def prepare(students: int) -> dict:
    """Migrate and fill the database; returns the round id, proposal ids and student e-mails."""
    import flask_migrate

    from portal import create_app
    from portal.accounts.models import RoleGrant, User
    from portal.accounts.passwords import hash_password
    from portal.authz import Role
    from portal.db import utcnow
    from portal.demo import seed_organisation
    from portal.extensions import db
    from portal.voting.models import FocusProposal, ProposalStatus, VotingRound

    app = create_app(
        {"SQLALCHEMY_DATABASE_URI": PG_URL, "SECRET_KEY": SECRET_KEY, "PASSWORD_HASH_PROFILE": "fast"}
    )
    with app.app_context():
        flask_migrate.upgrade()
        campuses, committee = seed_organisation()
        now = utcnow()
        voting_round = VotingRound(
            committee_id=committee.id,
            year=now.year + 1,
            max_choices=3,
            proposals_open_at=now - timedelta(days=20),
            curation_at=now - timedelta(days=10),
            voting_open_at=now - timedelta(minutes=5),
            voting_close_at=now + timedelta(hours=2),
            results_at=now + timedelta(hours=3),
            proposals_announced_at=now,
            voting_announced_at=now,
        )
        db.session.add(voting_round)
        db.session.flush()
        titles = [("Stille lesesaler", "Quiet reading rooms"), ("Grupperom", "Group rooms"),
                  ("Digitale verktøy", "Digital tools"), ("Inneklima", "Indoor climate")]  # fmt: skip
        proposals = []
        for nb, en in titles:
            proposal = FocusProposal(
                round_id=voting_round.id, title=nb, reason="-", language="nb",
                status=ProposalStatus.APPROVED, title_nb=nb, title_nn=nb, title_en=en,
            )  # fmt: skip
            db.session.add(proposal)
            proposals.append(proposal)
        db.session.flush()
        password_hash = hash_password(PASSWORD)
        campus_ids = [c.id for c in campuses.values()]
        emails = [f"student{n:05d}@bench.test" for n in range(students)]
        db.session.execute(
            sa.insert(User),
            [
                {
                    "email": email, "name": f"Student {n}", "password_hash": password_hash,
                    "email_verified_at": now, "home_campus_id": campus_ids[n % len(campus_ids)],
                    "locale": "en", "active": True, "session_token": f"bench{n:010d}", "created_at": now,
                }
                for n, email in enumerate(emails)
            ],
        )  # fmt: skip
        ids = db.session.scalars(sa.select(User.id).where(User.email.like("%@bench.test"))).all()
        db.session.execute(
            sa.insert(RoleGrant), [{"user_id": uid, "role": Role.STUDENT, "granted_at": now} for uid in ids]
        )
        db.session.commit()
        info = {"round": voting_round.id, "proposals": [p.id for p in proposals], "emails": emails}
        db.engine.dispose()
    return info


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(port: int, workers: int, threads: int) -> subprocess.Popen:
    env = {
        **os.environ,
        "DATABASE_URL": PG_URL,
        "SECRET_KEY": SECRET_KEY,
        "PORTAL_ENV": "development",
        "RATELIMIT_ENABLED": "0",
        "PASSWORD_HASH_PROFILE": "fast",
    }
    command = [str(ROOT / ".venv" / "bin" / "gunicorn"), "-w", str(workers), "-b", f"127.0.0.1:{port}"]
    if threads > 1:
        command += ["--threads", str(threads)]
    command += ["--log-level", "warning", "wsgi:app"]
    process = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if requests.get(f"{base}/healthz", timeout=10).status_code == 200:
                return process
        except requests.RequestException:
            pass
        time.sleep(0.2)
    stop(process)
    raise RuntimeError("gunicorn did not start")


def stop(process: subprocess.Popen) -> None:
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=20)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        os.killpg(process.pid, signal.SIGKILL)


class Recorder:
    def __init__(self):
        self.lock = threading.Lock()
        self.latencies: dict[str, list[float]] = defaultdict(list)
        self.errors: Counter = Counter()
        self.outcomes: Counter = Counter()

    def timed(self, kind: str, call, expected: int):
        started = time.perf_counter()
        try:
            response = call()
        except requests.RequestException as error:
            with self.lock:
                self.errors[f"{kind}: {type(error).__name__}"] += 1
            return None
        elapsed = time.perf_counter() - started
        with self.lock:
            self.latencies[kind].append(elapsed)
            if response.status_code != expected:
                self.errors[f"{kind}: HTTP {response.status_code}"] += 1
        return response if response.status_code == expected else None


def token(response) -> str | None:
    match = CSRF.search(response.text) if response is not None else None
    return match.group(1) if match else None


def outcome(session: requests.Session, base: str, round_id: int, recorder: Recorder) -> str:
    """Read the flash message the round page shows after a vote (English accounts)."""
    page = recorder.timed(
        "round page", lambda: session.get(f"{base}/focus-areas/{round_id}", timeout=60), 200
    )
    if page is None:
        return "unknown"
    if "Thank you for voting" in page.text:
        return "counted"
    if "You have already voted" in page.text:
        return "refused"
    return "unknown"


def one_student(base, info, email, choices, mode, recorder: Recorder, tally: Counter):
    session = requests.Session()
    form = recorder.timed("GET sign-in", lambda: session.get(f"{base}/account/sign-in", timeout=60), 200)
    csrf = token(form)
    if csrf is None:
        return
    signed = recorder.timed(
        "POST sign-in",
        lambda: session.post(
            f"{base}/account/sign-in",
            data={"csrf_token": csrf, "email": email, "password": PASSWORD},
            allow_redirects=False,
            timeout=60,
        ),
        302,
    )
    if signed is None:
        return
    vote_url = f"{base}/focus-areas/{info['round']}/vote"
    ballot = recorder.timed("GET ballot", lambda: session.get(vote_url, timeout=60), 200)
    csrf = token(ballot)
    if csrf is None:
        return
    data = {
        "csrf_token": csrf,
        "choices": [str(c) for c in choices],
        "action": "vote" if choices else "blank",
    }

    def cast():
        return recorder.timed(
            "POST vote", lambda: session.post(vote_url, data=data, allow_redirects=False, timeout=60), 302
        )

    if mode == "simultaneous":
        # Two requests of the same student at the same instant (same sign-in, same token; each
        # in its own cookie jar, so each sees its own message afterwards).
        twin = requests.Session()
        twin.cookies.update(session.cookies)
        barrier = threading.Barrier(2)

        def racer(jar):
            barrier.wait()
            recorder.timed(
                "POST vote", lambda: jar.post(vote_url, data=data, allow_redirects=False, timeout=60), 302
            )

        racers = [threading.Thread(target=racer, args=(jar,)) for jar in (session, twin)]
        for racer_thread in racers:
            racer_thread.start()
        for racer_thread in racers:
            racer_thread.join()
        seen = Counter(outcome(jar, base, info["round"], recorder) for jar in (session, twin))
        with recorder.lock:
            for what, count in seen.items():
                recorder.outcomes[f"simultaneous pair: {what}"] += count
    else:
        cast()
        first = outcome(session, base, info["round"], recorder)
        with recorder.lock:
            recorder.outcomes[f"first ballot: {first}"] += 1
        if mode == "replay":
            cast()
            again = outcome(session, base, info["round"], recorder)
            with recorder.lock:
                recorder.outcomes[f"replayed: {again}"] += 1
    with recorder.lock:
        tally.update(choices)
        tally["ballots"] += 1


def percentiles(values: list[float]) -> dict:
    if not values:
        return {}
    ordered = sorted(values)

    def at(p):
        return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))] * 1000

    return {
        "count": len(values),
        "p50_ms": round(at(50), 1),
        "p95_ms": round(at(95), 1),
        "p99_ms": round(at(99), 1),
        "max_ms": round(max(values) * 1000, 1),
        "mean_ms": round(statistics.fmean(values) * 1000, 1),
    }


def check_database(info: dict, tally: Counter) -> dict:
    engine = sa.create_engine(PG_URL)
    with engine.connect() as connection:
        rid = info["round"]

        def scalar(sql):
            return connection.execute(sa.text(sql), {"r": rid}).scalar()

        checks = {
            "roll": scalar("SELECT count(*) FROM voter_roll WHERE round_id = :r"),
            "distinct_voters": scalar("SELECT count(DISTINCT user_id) FROM voter_roll WHERE round_id = :r"),
            "ballots": scalar("SELECT count(*) FROM ballot WHERE round_id = :r"),
            "approvals": {
                str(pid): count
                for pid, count in connection.execute(
                    sa.text(
                        "SELECT c.proposal_id, count(*) FROM ballot_choice c JOIN ballot b ON b.id = c.ballot_id"
                        " WHERE b.round_id = :r GROUP BY c.proposal_id"
                    ),
                    {"r": rid},
                )
            },
        }
    engine.dispose()
    expected = {str(pid): tally.get(pid, 0) for pid in info["proposals"]}
    checks["approvals_expected"] = expected
    checks["ok"] = checks["roll"] == checks["ballots"] == checks["distinct_voters"] == tally["ballots"] and {
        k: v for k, v in checks["approvals"].items() if v
    } == {k: v for k, v in expected.items() if v}
    return checks


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--students", type=int, default=2000)
    parser.add_argument("--clients", type=int, default=64, help="concurrent simulated phones")
    parser.add_argument(
        "--duplicates", type=float, default=0.05, help="share sending twice at once, and again replaying"
    )
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--threads", type=int, default=1, help="gunicorn threads per worker (1: sync workers)"
    )
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    args = parser.parse_args()

    fresh_database()
    started = time.perf_counter()
    info = prepare(args.students)
    print(f"prepared {args.students} students in {time.perf_counter() - started:.1f} s", flush=True)

    rng = random.Random(2026)
    plans = []
    for n, email in enumerate(info["emails"]):
        size = rng.choice([0, 1, 1, 2, 2, 2, 3, 3])
        choices = sorted(rng.sample(info["proposals"], size))
        every = round(1 / args.duplicates) if args.duplicates else 0
        mode = "normal"
        if every and n % every == 0:
            mode = "simultaneous"
        elif every and n % every == 1:
            mode = "replay"
        plans.append((email, choices, mode))

    port = free_port()
    process = start_gunicorn(port, args.workers, args.threads)
    base = f"http://127.0.0.1:{port}"
    recorder, tally = Recorder(), Counter()
    try:
        started = time.perf_counter()
        with ThreadPoolExecutor(max_workers=args.clients) as pool:
            futures = [
                pool.submit(one_student, base, info, email, choices, mode, recorder, tally)
                for email, choices, mode in plans
            ]
            for future in futures:
                future.result()
        wall = time.perf_counter() - started
    finally:
        stop(process)

    database = check_database(info, tally)
    total_requests = sum(len(v) for v in recorder.latencies.values())
    summary = {
        "students": args.students,
        "clients": args.clients,
        "gunicorn": {"workers": args.workers, "threads": args.threads},
        "wall_seconds": round(wall, 1),
        "ballots_per_second": round(tally["ballots"] / wall, 1),
        "requests": total_requests,
        "requests_per_second": round(total_requests / wall, 1),
        "latency": {kind: percentiles(values) for kind, values in sorted(recorder.latencies.items())},
        "errors": dict(recorder.errors),
        "outcomes": dict(recorder.outcomes),
        "database": database,
        "python": sys.version.split()[0],
        "cpus": os.cpu_count(),
    }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "voting_load.json").write_text(json.dumps(summary, indent=2))
    print(json.dumps(summary, indent=2))
    if not args.keep:
        drop_database()
    ok = database["ok"] and not recorder.errors
    print("OK" if ok else "FAILED", flush=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

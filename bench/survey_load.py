"""5,000 students answer a 20-question survey within minutes, against two gunicorn instances on PostgreSQL;
then the results page is timed at 20,000 responses.

    .venv/bin/python -m bench.survey_load [--students 5000] [--total 20000] [--clients 32]
                                          [--workers 2] [--duplicates 0.02] [--keep]

1. Recreates the database portal_bench_surveys on 127.0.0.1, runs the migrations, loads
   surveys/laeringsmiljo.toml (20 questions in five parts) and opens a round for every
   campus; inserts `--total` students (one shared Argon2 hash of the "fast" profile: the
   test measures answering, not password hashing) and the secretary who owns the round.
2. Starts two gunicorn instances on two ports (`--workers` sync workers each, CSRF on,
   rate limits off since every client is 127.0.0.1). The clients alternate between them,
   as behind a load balancer.
3. `--students` simulated phones each: GET the sign-in page, POST it with its CSRF token,
   GET the answer page, then POST each of the five parts with that page's token and the
   signed answers carried from the part before, as a browser without JavaScript does.
   Answers are random. Some students send their last part twice at the same instant (two
   connections, one session, one to each instance); some replay it afterwards: both must
   be refused with a message.
4. Checks in the database: roll count = response count = distinct respondents = students,
   no error of any kind. Runs `flask portal reseal` on the round and times it.
5. Adds the remaining responses (to `--total`) directly in the database, then times the
   results page (HTTP, as the owner, on each instance) and round_results() in-process.

Writes bench/results/survey_load.json and prints a summary; exits non-zero if anything is off.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path

import requests
import sqlalchemy as sa

from bench.voting_load import Recorder, free_port, percentiles, stop, token

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "results"
PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/portal_bench_surveys"
SECRET_KEY = "bench-secret-key-bench-secret-key-1234567890"
PASSWORD = "bench-password-2026"
CARRY = re.compile(r'name="carry" type="hidden" value="([^"]*)"')
SECTION = re.compile(r'name="section" type="hidden" value="([^"]*)"')


def database(action: str) -> None:
    url = sa.engine.make_url(PG_URL)
    admin = sa.create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{url.database}" WITH (FORCE)'))
        if action == "create":
            connection.execute(sa.text(f'CREATE DATABASE "{url.database}"'))
    admin.dispose()


def app():
    from portal import create_app

    return create_app(
        {"SQLALCHEMY_DATABASE_URI": PG_URL, "SECRET_KEY": SECRET_KEY, "PASSWORD_HASH_PROFILE": "fast"}
    )


def prepare(total: int) -> dict:
    import flask_migrate

    from portal.accounts.models import RoleGrant, User
    from portal.accounts.passwords import hash_password
    from portal.authz import Role
    from portal.db import utcnow
    from portal.demo import seed_organisation
    from portal.extensions import db
    from portal.surveys.cli import SURVEYS_FOLDER
    from portal.surveys.models import SurveyRound
    from portal.surveys.service import survey_load

    application = app()
    with application.app_context():
        flask_migrate.upgrade()
        campuses, committee = seed_organisation()
        now = utcnow()
        version, _outcome = survey_load(
            path=SURVEYS_FOLDER / "laeringsmiljo.toml", source="laeringsmiljo.toml"
        )
        password_hash = hash_password(PASSWORD)
        campus_ids = [c.id for c in campuses.values()]
        emails = [f"student{n:05d}@bench.test" for n in range(total)]
        rows = [
            {
                "email": email, "name": f"Student {n}", "password_hash": password_hash, "email_verified_at": now,
                "home_campus_id": campus_ids[n % len(campus_ids)], "locale": "en", "active": True,
                "session_token": f"bench{n:010d}", "created_at": now,
            }
            for n, email in enumerate(emails)
        ]  # fmt: skip
        rows.append(
            {
                "email": "secretary@bench.test", "name": "Secretary", "password_hash": password_hash,
                "email_verified_at": now, "home_campus_id": None, "locale": "en", "active": True,
                "session_token": "benchsecretary", "created_at": now,
            }
        )  # fmt: skip
        db.session.execute(sa.insert(User), rows)
        ids = dict(db.session.execute(sa.select(User.email, User.id)).all())
        grants = [{"user_id": ids[e], "role": Role.STUDENT, "granted_at": now} for e in emails]
        grants.append(
            {
                "user_id": ids["secretary@bench.test"],
                "role": Role.SECRETARY,
                "committee_id": committee.id,
                "granted_at": now,
            }
        )
        db.session.execute(sa.insert(RoleGrant), grants)
        survey_round = SurveyRound(
            survey_id=version.survey_id,
            version_id=version.id,
            committee_id=committee.id,
            all_campuses=True,
            opens_at=now - timedelta(minutes=5),
            closes_at=now + timedelta(hours=6),
            min_group=5,
            announced_at=now,
        )
        db.session.add(survey_round)
        db.session.commit()
        info = {
            "round": survey_round.id,
            "emails": emails,
            "user_ids": [ids[e] for e in emails],
            "campus_ids": campus_ids,
            "definition": version.definition,
        }
        db.engine.dispose()
    return info


def start_gunicorn(port: int, workers: int) -> subprocess.Popen:
    env = {
        **os.environ,
        "DATABASE_URL": PG_URL,
        "SECRET_KEY": SECRET_KEY,
        "PORTAL_ENV": "development",
        "RATELIMIT_ENABLED": "0",
        "PASSWORD_HASH_PROFILE": "fast",
    }
    command = [str(ROOT / ".venv" / "bin" / "gunicorn"), "-w", str(workers), "-b", f"127.0.0.1:{port}"]
    command += ["--log-level", "warning", "wsgi:app"]
    process = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if requests.get(f"http://127.0.0.1:{port}/healthz", timeout=10).status_code == 200:
                return process
        except requests.RequestException:
            pass
        time.sleep(0.2)
    stop(process)
    raise RuntimeError("gunicorn did not start")


def random_answers(definition, rng: random.Random) -> dict:
    from portal.surveys.definition import Definition

    answers: dict = {}
    for question in Definition(definition).questions:
        if question.show_if and answers.get(question.show_if[0]) not in question.show_if[1]:
            continue
        if question.type == "text":
            if rng.random() < 0.3:
                answers[question.id] = rng.choice(
                    ["More group rooms.", "Fresh air, please.", "Bedre tilbakemeldinger."]
                )
        elif question.type == "multiple":
            answers[question.id] = rng.sample(list(question.choices), rng.randint(1, 2))
        else:
            answers[question.id] = rng.choice(question.choices)
    return answers


def part_fields(definition, index: int, answers: dict) -> dict:
    return {
        f"q-{q['id']}": answers[q["id"]]
        for q in definition["sections"][index]["questions"]
        if q["id"] in answers
    }


def outcome(session, base, round_id, recorder) -> str:
    page = recorder.timed(
        "GET round page", lambda: session.get(f"{base}/surveys/{round_id}", timeout=60), 200
    )
    if page is None:
        return "unknown"
    if "Thank you! Your answers are saved" in page.text:
        return "counted"
    if "You have already answered" in page.text:
        return "refused"
    return "unknown"


def one_student(bases, info, index, answers, mode, recorder: Recorder) -> None:
    base = bases[index % 2]
    other = bases[(index + 1) % 2]
    email = info["emails"][index]
    definition = info["definition"]
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
    url = f"{base}/surveys/{info['round']}/answer"
    page = recorder.timed("GET answer page", lambda: session.get(url, timeout=60), 200)
    if page is None:
        return
    csrf = token(page)
    sections = len(definition["sections"])
    for index_part in range(sections):
        carry = CARRY.search(page.text).group(1)
        assert SECTION.search(page.text).group(1) == str(index_part)
        last = index_part == sections - 1
        data = {
            "csrf_token": csrf,
            "section": str(index_part),
            "carry": carry,
            "action": "send" if last else "next",
        }
        data.update(part_fields(definition, index_part, answers))
        if not last:
            page = recorder.timed(
                "POST part",
                lambda data=data: session.post(url, data=data, allow_redirects=False, timeout=60),
                200,
            )
            if page is None:
                return
            continue
        if mode == "simultaneous":
            twin = requests.Session()
            twin.cookies.update(session.cookies)
            barrier = threading.Barrier(2)

            def racer(jar, target, data=data, barrier=barrier):
                barrier.wait()
                recorder.timed(
                    "POST last part",
                    lambda: jar.post(target, data=data, allow_redirects=False, timeout=60),
                    302,
                )

            racers = [
                threading.Thread(target=racer, args=(session, url)),
                threading.Thread(target=racer, args=(twin, url.replace(base, other))),
            ]
            for thread in racers:
                thread.start()
            for thread in racers:
                thread.join()
            seen = Counter(outcome(jar, base, info["round"], recorder) for jar in (session, twin))
            with recorder.lock:
                for what, count in seen.items():
                    recorder.outcomes[f"simultaneous pair: {what}"] += count
        else:
            recorder.timed(
                "POST last part",
                lambda data=data: session.post(url, data=data, allow_redirects=False, timeout=60),
                302,
            )
            first = outcome(session, base, info["round"], recorder)
            with recorder.lock:
                recorder.outcomes[f"answered: {first}"] += 1
            if mode == "replay":
                recorder.timed(
                    "POST last part",
                    lambda data=data: session.post(
                        url.replace(base, other), data=data, allow_redirects=False, timeout=60
                    ),
                    302,
                )
                again = outcome(session, base, info["round"], recorder)
                with recorder.lock:
                    recorder.outcomes[f"replayed: {again}"] += 1


def check_database(round_id: int, students: int) -> dict:
    engine = sa.create_engine(PG_URL)
    with engine.connect() as connection:

        def scalar(sql):
            return connection.execute(sa.text(sql), {"r": round_id}).scalar()

        checks = {
            "roll": scalar("SELECT count(*) FROM survey_roll WHERE round_id = :r"),
            "distinct_respondents": scalar(
                "SELECT count(DISTINCT user_id) FROM survey_roll WHERE round_id = :r"
            ),
            "responses": scalar("SELECT count(*) FROM survey_response WHERE round_id = :r"),
            "answers": scalar(
                "SELECT count(*) FROM survey_answer a JOIN survey_response r ON r.id = a.response_id WHERE r.round_id = :r"
            ),
            "responses_without_answers": scalar(
                "SELECT count(*) FROM survey_response r WHERE r.round_id = :r"
                " AND NOT EXISTS (SELECT 1 FROM survey_answer a WHERE a.response_id = r.id)"
            ),
        }
    engine.dispose()
    checks["ok"] = (
        checks["roll"] == checks["responses"] == checks["distinct_respondents"] == students
        and checks["responses_without_answers"] == 0
    )
    return checks


def fill_to(info: dict, answered: int, total: int, rng: random.Random) -> float:
    """Add responses (roll and box, through the same secret_cast) for the students who did not answer."""
    from portal.extensions import db
    from portal.secrecy import secret_cast
    from portal.surveys.answers import answer_rows
    from portal.surveys.definition import Definition
    from portal.surveys.service import SURVEY_BOX

    definition = Definition(info["definition"])
    started = time.perf_counter()
    application = app()
    with application.app_context():
        for n in range(answered, total):
            answers = random_answers(info["definition"], rng)
            secret_cast(
                SURVEY_BOX,
                round_id=info["round"],
                person_id=info["user_ids"][n],
                values={"campus_id": info["campus_ids"][n % len(info["campus_ids"])]},
                children={"survey_answer": answer_rows(definition, answers)},
            )
            if n % 1000 == 999:
                db.session.commit()
        db.session.commit()
        db.engine.dispose()
    return time.perf_counter() - started


def time_reseal(round_id: int) -> dict:
    from portal.extensions import db
    from portal.secrecy import reseal, vacuum_boxes
    from portal.surveys.service import SURVEY_BOX

    application = app()
    with application.app_context():
        started = time.perf_counter()
        count = reseal(SURVEY_BOX, round_id=round_id, force=True)
        db.session.commit()
        rewrite = time.perf_counter() - started
        started = time.perf_counter()
        vacuum_boxes([SURVEY_BOX])
        vacuum = time.perf_counter() - started
        db.engine.dispose()
    return {"responses": count, "rewrite_seconds": round(rewrite, 2), "vacuum_seconds": round(vacuum, 2)}


def time_results(bases, round_id: int, runs: int = 7) -> dict:
    from portal.extensions import db
    from portal.surveys.models import SurveyRound
    from portal.surveys.results import round_results

    timings: dict = {}
    for base in bases:
        session = requests.Session()
        csrf = token(session.get(f"{base}/account/sign-in", timeout=60))
        session.post(
            f"{base}/account/sign-in",
            data={"csrf_token": csrf, "email": "secretary@bench.test", "password": PASSWORD},
            timeout=60,
        )
        values = []
        for _ in range(runs):
            started = time.perf_counter()
            response = session.get(f"{base}/surveys/{round_id}/results", timeout=120)
            values.append(time.perf_counter() - started)
            assert response.status_code == 200, response.status_code
            assert "All campuses" in response.text, response.status_code
        timings[base] = values
    page = [v for values in timings.values() for v in values[1:]]  # the first of each warms the worker
    application = app()
    with application.app_context():
        in_process = []
        for _ in range(runs):
            db.session.expire_all()
            started = time.perf_counter()
            results = round_results(db.session.get(SurveyRound, round_id), with_texts=True)
            in_process.append(time.perf_counter() - started)
        responses = results.responses
        db.engine.dispose()
    return {
        "responses": responses,
        "page_http_median_ms": round(statistics.median(page) * 1000, 1),
        "page_http_max_ms": round(max(page) * 1000, 1),
        "round_results_median_ms": round(statistics.median(in_process) * 1000, 1),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--students", type=int, default=5000)
    parser.add_argument("--total", type=int, default=20000)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--workers", type=int, default=2, help="sync workers per gunicorn instance")
    parser.add_argument("--duplicates", type=float, default=0.02)
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()

    database("create")
    started = time.perf_counter()
    info = prepare(max(args.total, args.students))
    print(
        f"prepared {max(args.total, args.students)} students in {time.perf_counter() - started:.1f} s",
        flush=True,
    )

    rng = random.Random(2026)
    every = round(1 / args.duplicates) if args.duplicates else 0
    plans = []
    for n in range(args.students):
        mode = (
            "simultaneous" if every and n % every == 0 else "replay" if every and n % every == 1 else "normal"
        )
        plans.append((n, random_answers(info["definition"], rng), mode))

    ports = [free_port(), free_port()]
    processes = [start_gunicorn(port, args.workers) for port in ports]
    bases = [f"http://127.0.0.1:{port}" for port in ports]
    recorder = Recorder()
    try:
        started = time.perf_counter()
        with ThreadPoolExecutor(max_workers=args.clients) as pool:
            futures = [
                pool.submit(one_student, bases, info, n, answers, mode, recorder)
                for n, answers, mode in plans
            ]
            for future in futures:
                future.result()
        wall = time.perf_counter() - started
        checks = check_database(info["round"], args.students)
        print(f"{args.students} students answered in {wall:.1f} s; database: {checks}", flush=True)
        reseal_5000 = time_reseal(info["round"])
        fill_seconds = fill_to(info, args.students, args.total, rng)
        reseal_total = time_reseal(info["round"])
        results = time_results(bases, info["round"])
    finally:
        for process in processes:
            stop(process)

    total_requests = sum(len(v) for v in recorder.latencies.values())
    summary = {
        "students_answering_over_http": args.students,
        "clients": args.clients,
        "gunicorn": {"instances": 2, "workers_each": args.workers},
        "wall_seconds": round(wall, 1),
        "responses_per_second": round(args.students / wall, 1),
        "requests": total_requests,
        "requests_per_second": round(total_requests / wall, 1),
        "latency": {kind: percentiles(values) for kind, values in sorted(recorder.latencies.items())},
        "errors": dict(recorder.errors),
        "outcomes": dict(recorder.outcomes),
        "database": checks,
        "reseal_after_http": reseal_5000,
        "filled_to": args.total,
        "fill_seconds": round(fill_seconds, 1),
        "reseal_at_total": reseal_total,
        "results_at_total": results,
        "python": sys.version.split()[0],
        "cpus": os.cpu_count(),
    }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "survey_load.json").write_text(json.dumps(summary, indent=2))
    print(json.dumps(summary, indent=2))
    if not args.keep:
        database("drop")
    simultaneous = Counter({k: v for k, v in recorder.outcomes.items() if k.startswith("simultaneous")})
    ok = (
        checks["ok"]
        and not recorder.errors
        and "answered: unknown" not in recorder.outcomes
        and simultaneous.get("simultaneous pair: counted", 0)
        == simultaneous.get("simultaneous pair: refused", 0)
        and results["responses"] == args.total
    )
    print("OK" if ok else "FAILED", flush=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

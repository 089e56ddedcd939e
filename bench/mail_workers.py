"""Several mail workers drain one outbox: is every message delivered exactly once?

    .venv/bin/python -m bench.mail_workers [--messages 800] [--workers 4] [--batch 100]
                                           [--database postgresql|sqlite] [--keep]

1. Recreates the PostgreSQL database portal_bench_mail on 127.0.0.1 (or a SQLite file in
   a temporary folder) and runs the migrations.
2. Puts --messages messages in the outbox, each to its own address.
3. Starts an SMTP server (aiosmtpd) in this process that counts every delivery
   (envelope recipient), then starts --workers real `flask --app portal portal send-mail`
   processes against that server. So that they start claiming at the same moment (and
   not one after the other as their interpreters come up), the outbox table is locked
   while they start (PostgreSQL: LOCK TABLE; SQLite: a write transaction) and released
   after --gate seconds.
4. When they have finished, prints the deliveries, the distinct recipients, the
   duplicates and the outbox's statuses. The exit status is non-zero unless every
   message was delivered exactly once.

Writes bench/results/mail_workers_<database>.json.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

import sqlalchemy as sa
from aiosmtpd.controller import Controller

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "results"
PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/portal_bench_mail"
SECRET_KEY = "bench-secret-key-bench-secret-key-1234567890"


class Deliveries:
    """aiosmtpd handler: one count per envelope recipient of every accepted message."""

    def __init__(self):
        self.lock = threading.Lock()
        self.recipients: Counter[str] = Counter()

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.recipients.update(envelope.rcpt_tos)
        return "250 Message accepted"


def fresh_database(kind: str, folder: Path) -> str:
    if kind == "sqlite":
        return "sqlite:///" + str(folder / "mail.sqlite3")
    url = sa.engine.make_url(PG_URL)
    admin = sa.create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{url.database}" WITH (FORCE)'))
        connection.execute(sa.text(f'CREATE DATABASE "{url.database}"'))
    admin.dispose()
    return PG_URL


def drop_database(kind: str) -> None:
    if kind == "sqlite":
        return
    url = sa.engine.make_url(PG_URL)
    admin = sa.create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{url.database}" WITH (FORCE)'))
    admin.dispose()


def fill_outbox(database_url: str, messages: int, folder: Path) -> None:
    import flask_migrate

    from portal import create_app
    from portal.extensions import db
    from portal.notifications.mail import mail_enqueue

    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "SECRET_KEY": SECRET_KEY})
    app.instance_path = str(folder)
    with app.app_context():
        flask_migrate.upgrade()
        for n in range(messages):
            mail_enqueue(to=f"student{n:05d}@bench.test", subject=f"Melding {n}", body="Hei", language="nb")
        db.session.commit()
        db.engine.dispose()


def hold_outbox(kind: str, database_url: str):
    """Lock the outbox so that every worker's first claim waits; returns a function that releases it."""
    if kind == "sqlite":
        import sqlite3

        connection = sqlite3.connect(sa.engine.make_url(database_url).database, isolation_level=None)
        connection.execute("BEGIN IMMEDIATE")
    else:
        import psycopg

        connection = psycopg.connect("host=127.0.0.1 port=5432 user=postgres dbname=portal_bench_mail")
        connection.execute("LOCK TABLE outbox_message IN ACCESS EXCLUSIVE MODE")

    def release() -> None:
        if kind == "sqlite":
            connection.execute("ROLLBACK")
        else:
            connection.rollback()
        connection.close()

    return release


def outbox_statuses(database_url: str) -> dict[str, int]:
    engine = sa.create_engine(database_url)
    with engine.connect() as connection:
        rows = connection.execute(sa.text("SELECT status, count(*) FROM outbox_message GROUP BY status"))
        result = {status: count for status, count in rows}
    engine.dispose()
    return result


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--messages", type=int, default=800)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--batch", type=int, default=100)
    parser.add_argument("--database", choices=["postgresql", "sqlite"], default="postgresql")
    parser.add_argument("--gate", type=float, default=3.0, help="seconds the workers wait for each other")
    parser.add_argument("--keep", action="store_true", help="keep the PostgreSQL database afterwards")
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="bench-mail-"))
    database_url = fresh_database(args.database, folder)
    fill_outbox(database_url, args.messages, folder)

    deliveries = Deliveries()
    port = _free_port()
    smtp = Controller(deliveries, hostname="127.0.0.1", port=port)
    smtp.start()
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "DATABASE_URL": database_url,
        "SECRET_KEY": SECRET_KEY,
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": str(port),
        "PORTAL_ENV": "development",
    }
    flask = [sys.executable, "-m", "flask", "--app", "portal"]
    command = [*flask, "portal", "send-mail", "--batch", str(args.batch)]
    release = hold_outbox(args.database, database_url)
    workers = [
        subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for _ in range(args.workers)
    ]
    time.sleep(args.gate)
    started = time.perf_counter()
    release()
    outputs = [worker.communicate(timeout=600) for worker in workers]
    elapsed = time.perf_counter() - started
    smtp.stop()

    total = sum(deliveries.recipients.values())
    duplicates = {address: count for address, count in deliveries.recipients.items() if count > 1}
    statuses = outbox_statuses(database_url)
    result = {
        "database": args.database,
        "messages": args.messages,
        "workers": args.workers,
        "batch": args.batch,
        "deliveries": total,
        "distinct_recipients": len(deliveries.recipients),
        "duplicated_recipients": len(duplicates),
        "extra_deliveries": total - len(deliveries.recipients),
        "seconds": round(elapsed, 2),
        "outbox": statuses,
        "worker_exit_codes": [worker.returncode for worker in workers],
        "worker_output": [
            out.strip().splitlines()[-1] if out.strip() else err.strip()[-300:] for out, err in outputs
        ],
    }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"mail_workers_{args.database}.json").write_text(json.dumps(result, indent=2) + "\n")
    print(f"{args.workers} send-mail processes, {args.messages} messages ({args.database}), {elapsed:.1f} s")
    for index, line in enumerate(result["worker_output"], 1):
        print(f"  worker {index}: {line}")
    print(f"deliveries: {total}")
    print(f"distinct recipients: {len(deliveries.recipients)}, delivered more than once: {len(duplicates)}")
    print(f"outbox: {statuses}")
    if not args.keep:
        drop_database(args.database)
    exact = total == args.messages and not duplicates and statuses == {"sent": args.messages}
    return 0 if exact and all(worker.returncode == 0 for worker in workers) else 1


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


if __name__ == "__main__":
    sys.exit(main())

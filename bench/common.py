"""What the scale benchmarks share: database names, the data file, the app, gunicorn, signing in."""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import socket
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

import requests
import sqlalchemy as sa

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "results"
SCALES = {"1k": 1_000, "10k": 10_000, "100k": 100_000}
SECRET_KEY = "bench-secret-key-bench-secret-key-0123456789"
PASSWORD = "bench-password-2026"
# Sent by every client (sign-in and wrk alike): Flask-Login's "basic" session protection
# hashes address and user agent, and a mismatch would rewrite the session on every request.
USER_AGENT = "portal-bench/1.0"
INPROCESS = "bench-inprocess"
CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


def default_url(scale: str) -> str:
    return f"postgresql+psycopg://postgres@127.0.0.1:5432/portal_bench_{scale}"


def database_name(url: str) -> str:
    return sa.engine.make_url(url).database


def sidecar_path(url: str) -> Path:
    """Where the generator writes what the runners need to know (ids, references, accounts)."""
    return RESULTS / f"{database_name(url)}.json"


def read_sidecar(url: str) -> dict:
    path = sidecar_path(url)
    if not path.exists():
        raise SystemExit(f"{path} is missing: run `python -m bench.generate --database-url {url}` first")
    return json.loads(path.read_text())


def database_exists(url: str) -> bool:
    parsed = sa.engine.make_url(url)
    admin = sa.create_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            return bool(
                connection.execute(
                    sa.text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": parsed.database}
                ).scalar()
            )
    finally:
        admin.dispose()


def recreate_database(url: str) -> None:
    parsed = sa.engine.make_url(url)
    if "bench" not in (parsed.database or ""):
        raise SystemExit(
            f"refusing to drop {parsed.database!r}: benchmark databases have 'bench' in the name"
        )
    admin = sa.create_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{parsed.database}" WITH (FORCE)'))
        connection.execute(sa.text(f'CREATE DATABASE "{parsed.database}"'))
    admin.dispose()


def build_app(url: str, **overrides):
    """The portal in this process, on the benchmark database (production-like settings)."""
    from portal import create_app

    config = {
        # Named, so that CpuMeter finds the PostgreSQL backends serving this process.
        "SQLALCHEMY_DATABASE_URI": with_application_name(url, INPROCESS),
        "SECRET_KEY": SECRET_KEY,
        "RATELIMIT_ENABLED": False,
        "UPLOAD_FOLDER": tempfile.mkdtemp(prefix="portal-bench-uploads-"),
        **overrides,
    }
    return create_app(config)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(app_spec: str, port: int, env: dict, workers: int = 2) -> subprocess.Popen:
    """`gunicorn -w 2` (sync workers) on loopback; waits until it answers."""
    command = [
        str(ROOT / ".venv" / "bin" / "gunicorn"),
        "-w",
        str(workers),
        "-b",
        f"127.0.0.1:{port}",
        "--log-level",
        "warning",
        app_spec,
    ]
    process = subprocess.Popen(command, cwd=ROOT, env={**os.environ, **env}, start_new_session=True)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{app_spec} exited with {process.returncode}")
        try:
            requests.get(f"http://127.0.0.1:{port}/healthz", timeout=10)
            return process
        except requests.RequestException:
            time.sleep(0.3)
    stop(process)
    raise RuntimeError(f"{app_spec} did not start")


def stop(process: subprocess.Popen) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()


class Browser:
    """A client that keeps cookies by hand: production cookies are Secure, and requests'
    cookie jar would not send them back over plain HTTP on loopback."""

    def __init__(self, base: str):
        self.base = base
        self.cookies: dict[str, str] = {}

    @property
    def cookie_header(self) -> str:
        return "; ".join(f"{k}={v}" for k, v in self.cookies.items())

    def request(self, method: str, path: str, **kwargs) -> requests.Response:
        headers = {"User-Agent": USER_AGENT, **kwargs.pop("headers", {})}
        if self.cookies:
            headers["Cookie"] = self.cookie_header
        response = requests.request(
            method, self.base + path, headers=headers, allow_redirects=False, timeout=120, **kwargs
        )
        for cookie in response.raw.headers.getlist("Set-Cookie"):
            name, _, rest = cookie.partition("=")
            value = rest.split(";", 1)[0]
            if value:
                self.cookies[name.strip()] = value
            else:
                self.cookies.pop(name.strip(), None)
        return response

    def get(self, path: str) -> requests.Response:
        return self.request("GET", path)

    def csrf(self, path: str) -> str:
        response = self.get(path)
        match = CSRF.search(response.text)
        if not match:
            raise RuntimeError(f"no CSRF token on {path} (status {response.status_code})")
        return match.group(1)

    def sign_in(self, email: str, password: str = PASSWORD) -> None:
        token = self.csrf("/account/sign-in")
        response = self.request(
            "POST", "/account/sign-in", data={"csrf_token": token, "email": email, "password": password}
        )
        if response.status_code != 302:
            raise RuntimeError(f"signing in as {email} failed: {response.status_code}")
        # Read the "You are signed in" flash once, so the cookie wrk reuses carries none.
        self.get("/")


# -- in-process measurements (growth, documents) ----------------------------------------------


def signed_in_client(app, email: str):
    """A test client whose session holds this account, as a sign-in leaves it."""
    from portal.accounts.models import User
    from portal.extensions import db

    with app.app_context():
        user = db.session.scalar(sa.select(User).where(User.email == email))
        user_id = user.get_id()
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = user_id
        session["_fresh"] = True
    return client


class QueryCounter:
    """Counts the SQL statements sent while it is active."""

    def __init__(self, engine):
        self.engine = engine
        self.count = 0

    def _count(self, _connection, _cursor, statement, *_args):
        # Savepoints are the rolled-back measurement's own (bench.growth), not the page's.
        if not statement.lstrip().upper().startswith(("SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO")):
            self.count += 1

    def __enter__(self):
        self.count = 0
        sa.event.listen(self.engine, "before_cursor_execute", self._count)
        return self

    def __exit__(self, *exc):
        sa.event.remove(self.engine, "before_cursor_execute", self._count)


def time_request(app, client, path: str, repeats: int, warm: int = 1, meter=None) -> dict:
    """Server time of GET `path` in this process: status, bytes, statements, the median and
    every wall-clock time (ms), and with a meter (inprocess_meter) the CPU per request: this
    process's plus that of the PostgreSQL backends serving it (mean over the repeats; the
    backends' CPU is counted in 10 ms clock ticks)."""
    from portal.extensions import db

    for _ in range(warm):
        client.get(path)
    with app.app_context():
        engine = db.engine
    with QueryCounter(engine) as counter:
        response = client.get(path)
    timings = []
    app_cpu = db_cpu = 0.0
    for _ in range(repeats):
        if meter is not None:
            meter.start(None)
        cpu = time.process_time()
        started = time.perf_counter()
        client.get(path)
        timings.append((time.perf_counter() - started) * 1000)
        app_cpu += time.process_time() - cpu
        if meter is not None:
            db_cpu += meter.stop()["db_s"]
    result = {
        "status": response.status_code,
        "bytes": len(response.data),
        "queries": counter.count,
        "median_ms": round(statistics.median(timings), 1),
        "min_ms": round(min(timings), 1),
        "times_ms": [round(t, 1) for t in timings],
        "cpu_app_ms": round(app_cpu * 1000 / repeats, 1),
    }
    if meter is not None:
        result["cpu_db_ms"] = round(db_cpu * 1000 / repeats, 1)
    return result


# -- CPU per request (robust to other work on a shared machine) ------------------------------

_CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    """User + system CPU time a process has used (0 if it is gone)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return 0.0
    fields = stat.rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / _CLOCK_TICKS


def child_pids(parent: int) -> list[int]:
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == parent:
                pids.append(int(entry.name))
    return pids


class CpuMeter:
    """CPU time used by a gunicorn server's workers and by the PostgreSQL backends serving
    them (found by application_name), between start() and stop(). Unlike requests/s, this
    hardly changes when other programs load the machine."""

    def __init__(self, monitor, application_name: str):
        self.monitor = monitor  # an autocommit psycopg connection
        self.application_name = application_name
        self.server_pid: int | None = None

    def _backends(self) -> list[int]:
        with self.monitor.cursor() as cursor:
            cursor.execute(
                "SELECT pid FROM pg_stat_activity WHERE application_name = %s", (self.application_name,)
            )
            return [row[0] for row in cursor.fetchall()]

    def _snapshot(self) -> tuple[dict, dict]:
        workers = {pid: cpu_seconds(pid) for pid in child_pids(self.server_pid)} if self.server_pid else {}
        backends = {pid: cpu_seconds(pid) for pid in self._backends()}
        return workers, backends

    def start(self, server_pid: int) -> None:
        self.server_pid = server_pid
        self.before = self._snapshot()

    def stop(self) -> dict:
        after = self._snapshot()
        used = []
        for before, now in zip(self.before, after, strict=True):
            used.append(sum(max(now[pid] - before.get(pid, 0.0), 0.0) for pid in now))
        return {"app_s": round(used[0], 3), "db_s": round(used[1], 3)}


def with_application_name(url: str, name: str) -> str:
    parsed = sa.engine.make_url(url)
    return parsed.update_query_dict({"application_name": name}).render_as_string(hide_password=False)


def inprocess_meter(url: str) -> CpuMeter:
    """A CpuMeter for the PostgreSQL backends of an app made by build_app (its own connection)."""
    import psycopg

    monitor = psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://"), autocommit=True)
    return CpuMeter(monitor, INPROCESS)

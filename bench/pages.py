"""Throughput and latency of the portal's pages, side by side with a bare Flask app (issue #14).

    .venv/bin/python -m bench.pages [--database-url URL] [--pages student|staff|write|all]
                                    [--duration 10] [--connections 50] [--repeat 1]

Needs a database made by bench.generate (default portal_bench_100k) and wrk
(`apt-get install -y wrk`).

1. Starts the portal (`gunicorn -w 2 wsgi:app`, sync workers) with PORTAL_ENV=production, a
   known SECRET_KEY and rate limits off, and the bare app (`gunicorn -w 2
   bench.baseline_app:app`), both on loopback.
2. Signs in once per role (student, campus leader of TRD, secretary of LMU, and eight writer
   students) through the real sign-in form, reads the "signed in" flash away, and reuses each
   session cookie: signing in is not what is measured. Each page is first fetched to check it
   answers 200 with that cookie.
3. For each page, wrk with --connections connections (2 threads) for --duration seconds
   against the portal, then the same against the bare app: the two alternate, so both see the
   same machine load. A short untimed run warms each page first.
4. The write path, with 8 clients (one connection each): raising an issue (the form's final
   POST with its CSRF token: CSRF stays on), the first POST of the form (which looks for
   similar issues and shows them), and supporting an issue (each request a new support), each
   against the bare app's POST that writes one row. Afterwards the writers' issues and supports
   are removed again (counters reset), so runs can be repeated on the same data.

Prints a table per run (requests/s portal and bare, ratio, p50, p95, errors, target, pass)
and writes bench/results/pages_<database>.json.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import quote_plus, urlencode

import psycopg
import requests
import sqlalchemy as sa

from bench.common import (
    RESULTS,
    ROOT,
    SECRET_KEY,
    USER_AGENT,
    Browser,
    CpuMeter,
    default_url,
    free_port,
    read_sidecar,
    start_gunicorn,
    stop,
    with_application_name,
)

WRK = Path(__file__).resolve().parent / "wrk"
TARGETS = {"student": 0.50, "staff": 0.25, "write": 0.25}
P95_TARGET_MS = 150.0


@dataclass
class Page:
    name: str
    path: str
    role: str  # whose cookie: student, leader, secretary
    group: str  # student, staff


@dataclass
class Result:
    name: str
    group: str
    portal: dict
    baseline: dict
    status: int = 200
    size: int = 0
    notes: list[str] = field(default_factory=list)

    @staticmethod
    def rate(numbers: dict) -> float:
        return numbers["requests"] / (numbers["duration_us"] / 1e6) if numbers.get("duration_us") else 0.0

    @property
    def ratio(self) -> float:
        base = self.rate(self.baseline)
        return self.rate(self.portal) / base if base else 0.0

    @staticmethod
    def cpu(numbers: dict) -> float | None:
        if numbers.get("cpu_app_ms") is None:
            return None
        return numbers["cpu_app_ms"] + numbers["cpu_db_ms"]

    @property
    def cpu_ratio(self) -> float | None:
        portal, base = self.cpu(self.portal), self.cpu(self.baseline)
        return base / portal if portal and base is not None else None

    @property
    def slow(self) -> bool:
        return any(note.startswith("too slow") for note in self.notes)

    @property
    def errors(self) -> int:
        p = self.portal
        return p["status"] + p["connect"] + p["read"] + p["write"] + p["timeout"] + p.get("unexpected", 0)

    @property
    def passed(self) -> tuple[bool, list[str]]:
        failed = []
        if self.ratio < TARGETS[self.group]:
            failed.append("ratio")
        if self.portal["p95"] / 1000 > P95_TARGET_MS:
            failed.append("p95")
        if self.errors:
            failed.append("errors")
        if self.status != 200:
            failed.append(f"answered {self.status}")
        return not failed, failed


def page_list(info: dict) -> list[Page]:
    """The pages of issue #14, with the ids and references the generator wrote down."""
    campus, committee, year = info["campus"], info["committee"], info["year"]
    categories = info["category_ids"]
    listing = f"/campus/{campus}/issues"
    inbox = f"/triage/{campus}/"
    return [
        Page("home", "/", "student", "student"),
        Page("campus list, newest", listing, "student", "student"),
        Page("campus list, most supported", f"{listing}?sort=supported", "student", "student"),
        Page("campus list, category", f"{listing}?category={categories['digital']}", "student", "student"),
        Page("campus list, status", f"{listing}?status=accepted", "student", "student"),
        Page("campus list, page 50", f"{listing}?page=50", "student", "student"),
        Page("campus list, search", f"{listing}?q={quote_plus(info['search_query'])}", "student", "student"),
        Page("issue with 3,000 supporters", f"/issues/{info['top_supported']['reference']}", "student", "student"),
        Page("my issues (50 raised)", "/my-issues", "student", "student"),
        Page("raise form", "/issues/new", "student", "student"),
        Page("triage inbox", inbox, "leader", "staff"),
        Page("triage inbox, overdue", f"{inbox}?overdue=1", "leader", "staff"),
        Page("triage inbox, attention", f"{inbox}?attention=1", "leader", "staff"),
        Page("triage inbox, category", f"{inbox}?category={categories['physical']}", "leader", "staff"),
        Page("triage inbox, status", f"{inbox}?status=submitted", "leader", "staff"),
        Page("triage issue page", f"/triage/issues/{info['triage_issue']}", "leader", "staff"),
        Page("committee inbox", f"/committee/{committee}/inbox", "secretary", "staff"),
        Page(f"meeting page ({info.get('meeting_items', 20)} items)", f"/committee/{committee}/meetings/{info['meeting_id']}",
             "secretary", "staff"),
        Page("annual report", f"/reports/{committee}/{year}", "secretary", "staff"),
        Page("you said, we did", f"/you-said-we-did/{committee}/{year}", "secretary", "staff"),
    ]  # fmt: skip


# -- servers ---------------------------------------------------------------------------------


def portal_env(url: str, uploads: str, port: int) -> dict:
    return {
        "DATABASE_URL": with_application_name(url, "bench-portal"),
        "SECRET_KEY": SECRET_KEY,
        "PORTAL_ENV": "production",
        "RATELIMIT_ENABLED": "0",
        "BASE_URL": f"http://127.0.0.1:{port}",
        "UPLOAD_FOLDER": uploads,
        "PASSWORD_HASH_PROFILE": "default",
    }


def prepare_baseline_table(url: str) -> None:
    engine = sa.create_engine(url)
    with engine.begin() as connection:
        connection.execute(
            sa.text(
                "CREATE TABLE IF NOT EXISTS bench_baseline_post "
                "(id serial PRIMARY KEY, title text NOT NULL, created_at timestamptz NOT NULL DEFAULT now())"
            )
        )
        connection.execute(sa.text("TRUNCATE bench_baseline_post"))
    engine.dispose()


# -- wrk ---------------------------------------------------------------------------------------


def wrk(url: str, *, connections: int, duration: float, threads: int = 2, headers=(), script="report.lua",
        env=None) -> dict:  # fmt: skip
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{int(duration)}s", "--timeout", "30s",
               "-s", str(WRK / script)]  # fmt: skip
    for header in headers:
        command += ["-H", header]
    command.append(url)
    output = subprocess.run(
        command, capture_output=True, text=True, check=True, env={**os.environ, **(env or {})}
    ).stdout
    line = next((line for line in output.splitlines() if line.startswith("WRK_JSON ")), None)
    if line is None:
        raise RuntimeError(f"wrk gave no summary:\n{output}")
    return json.loads(line[len("WRK_JSON ") :])


def lua_string(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def write_clients_file(clients: list[dict]) -> str:
    """The Lua table post.lua reads: [{cookie, requests = [{path, body}]}]."""
    parts = ["return {"]
    for client in clients:
        steps = ", ".join(
            f"{{path = {lua_string(path)}, body = {lua_string(body)}}}" for path, body in client["requests"]
        )
        parts.append(f"  {{cookie = {lua_string(client['cookie'])}, requests = {{{steps}}}}},")
    parts.append("}")
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
        handle.write("\n".join(parts))
    return handle.name


# -- the run -----------------------------------------------------------------------------------


class Run:
    def __init__(self, url: str, info: dict, args):
        self.url = url
        self.info = info
        self.args = args
        self.portal_port = free_port()
        self.baseline_port = free_port()
        self.portal_base = f"http://127.0.0.1:{self.portal_port}"
        self.baseline_base = f"http://127.0.0.1:{self.baseline_port}"
        self.uploads = tempfile.mkdtemp(prefix="portal-bench-")
        self.browsers: dict[str, Browser] = {}
        self._writers: list[Browser] = []

    def __enter__(self):
        prepare_baseline_table(self.url)
        self.portal = self.start_portal()
        self.baseline = start_gunicorn(
            "bench.baseline_app:app",
            self.baseline_port,
            {"BENCH_DATABASE_URL": with_application_name(self.url, "bench-baseline")},
        )
        self.monitor = psycopg.connect(
            self.url.replace("postgresql+psycopg://", "postgresql://"), autocommit=True
        )
        self.meters = {
            "portal": CpuMeter(self.monitor, "bench-portal"),
            "baseline": CpuMeter(self.monitor, "bench-baseline"),
        }
        accounts = self.info["accounts"]
        for role in ("student", "leader", "secretary"):
            browser = Browser(self.portal_base)
            browser.sign_in(accounts[role], self.info["password"])
            self.browsers[role] = browser
        return self

    def start_portal(self):
        return start_gunicorn(
            "wsgi:app", self.portal_port, portal_env(self.url, self.uploads, self.portal_port)
        )

    def __exit__(self, *exc):
        self.monitor.close()
        stop(self.portal)
        stop(self.baseline)
        shutil.rmtree(self.uploads, ignore_errors=True)

    def drain(self) -> bool:
        """wrk stops with requests still queued at the sync workers; on a slow page they would
        keep the portal busy for minutes (and load the machine while the bare app is measured).
        Returns True if the portal had to be restarted to drop them (sessions are signed
        cookies, so every sign-in stays valid)."""
        try:
            requests.get(self.portal_base + "/healthz", timeout=5)
            return False
        except requests.RequestException:
            stop(self.portal)
            self.portal = self.start_portal()
            return True

    def measured(self, which: str, path: str, **options) -> dict:
        """wrk against the portal or the bare app, with the CPU its processes used per request."""
        server = self.portal if which == "portal" else self.baseline
        base = self.portal_base if which == "portal" else self.baseline_base
        meter = self.meters[which]
        meter.start(server.pid)
        result = wrk(base + path, **options)
        result.update(meter.stop())
        done = result["requests"]
        # Nothing finished: the CPU went into requests wrk gave up on, there is no per-request figure.
        result["cpu_app_ms"] = round(result["app_s"] * 1000 / done, 2) if done else None
        result["cpu_db_ms"] = round(result["db_s"] * 1000 / done, 2) if done else None
        result["load"] = round(os.getloadavg()[0], 2)
        return result

    def headers(self, role: str) -> list[str]:
        return [f"Cookie: {self.browsers[role].cookie_header}", f"User-Agent: {USER_AGENT}"]

    def check(self, page: Page) -> tuple[int, int]:
        browser = self.browsers[page.role]
        response = browser.get(page.path)
        for _ in range(2):
            browser.get(page.path)
        return response.status_code, len(response.content)

    def measure_page(self, page: Page) -> Result:
        status, size = self.check(page)
        notes = [] if status == 200 else [f"answered {status}, not 200"]
        headers = self.headers(page.role)
        wrk(self.portal_base + page.path, connections=2, duration=1, threads=1, headers=headers)
        portal = self.measured("portal", page.path, connections=self.args.connections,
                               duration=self.args.duration, headers=headers)  # fmt: skip
        if self.drain():
            notes.append("restarted after the run to drop queued requests")
        if portal["requests"] < 2 * self.args.connections:
            notes.append("too slow for latency at this concurrency: fewer than 2 requests per connection "
                         "completed (p50/p95 shown are of the first ones only; see bench.growth)")  # fmt: skip
        baseline = self.measured("baseline", page.path, connections=self.args.connections,
                                 duration=self.args.duration, headers=[f"User-Agent: {USER_AGENT}"])  # fmt: skip
        after, _size = self.check(page)
        if after != status:
            notes.append(f"answered {after} after the run")
        return Result(page.name, page.group, portal, baseline, status, size, notes)

    # The write path.

    def writers(self) -> list[Browser]:
        """The writer students, signed in once, each with the raise form's CSRF token."""
        if not self._writers:
            for email in self.info["accounts"]["writers"][: self.args.write_clients]:
                browser = Browser(self.portal_base)
                browser.sign_in(email, self.info["password"])
                browser.token = browser.csrf("/issues/new")
                self._writers.append(browser)
        return self._writers

    def supportable(self, count: int) -> list[str]:
        engine = sa.create_engine(self.url)
        with engine.connect() as connection:
            refs = connection.execute(
                sa.text(
                    "SELECT i.reference FROM issue i JOIN campus c ON c.id = i.campus_id "
                    "WHERE c.code = :campus AND i.status IN ('submitted', 'needs_info', 'accepted', 'escalated', "
                    "'on_agenda') AND NOT i.confidential AND NOT i.hidden ORDER BY i.id DESC LIMIT :n"
                ),
                {"campus": self.info["campus"], "n": count},
            ).scalars()
            refs = list(refs)
        engine.dispose()
        return refs

    def measure_writes(self) -> list[Result]:
        writers = self.writers()
        clients = self.args.write_clients
        campus_id = self.info["campus_ids"][self.info["campus"]]
        form = {
            "campus": campus_id,
            "category": self.info["category_ids"]["physical"],
            "title": "Ventilasjonen på lesesal 4 er for dårlig",
            "description": "Det er tett og varmt etter en time, og mange går hjem. Kan noen se på det?",
            "language": "nb",
        }
        raise_final = [
            {"cookie": w.cookie_header,
             "requests": [("/issues/new", urlencode({**form, "csrf_token": w.token, "action": "submit"})
                           + "&submission_token=UNIQUE")]}
            for w in writers
        ]  # fmt: skip
        raise_check = [
            {"cookie": w.cookie_header,
             "requests": [("/issues/new", urlencode({**form, "csrf_token": w.token, "action": "check"}))]}
            for w in writers
        ]  # fmt: skip
        refs = self.supportable(4000)
        support = [
            {"cookie": w.cookie_header,
             "requests": [(f"/issues/{ref}/support", urlencode({"csrf_token": w.token}))
                          for ref in refs[n :: len(writers)]] or [("/issues/none/support", "")]}
            for n, w in enumerate(writers)
        ]  # fmt: skip
        baseline = [{"cookie": "", "requests": [("/post", urlencode({"title": form["title"]}))]}]
        results = []
        for name, data, expect in (
            ("raise an issue (final POST)", raise_final, 302),
            ("raise: similar-issue check", raise_check, 200),
            ("support an issue", support, 302),
        ):
            portal_file, baseline_file = write_clients_file(data), write_clients_file(baseline)
            try:
                portal = self.measured("portal", "/", connections=clients, threads=clients,
                                       duration=self.args.duration, script="post.lua",
                                       env={"BENCH_WRK_DATA": portal_file, "BENCH_WRK_EXPECT": str(expect)})  # fmt: skip
                self.drain()
                base = self.measured("baseline", "/", connections=clients, threads=clients,
                                     duration=self.args.duration, script="post.lua",
                                     env={"BENCH_WRK_DATA": baseline_file, "BENCH_WRK_EXPECT": "302"})  # fmt: skip
            finally:
                os.unlink(portal_file)
                os.unlink(baseline_file)
            result = Result(name, "write", portal, base)
            if len(refs) < clients * 50 and name.startswith("support"):
                result.notes.append(f"only {len(refs)} supportable issues: later requests find a support")
            results.append(result)
        results[0].notes.append(f"issues raised: {self.count_writes()['issues']}")
        return results

    def count_writes(self) -> dict:
        return undo_writes(self.url, self.info["accounts"]["writers"], dry_run=True)


def undo_writes(url: str, writer_emails: list[str], dry_run: bool = False) -> dict:
    """Remove what the writer accounts made (issues, supports) and reset the issue counters to
    the last sequence left, so the data is as the generator left it."""
    engine = sa.create_engine(url)
    with engine.begin() as connection:
        writers = connection.execute(
            sa.text("SELECT id FROM user_account WHERE email = ANY(:emails)"), {"emails": writer_emails}
        ).scalars()
        writers = list(writers)
        counts = {
            "issues": connection.execute(
                sa.text("SELECT count(*) FROM issue_author WHERE user_id = ANY(:w)"), {"w": writers}
            ).scalar(),
            "supports": connection.execute(
                sa.text("SELECT count(*) FROM support WHERE user_id = ANY(:w)"), {"w": writers}
            ).scalar(),
        }
        if dry_run:
            return counts
        connection.execute(
            sa.text(
                "UPDATE issue i SET support_count = i.support_count - s.n FROM "
                "(SELECT issue_id, count(*) AS n FROM support WHERE user_id = ANY(:w) GROUP BY issue_id) s "
                "WHERE i.id = s.issue_id"
            ),
            {"w": writers},
        )
        connection.execute(sa.text("DELETE FROM support WHERE user_id = ANY(:w)"), {"w": writers})
        connection.execute(
            sa.text(
                "DELETE FROM issue WHERE id IN (SELECT issue_id FROM issue_author WHERE user_id = ANY(:w))"
            ),
            {"w": writers},
        )
        connection.execute(sa.text("DELETE FROM notification WHERE user_id = ANY(:w)"), {"w": writers})
        connection.execute(
            sa.text(
                "UPDATE counter c SET value = COALESCE((SELECT max(i.sequence) FROM issue i "
                "WHERE i.campus_id = c.scope_id AND i.year = c.year), 0) WHERE c.name = 'issue'"
            )
        )
        connection.execute(sa.text("DELETE FROM counter WHERE name = 'issue' AND value = 0"))
    engine.dispose()
    vacuum = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    with vacuum.connect() as connection:
        connection.execute(sa.text("VACUUM ANALYZE issue, support, issue_event, issue_author, counter"))
    vacuum.dispose()
    return counts


# -- the table ---------------------------------------------------------------------------------


def table(results: list[Result], title: str) -> str:
    lines = [
        title,
        f"{'page':34} {'portal':>7} {'bare':>7} {'ratio':>6} {'target':>6} {'p50':>6} {'p95':>7} {'err':>4} "
        f"{'CPU ms/request: portal':>22} {'bare':>5} {'ratio':>6} {'load':>5}  result",
        f"{'':34} {'req/s':>7} {'req/s':>7} {'':>6} {'':>6} {'ms':>6} {'ms':>7} {'':>4} {'app + db':>22}",
    ]
    for r in results:
        ok, failed = r.passed
        mark = "pass" if ok else "FAIL (" + ", ".join(failed) + ")"
        other = [n for n in r.notes if not n.startswith("too slow")]
        p, b = r.portal, r.baseline
        cpu = f"{p['cpu_app_ms']:.1f} + {p['cpu_db_ms']:.1f}" if Result.cpu(p) is not None else "–"
        cpu_ratio = f"{r.cpu_ratio * 100:>5.1f}%" if r.cpu_ratio is not None else f"{'–':>6}"
        lines.append(
            f"{r.group[:5] + ': ' + r.name:34.34} {Result.rate(p):>7.1f} {Result.rate(b):>7.1f} "
            f"{r.ratio * 100:>5.1f}% {'≥' + str(int(TARGETS[r.group] * 100)) + '%':>6} "
            f"{p['p50'] / 1000:>6.0f} {p['p95'] / 1000:>6.0f}{'*' if r.slow else ' '} {r.errors:>4} "
            f"{cpu:>22} {Result.cpu(b) or 0:>5.1f} {cpu_ratio} {p['load']:>5.1f}  {mark}"
            + (f"  [{'; '.join(other)}]" if other else "")
        )
    if any(r.slow for r in results):
        lines.append("* fewer than 2 requests per connection completed: the server time is in bench.growth")
    lines.append(f"targets: student pages ≥50 %, leader/secretary pages and writes ≥25 % of the bare app's "
                 f"requests/s; p95 ≤ {P95_TARGET_MS:.0f} ms. CPU ratio = the bare app's CPU per request / the "
                 f"portal's (app + PostgreSQL): what the ratio would be on an idle machine; load = 1-minute "
                 f"load average after the portal's run (2 cores)")  # fmt: skip
    return "\n".join(lines)


def summary(runs: list[list[Result]]) -> str:
    """Across repeated runs: medians, and how far the runs were apart (the noise)."""
    if len(runs) < 2:
        return ""
    lines = [f"\nAcross {len(runs)} runs: medians; spread = (max - min) / median",
             f"{'page':34} {'portal r/s':>10} {'spread':>7} {'ratio':>7} {'spread':>7} {'p95 ms':>7} "
             f"{'CPU ms/req':>10} {'spread':>7} {'CPU ratio':>9}"]  # fmt: skip

    def spread(values: list[float]) -> float:
        middle = statistics.median(values)
        return (max(values) - min(values)) / middle if middle else 0.0

    for index, first in enumerate(runs[0]):
        rates = [Result.rate(run[index].portal) for run in runs]
        ratios = [run[index].ratio for run in runs]
        p95 = [run[index].portal["p95"] / 1000 for run in runs]
        cpu = [
            Result.cpu(run[index].portal) for run in runs if Result.cpu(run[index].portal) is not None
        ] or [0.0]
        cpu_ratios = [run[index].cpu_ratio for run in runs if run[index].cpu_ratio is not None] or [0.0]
        lines.append(
            f"{first.group[:5] + ': ' + first.name:34.34} {statistics.median(rates):>10.1f} {spread(rates) * 100:>6.0f}% "
            f"{statistics.median(ratios) * 100:>6.1f}% {spread(ratios) * 100:>6.0f}% {statistics.median(p95):>7.0f} "
            f"{statistics.median(cpu):>10.1f} {spread(cpu) * 100:>6.0f}% {statistics.median(cpu_ratios) * 100:>8.1f}%"
        )
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=default_url("100k"))
    parser.add_argument("--pages", choices=["student", "staff", "write", "all"], default="all")
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--write-clients", type=int, default=8)
    parser.add_argument("--repeat", type=int, default=1, help="run the whole table this many times")
    parser.add_argument("--only", help="only pages whose name contains this text")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is missing: apt-get install -y wrk")
    info = read_sidecar(args.database_url)
    pages = [p for p in page_list(info) if args.pages in ("all", p.group)]
    if args.only:
        pages = [p for p in pages if args.only in p.name]
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                            text=True).stdout.strip()  # fmt: skip
    runs, tables = [], []
    started = time.strftime("%Y-%m-%d %H:%M:%S")
    with Run(args.database_url, info, args) as run:
        for number in range(1, args.repeat + 1):
            results = []
            for page in pages:
                results.append(run.measure_page(page))
                print(f"  {page.name}: {Result.rate(results[-1].portal):.1f} r/s", flush=True)
            if args.pages in ("write", "all") and not args.only:
                try:
                    results += run.measure_writes()
                finally:
                    undo_writes(args.database_url, info["accounts"]["writers"])
            runs.append(results)
            title = (f"\nRun {number}/{args.repeat} at {info['scale']:,} issues, commit {commit}, "
                     f"{args.connections} connections, {args.duration:g} s per measurement, "
                     f"writes with {args.write_clients} clients")  # fmt: skip
            tables.append(table(results, title))
            print(tables[-1], flush=True)
    print(summary(runs))
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / f"pages_{info['database_url'].rsplit('/', 1)[-1]}.json"
    out.write_text(
        json.dumps(
            {
                "started": started,
                "commit": commit,
                "scale": info["scale"],
                "connections": args.connections,
                "duration": args.duration,
                "runs": [
                    [{**asdict(r), "ratio": r.ratio, "passed": r.passed[0]} for r in run] for run in runs
                ],
            },
            indent=2,
        )
    )
    print(f"written to {out}")
    missed = not all(r.passed[0] for run in runs for r in run)
    return 1 if missed and args.strict else 0


if __name__ == "__main__":
    raise SystemExit(main())

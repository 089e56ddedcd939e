"""The bare Flask app the portal is measured against (issue #14).

    gunicorn -w 2 -b 127.0.0.1:PORT bench.baseline_app:app

GET (any path): one small Jinja template (a page shell with a header, menus, a list of
ten cards and a footer, about 3 KB), rendered from variables, no database. This is what a
page costs in Flask, Jinja and gunicorn alone.

POST /post: reads a form field and writes one row to PostgreSQL (BENCH_DATABASE_URL, table
bench_baseline_post, one connection per worker, one commit), then redirects (302) like the
portal's POST-redirect-GET. A durable commit is the floor of any write the portal makes, so
the write-path ratio compares the portal's work per write with the least a write can cost.
"""

from __future__ import annotations

import os

from flask import Flask, redirect, render_template, request

app = Flask(__name__)

LANGUAGES = [("nb", "Norsk bokmål"), ("nn", "Norsk nynorsk"), ("en", "English")]
NAV = [("/", "Hjem"), ("/issues/", "Saker"), ("/my-issues", "Mine saker"), ("/notifications/", "Varsler")]
ITEMS = [
    {"id": n, "ref": f"TRD-2026-{n:04d}", "title": f"Ventilasjonen på lesesal {n} er for dårlig",
     "status": "Mottatt", "count": n * 3}
    for n in range(1, 11)
]  # fmt: skip
_connection = None


def _database():
    """One connection per worker process, opened on first use (after gunicorn forks)."""
    global _connection
    if _connection is None or _connection.closed:
        import psycopg

        url = os.environ["BENCH_DATABASE_URL"].replace("postgresql+psycopg://", "postgresql://")
        _connection = psycopg.connect(url)
    return _connection


@app.get("/healthz")
def health():
    return {"status": "ok"}


@app.post("/post")
def post():
    title = (request.form.get("title") or "")[:120]
    connection = _database()
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO bench_baseline_post (title) VALUES (%s)", (title,))
    connection.commit()
    return redirect("/")


@app.get("/", defaults={"path": ""})
@app.get("/<path:path>")
def page(path: str):
    return render_template(
        "baseline.html",
        title="Saker på campus Trondheim",
        intro="Åpne saker, nyeste først.",
        languages=LANGUAGES,
        nav=NAV,
        path=request.path,
        items=ITEMS,
    )

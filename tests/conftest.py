"""Test fixtures: one app per session, one rolled-back transaction per test.

The suite runs on SQLite by default and on PostgreSQL when TEST_DATABASE_URL is
set (`make test` does both). The schema is built by the Alembic migrations, so
every run also proves that `flask db upgrade` works on an empty database.
"""

from __future__ import annotations

import contextvars
import os
import threading
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
import time_machine
from flask.testing import FlaskClient

from portal import create_app
from portal.extensions import db
from tests.mailserver import MailCatcher

TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL")
LIMIT_KEYS = (
    "RATELIMIT_SIGN_IN",
    "RATELIMIT_SIGN_IN_FAILURES_PER_ADDRESS",
    "RATELIMIT_SIGN_IN_FAILURES_PER_ACCOUNT",
    "RATELIMIT_REGISTER",
    "RATELIMIT_RESET",
    "RATELIMIT_SUBMIT",
    "RATELIMIT_VOTE",
)


# Every test runs at the same instant, whatever today's date is: a Wednesday morning in
# term time, weeks away from New Year, so dates built "30 days ahead" stay in the year.
# The clock ticks on from there (timeouts and durations behave); a test that needs a
# standing clock moves it with the `time_machine` fixture. PORTAL_TEST_NOW (ISO 8601)
# runs the suite at another instant, e.g. to show nothing hangs on the date.
FROZEN_NOW = datetime.fromisoformat(os.environ.get("PORTAL_TEST_NOW", "2026-03-11T09:00:00+00:00"))
_clock = time_machine.travel(FROZEN_NOW.astimezone(UTC), tick=True)


def pytest_configure(config):
    # Started here, before test modules are imported, so module-level dates are frozen too.
    _clock.start()
    config.addinivalue_line("markers", "browser: drives Debian's Chromium with Playwright")
    config.addinivalue_line("markers", "postgresql_only: needs PostgreSQL (concurrency)")


def pytest_unconfigure(config):
    _clock.stop()


def pytest_collection_modifyitems(config, items):
    if TEST_DATABASE_URL:
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL: run with TEST_DATABASE_URL (make test does)")
    for item in items:
        if "postgresql_only" in item.keywords:
            item.add_marker(skip)


def fresh_database_url(tmp_path_factory, name: str) -> str:
    """An empty database: a new SQLite file, or a recreated PostgreSQL database."""
    if not TEST_DATABASE_URL:
        return "sqlite:///" + str(tmp_path_factory.mktemp("db") / f"{name}.sqlite3")
    url = sa.engine.make_url(TEST_DATABASE_URL)
    database = f"{url.database}_{name}" if name != "main" else url.database
    admin = sa.create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))
        connection.execute(sa.text(f'CREATE DATABASE "{database}"'))
    admin.dispose()
    return url.set(database=database).render_as_string(hide_password=False)


def test_config(database_url: str, tmp_path, mail_port: int, **overrides) -> dict:
    return {
        "TESTING": True,
        "SECRET_KEY": "test-secret-key-that-is-long-enough-for-production-checks",
        "SQLALCHEMY_DATABASE_URI": database_url,
        "PASSWORD_HASH_PROFILE": "fast",
        # Limits stay on, loose; tests of a limit tighten it with the `rate_limit` fixture.
        "RATELIMIT_ENABLED": True,
        "RATELIMIT_STORAGE_URI": "memory://",
        **{key: "100000 per minute" for key in LIMIT_KEYS},
        "WTF_CSRF_ENABLED": False,
        # Figures are computed on every request, so a test sees what it just wrote.
        "CACHE_ENABLED": False,
        "UPLOAD_FOLDER": str(tmp_path / "uploads"),
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": mail_port,
        "BASE_URL": "http://portal.test",
        **overrides,
    }


class IsolatedClient(FlaskClient):
    """Each request runs in a fresh context, as in production: its own app context,
    `g` and database session (sharing the test's connection and transaction)."""

    def open(self, *args, **kwargs):
        return contextvars.Context().run(super().open, *args, **kwargs)


def build_app(database_url: str, tmp_path, mail_port: int, **overrides):
    import flask_migrate

    app = create_app(test_config(database_url, tmp_path, mail_port, **overrides))
    app.test_client_class = IsolatedClient
    with app.app_context():
        flask_migrate.upgrade()
    return app


@pytest.fixture(scope="session")
def mail_catcher():
    catcher = MailCatcher()
    catcher.start()
    yield catcher
    catcher.stop()


@pytest.fixture(scope="session")
def app(tmp_path_factory, mail_catcher):
    url = fresh_database_url(tmp_path_factory, "main")
    app = build_app(url, tmp_path_factory.mktemp("app"), mail_catcher.port)
    from tests.routes import register_test_routes

    register_test_routes(app)
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture(autouse=True)
def _push_request_context():
    """Replaces pytest-flask's fixture of this name: tests get an app context from
    `_transaction`, and requests get their own (see IsolatedClient)."""
    return


_transaction_lock = threading.Lock()


@pytest.fixture(autouse=True)
def _transaction(request):
    """Run each test inside one outer transaction that is rolled back afterwards."""
    if "app" not in request.fixturenames:
        yield
        return
    app = request.getfixturevalue("app")
    with app.app_context():
        engine = db.engines[None]
    connection = engine.connect()
    outer = connection.begin()
    engines = db._app_engines[app]
    engines[None] = connection
    # Services commit; inside a test that only releases a savepoint.
    db.session.session_factory.configure(join_transaction_mode="create_savepoint")
    context = app.app_context()
    context.push()
    try:
        yield
    finally:
        context.pop()
        engines[None] = engine
        outer.rollback()
        connection.close()


@pytest.fixture
def mail(mail_catcher):
    mail_catcher.clear()
    return mail_catcher


@pytest.fixture
def org(app):
    from tests.factories import Organisation

    organisation = Organisation()
    db.session.commit()
    return organisation


@pytest.fixture
def client(app):
    """Replaces pytest-flask's client, which preserves request contexts between calls."""
    return app.test_client()


@pytest.fixture
def rate_limit(app):
    """Tighten one limit for one test: rate_limit("RATELIMIT_SIGN_IN", "3 per minute")."""
    from portal.extensions import limiter

    saved = {key: app.config[key] for key in LIMIT_KEYS}
    limiter.reset()

    def tighten(key: str, value: str) -> None:
        app.config[key] = value

    yield tighten
    app.config.update(saved)
    limiter.reset()


@pytest.fixture
def csrf(app):
    """Turn CSRF protection on for one test (the suite posts without tokens otherwise)."""
    app.config["WTF_CSRF_ENABLED"] = True
    yield
    app.config["WTF_CSRF_ENABLED"] = False


class QueryCounter:
    def __init__(self):
        self.count = 0

    def __call__(self, *args, **kwargs):
        self.count += 1


@pytest.fixture
def count_queries(app):
    """`with count_queries() as counter:` counts the SQL statements run inside the block."""
    from contextlib import contextmanager

    connection = db._app_engines[app][None]

    @contextmanager
    def counting():
        counter = QueryCounter()
        sa.event.listen(connection, "before_cursor_execute", counter)
        try:
            yield counter
        finally:
            sa.event.remove(connection, "before_cursor_execute", counter)

    return counting

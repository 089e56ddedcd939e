"""The scale benchmarks' own machinery (bench/): the generator keeps the invariants the portal
relies on, every page and document the runners request exists and answers, and what the
runners change (writes, the 10,000-escalated test) is undone. PostgreSQL only (COPY)."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from bench.common import build_app, signed_in_client
from bench.generate import Plan, check, generate
from tests.conftest import fresh_database_url

pytestmark = pytest.mark.postgresql_only

CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


@pytest.fixture(scope="module")
def bench(tmp_path_factory):
    url = fresh_database_url(tmp_path_factory, "benchgen")
    info = generate(url, 400, None, seed=7, sidecar=tmp_path_factory.mktemp("bench") / "info.json")
    app = build_app(url)
    yield url, info, app
    from portal.extensions import db

    with app.app_context():
        db.engine.dispose()
    admin = sa.create_engine(sa.engine.make_url(url).set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(
            sa.text(f'DROP DATABASE IF EXISTS "{sa.engine.make_url(url).database}" WITH (FORCE)')
        )
    admin.dispose()


def scalar(url: str, query: str, **params):
    engine = sa.create_engine(url)
    with engine.connect() as connection:
        value = connection.execute(sa.text(query), params).scalar()
    engine.dispose()
    return value


def test_generated_data_has_the_planned_shape(bench):
    url, info, _app = bench
    plan = Plan.for_issues(400)
    assert info["invariants"] == "ok"
    assert info["counts"]["issues"] == 400
    assert info["counts"]["supports"] == plan.supports
    assert info["escalated"] == plan.escalated == 4
    assert info["top_supported"]["supporters"] == plan.top_supporters
    assert (
        scalar(url, "SELECT count(*) FROM issue WHERE committee_id IS NOT NULL AND status = 'escalated'") == 4
    )
    raised = scalar(
        url,
        "SELECT count(*) FROM issue_author a JOIN user_account u ON u.id = a.user_id WHERE u.email = :email",
        email=info["accounts"]["student"],
    )
    assert raised == 50
    # A gap-free issue reference continues where the generated ones stop.
    assert scalar(url, "SELECT count(*) FROM counter WHERE name = 'issue'") >= 6
    assert len(info["status_counts"]) >= 7


def test_every_page_the_runners_request_answers(bench):
    from bench.documents import documents
    from bench.growth import pages as growth_pages
    from bench.pages import page_list

    _url, info, app = bench
    clients = {
        role: signed_in_client(app, info["accounts"][role]) for role in ("student", "leader", "secretary")
    }
    for page in page_list(info):
        assert clients[page.role].get(page.path).status_code == 200, page
    for _name, role, path in growth_pages(info):
        assert clients[role].get(path).status_code == 200, path
    for name, path in documents(info):
        response = clients["secretary"].get(path)
        assert response.status_code == 200, name
        assert response.data[:4] in (b"%PDF", b"PK\x03\x04")


def test_write_path_is_undone(bench):
    from bench.pages import undo_writes

    url, info, app = bench
    before = {
        "issues": scalar(url, "SELECT count(*) FROM issue"),
        "supports": scalar(url, "SELECT count(*) FROM support"),
    }
    client = signed_in_client(app, info["accounts"]["writers"][0])
    token = CSRF.search(client.get("/issues/new").get_data(as_text=True)).group(1)
    response = client.post(
        "/issues/new",
        data={
            "csrf_token": token,
            "campus": info["campus_ids"]["TRD"],
            "category": info["category_ids"]["physical"],
            "title": "Ventilasjonen er for dårlig",
            "description": "Det er tett etter en time.",
            "language": "nb",
            "action": "submit",
            "submission_token": "bench-test-1",
        },
    )
    assert response.status_code == 302
    top = info["top_supported"]["reference"]
    assert client.post(f"/issues/{top}/support", data={"csrf_token": token}).status_code == 302
    assert scalar(url, "SELECT count(*) FROM issue") == before["issues"] + 1
    assert undo_writes(url, info["accounts"]["writers"]) == {"issues": 1, "supports": 1}
    assert scalar(url, "SELECT count(*) FROM issue") == before["issues"]
    assert scalar(url, "SELECT count(*) FROM support") == before["supports"]
    assert check(url)["invariants"] == "ok"


def test_escalation_test_is_rolled_back(bench):
    from bench.growth import RolledBack, escalate_more

    url, info, app = bench
    client = signed_in_client(app, info["accounts"]["secretary"])
    with RolledBack(app) as connection:
        waiting = escalate_more(connection, info, 40)
        assert waiting == 40
        response = client.get(f"/committee/{info['committee']}/inbox")
        assert response.status_code == 200
    assert scalar(url, "SELECT count(*) FROM issue WHERE status = 'escalated'") == info["escalated"]


def test_baseline_app_renders_and_writes_one_row(bench, monkeypatch):
    url, _info, _app = bench
    from bench.pages import prepare_baseline_table

    prepare_baseline_table(url)
    monkeypatch.setenv("BENCH_DATABASE_URL", url)
    from bench import baseline_app

    client = baseline_app.app.test_client()
    page = client.get("/campus/TRD/issues")
    assert page.status_code == 200
    assert "Saker på campus Trondheim" in page.get_data(as_text=True)
    assert client.post("/post", data={"title": "x"}).status_code == 302
    assert scalar(url, "SELECT count(*) FROM bench_baseline_post") == 1
    baseline_app._connection.close()

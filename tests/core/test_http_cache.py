"""Who may keep a copy of a page (portal/core/http_cache.py): shared caches get only what any
anonymous visitor sees; nothing that belongs to a signed-in person or a session is public."""

from __future__ import annotations

import pytest

from portal.core.http_cache import SHARED_MAX_AGE
from tests.factories import make_issue, sign_in

SHARED_PAGES = ["/issues/", "/campus/TRD/issues", "/campus/TRD/issues?sort=supported&page=1"]


def directives(response) -> set[str]:
    return {part.strip() for part in response.headers["Cache-Control"].split(",")}


@pytest.mark.parametrize("url", SHARED_PAGES)
def test_an_anonymous_visitor_gets_a_public_copy_with_an_etag(org, app, url):
    make_issue(org, status="accepted", title="Kaldt i lesesalen")
    client = app.test_client()
    first = client.get(url)
    assert first.status_code == 200
    assert directives(first) == {"public", f"max-age={SHARED_MAX_AGE}"}
    assert {"Cookie", "Accept-Language"} <= set(first.vary)
    assert "Set-Cookie" not in first.headers
    etag = first.headers["ETag"]

    again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.get_data() == b""


def test_the_copy_changes_when_the_list_changes(org, app):
    client = app.test_client()
    before = client.get("/campus/TRD/issues").headers["ETag"]
    make_issue(org, status="accepted", title="Ny sak om kantina")
    after = client.get("/campus/TRD/issues", headers={"If-None-Match": before})
    assert after.status_code == 200
    assert "Ny sak om kantina" in after.get_data(as_text=True)


def test_the_language_cookie_keeps_the_copy_public_and_varies_on_it(org, app):
    client = app.test_client()
    client.set_cookie("lang", "nn")
    response = client.get("/campus/TRD/issues")
    assert response.status_code == 200
    assert "public" in directives(response)
    assert "Cookie" in response.vary
    assert 'lang="nn"' in response.get_data(as_text=True)


@pytest.mark.parametrize("role", ["student", "leader", "secretary", "admin"])
@pytest.mark.parametrize("url", SHARED_PAGES)
def test_a_signed_in_person_never_gets_a_public_copy(org, app, role, url):
    person = {
        "student": lambda: org.student(),
        "leader": lambda: org.leader(org.trd),
        "secretary": org.secretary,
        "admin": org.admin,
    }[role]()
    client = app.test_client()
    sign_in(client, person)
    client.get(url)  # the first request completes the session; the second one does not touch it
    response = client.get(url)
    # "/issues/" sends a person with a home campus on to that campus's list.
    assert response.status_code == (302 if url == "/issues/" and person.home_campus else 200)
    assert directives(response) == {"private", "no-cache"}
    assert "ETag" not in response.headers
    # A shared cache may store nothing here, and a browser must ask again before reuse.
    assert "Cookie" in response.vary


def test_a_signed_in_person_is_not_answered_304_from_the_anonymous_etag(org, app):
    """The anonymous copy's ETag must not make the server tell a signed-in browser to reuse
    what it holds: the signed-in page carries the person's own support buttons."""
    issue = make_issue(org, status="accepted", title="Trekk i grupperommet")
    anonymous = app.test_client().get("/campus/TRD/issues")
    student = org.student()
    client = app.test_client()
    sign_in(client, student)
    response = client.get("/campus/TRD/issues", headers={"If-None-Match": anonymous.headers["ETag"]})
    assert response.status_code == 200
    assert issue.title in response.get_data(as_text=True)


def test_a_session_with_a_pending_message_is_private(org, app):
    client = app.test_client()
    with client.session_transaction() as session:
        session["_flashes"] = [("success", "Takk!")]
    response = client.get("/campus/TRD/issues")
    assert response.status_code == 200
    assert directives(response) == {"private", "no-cache"}


@pytest.mark.parametrize("url", ["/account/sign-in", "/account/register", "/privacy", "/"])
def test_pages_that_are_not_shared_are_private_even_for_anonymous_visitors(org, app, url):
    """The sign-in form carries a token tied to the visitor's session: a proxy must not keep it."""
    response = app.test_client().get(url)
    assert response.status_code == 200
    assert directives(response) == {"private", "no-cache"}


def test_you_said_we_did_is_private_for_a_signed_in_secretary(org, app):
    secretary = org.secretary()
    client = app.test_client()
    sign_in(client, secretary)
    response = client.get("/you-said-we-did/LMU/2026")
    assert response.status_code == 200
    assert directives(response) == {"private", "no-cache"}


def test_you_said_we_did_is_public_for_anonymous_visitors(org, app):
    response = app.test_client().get("/you-said-we-did/LMU/2026")
    assert response.status_code == 200
    assert directives(response) == {"public", f"max-age={SHARED_MAX_AGE}"}


def test_a_shared_page_that_starts_a_session_is_private(app):
    """Whatever writes to the session (a form token, a message) makes the answer personal."""
    from flask import Response, g, session

    from portal.core.http_cache import publicly_cacheable

    with app.test_request_context("/campus/TRD/issues"):
        g.shared_page = True
        assert publicly_cacheable(Response("list"))
        session["csrf_token"] = "x"
        assert not publicly_cacheable(Response("list"))
    with app.test_request_context("/campus/TRD/issues"):
        g.shared_page = True
        response = Response("list")
        response.set_cookie("anything", "1")
        assert not publicly_cacheable(response)

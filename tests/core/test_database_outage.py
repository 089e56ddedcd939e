"""While the database does not answer: a translated error page with the security headers, and
a health check that says so (503), also for a person who is signed in."""

import logging
import time

import pytest

from portal import create_app
from portal.extensions import db
from tests.mailserver import free_port

SOMETHING_WENT_WRONG = {
    "nb": "Noe gikk galt hos oss",
    "nn": "Noko gjekk gale hos oss",
    "en": "Something went wrong on our side",
}
NOT_FOUND = {"nb": "Fant ikke siden", "nn": "Fann ikkje sida", "en": "Page not found"}


@pytest.fixture(scope="module", params=["postgresql", "sqlite"])
def unreachable_app(request, tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("outage")
    if request.param == "postgresql":
        # Nothing listens on this port.
        url = f"postgresql+psycopg://postgres@127.0.0.1:{free_port()}/portal"
    else:
        # A folder that does not exist: SQLite cannot open the file.
        url = "sqlite:///" + str(tmp_path / "missing" / "folder" / "portal.sqlite3")
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret-key-that-is-long-enough-for-production-checks",
            "SQLALCHEMY_DATABASE_URI": url,
            "RATELIMIT_STORAGE_URI": "memory://",
            "UPLOAD_FOLDER": str(tmp_path / "uploads"),
        }
    )
    yield app
    with app.app_context():
        db.engine.dispose()


def signed_in_client(app):
    client = app.test_client()
    with client.session_transaction() as session:
        # What a signed-in person's cookie carries: account id, session token, sign-in time.
        session["_user_id"] = f"1:a-session-token:{int(time.time())}"
        session["_fresh"] = True
    return client


def assert_error_page(response, status: int, title: str, language: str):
    assert response.status_code == status
    html = response.get_data(as_text=True)
    assert title in html
    assert f'<html lang="{language}">' in html
    assert 'class="site-header"' in html
    assert "Traceback" not in html
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("language", ["nb", "nn", "en"])
@pytest.mark.parametrize("path", ["/", "/account/profile", "/issues/new", "/focus-areas/"])
def test_a_signed_in_person_gets_the_translated_error_page(unreachable_app, path, language):
    client = signed_in_client(unreachable_app)
    response = client.get(path, headers={"Accept-Language": language})
    assert_error_page(response, 500, SOMETHING_WENT_WRONG[language], language)


def test_the_language_cookie_still_counts(unreachable_app):
    client = signed_in_client(unreachable_app)
    client.set_cookie("lang", "nn")
    response = client.get("/", headers={"Accept-Language": "en"})
    assert_error_page(response, 500, SOMETHING_WENT_WRONG["nn"], "nn")


def test_not_found_and_anonymous_pages_too(unreachable_app):
    response = signed_in_client(unreachable_app).get("/no-such-page", headers={"Accept-Language": "nn"})
    assert_error_page(response, 404, NOT_FOUND["nn"], "nn")
    response = unreachable_app.test_client().get("/", headers={"Accept-Language": "en"})
    assert_error_page(response, 500, SOMETHING_WENT_WRONG["en"], "en")


@pytest.mark.parametrize("signed_in", [False, True])
def test_health_check_answers_503_when_the_database_does_not(unreachable_app, signed_in):
    client = signed_in_client(unreachable_app) if signed_in else unreachable_app.test_client()
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.is_json
    assert response.get_json() == {"status": "unavailable"}
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_a_refused_form_is_explained_too(unreachable_app):
    """CSRF on: a signed-in person's POST without a token gets the translated 400 page."""
    response = signed_in_client(unreachable_app).post("/issues/new", headers={"Accept-Language": "en"})
    assert_error_page(response, 400, "The form had expired or was sent from another page", "en")


def test_a_database_outage_is_not_taken_for_a_redis_outage(unreachable_app, caplog):
    """Rate-limited POSTs key signed-in people by account; when that cannot be loaded, by address."""
    caplog.set_level(logging.INFO, logger="portal")
    unreachable_app.config["WTF_CSRF_ENABLED"] = False
    try:
        response = signed_in_client(unreachable_app).post(
            "/account/sign-in", data={"email": "a@example.test", "password": "x"}
        )
    finally:
        unreachable_app.config["WTF_CSRF_ENABLED"] = True
    assert response.status_code == 500
    assert not [r for r in caplog.records if r.name == "portal.rate_limits"]


def test_every_error_status_has_words(app):
    from portal.core.errors import ERROR_PAGES, _messages

    with app.test_request_context("/"):
        assert set(ERROR_PAGES) == set(_messages())


def test_health_check_answers_ok_when_the_database_does(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}

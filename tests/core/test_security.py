"""Security basics: headers, cookies, CSRF, rate limits, production settings."""

import re

import pytest
from flask import Flask

from portal import create_app
from portal.config import DEV_SECRET_KEY, ConfigurationError
from portal.extensions import db
from tests.factories import PASSWORD


def test_security_headers_and_strict_csp(client):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "unsafe-inline" not in csp
    assert "unsafe-eval" not in csp
    assert "default-src 'self'" in csp
    assert "script-src 'self'" in csp
    assert "style-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize("path", ["/", "/account/sign-in", "/account/register", "/privacy", "/accessibility"])
def test_pages_load_nothing_from_other_hosts_and_have_no_inline_code(client, org, path):
    html = client.get(path).get_data(as_text=True)
    assert not re.search(r'(src|href)="(https?:)?//', html), "asset or link to another host"
    assert "<style" not in html
    assert not re.search(r"<script(?![^>]*\bsrc=)", html), "inline script"
    assert " style=" not in html
    assert not re.search(r" on[a-z]+=", html), "inline event handler"


def test_session_cookie_is_httponly_and_lax(client, org):
    user = org.student()
    db.session.commit()
    response = client.post("/account/sign-in", data={"email": user.email, "password": PASSWORD})
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie


def test_production_refuses_the_development_secret_key(monkeypatch):
    monkeypatch.setenv("PORTAL_ENV", "production")
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(ConfigurationError):
        create_app()
    monkeypatch.setenv("SECRET_KEY", DEV_SECRET_KEY)
    with pytest.raises(ConfigurationError):
        create_app()


def test_production_sets_secure_cookies(monkeypatch, tmp_path):
    monkeypatch.setenv("PORTAL_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "x" * 40)
    monkeypatch.setenv("DATABASE_URL", "sqlite:///" + str(tmp_path / "prod.sqlite3"))
    app = create_app()
    assert isinstance(app, Flask)
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["REMEMBER_COOKIE_SECURE"] is True


def test_database_url_uses_psycopg3(monkeypatch):
    from portal.config import normalise_database_url

    assert normalise_database_url("postgres://u@h/d") == "postgresql+psycopg://u@h/d"
    assert normalise_database_url("postgresql://u@h/d") == "postgresql+psycopg://u@h/d"
    assert normalise_database_url("sqlite:///x") == "sqlite:///x"


def csrf_token(client, path: str) -> str:
    page = client.get(path).get_data(as_text=True)
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)


def test_csrf_token_is_required_on_forms(client, csrf):
    response = client.post("/account/sign-in", data={"email": "a@b.test", "password": "x" * 12})
    assert response.status_code == 400
    assert "The CSRF token is missing" not in response.get_data(as_text=True)
    token = csrf_token(client, "/account/sign-in")
    response = client.post(
        "/account/sign-in", data={"csrf_token": token, "email": "a@b.test", "password": "x" * 12}
    )
    assert response.status_code == 200


def test_csrf_token_does_not_expire_within_a_session(app):
    assert app.config["WTF_CSRF_TIME_LIMIT"] is None


def test_sign_in_is_rate_limited_with_a_translated_page(client, csrf, rate_limit):
    rate_limit("RATELIMIT_SIGN_IN", "3 per minute")
    client.set_cookie("lang", "nn")
    token = csrf_token(client, "/account/sign-in")
    codes = []
    for _ in range(5):
        response = client.post(
            "/account/sign-in",
            data={"csrf_token": token, "email": "nobody@example.test", "password": "wrong password"},
        )
        codes.append(response.status_code)
    assert codes[:3] == [200, 200, 200]
    assert codes[3] == 429
    assert "For mange forsøk" in response.get_data(as_text=True)


def test_signed_in_people_are_limited_per_account_not_per_address(app, org):
    """Two students behind one campus NAT (same address) each get their own allowance."""
    import contextvars

    from flask_login import login_user

    from portal.extensions import _rate_limit_key

    first, second = org.student(), org.student()
    db.session.commit()

    def key_for(user):
        def run():
            with app.test_request_context("/", environ_base={"REMOTE_ADDR": "10.0.0.1"}):
                if user is not None:
                    login_user(user)
                return _rate_limit_key()

        return contextvars.Context().run(run)

    assert key_for(first) == f"user:{first.id}"
    assert key_for(second) == f"user:{second.id}"
    assert key_for(None) == "ip:10.0.0.1"


def test_behind_a_trusted_proxy_the_client_address_comes_from_x_forwarded_for(tmp_path):
    from flask import request

    app = create_app(
        {
            "TESTING": True,
            "TRUSTED_PROXIES": 1,
            "SQLALCHEMY_DATABASE_URI": "sqlite:///" + str(tmp_path / "p.sqlite3"),
        }
    )
    seen = {}

    @app.get("/_test/addr")
    def addr():
        seen["addr"], seen["scheme"] = request.remote_addr, request.scheme
        return "ok"

    app.test_client().get(
        "/_test/addr", headers={"X-Forwarded-For": "10.1.2.3", "X-Forwarded-Proto": "https"}
    )
    assert seen == {"addr": "10.1.2.3", "scheme": "https"}

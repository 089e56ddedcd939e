"""Single sign-on: accounts are matched on the provider's subject id."""

from portal.accounts.sso import sso_user_for_claims
from portal.extensions import db


def test_first_sign_in_creates_a_verified_student(app, org):
    with app.test_request_context("/"):
        user = sso_user_for_claims(
            {
                "iss": "https://auth.dataporten.no",
                "sub": "abc-123",
                "email": "Ny@Uni.no",
                "name": "Ny Student",
            }
        )
    assert user.email == "ny@uni.no"
    assert user.email_verified
    assert user.password_hash is None
    assert user.has_role("student")


def test_subject_id_wins_over_a_changed_email(app, org):
    with app.test_request_context("/"):
        first = sso_user_for_claims({"iss": "https://idp", "sub": "s-1", "email": "old@uni.no"})
        db.session.flush()
        again = sso_user_for_claims({"iss": "https://idp", "sub": "s-1", "email": "new@uni.no"})
    assert again.id == first.id


def test_existing_local_account_is_linked_by_verified_email(app, org):
    local = org.student(email="local@uni.no")
    with app.test_request_context("/"):
        user = sso_user_for_claims(
            {"iss": "https://idp", "sub": "s-2", "email": "local@uni.no", "email_verified": True}
        )
    assert user.id == local.id
    assert user.oidc_subject == "s-2"


def test_claims_without_subject_are_refused(app, org):
    with app.test_request_context("/"):
        assert sso_user_for_claims({"iss": "https://idp", "email": "x@uni.no"}) is None


def test_sso_routes_are_404_when_not_configured(client):
    assert client.get("/account/sso").status_code == 404
    assert client.get("/account/sso/callback").status_code == 404


def test_the_whole_sign_in_with_a_provider(tmp_path, mail_catcher, tmp_path_factory):
    """Redirect to the provider, back with a code, token exchange, ID token checked, signed in."""
    from urllib.parse import urlsplit

    import requests

    from tests.accounts.fake_oidc import FakeProvider
    from tests.conftest import build_app, fresh_database_url

    claims = {
        "sub": "feide-subject-1",
        "email": "ola@uni.example",
        "email_verified": True,
        "name": "Ola Feide",
    }
    with FakeProvider(claims) as provider:
        app = build_app(
            fresh_database_url(tmp_path_factory, "sso"),
            tmp_path,
            mail_catcher.port,
            OIDC_ISSUER=provider.issuer,
            OIDC_CLIENT_ID=provider.client_id,
            OIDC_CLIENT_SECRET=provider.client_secret,
        )
        client = app.test_client()
        assert "Logg inn med Feide" in client.get("/account/sign-in").get_data(as_text=True)
        to_provider = client.get("/account/sso?next=/privacy")
        assert to_provider.headers["Location"].startswith(provider.issuer + "/authorize")
        back = requests.get(to_provider.headers["Location"], allow_redirects=False, timeout=10)
        callback = urlsplit(back.headers["Location"])
        assert callback.path == "/account/sso/callback"
        signed_in = client.get(f"{callback.path}?{callback.query}")
        # A new account has no home campus yet: the profile asks for it.
        assert signed_in.headers["Location"] == "/account/profile"
        profile = client.get("/account/profile").get_data(as_text=True)
        assert "Ola Feide" in profile
        assert "ola@uni.example" in profile
        # A replayed callback (the code is used) does not sign anyone in again.
        other = app.test_client()
        assert other.get(f"{callback.path}?{callback.query}").headers["Location"] == "/account/sign-in"
        with app.app_context():
            db.engine.dispose()

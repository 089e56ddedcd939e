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
    assert user.email == "ny@uni.no" and user.email_verified and user.password_hash is None
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
    assert user.id == local.id and user.oidc_subject == "s-2"


def test_claims_without_subject_are_refused(app, org):
    with app.test_request_context("/"):
        assert sso_user_for_claims({"iss": "https://idp", "email": "x@uni.no"}) is None


def test_sso_routes_are_404_when_not_configured(client):
    assert client.get("/account/sso").status_code == 404
    assert client.get("/account/sso/callback").status_code == 404

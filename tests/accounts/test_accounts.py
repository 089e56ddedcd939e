"""Register, verify, sign in and out, reset, profile: through HTTP as people use them."""

import re

import sqlalchemy as sa

from portal.accounts.models import User
from portal.accounts.service import user_authenticate
from portal.extensions import db
from portal.notifications.mail import send_pending
from portal.notifications.models import OutboxMessage
from tests.factories import PASSWORD, sign_in


def outbox_to(address: str) -> list[OutboxMessage]:
    return db.session.scalars(
        sa.select(OutboxMessage).where(OutboxMessage.to_address == address).order_by(OutboxMessage.id)
    ).all()


def link_in(message: OutboxMessage) -> str:
    url = re.search(r"http://portal\.test(/\S+)", message.body_text).group(1)
    return url


def register(client, org, **overrides):
    data = {
        "name": "Nora Student",
        "email": "nora@example.test",
        "password": "a long enough password",
        "password_repeat": "a long enough password",
        "home_campus": str(org.gjo.id),
        "locale": "nn",
        **overrides,
    }
    return client.post("/account/register", data=data)


def test_register_verify_and_sign_in(client, org):
    response = register(client, org)
    assert response.status_code == 200
    assert "nora@example.test" in response.get_data(as_text=True)
    user = db.session.scalar(sa.select(User).where(User.email == "nora@example.test"))
    assert user.home_campus_id == org.gjo.id
    assert user.locale == "nn"
    assert user.password_hash.startswith("$argon2id$")
    assert not user.email_verified

    # Not verified yet: a correct password is not enough.
    page = client.post(
        "/account/sign-in", data={"email": "nora@example.test", "password": "a long enough password"}
    )
    assert "Stadfest e-postadressa di først" in page.get_data(as_text=True) or page.status_code == 200

    [message] = outbox_to("nora@example.test")
    assert message.language == "nn"
    assert "Stadfest" in message.subject  # nynorsk, the language chosen on the form
    response = client.get(link_in(message))
    assert response.status_code == 302
    db.session.refresh(user)
    assert user.email_verified

    response = client.post(
        "/account/sign-in?next=/privacy",
        data={"email": "NORA@example.test ", "password": "a long enough password"},
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/privacy"
    assert b"/account/profile" in client.get("/").data


def test_register_with_taken_address_reveals_nothing_and_tells_the_owner(client, org):
    existing = org.student(email="taken@example.test", locale="en")
    db.session.commit()
    fresh = register(client, org, email="fresh@example.test").get_data(as_text=True)
    taken = register(client, org, email="taken@example.test").get_data(as_text=True)
    assert fresh.replace("fresh@example.test", "X") == taken.replace("taken@example.test", "X")
    assert (
        db.session.scalar(
            sa.select(sa.func.count()).select_from(User).where(User.email == "taken@example.test")
        )
        == 1
    )
    [notice] = outbox_to(existing.email)
    assert "already has an account" in notice.body_text


def test_register_keeps_what_was_typed_on_errors(client, org):
    response = register(client, org, password_repeat="something else", name="Åse Ødegård 🙂")
    text = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Åse Ødegård 🙂" in text
    assert "nora@example.test" in text
    assert "De to passordene er ikke like." in text


def test_register_refuses_bad_input_without_error(client, org):
    for overrides in (
        {"email": "not-an-address"},
        {"name": "x" * 500},
        {"home_campus": "abc"},
        {"home_campus": "-1"},
        {"password": "short", "password_repeat": "short"},
        {"locale": "de"},
    ):
        response = register(client, org, **overrides)
        assert response.status_code == 200, overrides
        assert 'class="error-summary"' in response.get_data(as_text=True), overrides
    # Broken UTF-8 and a NUL byte (which PostgreSQL refuses in text) reach the form raw.
    raw = (
        "name=%FF%FE%00Kari&email=raw%40example.test&password=a+long+enough+password"
        f"&password_repeat=a+long+enough+password&home_campus={org.trd.id}&locale=nb"
    )
    response = client.post("/account/register", data=raw, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200
    user = db.session.scalar(sa.select(User).where(User.email == "raw@example.test"))
    assert "\x00" not in user.name
    assert user.name.endswith("Kari")
    assert (
        db.session.scalar(
            sa.select(sa.func.count()).select_from(User).where(User.email == "nora@example.test")
        )
        == 0
    )


def test_sign_in_gives_the_same_answer_for_unknown_address_and_wrong_password(client, org):
    user = org.student()
    db.session.commit()
    unknown = client.post(
        "/account/sign-in", data={"email": "nobody@example.test", "password": "whatever it is"}
    )
    wrong = client.post("/account/sign-in", data={"email": user.email, "password": "whatever it is"})
    assert unknown.status_code == wrong.status_code == 200
    message = "E-postadressen eller passordet er feil."
    assert message in unknown.get_data(as_text=True)
    assert message in wrong.get_data(as_text=True)
    assert unknown.get_data(as_text=True).replace("nobody@example.test", "X") == wrong.get_data(
        as_text=True
    ).replace(user.email, "X")


def test_sign_out_needs_post(client, org):
    user = org.student()
    db.session.commit()
    sign_in(client, user)
    assert client.get("/account/sign-out").status_code == 405
    assert client.post("/account/sign-out").status_code == 302
    assert client.get("/account/profile").status_code == 302


def test_password_reset_flow_and_one_time_link(client, org):
    user = org.student(email="forgetful@example.test")
    db.session.commit()
    unknown = client.post("/account/forgot-password", data={"email": "nobody@example.test"})
    known = client.post("/account/forgot-password", data={"email": "forgetful@example.test"})
    assert unknown.status_code == known.status_code == 200
    assert outbox_to("nobody@example.test") == []
    [message] = outbox_to("forgetful@example.test")
    link = link_in(message)

    other_device = client.application.test_client()
    sign_in(other_device, user)
    assert other_device.get("/account/profile").status_code == 200

    response = client.post(
        link, data={"password": "my brand new password", "password_repeat": "my brand new password"}
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert user_authenticate(email=user.email, password="my brand new password") is not None
    assert user_authenticate(email=user.email, password=PASSWORD) is None
    # The link works once, and every other session is signed out.
    assert client.get(link).status_code == 302
    assert other_device.get("/account/profile").status_code == 302


def test_reset_link_that_is_tampered_is_refused(client):
    response = client.get("/account/reset-password/not-a-real-token")
    assert response.status_code == 302
    assert "/account/forgot-password" in response.headers["Location"]


def test_profile_update(client, org):
    user = org.student()
    db.session.commit()
    sign_in(client, user)
    response = client.post(
        "/account/profile",
        data={"profile-name": "Nytt Namn", "profile-home_campus": str(org.ale.id), "profile-locale": "en"},
    )
    assert response.status_code == 302
    db.session.refresh(user)
    assert (user.name, user.home_campus_id, user.locale) == ("Nytt Namn", org.ale.id, "en")
    assert b'<html lang="en">' in client.get("/account/profile").data


def test_change_password_requires_the_current_one(client, org):
    user = org.student()
    db.session.commit()
    sign_in(client, user)
    data = {
        "pw-current_password": "wrong wrong wrong",
        "pw-password": "another good password",
        "pw-password_repeat": "another good password",
    }
    assert "Det nåværende passordet er feil." in client.post("/account/password", data=data).get_data(
        as_text=True
    )
    data["pw-current_password"] = PASSWORD
    assert client.post("/account/password", data=data).status_code == 302
    # Still signed in on this device after the session token rotated.
    assert client.get("/account/profile").status_code == 200
    db.session.expire_all()
    assert user_authenticate(email=user.email, password="another good password") is not None


def test_deactivated_account_is_signed_out_and_cannot_sign_in(client, org):
    from portal.accounts.service import user_set_active

    admin = org.admin()
    user = org.student()
    db.session.commit()
    sign_in(client, user)
    user_set_active(user=user, active=False, actor=admin)
    db.session.commit()
    assert client.get("/account/profile").status_code == 302
    response = client.post("/account/sign-in", data={"email": user.email, "password": PASSWORD})
    assert "E-postadressen eller passordet er feil." in response.get_data(as_text=True)


def test_mail_from_registration_is_delivered_over_smtp(client, org, mail):
    register(client, org, email="smtp@example.test", locale="en")
    assert send_pending() == (1, 0)
    [message] = mail.to("smtp@example.test")
    assert message["Subject"] == "Confirm your e-mail address for Læringsmiljøportalen"
    assert message["Content-Language"] == "en"
    assert "http://portal.test/account/verify/" in message.get_content()

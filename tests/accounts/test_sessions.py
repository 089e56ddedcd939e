"""Signing out ends the session on the server: copied cookies stop working (issue #9, item 5)."""

from datetime import timedelta

from werkzeug.http import http_date

from portal.extensions import db
from tests.conftest import FROZEN_NOW
from tests.factories import PASSWORD

REMEMBER = "remember_token"


def sign_in_over_http(client, user, *, remember: bool = False) -> None:
    data = {"email": user.email, "password": PASSWORD}
    if remember:
        data["remember"] = "y"
    response = client.post("/account/sign-in", data=data)
    assert response.status_code == 302


def signed_in(client) -> bool:
    status = client.get("/account/profile").status_code
    assert status in {200, 302}
    return status == 200


def browser_with(client, **cookies):
    """A fresh browser holding only these cookies (copied from another)."""
    other = client.application.test_client()
    for name, value in cookies.items():
        other.set_cookie(name, value)
    return other


def test_a_copied_session_cookie_stops_working_at_sign_out(client, org):
    user = org.student()
    db.session.commit()
    sign_in_over_http(client, user)
    copied = client.get_cookie("session").value
    thief = browser_with(client, session=copied)
    assert signed_in(thief)  # a copy works as long as the session does

    response = client.post("/account/sign-out")
    assert response.status_code == 302
    assert not signed_in(client)
    assert not signed_in(thief)
    assert not signed_in(browser_with(client, session=copied))


def test_a_replayed_remember_me_cookie_stops_working_at_sign_out(client, org):
    user = org.student()
    db.session.commit()
    sign_in_over_http(client, user, remember=True)
    remember = client.get_cookie(REMEMBER).value
    thief = browser_with(client, **{REMEMBER: remember})
    assert signed_in(thief)  # the remember-me cookie alone signs a browser in

    assert client.post("/account/sign-out").status_code == 302
    assert client.get_cookie(REMEMBER) is None
    assert not signed_in(browser_with(client, **{REMEMBER: remember}))
    # The browser that signed in with the copy earlier is signed out too.
    assert not signed_in(thief)


def test_changing_the_password_signs_out_other_devices_and_keeps_this_one(client, org):
    user = org.student()
    db.session.commit()
    phone, laptop = client, client.application.test_client()
    sign_in_over_http(phone, user, remember=True)
    sign_in_over_http(laptop, user, remember=True)
    laptop_remember = laptop.get_cookie(REMEMBER).value

    response = phone.post(
        "/account/password",
        data={
            "pw-current_password": PASSWORD,
            "pw-password": "another good password",
            "pw-password_repeat": "another good password",
        },
    )
    assert response.status_code == 302
    assert signed_in(phone)
    assert not signed_in(laptop)
    assert not signed_in(browser_with(client, **{REMEMBER: laptop_remember}))
    # "Keep me signed in" still holds on the phone, with a cookie for the new session.
    assert signed_in(browser_with(client, **{REMEMBER: phone.get_cookie(REMEMBER).value}))


def test_a_password_reset_ends_every_session_and_remember_me_cookie(client, org):
    from portal.accounts.service import RESET_SALT, _password_fingerprint
    from portal.accounts.tokens import make_token

    user = org.student()
    db.session.commit()
    sign_in_over_http(client, user, remember=True)
    remember = client.get_cookie(REMEMBER).value
    token = make_token(RESET_SALT, {"uid": user.id, "pw": _password_fingerprint(user)})
    stranger = client.application.test_client()
    response = stranger.post(
        f"/account/reset-password/{token}",
        data={"password": "my brand new password", "password_repeat": "my brand new password"},
    )
    assert response.status_code == 302
    assert not signed_in(client)
    assert not signed_in(browser_with(client, **{REMEMBER: remember}))


def expires_of(response, name: str) -> str:
    [header] = [h for h in response.headers.getlist("Set-Cookie") if h.startswith(name + "=")]
    [expires] = [part.strip() for part in header.split(";") if part.strip().startswith("Expires=")]
    return expires.removeprefix("Expires=")


def test_remember_me_lasts_as_long_as_a_session(app, client, org, time_machine):
    time_machine.move_to(FROZEN_NOW, tick=False)
    user = org.student()
    db.session.commit()
    assert app.permanent_session_lifetime == timedelta(days=14)  # SESSION_DAYS
    response = client.post(
        "/account/sign-in", data={"email": user.email, "password": PASSWORD, "remember": "y"}
    )
    assert response.status_code == 302
    assert expires_of(response, REMEMBER) == http_date(FROZEN_NOW + timedelta(days=14))
    remember = client.get_cookie(REMEMBER).value

    # A copy kept beyond its date does not work either: the server checks the age too.
    time_machine.move_to(FROZEN_NOW + timedelta(days=13, hours=23), tick=False)
    assert signed_in(browser_with(client, **{REMEMBER: remember}))
    time_machine.move_to(FROZEN_NOW + timedelta(days=14, minutes=1), tick=False)
    assert not signed_in(browser_with(client, **{REMEMBER: remember}))

"""Sign-in limits count failures per account and address: a campus behind one address is
not locked out, and nobody can lock a named person out of their usual device (issue #9, item 6)."""

import pytest

from portal.config import from_environment
from portal.extensions import db
from tests.conftest import FROZEN_NOW
from tests.factories import PASSWORD

SIGN_IN_LIMITS = (
    "RATELIMIT_SIGN_IN",
    "RATELIMIT_SIGN_IN_FAILURES_PER_ADDRESS",
    "RATELIMIT_SIGN_IN_FAILURES_PER_ACCOUNT",
)


@pytest.fixture
def default_limits(rate_limit, tmp_path, time_machine):
    """The limits a deployment gets by default, on a standing clock (one rate-limit window)."""
    time_machine.move_to(FROZEN_NOW, tick=False)
    defaults = from_environment(str(tmp_path))
    for key in SIGN_IN_LIMITS:
        rate_limit(key, defaults[key])
    return rate_limit


def attempt(client, email: str, password: str, address: str) -> int:
    response = client.post(
        "/account/sign-in",
        data={"email": email, "password": password},
        environ_base={"REMOTE_ADDR": address},
    )
    return response.status_code


def test_a_lecture_hall_signing_in_from_one_address_is_not_blocked(app, org, default_limits):
    students = [org.student() for _ in range(300)]
    db.session.commit()
    codes = []
    for n, student in enumerate(students):
        browser = app.test_client()
        if n % 10 == 0:  # some mistype first, as people do
            assert attempt(browser, student.email, "mistyped password", "10.20.0.1") == 200
        codes.append(attempt(browser, student.email, PASSWORD, "10.20.0.1"))
    assert codes == [302] * 300


def test_wrong_passwords_block_that_account_from_that_address_only(app, org, default_limits):
    victim, neighbour = org.student(), org.student()
    db.session.commit()
    attacker = app.test_client()
    codes = [attempt(attacker, victim.email, f"guess number {n}", "10.0.0.66") for n in range(11)]
    assert codes == [200] * 10 + [429]
    # The right password from that address waits too: the limit is checked before the password.
    assert attempt(app.test_client(), victim.email, PASSWORD, "10.0.0.66") == 429
    # The account from another address, and another account from the same address, are not blocked.
    assert attempt(app.test_client(), victim.email, PASSWORD, "10.0.0.77") == 302
    assert attempt(app.test_client(), neighbour.email, PASSWORD, "10.0.0.66") == 302


def test_failures_from_many_addresses_do_not_block_the_usual_device(app, org, default_limits):
    victim = org.student()
    db.session.commit()
    phone = app.test_client()
    assert attempt(phone, victim.email, PASSWORD, "10.1.0.5") == 302
    assert phone.get_cookie("known_device", path="/account/") is not None
    assert phone.post("/account/sign-out").status_code == 302

    attacker = app.test_client()
    for n in range(40):  # a botnet: three guesses from each of forty addresses
        for guess in range(3):
            attempt(attacker, victim.email, f"guess {guess}", f"192.0.2.{n}")
    for guess in range(11):  # and someone on the same campus network as the victim
        attempt(attacker, victim.email, f"guess {guess}", "10.1.0.5")

    # A browser that has never signed in to the account is stopped by the account's ceiling...
    assert attempt(app.test_client(), victim.email, PASSWORD, "10.1.0.9") == 429
    # ...and so is a forged known-device cookie...
    forged = app.test_client()
    forged.set_cookie("known_device", "eyJkIjoieCIsImEiOltdfQ.forged.signature", path="/account/")
    assert attempt(forged, victim.email, PASSWORD, "10.1.0.5") == 429
    # ...but the victim's own phone signs in, even from the address the attacker shares.
    assert attempt(phone, victim.email, PASSWORD, "10.1.0.5") == 302


def test_a_known_device_gets_no_more_guesses_than_an_address(app, org, default_limits):
    victim = org.student()
    db.session.commit()
    phone = app.test_client()
    assert attempt(phone, victim.email, PASSWORD, "10.1.0.5") == 302
    assert phone.post("/account/sign-out").status_code == 302
    codes = [attempt(phone, victim.email, f"guess {n}", f"10.2.0.{n}") for n in range(11)]
    assert codes == [200] * 10 + [429]


def test_the_ceiling_per_address_answers_with_a_translated_page(app, org, rate_limit, time_machine):
    time_machine.move_to(FROZEN_NOW, tick=False)
    rate_limit("RATELIMIT_SIGN_IN_FAILURES_PER_ADDRESS", "5 per minute")
    people = [org.student() for _ in range(8)]
    db.session.commit()
    usual = app.test_client()
    assert attempt(usual, people[7].email, PASSWORD, "10.3.0.1") == 302
    # Successful sign-ins do not count against the address.
    for person in people[:5]:
        assert attempt(app.test_client(), person.email, PASSWORD, "10.3.0.1") == 302
    for person in people[:5]:
        assert attempt(app.test_client(), person.email, "a wrong password", "10.3.0.1") == 200

    browser = app.test_client()
    browser.set_cookie("lang", "nn")
    response = browser.post(
        "/account/sign-in",
        data={"email": people[6].email, "password": PASSWORD},
        environ_base={"REMOTE_ADDR": "10.3.0.1"},
    )
    assert response.status_code == 429
    assert "For mange forsøk" in response.get_data(as_text=True)
    # Another address is not affected, nor a person's usual device behind this one.
    assert attempt(app.test_client(), people[6].email, PASSWORD, "10.3.0.2") == 302
    assert attempt(usual, people[7].email, PASSWORD, "10.3.0.1") == 302

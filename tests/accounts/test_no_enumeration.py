"""Whether an address has an account shows neither in the answer nor in the work done to
give it (issue #9, item 7). No wall-clock measurements here: spies count the costly work
(Argon2, rendering the mail) on both paths, and the floor the cheap answers are held to."""

from collections import Counter

import pytest
from argon2 import PasswordHasher

from portal.accounts import timing
from portal.extensions import db
from tests.accounts.test_accounts import outbox_to, register
from tests.factories import PASSWORD


@pytest.fixture
def argon2_calls(monkeypatch):
    calls = Counter()
    for name in ("hash", "verify"):
        original = getattr(PasswordHasher, name)

        def spy(self, *args, _name=name, _original=original, **kwargs):
            calls[_name] += 1
            return _original(self, *args, **kwargs)

        monkeypatch.setattr(PasswordHasher, name, spy)
    # As in a process that has not yet met an unknown address.
    monkeypatch.setattr("portal.accounts.passwords._DUMMY_HASHES", {})
    return calls


@pytest.fixture
def mail_renders(app, monkeypatch):
    rendered = Counter()
    original = app.jinja_env.get_template

    def spy(name, *args, **kwargs):
        if isinstance(name, str) and name.startswith("accounts/mail/"):
            rendered[name] += 1
        return original(name, *args, **kwargs)

    monkeypatch.setattr(app.jinja_env, "get_template", spy)
    return rendered


@pytest.fixture
def held_back(monkeypatch):
    """The pauses `answer_no_sooner_than` makes, on a clock that does not move."""
    pauses = []
    monkeypatch.setattr(timing, "monotonic", lambda: 1000.0)
    monkeypatch.setattr(timing, "sleep", pauses.append)
    return pauses


def test_registration_hashes_the_password_whether_or_not_the_address_is_taken(
    client, org, argon2_calls, mail_renders
):
    org.student(email="taken@example.test")
    db.session.commit()
    argon2_calls.clear()

    taken = register(client, org, email="taken@example.test")
    assert taken.status_code == 200
    assert argon2_calls == Counter(hash=1)
    assert mail_renders == Counter({"accounts/mail/already_registered.txt": 1})

    argon2_calls.clear()
    mail_renders.clear()
    fresh = register(client, org, email="fresh@example.test")
    assert fresh.status_code == 200
    assert argon2_calls == Counter(hash=1)
    assert mail_renders == Counter({"accounts/mail/verify_email.txt": 1})
    # Still the same page, and the owner of the taken address is told by e-mail.
    assert taken.get_data(as_text=True).replace("taken@", "X@") == fresh.get_data(as_text=True).replace(
        "fresh@", "X@"
    )
    assert len(outbox_to("taken@example.test")) == 1


@pytest.mark.parametrize("case", ["unknown", "wrong password", "deactivated", "no password", "unverified"])
def test_a_failed_sign_in_verifies_one_password_hash_whatever_the_reason(client, org, argon2_calls, case):
    from portal.accounts.models import User

    people = {
        "wrong password": org.student(email="known@example.test"),
        "deactivated": org.student(email="gone@example.test"),
        "no password": org.student(email="sso@example.test", password=None),
        "unverified": org.student(email="new@example.test", verified=False),
    }
    people["deactivated"].active = False
    db.session.commit()
    assert isinstance(people["no password"], User)
    assert people["no password"].password_hash is None
    email = people[case].email if case in people else "nobody@example.test"
    argon2_calls.clear()

    response = client.post("/account/sign-in", data={"email": email, "password": "not " + PASSWORD})
    assert response.status_code == 200
    assert "E-postadressen eller passordet er feil." in response.get_data(as_text=True)
    assert argon2_calls == Counter(verify=1)


@pytest.mark.parametrize(
    ("path", "template", "cases"),
    [
        (
            "/account/forgot-password",
            "accounts/mail/reset_password.txt",
            {"known@example.test": 1, "nobody@example.test": 0, "gone@example.test": 0},
        ),
        (
            "/account/verify",
            "accounts/mail/verify_email.txt",
            {"new@example.test": 1, "nobody@example.test": 0, "known@example.test": 0},
        ),
    ],
)
def test_asking_for_a_link_does_the_same_work_for_every_address(
    client, org, mail_renders, held_back, path, template, cases
):
    org.student(email="known@example.test")
    org.student(email="new@example.test", verified=False)
    org.student(email="gone@example.test").active = False
    db.session.commit()
    pages = []
    for email, sent in cases.items():
        mail_renders.clear()
        held_back.clear()
        response = client.post(path, data={"email": email})
        assert response.status_code == 200
        pages.append(response.get_data(as_text=True).replace(email, "X"))
        # The mail is rendered whether or not it is sent...
        assert mail_renders == Counter({template: 1}), email
        assert len(outbox_to(email)) == sent, email
        # ...and the answer is held back to the same floor, which hides the outbox write.
        assert held_back == [timing.ANSWER_FLOOR_SECONDS], email
    assert len(set(pages)) == 1


def test_the_floor_waits_only_for_what_is_left(monkeypatch):
    clock = iter([10.0, 10.05])
    pauses = []
    monkeypatch.setattr(timing, "monotonic", lambda: next(clock))
    monkeypatch.setattr(timing, "sleep", pauses.append)
    with timing.answer_no_sooner_than(0.2):
        pass
    assert pauses == [pytest.approx(0.15)]

    clock = iter([10.0, 10.5])
    with timing.answer_no_sooner_than(0.2):
        pass
    assert pauses == [pytest.approx(0.15)]

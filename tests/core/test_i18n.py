"""Languages: the locale order of DESIGN.md §4, the switch, dates, and complete catalogs."""

import re
import subprocess
import sys
from datetime import UTC, datetime

import pytest
from babel.messages.pofile import read_po

from portal.config import PROJECT_ROOT
from portal.core.catalogs import problems
from portal.extensions import db
from portal.i18n import language_from_tag
from tests.factories import sign_in


def html_lang(response) -> str:
    return re.search(rb'<html lang="([a-z]+)"', response.data).group(1).decode()


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("no", "nb"),
        ("no-NO,no;q=0.9", "nb"),
        ("nb-NO,nb;q=0.9,en;q=0.5", "nb"),
        ("nn-NO,nn;q=0.9", "nn"),
        ("en-US,en;q=0.9", "en"),
        ("en-GB", "en"),
        ("de-DE,fr;q=0.5", "nb"),
        ("de-DE,nn;q=0.4", "nn"),
        ("", "nb"),
    ],
)
def test_browser_language_decides_when_nothing_else_does(client, header, expected):
    response = client.get("/", headers={"Accept-Language": header})
    assert html_lang(response) == expected


def test_no_is_bokmal_not_nb_no():
    assert language_from_tag("no") == "nb"
    assert language_from_tag("no_NO") == "nb"
    assert language_from_tag("nn_NO") == "nn"
    assert language_from_tag("sv") is None


def test_cookie_beats_browser_and_preference_beats_cookie(client, org):
    client.set_cookie("lang", "nn")
    assert html_lang(client.get("/", headers={"Accept-Language": "en"})) == "nn"
    user = org.student(locale="en")
    db.session.commit()
    sign_in(client, user)
    assert html_lang(client.get("/", headers={"Accept-Language": "nb"})) == "en"


def test_language_switch_sets_cookie_and_returns_to_page(client):
    response = client.get("/language/en?next=/privacy")
    assert response.status_code == 302
    assert response.headers["Location"] == "/privacy"
    assert "lang=en" in response.headers["Set-Cookie"]
    page = client.get("/privacy")
    assert html_lang(page) == "en"
    assert b"Privacy statement" in page.data


def test_language_switch_updates_signed_in_preference(client, org):
    user = org.student(locale="nb")
    db.session.commit()
    sign_in(client, user)
    client.get("/language/nn?next=/")
    db.session.refresh(user)
    assert user.locale == "nn"


@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example/", "/\\evil", "javascript:alert(1)"]
)
def test_language_switch_never_redirects_off_site(client, target):
    response = client.get("/language/en", query_string={"next": target})
    assert response.headers["Location"] == "/"


def test_unknown_language_is_404(client):
    assert client.get("/language/sv").status_code == 404


@pytest.mark.parametrize(
    ("language", "day", "moment"),
    [
        ("nb", "24. nov. 2026", "24. nov. 2026, 13:05"),
        ("nn", "24. nov. 2026", "24. nov. 2026, 13:05"),
        # British English, not "Nov 24, 2026, 1:05:00 PM" or "11/24/26, 1:05 PM" (issue #9 item 25).
        ("en", "24 Nov 2026", "24 Nov 2026, 13:05"),
    ],
)
def test_times_are_shown_in_oslo_time_in_one_style_per_context(app, language, day, moment):
    from flask import render_template_string

    from portal.i18n import in_language

    value = datetime(2026, 11, 24, 12, 5, tzinfo=UTC)  # 13:05 in Oslo (CET)
    with app.test_request_context("/"), in_language(language):
        rendered = render_template_string(
            "{{ v|date }}|{{ v|date('long') }}|{{ v|datetime }}|{{ v|datetime('short') }}", v=value
        )
    # Whatever style an older template asks for, a list shows the day, a timeline day and time.
    assert rendered.split("|") == [day, day, moment, moment]


def test_english_pages_use_british_dates_but_stay_english(client, org):
    from tests.issues.helpers import raise_issue

    raise_issue(org, org.student(), title="Cold reading room", language="en")
    client.set_cookie("lang", "en")
    page = client.get("/campus/TRD/issues").get_data(as_text=True)
    assert '<html lang="en">' in page
    assert "Issues at" in page
    assert "11 Mar 2026" in page
    assert "Mar 11, 2026" not in page


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("nb", "Skriv navnet ditt."),
        ("nn", "Skriv namnet ditt."),
        ("en", "Enter your name."),
    ],
)
def test_validation_messages_are_translated(client, org, language, message):
    client.set_cookie("lang", language)
    response = client.post("/account/register", data={"name": "", "email": "x@example.test"})
    assert message in response.get_data(as_text=True)


def test_wtforms_builtin_messages_are_translated_in_nynorsk(client, org):
    client.set_cookie("lang", "nn")
    response = client.post("/account/register", data={"home_campus": "999999", "locale": "xx"})
    text = response.get_data(as_text=True)
    assert "Ikkje eit gyldig val." in text
    assert "Not a valid choice" not in text


@pytest.mark.parametrize("language", ["nb", "nn", "en"])
def test_catalog_is_complete(language):
    assert problems(language) == []


def test_messages_pot_is_up_to_date(tmp_path):
    """Fails when a string was added or changed without `make i18n`."""
    fresh = tmp_path / "messages.pot"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "babel.messages.frontend",
            "extract",
            "-F",
            "translations/babel.cfg",
            "-k",
            "_l",
            "-k",
            "lazy_gettext",
            "-o",
            str(fresh),
            "--no-location",
            "--sort-output",
            "--omit-header",
            ".",
        ],
        cwd=PROJECT_ROOT,
        check=True,
        capture_output=True,
    )

    def ids(path):
        with open(path, "rb") as handle:
            return {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(handle) if m.id}

    committed = ids(PROJECT_ROOT / "translations" / "messages.pot")
    extracted = ids(fresh)
    assert extracted - committed == set(), "new strings: run `make i18n` and translate them"
    assert committed - extracted == set(), "stale strings in messages.pot: run `make i18n`"
    for language in ("nb", "nn", "en"):
        assert ids(PROJECT_ROOT / "translations" / language / "LC_MESSAGES" / "messages.po") == extracted

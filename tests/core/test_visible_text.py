""" "Required" means something a person can see (issue #9 item 13)."""

import pytest
import sqlalchemy as sa

from portal.extensions import db
from portal.forms import has_visible_text, visible_or_none
from portal.issues.models import Issue
from tests.factories import sign_in

INVISIBLE = [
    "\u200b\u200d\u2060",  # zero-width space, zero-width joiner, word joiner
    "\ufeff",  # byte-order mark
    "\u00ad\u00ad",  # soft hyphens
    "\u180e",  # Mongolian vowel separator
    "\u200e\u200f\u202a\u202e\u2066\u2069\u061c",  # bidi marks, embeddings and isolates
    "\u00a0\u3000\u2002",  # no-break, ideographic and en spaces
    "\u3164\u115f\u2800",  # Hangul fillers and the blank Braille pattern: drawn as nothing
    "\u034f\ufe0f\U000e0001",  # grapheme joiner, variation selector, language tag
    " \u200b \t\u2060 ",
]


@pytest.mark.parametrize("text", INVISIBLE)
def test_invisible_text_counts_as_empty(text):
    assert not has_visible_text(text)
    assert visible_or_none(text) is None


@pytest.mark.parametrize("text", ["a", "\u200bÅ", "🙂", "١", "漢", "e\u0301", "-"])
def test_anything_a_person_sees_counts(text):
    assert has_visible_text(text)


@pytest.mark.parametrize("title", INVISIBLE)
def test_the_raise_form_refuses_an_invisible_title(client, org, title):
    sign_in(client, org.student())
    db.session.commit()
    response = client.post(
        "/issues/new",
        data={
            "campus": str(org.trd.id),
            "category": str(org.categories["physical"].id),
            "title": title,
            "description": "Det er 15 grader på lesesal 3 om morgenen.",
            "language": "nb",
            "submission_token": "invisible",
            "action": "submit",
        },
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert '<p class="error-message" id="title-error">Gi innspillet en kort tittel. </p>' in page
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Issue)) == 0


def test_the_raise_form_refuses_an_invisible_description(client, org):
    sign_in(client, org.student())
    db.session.commit()
    response = client.post(
        "/issues/new",
        data={
            "campus": str(org.trd.id),
            "category": str(org.categories["physical"].id),
            "title": "Kaldt på lesesalen",
            "description": "\u200b\n\u2060\n\ufeff",
            "language": "nb",
            "submission_token": "invisible-description",
            "action": "submit",
        },
    )
    assert response.status_code == 200
    assert 'id="description-error">Beskriv innspillet. </p>' in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Issue)) == 0


def test_the_profile_refuses_an_invisible_name(client, org):
    user = org.student()
    db.session.commit()
    sign_in(client, user)
    name = user.name
    response = client.post(
        "/account/profile",
        data={"profile-name": "\u200b\u2060", "profile-home_campus": str(org.ale.id), "profile-locale": "nb"},
    )
    assert response.status_code == 200
    assert "Skriv navnet ditt." in response.get_data(as_text=True)
    db.session.refresh(user)
    assert user.name == name

"""Raising an issue through the form, as a student on a phone does."""

import io
from datetime import datetime

import pytest
import sqlalchemy as sa

from portal.campuses.models import Campus
from portal.extensions import db
from portal.issues.authors import author_of
from portal.issues.models import Issue, IssueEvent
from tests.factories import sign_in
from tests.issues.helpers import raise_issue

YEAR = datetime.now().year


def form_data(org, **overrides):
    data = {
        "campus": str(org.trd.id),
        "category": str(org.categories["physical"].id),
        "title": "Kaldt på lesesalen",
        "description": "Det er 15 grader på lesesal 3 om morgenen.",
        "language": "nb",
        "submission_token": "token-1",
        "action": "check",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def issues_count() -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(Issue))


def test_form_defaults_to_home_campus_and_ui_language(client, org):
    student = org.student(campus=org.gjo)
    db.session.commit()
    sign_in(client, student)
    client.set_cookie("lang", "en")
    student.locale = "en"
    db.session.commit()
    html = client.get("/issues/new").get_data(as_text=True)
    assert f'<option selected value="{org.gjo.id}">' in html
    assert 'checked id="language-2" name="language" required type="radio" value="en"' in html
    # Every category is offered with its one-line description.
    assert "Buildings, rooms, indoor climate" in html
    assert "not for complaints against a named person" in html


def test_raise_an_issue(client, org):
    student = org.student()
    db.session.commit()
    sign_in(client, student)
    response = client.post("/issues/new", data=form_data(org, anonymous="y"))
    assert response.status_code == 302
    issue = db.session.scalar(sa.select(Issue))
    assert response.headers["Location"] == f"/issues/{issue.reference}/submitted"
    assert issue.reference == f"TRD-{YEAR}-0001"
    assert issue.anonymous
    assert issue.status == "submitted"
    assert issue.language == "nb"
    assert author_of(issue).id == student.id
    # The submit event does not name the author.
    event = db.session.scalar(sa.select(IssueEvent).where(IssueEvent.issue_id == issue.id))
    assert event.actor_id is None
    assert event.actor_role == "author"
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert issue.reference in page


def test_references_count_per_campus_and_year(app, org):
    student = org.student()
    refs = [raise_issue(org, student, campus=c).reference for c in (org.trd, org.trd, org.gjo, org.trd)]
    assert refs == [f"TRD-{YEAR}-0001", f"TRD-{YEAR}-0002", f"GJO-{YEAR}-0001", f"TRD-{YEAR}-0003"]


def test_a_resent_form_makes_no_second_issue(client, org):
    sign_in(client, org.student())
    db.session.commit()
    data = form_data(org, submission_token="same-token")
    first = client.post("/issues/new", data=data)
    second = client.post("/issues/new", data=data)
    assert first.headers["Location"] == second.headers["Location"]
    assert issues_count() == 1


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"title": ""}, "Gi innspillet en kort tittel."),
        ({"title": "x" * 121}, "Bruk høyst 120 tegn."),
        ({"description": ""}, "Beskriv innspillet."),
        ({"description": "y" * 5001}, "Bruk høyst 5000 tegn."),
        ({"campus": "999999"}, "Ikke et gyldig valg."),
        ({"campus": "abc"}, "Ugyldig valg."),
        ({"category": "999999"}, "Ikke et gyldig valg."),
        ({"category": None}, "Velg hva innspillet handler om."),
        ({"language": "de"}, "Ikke et gyldig valg."),
    ],
)
def test_bad_input_gets_a_translated_message_and_keeps_the_text(client, org, overrides, message):
    sign_in(client, org.student())
    db.session.commit()
    typed = {
        "title": "Tittel med æøå og emoji 🙂",
        "description": "Tekst som ikke skal forsvinne\n– med «rare» tegn",
    }
    data = form_data(org, **{**typed, **overrides})
    response = client.post("/issues/new", data=data)
    text = response.get_data(as_text=True)
    assert response.status_code == 200
    assert message in text
    if "title" not in overrides:
        assert 'value="Tittel med æøå og emoji 🙂"' in text
    if "description" not in overrides:
        assert "Tekst som ikke skal forsvinne\n– med «rare» tegn</textarea>" in text
    assert issues_count() == 0


def test_inactive_campus_is_refused(client, org):
    org.gjo.active = False
    db.session.commit()
    sign_in(client, org.student())
    db.session.commit()
    response = client.post("/issues/new", data=form_data(org, campus=str(org.gjo.id)))
    assert response.status_code == 200
    assert issues_count() == 0
    assert db.session.get(Campus, org.gjo.id).active is False


def test_odd_unicode_is_kept_and_nul_removed(client, org):
    sign_in(client, org.student())
    db.session.commit()
    title = "Ｗｉｆｉ ⚠️ på A-bygget ̈ ‮rtl"
    client.post("/issues/new", data=form_data(org, title=title + "\x00", description="e\u0301 og \r\nlinjer"))
    issue = db.session.scalar(sa.select(Issue))
    assert issue.title == title
    assert issue.description == "é og \nlinjer"  # NFC and plain newlines


def test_similar_issues_are_offered_before_saving(client, org):
    other = org.student()
    existing = raise_issue(
        org,
        other,
        title="Wifi i biblioteket faller ut",
        description="Trådløst nett i biblioteket faller ut hver dag.",
    )
    sign_in(client, org.student())
    db.session.commit()
    data = form_data(
        org,
        title="Wifi faller ut i biblioteket",
        description="Nettet i biblioteket er ustabilt og faller ut.",
    )
    response = client.post("/issues/new", data=data)
    text = response.get_data(as_text=True)
    assert response.status_code == 200
    assert issues_count() == 1
    assert (existing.reference in text and "Support this instead" in text) or "Støtt dette i stedet" in text
    assert f'formaction="/issues/{existing.reference}/support"' in text
    # The student decides it is different after all.
    response = client.post("/issues/new", data={**data, "action": "submit"})
    assert response.status_code == 302
    assert issues_count() == 2


def test_similar_issues_from_another_campus_or_closed_are_not_offered(client, org):
    other = org.student()
    raise_issue(
        org,
        other,
        campus=org.gjo,
        title="Wifi i biblioteket faller ut",
        description="Trådløst nett faller ut.",
    )
    sign_in(client, org.student())
    db.session.commit()
    response = client.post(
        "/issues/new",
        data=form_data(org, title="Wifi i biblioteket faller ut", description="Trådløst nett faller ut."),
    )
    assert response.status_code == 302


def test_live_similar_fragment(client, org):
    existing = raise_issue(
        org,
        org.student(),
        title="Kantina har for lite vegetarmat",
        description="Vegetarmat er utsolgt før klokka tolv.",
    )
    sign_in(client, org.student())
    db.session.commit()
    response = client.get(
        "/issues/similar", query_string={"campus": org.trd.id, "text": "lite vegetarmat i kantina"}
    )
    assert existing.reference in response.get_data(as_text=True)
    empty = client.get("/issues/similar", query_string={"campus": "x", "text": ""})
    assert empty.status_code == 200
    assert existing.reference not in empty.get_data(as_text=True)


def test_submission_is_rate_limited_per_account(client, org, rate_limit):
    rate_limit("RATELIMIT_SUBMIT", "2 per minute")
    sign_in(client, org.student())
    db.session.commit()
    codes = [
        client.post("/issues/new", data=form_data(org, submission_token=f"t{i}", action="submit")).status_code
        for i in range(3)
    ]
    assert codes == [302, 302, 429]


def test_only_students_raise_issues(client, org):
    sign_in(client, org.secretary())
    db.session.commit()
    assert client.get("/issues/new").status_code == 403
    assert client.post("/issues/new", data=form_data(org)).status_code == 403
    assert issues_count() == 0


def test_photo_upload_through_the_form(client, org):
    from tests.issues.helpers import gps_exif, image_bytes

    sign_in(client, org.student())
    db.session.commit()
    data = form_data(org)
    data["photos"] = [(io.BytesIO(image_bytes(exif=gps_exif())), "IMG_0001.JPG")]
    response = client.post("/issues/new", data=data, content_type="multipart/form-data")
    assert response.status_code == 302
    issue = db.session.scalar(sa.select(Issue))
    assert len(issue.photos) == 1
    assert issue.photos[0].content_type == "image/jpeg"
    served = client.get(f"/issues/{issue.reference}/photos/{issue.photos[0].id}")
    assert served.status_code == 200
    assert served.mimetype == "image/jpeg"
    assert b"Phone Camera X" not in served.data
    assert b"Exif" not in served.data


def test_bad_photo_keeps_the_text(client, org):
    sign_in(client, org.student())
    db.session.commit()
    data = form_data(org, title="Tittelen min")
    data["photos"] = [(io.BytesIO(b"this is not an image at all"), "photo.jpg")]
    response = client.post("/issues/new", data=data, content_type="multipart/form-data")
    text = response.get_data(as_text=True)
    assert response.status_code == 200
    assert issues_count() == 0
    assert "«photo.jpg»" in text or "“photo.jpg”" in text
    assert 'value="Tittelen min"' in text


def test_a_title_of_only_spaces_is_refused(client, org):
    sign_in(client, org.student())
    db.session.commit()
    response = client.post("/issues/new", data=form_data(org, title="   \t "))
    assert "Gi innspillet en kort tittel." in response.get_data(as_text=True)
    assert issues_count() == 0

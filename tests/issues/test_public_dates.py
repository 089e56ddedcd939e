"""Public lists show dates, not times (issue #9 item 14).

An anonymous issue's own times are rounded to the day; if the newest-first list showed its
neighbours to the minute, the anonymous issue's time could be narrowed down between them.
"""

import re
from datetime import UTC, datetime

import pytest

from portal.committee.models import MeetingStatus
from portal.committee.service import item_create, item_decide
from portal.extensions import db
from tests.committee.helpers import escalate, make_meeting
from tests.factories import sign_in
from tests.issues.helpers import raise_issue

TIME_OF_DAY = re.compile(r"\b\d{1,2}[:.]\d{2}\b(?![.:]\d)")


def main_text(html: str) -> str:
    return html.split('<main id="main"', 1)[1].split("</main>", 1)[0]


@pytest.fixture
def neighbours(org, time_machine):
    """Three issues minutes apart; the middle one is anonymous; one was decided by the committee."""
    author = org.student()
    issues = []
    for minute, anonymous in ((47, False), (48, True), (49, False)):
        time_machine.move_to(datetime(2026, 3, 10, 13, minute, tzinfo=UTC), tick=False)
        issues.append(raise_issue(org, author, title=f"Trekk i rom {minute}", anonymous=anonymous))
    time_machine.move_to(datetime(2026, 3, 11, 9, 0, tzinfo=UTC), tick=False)
    secretary = org.secretary()
    meeting = make_meeting(org, secretary)
    escalate(org, issues[0])
    item = item_create(meeting=meeting, kind="decision", title="Trekk", actor=secretary, issues=[issues[0]])
    meeting.status = MeetingStatus.HELD
    item_decide(item=item, conclusion="decision", decision="Tettes.", actor=secretary, expected_version=None)
    db.session.commit()
    return issues, item


@pytest.mark.parametrize("language", ["nb", "nn", "en"])
def test_no_public_list_shows_a_time_of_day(client, org, neighbours, language):
    issues, item = neighbours
    client.set_cookie("lang", language)
    pages = [
        "/campus/TRD/issues",
        "/campus/TRD/issues?sort=supported",
        "/campus/TRD/issues?status=all",
        "/campus/TRD/issues?q=Trekk",
        "/",
        "/issues/",
        f"/you-said-we-did/LMU/{item.year}",
    ]
    for path in pages:
        response = client.get(path)
        assert response.status_code == 200, path
        text = main_text(response.get_data(as_text=True))
        assert not TIME_OF_DAY.search(text), f"{path} shows a time of day: {TIME_OF_DAY.search(text)[0]}"
    listed = main_text(client.get("/campus/TRD/issues").get_data(as_text=True))
    assert all(issue.reference in listed for issue in issues[1:])
    # Signed in, a student's own list shows no time either (the timelines inside are the issues' own).
    sign_in(client, org.student())
    for path in ("/campus/TRD/issues", "/"):
        assert not TIME_OF_DAY.search(main_text(client.get(path).get_data(as_text=True))), path

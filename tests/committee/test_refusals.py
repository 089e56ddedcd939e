"""One way to refuse: every code the committee services raise has its words, and the loaders
check the committee before anything inside it is looked up."""

import re
from pathlib import Path

import pytest

from portal.authz import Role
from portal.committee.errors import CommitteeError
from portal.committee.messages import MESSAGES
from portal.errors import DomainError
from tests.committee.helpers import make_meeting
from tests.factories import make_committee, make_user, sign_in

COMMITTEE = Path(__file__).resolve().parents[2] / "portal" / "committee"


def raised_codes() -> set[str]:
    codes = set()
    for path in COMMITTEE.rglob("*.py"):
        codes |= set(re.findall(r'CommitteeError\(\s*"([a-z-]+)"', path.read_text(encoding="utf-8")))
    return codes


def test_every_raised_code_has_words(app):
    codes = raised_codes()
    assert "stale" in codes
    assert "not-escalated" in codes
    internal = {"unknown-kind", "unknown-conclusion", "unknown-direction"}  # forms never send these
    assert codes - internal <= set(MESSAGES), sorted(codes - internal - set(MESSAGES))


def test_the_error_is_a_domain_error_with_its_params(app):
    error = CommitteeError("not-escalated", "issues", references="TRD-2026-0001, GJO-2026-0002")
    assert isinstance(error, DomainError)
    assert error.field == "issues"
    assert error.status == 409
    with app.test_request_context("/", headers={"Accept-Language": "en"}):
        assert error.message.startswith("TRD-2026-0001, GJO-2026-0002 is no longer waiting")
    assert CommitteeError("note-needed", "note").status == 400


@pytest.mark.parametrize(
    "path",
    [
        "/committee/LMU/meetings/{m}",
        "/committee/LMU/meetings/999999",
        "/committee/LMU/items/999999",
        "/committee/LMU/issues/TRD-2026-9999",
        "/committee/LMU/meetings/999999/agenda.pdf",
    ],
)
def test_outsiders_learn_nothing_about_which_ids_exist(client, org, path):
    secretary = org.secretary()
    meeting = make_meeting(org, secretary)
    outsider = make_user(roles=[(Role.SECRETARY, make_committee("UU"))], student=False)
    sign_in(client, outsider)
    assert client.get(path.format(m=meeting.id)).status_code == 403
    sign_in(client, secretary)
    assert client.get(path.format(m=meeting.id)).status_code == (200 if "{m}" in path else 404)

"""The shared cache of expensive figures (portal/core/cache.py): the annual report's issue
statistics are computed once and kept, a Redis that does not answer is a miss (never a 500),
and keeping figures never lets anyone past the report's own permission check."""

import pytest

from portal.core import cache
from tests.factories import make_committee, make_user, sign_in
from tests.issues.helpers import raise_issue


@pytest.fixture
def caching(app):
    app.config["CACHE_ENABLED"] = True
    cache.forget_all()
    yield app
    app.config["CACHE_ENABLED"] = False
    app.config["CACHE_REDIS_URL"] = None
    cache.forget_all()


def _year(org):
    from portal.i18n import local_year

    return local_year()


def test_the_report_statistics_are_computed_once_and_kept(client, org, caching, count_queries):
    from portal.authz import Role
    from portal.reports.queries import cached_issue_statistics, issue_statistics

    secretary = make_user(roles=[(Role.SECRETARY, org.lmu)], student=False)
    raise_issue(org, org.student(), title="Trekk i lesesalen")
    sign_in(client, secretary)
    url = f"/reports/LMU/{_year(org)}"
    with count_queries() as first:
        assert client.get(url).status_code == 200
    raise_issue(org, org.student(), title="Enda en sak")
    with count_queries() as second:
        assert client.get(url).status_code == 200
    assert second.count < first.count  # the statistics came from the cache
    kept = cached_issue_statistics(_year(org))
    assert kept["per_campus"] == {str(org.trd.id): 1}  # as computed, not yet the new issue
    assert issue_statistics(_year(org))["per_campus"] == {str(org.trd.id): 2}


def test_a_redis_that_does_not_answer_is_a_miss(client, org, caching):
    from portal.authz import Role
    from tests.mailserver import free_port

    caching.config["CACHE_REDIS_URL"] = f"redis://127.0.0.1:{free_port()}/0"
    secretary = make_user(roles=[(Role.SECRETARY, org.lmu)], student=False)
    sign_in(client, secretary)
    assert client.get(f"/reports/LMU/{_year(org)}").status_code == 200


@pytest.mark.parametrize("who", ["student", "secretary of another committee", "leader"])
def test_kept_figures_do_not_open_the_report_to_anyone_else(client, org, caching, who):
    from portal.authz import Role

    secretary = make_user(roles=[(Role.SECRETARY, org.lmu)], student=False)
    sign_in(client, secretary)
    url = f"/reports/LMU/{_year(org)}"
    assert client.get(url).status_code == 200  # now kept
    other = {
        "student": lambda: org.student(),
        "secretary of another committee": lambda: make_user(
            roles=[(Role.SECRETARY, make_committee("UU"))], student=False
        ),
        "leader": lambda: org.leader(org.gjo),
    }[who]()
    outsider = client.application.test_client()
    sign_in(outsider, other)
    assert outsider.get(url).status_code == 403


def _pdf_renders(monkeypatch) -> list:
    import portal.core.documents as documents

    made = []
    render = documents.pdf_from_html

    def counted(html, **options):
        made.append(html)
        return render(html, **options)

    monkeypatch.setattr(documents, "pdf_from_html", counted)
    return made


def _report_exports() -> int:
    import sqlalchemy as sa

    from portal.audit.models import AuditEvent
    from portal.extensions import db

    return db.session.scalar(
        sa.select(sa.func.count()).select_from(AuditEvent).where(AuditEvent.action == "report.export")
    )


def test_the_annual_report_pdf_is_kept_until_what_it_shows_changes(client, org, caching, monkeypatch):
    """Issue 14: the same report (statistics kept, the same decisions, the same language) is
    served from the cache; each download is still audited; a new decision gives a new file."""
    from portal.authz import Role
    from portal.committee.models import MeetingStatus
    from portal.committee.service import item_create, item_decide
    from portal.extensions import db
    from tests.committee.helpers import make_meeting, pdf_text

    made = _pdf_renders(monkeypatch)
    secretary = make_user(roles=[(Role.SECRETARY, org.lmu)], student=False, locale="en")
    raise_issue(org, org.student(), title="Trekk i lesesalen")
    sign_in(client, secretary)
    url = f"/reports/LMU/{_year(org)}.pdf"
    first, second = client.get(url), client.get(url)
    assert (first.status_code, second.status_code) == (200, 200)
    assert second.data == first.data
    assert len(made) == 1
    assert _report_exports() == 2
    # Another reader with the same language gets the same kept file; other readers are refused.
    member = make_user(roles=[(Role.COMMITTEE_MEMBER, org.lmu)], student=False, locale="en")
    reader = client.application.test_client()
    sign_in(reader, member)
    assert reader.get(url).data == first.data
    assert len(made) == 1
    for outsider in (org.student(), org.leader(org.gjo)):
        other = client.application.test_client()
        sign_in(other, outsider)
        refused = other.get(url)
        assert refused.status_code == 403
        assert not refused.data.startswith(b"%PDF")
    anonymous = client.application.test_client().get(url)
    assert anonymous.status_code == 302
    assert anonymous.headers["Location"].startswith("/account/sign-in?next=")
    # A decision of the committee shows in the report: a new file.
    meeting = make_meeting(org, secretary, days=0, hour=9)
    item = item_create(meeting=meeting, kind="decision", title="Lesesalsplasser", actor=secretary)
    meeting.status = MeetingStatus.HELD
    item_decide(
        item=item,
        conclusion="decision",
        decision="Utvalget ber om flere plasser.",
        actor=secretary,
        expected_version=None,
    )
    db.session.commit()
    third = client.get(url)
    assert third.status_code == 200
    assert len(made) == 2
    assert "Utvalget ber om flere plasser." in pdf_text(third.data)
    assert "Utvalget ber om flere plasser." not in pdf_text(first.data)

"""Generated notices and minutes are kept (issue 14): a second download of an unchanged meeting is
served from the cache without WeasyPrint or python-docx, still written to the audit log; a kept
file never reaches anyone the document's permission turns away; and every change to what the
document shows (items, a decision, attendance, a statement, the notice's facts, an issue's
supporters) gives a new file. The key is a digest of the loaded content, so no write can forget
to invalidate it. Also: the export runs the same number of SQL statements whatever the agenda's
length."""

from datetime import timedelta

import pytest
import sqlalchemy as sa

import portal.committee.exports as exports
from portal.audit.models import AuditEvent
from portal.committee.attendance import attendance_record, meeting_publish_notice
from portal.committee.consultations import consultation_send, statement_give
from portal.committee.models import Consultation, MeetingStatus
from portal.committee.service import item_create, item_decide, meeting_update
from portal.core import cache
from portal.extensions import db
from portal.issues.service import support_count_adjust
from tests.committee.helpers import add_seat, docx_text, escalated_issue, flat, make_meeting, pdf_text
from tests.factories import sign_in


@pytest.fixture
def caching(app):
    app.config["CACHE_ENABLED"] = True
    cache.forget_all()
    yield app
    app.config["CACHE_ENABLED"] = False
    app.config["CACHE_REDIS_URL"] = None
    cache.forget_all()


@pytest.fixture
def renders(monkeypatch):
    """How many files were really made (not served from the cache), by format."""
    made = {"pdf": 0, "docx": 0}
    pdf, docx = exports.render_pdf, exports.render_docx

    def counted_pdf(context):
        made["pdf"] += 1
        return pdf(context)

    def counted_docx(context):
        made["docx"] += 1
        return docx(context)

    monkeypatch.setattr(exports, "render_pdf", counted_pdf)
    monkeypatch.setattr(exports, "render_docx", counted_docx)
    return made


@pytest.fixture
def meeting_case(org):
    secretary = org.secretary(locale="en")
    meeting = make_meeting(org, secretary, days=10)
    issue = escalated_issue(org, title="Lesesalen er full", description="Ingen plass etter klokka ti.")
    item = item_create(
        meeting=meeting,
        kind="decision",
        title="Lesesalsplasser",
        actor=secretary,
        background="Bakgrunn for saka.",
        issues=[issue],
    )
    db.session.commit()
    return secretary, meeting, item, issue


def _exports() -> int:
    return db.session.scalar(
        sa.select(sa.func.count()).select_from(AuditEvent).where(AuditEvent.action == "committee.export")
    )


def test_an_unchanged_meeting_is_served_from_the_cache_and_each_download_is_audited(
    client, org, caching, renders, meeting_case
):
    secretary, meeting, _item, _issue = meeting_case
    sign_in(client, secretary)
    url = f"/committee/LMU/meetings/{meeting.id}/agenda.pdf"
    first = client.get(url)
    second = client.get(url)
    assert (first.status_code, second.status_code) == (200, 200)
    assert second.data == first.data
    assert renders["pdf"] == 1
    assert _exports() == 2  # the cached download is recorded too
    # Another language or format is another file.
    english = client.get(url + "?lang=en")
    assert english.status_code == 200
    assert english.data != first.data
    assert client.get(f"/committee/LMU/meetings/{meeting.id}/agenda.docx").status_code == 200
    assert client.get(f"/committee/LMU/meetings/{meeting.id}/agenda.docx").status_code == 200
    assert renders == {"pdf": 2, "docx": 1}
    assert _exports() == 5


def test_a_cached_document_is_never_served_to_someone_who_may_not_see_it(
    client, org, caching, renders, meeting_case
):
    secretary, meeting, _item, _issue = meeting_case
    sign_in(client, secretary)
    agenda_url = f"/committee/LMU/meetings/{meeting.id}/agenda.pdf"
    minutes_url = f"/committee/LMU/meetings/{meeting.id}/minutes.pdf"
    agenda = client.get(agenda_url)
    minutes = client.get(minutes_url)
    assert (agenda.status_code, minutes.status_code) == (200, 200)
    assert renders["pdf"] == 2
    audited = _exports()

    def as_(user):
        other = client.application.test_client()
        if user is not None:
            sign_in(other, user)
        return other

    leader, student = org.leader(org.gjo), org.student()
    # The notice is not published: a campus council may not read it yet, nor the minutes.
    for who in (leader, student):
        for url in (agenda_url, minutes_url):
            response = as_(who).get(url)
            assert response.status_code == 403, (who, url)
            assert not response.data.startswith(b"%PDF")
    for url in (agenda_url, minutes_url):
        response = as_(None).get(url)
        assert response.status_code == 302
        assert response.headers["Location"].startswith("/account/sign-in?next=%2Fcommittee%2FLMU%2F")
    assert _exports() == audited  # refused requests export nothing

    # Published: the campus council reads the notice (the same file: it may see all of it), but
    # still not the minutes; students never see either.
    meeting_publish_notice(meeting=meeting, actor=secretary)
    db.session.commit()
    council = as_(leader)
    notice = council.get(agenda_url)
    assert notice.status_code == 200
    assert notice.data.startswith(b"%PDF")
    assert "Lesesalsplasser" in flat(pdf_text(notice.data))
    assert council.get(minutes_url).status_code == 403
    assert as_(student).get(agenda_url).status_code == 403
    assert as_(student).get(minutes_url).status_code == 403
    anonymous = as_(None).get(agenda_url)
    assert anonymous.status_code == 302
    assert anonymous.headers["Location"].startswith("/account/sign-in?next=")


def _docx(client, meeting, document="agenda") -> tuple[bytes, str]:
    response = client.get(f"/committee/LMU/meetings/{meeting.id}/{document}.docx")
    assert response.status_code == 200
    return response.data, docx_text(response.data)


def test_each_kind_of_change_gives_a_new_document(client, org, caching, renders, meeting_case, time_machine):
    secretary, meeting, item, issue = meeting_case
    sign_in(client, secretary)
    data, _text = _docx(client, meeting)
    seen = {data}

    def changed(document="agenda") -> str:
        data, text = _docx(client, meeting, document)
        assert data not in seen
        seen.add(data)
        return text

    # The notice's facts.
    meeting_update(
        meeting=meeting,
        starts_at=meeting.starts_at,
        place="Auditorium R1",
        actor=secretary,
        expected_version=meeting.version,
    )
    db.session.commit()
    assert "Auditorium R1" in changed()
    # A new item.
    item_create(meeting=meeting, kind="information", title="Kantina på Gjøvik", actor=secretary)
    db.session.commit()
    assert "Kantina på Gjøvik" in changed()
    # An issue's supporters (another domain's write).
    support_count_adjust([issue], by=7)
    db.session.commit()
    text = changed()
    assert f"{issue.reference}\nTrondheim\n«Lesesalen er full»\n7" in text
    # A statement of a consulted campus council.
    consultation_send(
        item=item, campuses=[org.trd], deadline=meeting.starts_at - timedelta(days=2), actor=secretary
    )
    db.session.commit()
    assert "Trondheim" in changed()
    consultation = db.session.scalar(sa.select(Consultation))
    statement_give(
        consultation=consultation, actor=org.leader(org.trd), statement="Trondheim ønsker flere plasser."
    )
    db.session.commit()
    assert "«Trondheim ønsker flere plasser.»" in changed()
    # The minutes: attendance, then a decision.
    member = add_seat(org, name="Sara Student")
    time_machine.move_to(meeting.starts_at + timedelta(hours=3), tick=False)
    meeting.status = MeetingStatus.HELD
    db.session.commit()
    minutes, _text = _docx(client, meeting, "minutes")
    seen.add(minutes)
    attendance_record(
        meeting=meeting, attended={member.id: "present"}, minutes_taker="Kari Referent", actor=secretary
    )
    db.session.commit()
    text = changed("minutes")
    assert "Kari Referent" in text
    assert "Sara Student" in text
    item_decide(
        item=item,
        conclusion="decision",
        decision="Utvalget ber om flere lesesalsplasser.",
        actor=secretary,
        expected_version=None,
    )
    db.session.commit()
    assert "Utvalget ber om flere lesesalsplasser." in changed("minutes")
    # Unchanged since: the next download comes from the cache.
    made = dict(renders)
    assert _docx(client, meeting, "minutes")[0] in seen
    assert renders == made


def test_a_change_to_the_meeting_gives_a_new_pdf_not_the_kept_one(
    client, org, caching, renders, meeting_case
):
    secretary, meeting, _item, _issue = meeting_case
    sign_in(client, secretary)
    url = f"/committee/LMU/meetings/{meeting.id}/agenda.pdf"
    before = client.get(url).data
    item_create(meeting=meeting, kind="discussion", title="Ny sak om kollektivtrafikk", actor=secretary)
    db.session.commit()
    after = client.get(url)
    assert after.status_code == 200
    assert after.data != before
    assert "Ny sak om kollektivtrafikk" in flat(pdf_text(after.data))
    assert "Ny sak om kollektivtrafikk" not in flat(pdf_text(before))
    assert renders["pdf"] == 2


def test_a_redis_that_does_not_answer_is_a_miss(client, org, caching, renders, meeting_case, monkeypatch):
    from tests.mailserver import free_port

    monkeypatch.setitem(caching.config, "CACHE_REDIS_URL", f"redis://127.0.0.1:{free_port()}/0")
    secretary, meeting, _item, _issue = meeting_case
    sign_in(client, secretary)
    for _ in range(2):
        response = client.get(f"/committee/LMU/meetings/{meeting.id}/agenda.docx")
        assert response.status_code == 200
        assert "Lesesalsplasser" in docx_text(response.data)
    assert renders["docx"] == 2
    assert _exports() == 2


def test_the_process_cache_keeps_files_within_its_size(app, caching, monkeypatch):
    monkeypatch.setitem(caching.config, "DOCUMENT_CACHE_MB", 1 / 1024)  # 1 KiB
    made = []

    def make(n):
        def inner():
            made.append(n)
            return bytes([n]) * 400

        return inner

    for n in range(3):
        cache.remembered_file(f"f{n}", 60, make(n))
    assert made == [0, 1, 2]
    # Two of 400 bytes fit in 1 KiB: the least recently used (0) went out.
    cache.remembered_file("f1", 60, make(1))
    cache.remembered_file("f2", 60, make(2))
    assert made == [0, 1, 2]
    cache.remembered_file("f0", 60, make(0))
    assert made == [0, 1, 2, 0]
    # A file larger than the whole cache is made every time, never kept.
    cache.remembered_file("big", 60, lambda: b"x" * 2000)
    assert cache.remembered_file("big", 60, lambda: b"y") == b"y"


def test_the_export_runs_the_same_number_of_statements_however_long_the_agenda(client, org, count_queries):
    """Loaded up front (eager loading): 3 items or 12, each with issues, a proposal-less
    consultation and a decision, cost the same number of statements."""
    secretary = org.secretary(locale="en")
    sign_in(client, secretary)
    counts = []
    for size in (3, 12):
        meeting = make_meeting(org, secretary, days=20 + size)
        for n in range(size):
            made = item_create(
                meeting=meeting,
                kind="decision",
                title=f"Sak {n}",
                actor=secretary,
                issues=[escalated_issue(org, title=f"Sak {size}-{n}"), escalated_issue(org, campus=org.gjo)],
            )
            consultation_send(
                item=made, campuses=[org.trd], deadline=meeting.starts_at - timedelta(days=2), actor=secretary
            )
        db.session.commit()
        db.session.expire_all()
        with count_queries() as counter:
            assert client.get(f"/committee/LMU/meetings/{meeting.id}/minutes.docx").status_code == 200
        counts.append(counter.count)
    assert counts[0] == counts[1], counts

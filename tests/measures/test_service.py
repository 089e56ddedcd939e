"""Measure rules without HTTP: SMART fields, what a measure may answer, status, evaluation,
who is told, and the reminders."""

from datetime import timedelta

import pytest
import sqlalchemy as sa

from portal.audit.models import AuditEvent
from portal.committee.models import AgendaItem
from portal.extensions import db
from portal.i18n import in_language, today_in_oslo
from portal.issues.service import support_add
from portal.measures.exports import action_plan_status_report, status_report_text
from portal.measures.models import MeasureStatus, MeasureUpdate
from portal.measures.notifications import send_reminders
from portal.measures.plans import ActionPlan
from portal.measures.queries import measures_for_issue, open_follow_ups, plan_measures
from portal.measures.service import (
    MeasureError,
    issues_from_references,
    measure_evaluate,
    measure_progress,
    measure_set_status,
    measure_update,
)
from portal.notifications.models import EmailPreference, Notification, OutboxMessage
from portal.notifications.service import preferences_save
from tests.factories import make_issue
from tests.measures.helpers import make_measure
from tests.referrals.helpers import make_unit


def mail_to(user):
    return db.session.scalars(
        sa.select(OutboxMessage).where(OutboxMessage.to_address == user.email).order_by(OutboxMessage.id)
    ).all()


def notes_of(user, kind):
    return db.session.scalars(
        sa.select(Notification).where(Notification.user_id == user.id, Notification.kind == kind)
    ).all()


def test_a_measure_on_an_issue_tells_its_author_and_supporters_in_their_language(app, org):
    author = org.student(locale="nn")
    supporter = org.student(locale="en")
    issue = make_issue(org, status="accepted", author=author, anonymous=True)
    support_add(issue=issue, user=supporter)
    db.session.commit()
    before = len(mail_to(author))
    measure = make_measure(org, issues=[issue], responsible_unit=make_unit(), responsible_text=None)
    assert measure.status == MeasureStatus.PLANNED
    assert measure.year == today_in_oslo().year
    assert [link.issue_id for link in measure.issue_links] == [issue.id]
    assert [u.kind for u in measure.updates] == ["created"]
    [author_mail] = mail_to(author)[before:]
    assert author_mail.language == "nn"
    assert author_mail.subject == f"{issue.reference}: eit tiltak svarar på innspelet"
    assert "Flere stikkontakter på lesesalen" in author_mail.body_text
    assert "innspelet du melde inn" in author_mail.body_text
    [supporter_mail] = mail_to(supporter)
    assert supporter_mail.subject == f"{issue.reference}: a measure answers it"
    assert "an issue you support" in supporter_mail.body_text
    assert notes_of(author, "issue_measure")[0].params["what"] == "created"
    audit = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "measure.create"))
    assert audit.after["issues"] == [issue.reference]
    assert audit.after["criterion"] == measure.criterion


def test_e_mail_settings_are_respected(app, org):
    author = org.student()
    issue = make_issue(org, status="accepted", author=author)
    preferences_save(user=author, enabled_kinds=set())
    db.session.commit()
    before = len(mail_to(author))
    make_measure(org, issues=[issue])
    assert len(mail_to(author)) == before  # no e-mail …
    assert len(notes_of(author, "issue_measure")) == 1  # … but told in the portal


@pytest.mark.parametrize(
    ("change", "code", "field"),
    [
        ({"title": " "}, "title-needed", "title"),
        ({"purpose": ""}, "purpose-needed", "purpose"),
        ({"criterion": "   "}, "criterion-needed", "criterion"),
        ({"responsible_text": ""}, "responsible-needed", "responsible_unit"),
        ({"due_on": None}, "due-needed", "due_on"),
        ({"due_on": "yesterday"}, "due-past", "due_on"),
        ({"due_on": "in six years"}, "due-far", "due_on"),
        ({"title": "t" * 201}, "too-long", "title"),
        ({"criterion": "c" * 2001}, "too-long", "criterion"),
        ({"contact_email": "ikke en adresse"}, "email", "contact_email"),
    ],
)
def test_a_measure_is_smart_or_refused(app, org, change, code, field):
    if change.get("due_on") == "yesterday":
        change["due_on"] = today_in_oslo() - timedelta(days=1)
    elif change.get("due_on") == "in six years":
        change["due_on"] = today_in_oslo() + timedelta(days=366 * 6)
    with pytest.raises(MeasureError) as refused:
        make_measure(org, commit=False, **change)
    assert (refused.value.code, refused.value.field) == (code, field)
    with app.test_request_context("/"), in_language("nb"):
        assert "SMART" in refused.value.message or code in ("too-long", "email")


def test_a_unit_from_the_list_is_responsible_enough(app, org):
    measure = make_measure(org, responsible_text="", responsible_unit=make_unit(name="Eiendom"))
    assert measure.responsible_text is None
    assert measure.responsible_label.startswith("Eiendom")
    with pytest.raises(MeasureError) as refused:
        make_measure(org, responsible_text="", responsible_unit=make_unit(active=False), commit=False)
    assert refused.value.code == "unit"


def test_a_campus_measure_answers_that_campus_issues_only(app, org):
    gjo_issue = make_issue(org, campus=org.gjo, status="accepted")
    with pytest.raises(MeasureError) as refused:
        make_measure(org, issues=[gjo_issue], commit=False)
    assert (refused.value.code, refused.value.params) == (
        "issue-other-campus",
        {"reference": gjo_issue.reference},
    )
    item = _agenda_item(org)
    with pytest.raises(MeasureError) as refused:
        make_measure(org, agenda_item=item, commit=False)
    assert refused.value.code == "item"


def _agenda_item(org, committee=None):
    from portal.committee.service import meeting_create
    from portal.db import utcnow

    meeting = meeting_create(
        committee=committee or org.lmu,
        starts_at=utcnow() + timedelta(days=7),
        place="Rom 1",
        actor=org.secretary(),
    )
    return db.session.scalars(sa.select(AgendaItem).where(AgendaItem.meeting_id == meeting.id)).first()


def test_a_committee_measure_answers_its_own_issues_and_decisions(app, org):
    from tests.factories import make_committee

    escalated = make_issue(org, status="escalated")
    accepted = make_issue(org, status="accepted")
    item = _agenda_item(org)
    measure = make_measure(org, committee=org.lmu, issues=[escalated], agenda_item=item)
    assert (measure.scope, measure.committee_id, measure.agenda_item_id) == ("committee", org.lmu.id, item.id)
    with pytest.raises(MeasureError) as refused:
        make_measure(org, committee=org.lmu, issues=[accepted], commit=False)
    assert refused.value.code == "issue-not-with-committee"
    other = make_committee("UU")
    with pytest.raises(MeasureError) as refused:
        make_measure(org, committee=org.lmu, agenda_item=_agenda_item(org, other), commit=False)
    assert refused.value.code == "item"
    assert open_follow_ups(org.lmu) == [measure]
    measure_set_status(measure=measure, status=MeasureStatus.DONE, actor=org.secretary())
    assert open_follow_ups(org.lmu) == []


def test_references_are_read_leniently_and_unknown_ones_named(app, org):
    first, second = make_issue(org), make_issue(org)
    assert issues_from_references(f" {first.reference.lower()},{second.reference};  {first.reference}") == [
        first,
        second,
    ]
    assert issues_from_references("") == []
    with pytest.raises(MeasureError) as refused:
        issues_from_references(f"{first.reference}, TRD-1999-0001")
    assert (refused.value.code, refused.value.params) == ("issue-unknown", {"reference": "TRD-1999-0001"})
    with pytest.raises(MeasureError):
        issues_from_references("x" * 300)
    with pytest.raises(MeasureError) as refused:
        issues_from_references(" ".join(f"A{n}" for n in range(51)))
    assert refused.value.code == "too-many-issues"


def test_done_and_dropped_tell_the_followers(app, org):
    author = org.student()
    issue = make_issue(org, status="accepted", author=author)
    measure = make_measure(org, issues=[issue])
    leader = org.leader(org.trd)
    measure_set_status(measure=measure, status=MeasureStatus.IN_PROGRESS, actor=leader, note="I gang.")
    assert [n.params["what"] for n in notes_of(author, "issue_measure")] == ["created"]
    measure_set_status(measure=measure, status=MeasureStatus.DONE, actor=leader)
    assert measure.closed_at is not None
    assert [n.params["what"] for n in notes_of(author, "issue_measure")] == ["created", "done"]
    assert mail_to(author)[-1].subject == f"{issue.reference}: et tiltak er gjennomført"
    measure_set_status(measure=measure, status=MeasureStatus.IN_PROGRESS, actor=leader)  # taken up again
    assert measure.closed_at is None
    measure_set_status(measure=measure, status=MeasureStatus.DROPPED, actor=leader)
    assert [n.params["what"] for n in notes_of(author, "issue_measure")] == ["created", "done", "dropped"]
    statuses = [(u.from_status, u.to_status, u.text) for u in measure.updates if u.kind == "status"]
    assert statuses[0] == ("planned", "in_progress", "I gang.")
    with pytest.raises(MeasureError) as refused:
        measure_set_status(measure=measure, status=MeasureStatus.DROPPED, actor=leader)
    assert refused.value.code == "same-status"
    with pytest.raises(MeasureError) as refused:
        measure_set_status(measure=measure, status="finished", actor=leader)
    assert refused.value.code == "status"


@pytest.mark.parametrize("status", [MeasureStatus.PLANNED, MeasureStatus.IN_PROGRESS])
def test_an_evaluation_on_a_measure_still_going_is_refused(app, org, status):
    measure = make_measure(org)
    leader = org.leader(org.trd)
    if status != MeasureStatus.PLANNED:
        measure_set_status(measure=measure, status=status, actor=leader)
    with pytest.raises(MeasureError) as refused:
        measure_evaluate(measure=measure, actor=leader, purpose="P", result="R", process="Pr")
    assert (refused.value.code, refused.value.field) == ("not-finished", "evaluation_purpose")
    assert measure.evaluation_result is None
    assert measure.evaluated_at is None


def test_a_finished_measure_is_evaluated_in_three_questions(app, org):
    measure = make_measure(org)
    leader = org.leader(org.trd)
    measure_set_status(measure=measure, status=MeasureStatus.DONE, actor=leader)
    with pytest.raises(MeasureError) as refused:
        measure_evaluate(measure=measure, actor=leader, purpose="Hvorfor", result=" ", process="Læring")
    assert (refused.value.code, refused.value.field) == ("evaluation-needed", "evaluation_result")
    measure_evaluate(measure=measure, actor=leader, purpose="Hvorfor", result="Det virket.", process="Læring")
    assert (measure.evaluation_purpose, measure.evaluation_result, measure.evaluation_process) == (
        "Hvorfor",
        "Det virket.",
        "Læring",
    )
    assert measure.evaluated
    assert measure.updates[-1].kind == "evaluation"


def test_editing_keeps_a_passed_due_date_but_refuses_a_new_one_in_the_past(app, org, time_machine):
    measure = make_measure(org, days=3)
    leader = org.leader(org.trd)
    time_machine.move_to(today_in_oslo() + timedelta(days=10), tick=False)
    fields = {
        "title": measure.title,
        "purpose": measure.purpose,
        "criterion": measure.criterion,
        "responsible_text": measure.responsible_text,
    }
    measure_update(measure=measure, actor=leader, due_on=measure.due_on, **fields)  # overdue, unchanged: fine
    with pytest.raises(MeasureError) as refused:
        measure_update(measure=measure, actor=leader, due_on=measure.due_on + timedelta(days=1), **fields)
    assert refused.value.code == "due-past"


def test_issues_attached_later_are_told_and_a_stale_form_refused(app, org):
    first_author, second_author = org.student(), org.student()
    first = make_issue(org, status="accepted", author=first_author)
    second = make_issue(org, status="accepted", author=second_author)
    measure = make_measure(org, issues=[first])
    leader = org.leader(org.trd)
    fields = {
        "title": "Ny tittel",
        "purpose": measure.purpose,
        "criterion": measure.criterion,
        "responsible_text": "Campusdirektør",
        "due_on": measure.due_on,
    }
    version = measure.version
    measure_update(measure=measure, actor=leader, issues=[second], expected_version=version, **fields)
    assert [link.issue_id for link in measure.issue_links] == [second.id]
    assert len(notes_of(first_author, "issue_measure")) == 1  # not told again
    assert len(notes_of(second_author, "issue_measure")) == 1
    with pytest.raises(MeasureError) as refused:
        measure_update(measure=measure, actor=leader, issues=[second], expected_version=version, **fields)
    assert refused.value.code == "stale"
    assert refused.value.status == 409


def test_progress_updates_go_on_the_timeline(app, org):
    measure = make_measure(org)
    leader = org.leader(org.trd)
    with pytest.raises(MeasureError) as refused:
        measure_progress(measure=measure, actor=leader, text="  ")
    assert refused.value.code == "text-needed"
    measure_progress(measure=measure, actor=leader, text="Elektrikeren kommer tirsdag.")
    update = db.session.scalar(sa.select(MeasureUpdate).where(MeasureUpdate.kind == "progress"))
    assert (update.text, update.author_id) == ("Elektrikeren kommer tirsdag.", leader.id)


def test_owners_are_reminded_a_week_before_and_when_overdue_once_each(app, org, time_machine):
    leader_nn = org.leader(org.trd, locale="nn")
    leader_off = org.leader(org.trd)
    preferences_save(user=leader_off, enabled_kinds=set())
    measure = make_measure(org, days=20, responsible_unit=make_unit(), responsible_text=None)
    done = make_measure(org, days=20)
    measure_set_status(measure=done, status=MeasureStatus.DONE, actor=leader_nn)
    db.session.commit()
    assert send_reminders() == []
    time_machine.move_to(today_in_oslo() + timedelta(days=14), tick=False)
    sent = send_reminders()
    assert [(m.id, what) for m, what, _n in sent] == [(measure.id, "soon")]
    assert send_reminders() == []  # once
    [soon] = [m for m in mail_to(leader_nn) if "frist" in m.subject.lower()]
    assert soon.subject == f"Frist om ei veke: {measure.title}"
    assert "Eigedomsavdelinga" in soon.body_text  # the unit in the owner's language, from cron
    assert not [m for m in mail_to(leader_off) if measure.title in m.subject]
    assert len(notes_of(leader_off, "measure_reminder")) == 1  # in the portal all the same
    time_machine.move_to(today_in_oslo() + timedelta(days=8), tick=False)
    sent = send_reminders()
    assert [(m.id, what) for m, what, _n in sent] == [(measure.id, "overdue")]
    assert send_reminders() == []
    assert mail_to(leader_nn)[-1].subject == f"Forseinka tiltak: {measure.title}"


def test_a_measure_first_seen_overdue_gets_only_the_overdue_reminder(app, org, time_machine):
    measure = make_measure(org, days=1)
    time_machine.move_to(today_in_oslo() + timedelta(days=5), tick=False)
    assert [what for _m, what, _n in send_reminders()] == ["overdue"]
    assert measure.reminded_soon_at is not None


def test_moving_the_due_date_lets_the_reminders_come_again(app, org, time_machine):
    measure = make_measure(org, days=3)
    assert [what for _m, what, _n in send_reminders()] == ["soon"]
    leader = org.leader(org.trd)
    measure_update(
        measure=measure,
        actor=leader,
        title=measure.title,
        purpose=measure.purpose,
        criterion=measure.criterion,
        responsible_text=measure.responsible_text,
        due_on=measure.due_on + timedelta(days=30),
    )
    assert measure.reminded_soon_at is None
    time_machine.move_to(today_in_oslo() + timedelta(days=28), tick=False)
    assert [what for _m, what, _n in send_reminders()] == ["soon"]


def test_the_remind_command(app, org):
    make_measure(org, days=2)
    result = app.test_cli_runner().invoke(args=["portal", "measures", "remind"])
    assert result.exit_code == 0
    assert "reminders: 1 due soon, 0 overdue" in result.output


def test_the_status_report_answers_purpose_result_process(app, org):
    leader = org.leader(org.trd)
    going = make_measure(org, title="Pågår")
    measure_progress(measure=going, actor=leader, text="Halvveis.")
    finished = make_measure(org, title="Ferdig")
    measure_set_status(measure=finished, status=MeasureStatus.DONE, actor=leader)
    measure_evaluate(
        measure=finished, actor=leader, purpose="Formålet.", result="Det virket.", process="Vi lærte."
    )
    plan = ActionPlan(scope="campus", owner=org.trd, year=today_in_oslo().year)
    measures = plan_measures(scope="campus", owner_id=org.trd.id, year=plan.year)
    with app.test_request_context("/"):
        entries = {e.title: e for e in action_plan_status_report(plan, measures, "nn")}
        text = status_report_text(plan, measures, "en")
    assert (entries["Ferdig"].purpose, entries["Ferdig"].result, entries["Ferdig"].process) == (
        "Formålet.",
        "Det virket.",
        "Vi lærte.",
    )
    assert entries["Pågår"].result.startswith("Ikkje evaluert enno. Status: Planlagt")
    assert entries["Pågår"].process == "Halvveis."
    assert text.startswith("Status report: Action plan")
    assert "Result: Det virket." in text


def test_the_issue_page_lists_open_measures_first(app, org):
    issue = make_issue(org, status="accepted")
    leader = org.leader(org.trd)
    done = make_measure(org, issues=[issue], days=5, title="Ferdig")
    measure_set_status(measure=done, status=MeasureStatus.DONE, actor=leader)
    going = make_measure(org, issues=[issue], days=50, title="Går")
    assert measures_for_issue(issue) == [going, done]


def test_email_preference_rows_exist_for_the_new_kinds(app, org):
    leader = org.leader(org.trd)
    preferences_save(user=leader, enabled_kinds={"measure_reminder"})
    kinds = set(
        db.session.scalars(sa.select(EmailPreference.kind).where(EmailPreference.user_id == leader.id))
    )
    assert {"measure_reminder", "issue_measure"} <= kinds


def test_the_status_report_covers_the_whole_plan_by_default(app, org):
    make_measure(org, title="Ett")
    make_measure(org, title="To")
    plan = ActionPlan(scope="campus", owner=org.trd, year=today_in_oslo().year)
    with app.test_request_context("/"):
        assert [e.title for e in action_plan_status_report(plan)] == ["Ett", "To"]
        assert "Ett (Planlagt)" in status_report_text(plan)

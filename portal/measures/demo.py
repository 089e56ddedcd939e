"""Demo action plans (DESIGN.md §7): LMU's for this year with a measure in each status (the done
and the dropped one evaluated, one overdue; the one in progress answers a question of last
term's published survey), and Trondheim's campus plan. Then the follow-up of the committee's
work: a measure following up the case decided at the last meeting, the standing item
"follow-up of earlier decisions" on the meetings still to come, and the status report of
LMU's plan placed on the next meeting (meeting 1) as an information item."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from portal.committee.models import AgendaItem
from portal.committee.service import follow_up_item_add
from portal.db import utcnow
from portal.extensions import db
from portal.i18n import local_year, today_in_oslo
from portal.issues.queries import issue_by_reference
from portal.measures.agenda import plan_report_place
from portal.measures.models import MeasureStatus, Scope
from portal.measures.plans import ActionPlan
from portal.measures.queries import published_rounds, upcoming_meetings
from portal.measures.service import measure_create, measure_evaluate, measure_progress, measure_set_status
from portal.referrals.models import ResponsibleUnit


def _unit(name_en: str):
    return db.session.scalar(sa.select(ResponsibleUnit).where(ResponsibleUnit.name_en == name_en))


def _issues(*references: str) -> list:
    year = utcnow().year
    return [i for i in (issue_by_reference(f"{r[:3]}-{year}-{r[4:]}") for r in references) if i is not None]


def seed_measures(*, users, campuses, committee) -> None:
    today = today_in_oslo()
    secretary = users["secretary@demo.test"]
    leader = users["leader.trd@demo.test"]
    estates, it = _unit("Estates"), _unit("IT services")

    # LMU: (title, purpose, criterion, unit, role, days to due, issues, status, progress, evaluation)
    plan = [
        (
            "Felles frist for eksamensplanen",
            "Eksamensplanen kommer for sent på alle campusene. Studenter med jobb og barn må kunne planlegge semesteret.",
            "Eksamensplanen for våren er publisert minst seks uker før første eksamen på alle campusene.",
            None,
            "Studiedirektøren",
            90,
            ("TRD-0003", "GJO-0001", "ALE-0001"),
            MeasureStatus.PLANNED,
            None,
            None,
        ),
        (
            "Stille lesesal åpen til kl. 22",
            "Studentene mangler stille arbeidsplasser om kvelden i eksamensperioden.",
            "Lesesalen er åpen til kl. 22 alle hverdager i eksamensperioden, og færre enn fem klager i semesteret.",
            estates,
            None,
            60,
            (),
            MeasureStatus.IN_PROGRESS,
            "Vektertjenesten er bestilt for april og mai. Adgangskortene blir oppdatert i neste uke.",
            None,
        ),
        (
            "Veiledning om universell utforming i studieplanene",
            "Emneansvarlige vet for lite om tilrettelegging, og studentene må spørre om det samme i hvert emne.",
            "Alle studieprogrammene har en lenke til veiledningen i sine emnebeskrivelser.",
            None,
            "Prodekan for utdanning",
            30,
            (),
            MeasureStatus.IN_PROGRESS,
            "Utkastet er sendt på høring til programrådene.",
            None,
        ),
        (
            "Kartlegging av universell utforming i bygg A",
            "Heisen i bygg A står ofte, og studenter med rullestol kommer ikke til andre etasje.",
            "En rapport med tiltak og kostnader er lagt fram for utvalget.",
            estates,
            None,
            20,
            (),
            MeasureStatus.DONE,
            "Befaringen er gjort sammen med studentrepresentantene.",
            (
                "Vi ville vite hva som hindrer studenter med nedsatt funksjonsevne i bygg A, og hva det koster å rette det.",
                "Ja: rapporten er lagt fram, og heisen er tatt med i vedlikeholdsplanen for neste år.",
                "Det tok tid å få med brukerne, men befaringen sammen med dem fant feil vi ellers ville oversett.",
            ),
        ),
        (
            "Felles chat for alle nye studenter",
            "Mange nye studenter kjenner ingen og føler seg ensomme de første ukene.",
            "Minst halvparten av de nye studentene bruker chatten i løpet av de første fire ukene.",
            None,
            "Studentparlamentet",
            25,
            (),
            MeasureStatus.DROPPED,
            None,
            (
                "Vi ville gi nye studenter et sted å finne hverandre før semesterstart.",
                "Nei: Studentsamskipnaden startet faddergrupper med samme formål, og en egen chat ble overflødig.",
                "Vi burde ha spurt samskipnaden før vi satte i gang. Neste gang sjekker vi hva som finnes fra før.",
            ),
        ),
    ]
    surveyed = published_rounds()
    for title, purpose, criterion, unit, role, days, refs, status, progress, evaluation in plan:
        answers_survey = surveyed and title.startswith("Stille lesesal")
        measure = measure_create(
            actor=secretary,
            committee=committee,
            title=title,
            purpose=purpose,
            criterion=criterion,
            responsible_unit=unit,
            responsible_text=role,
            due_on=today + timedelta(days=days),
            issues=_issues(*refs),
            # "There are enough places to read and work on campus", in last term's survey.
            survey_round_id=surveyed[0].id if answers_survey else None,
            survey_question_id="fys-plasser" if answers_survey else None,
        )
        if status != MeasureStatus.PLANNED:
            measure_set_status(measure=measure, status=MeasureStatus.IN_PROGRESS, actor=secretary)
        if progress:
            measure_progress(measure=measure, actor=secretary, text=progress)
        if status in (MeasureStatus.DONE, MeasureStatus.DROPPED):
            measure_set_status(measure=measure, status=status, actor=secretary)
            # Done and dropped measures are from earlier in the year.
            measure.due_on = today - timedelta(days=days)
        if evaluation:
            purpose_text, result, process = evaluation
            measure_evaluate(
                measure=measure, actor=secretary, purpose=purpose_text, result=result, process=process
            )
        if title.startswith("Veiledning"):
            measure.due_on = today - timedelta(days=7)  # overdue: the plan flags it

    # Trondheim's campus plan.
    for title, purpose, criterion, unit, refs, days, status in (
        (
            "Flere stikkontakter på lesesal 2",
            "Det er én stikkontakt per bord for seks plasser, og batteriene går tomme i eksamensperioden.",
            "Minst én stikkontakt per plass på lesesal 2 før høstens eksamensperiode.",
            estates,
            ("TRD-0001",),
            120,
            MeasureStatus.IN_PROGRESS,
        ),
        (
            "Bedre trådløst nett i auditorium R1",
            "Eduroam faller ut i forelesningene i R1.",
            "Ingen brudd i nettet i R1 ved målinger i fire forelesninger på rad.",
            it,
            ("TRD-0002",),
            45,
            MeasureStatus.PLANNED,
        ),
    ):
        measure = measure_create(
            actor=leader,
            campus=campuses["TRD"],
            title=title,
            purpose=purpose,
            criterion=criterion,
            responsible_unit=unit,
            due_on=today + timedelta(days=days),
            issues=_issues(*refs),
        )
        if status != MeasureStatus.PLANNED:
            measure_set_status(measure=measure, status=status, actor=leader)
    db.session.flush()
    _follow_up(committee=committee, secretary=secretary, estates=estates, today=today)


def _follow_up(*, committee, secretary, estates, today) -> None:
    decided = db.session.scalar(
        sa.select(AgendaItem)
        .where(
            AgendaItem.committee_id == committee.id,
            AgendaItem.standing.is_(None),
            AgendaItem.decision.is_not(None),
        )
        .order_by(AgendaItem.id)
    )
    if decided is not None:
        measure = measure_create(
            actor=secretary,
            committee=committee,
            agenda_item=decided,
            title="Lys langs gangveien til campus Ålesund",
            purpose="Studentene går i mørket fra bussen til hovedinngangen, og føler seg utrygge om vinteren.",
            criterion="Gangveien er opplyst hele veien før 1. november, og ingen nye innspill om mørket i vinter.",
            responsible_unit=estates,
            responsible_text="Driftssjef, campus Ålesund",
            due_on=today + timedelta(days=75),
        )
        measure_set_status(measure=measure, status=MeasureStatus.IN_PROGRESS, actor=secretary)
        measure_progress(
            measure=measure,
            actor=secretary,
            text="Kommunen har gitt lov til å sette opp lysstolper langs veien.",
        )
    meetings = upcoming_meetings([committee.id])
    for meeting in meetings:
        follow_up_item_add(meeting=meeting, actor=secretary)
    next_meeting = min(meetings, key=lambda m: m.id, default=None)  # meeting 1: the next one planned
    if next_meeting is not None:
        plan_report_place(
            plan=ActionPlan(scope=Scope.COMMITTEE, owner=committee, year=local_year()),
            meeting=next_meeting,
            actor=secretary,
        )
    db.session.flush()

"""Demo action plans (DESIGN.md §7): LMU's for this year with a measure in each status (the done
and the dropped one evaluated, one overdue), and Trondheim's campus plan."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from portal.db import utcnow
from portal.extensions import db
from portal.i18n import today_in_oslo
from portal.issues.queries import issue_by_reference
from portal.measures.models import MeasureStatus
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
    for title, purpose, criterion, unit, role, days, refs, status, progress, evaluation in plan:
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

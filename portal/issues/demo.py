"""Demo issues in each status a campus leader meets (DESIGN.md §7)."""

from __future__ import annotations

from datetime import timedelta

from portal.campuses.models import Category
from portal.db import utcnow
from portal.extensions import db
from portal.issues.models import IssueEvent
from portal.issues.service import issue_submit, issue_transition, support_add
from portal.issues.workflow import Actor

# (campus, author, category, title, description, language, anonymous, days ago, steps, supporters)
# A step is (action, public note); leaders act on their own campus.
# campus, author, category, title, text, language, anonymous, days ago, steps, supporters
DEMO_ISSUES: list[tuple] = [
    (
        "TRD",
        "student@demo.test",
        "physical",
        "For få stikkontakter på lesesalen",
        "På lesesal 2 i Realfagbygget er det bare én stikkontakt per bord for seks plasser. Batteriet går tomt midt i eksamensperioden.",
        "nb",
        False,
        20,
        [],
        ["student2@demo.test", "intl.student@demo.test"],
    ),
    (
        "TRD",
        "student2@demo.test",
        "digital",
        "Trådlaust nett fell ut i auditoriet",
        "Eduroam fell ut fleire gonger i kvar forelesing i auditorium R1, så vi får ikkje følgt med på Blackboard.",
        "nn",
        True,
        16,
        [("accept", "Vi har meldt det til IT-avdelinga.")],
        ["student@demo.test"],
    ),
    (
        "TRD",
        "intl.student@demo.test",
        "organisational",
        "Exam timetable published too late",
        "The exam timetable for autumn was published two weeks before the first exam. Students with jobs or children cannot plan.",
        "en",
        False,
        30,
        [("accept", None), ("escalate", "This is decided centrally; it needs the committee.")],
        ["student@demo.test", "student2@demo.test"],
    ),
    (
        "TRD",
        "student@demo.test",
        "pedagogical",
        "Forelesningsopptak mangler",
        "I emnet MAT1001 blir forelesningene ikke tatt opp, selv om rommet har utstyr for det.",
        "nb",
        True,
        9,
        [("ask", "Gjelder dette alle forelesningene, eller bare noen av dem?")],
        [],
    ),
    (
        "TRD",
        "student2@demo.test",
        "physical",
        "Kaldt i lesesalen om morgonen",
        "Det er berre 16 grader på lesesalen før klokka ti.",
        "nn",
        False,
        40,
        [
            ("accept", None),
            ("resolve", "Drifta har justert ventilasjonen. Temperaturen er no 21 grader frå klokka åtte."),
        ],
        [],
    ),
    (
        "GJO",
        "student2@demo.test",
        "organisational",
        "Eksamensplanen kjem for seint",
        "Eksamensplanen for hausten vart publisert berre to veker før første eksamen. Det er umogleg å planleggje jobb og familie.",
        "nn",
        False,
        25,
        [("accept", None), ("escalate", "Gjeld heile institusjonen.")],
        ["student@demo.test"],
    ),
    (
        "GJO",
        "student@demo.test",
        "physical",
        "Heisen i bygg A står",
        "Heisen har stått i tre veker. Studenter med rullestol kommer ikke til andre etasje.",
        "nb",
        False,
        5,
        [],
        ["student2@demo.test"],
    ),
    (
        "GJO",
        "intl.student@demo.test",
        "digital",
        "Printers need a campus card that exchange students do not get",
        "Exchange students get their campus card weeks late and cannot print in the meantime.",
        "en",
        False,
        18,
        [
            (
                "reject",
                "Temporary print codes are available at the library desk; the council cannot change card production.",
            )
        ],
        [],
    ),
    (
        "ALE",
        "intl.student@demo.test",
        "organisational",
        "Exam dates are announced too late",
        "We learn the exam dates too late to book travel home or plan work shifts.",
        "en",
        True,
        22,
        [("accept", None), ("escalate", "Same problem as on the other campuses.")],
        [],
    ),
    (
        "ALE",
        "student@demo.test",
        "psychosocial",
        "Ensomhet blant nye studenter",
        "Mange i første klasse kjenner ingen og spiser alene. Det trengs faste sosiale møteplasser.",
        "nb",
        True,
        12,
        [],
        [],
    ),
    # Decided by the committee at its last meeting, with a measure that follows the decision up.
    (
        "ALE",
        "student@demo.test",
        "physical",
        "Mørkt på gangveien til campus",
        "Gangveien fra bussen til hovedinngangen har nesten ikke lys. Om vinteren går vi i stummende mørke etter klokka fire.",
        "nb",
        False,
        50,
        [("accept", None), ("escalate", "Gjelder sikkerheten til alle som kommer med buss.")],
        ["intl.student@demo.test", "student2@demo.test"],
    ),
]


def seed_issues(*, users, campuses, committee) -> None:
    categories = {c.slug: c for c in db.session.scalars(db.select(Category))}
    leaders = {code: users[f"leader.{code.lower()}@demo.test"] for code in campuses}
    now = utcnow()
    for campus_code, author, slug, title, text, language, anonymous, days, steps, supporters in DEMO_ISSUES:
        issue = issue_submit(
            author=users[author],
            campus=campuses[campus_code],
            category=categories[slug],
            title=title,
            description=text,
            language=language,
            anonymous=anonymous,
        )
        issue.created_at = issue.status_changed_at = now - timedelta(days=days)
        step: tuple[str, str | None]
        for offset, step in enumerate(steps, start=1):
            action, note = step
            event = issue_transition(
                issue=issue,
                action=action,
                actor_user=leaders[campus_code],
                actor=Actor.LEADER,
                public_note=note,
                committee=committee if action == "escalate" else None,
            )
            event.at = issue.status_changed_at = now - timedelta(days=max(days - 2 * offset, 0))
            if offset == 1:
                issue.first_response_at = event.at
            if issue.outcome_at is not None:
                issue.outcome_at = event.at
        for email in supporters:
            support_add(issue=issue, user=users[email])
        db.session.query(IssueEvent).filter(
            IssueEvent.issue_id == issue.id, IssueEvent.action == "submit"
        ).update({"at": issue.created_at})
    db.session.flush()

"""Whether a committee's composition meets its rule on a given day (DESIGN.md §3.3).

The universities act wants as many students as staff on the learning environment committee
(or, in some mandates, a student majority), and the chair alternating between a student and
a staff member every other year. Observers and the secretary are not counted.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from portal.committee.models import Committee, CommitteeChair, CommitteeMember, CompositionRule, Seat
from portal.committee.queries import chair_of, members_serving


@dataclass
class Composition:
    committee: Committee
    day: date
    members: list[CommitteeMember]
    substitutes: list[CommitteeMember]
    chair: CommitteeChair | None
    previous_chair: CommitteeChair | None
    # (code, params): worded in portal.committee.texts.COMPOSITION_PROBLEMS
    problems: list[tuple[str, dict]] = field(default_factory=list)

    def seat(self, seat: str) -> list[CommitteeMember]:
        return [m for m in self.members if m.seat == seat]

    @property
    def students(self) -> int:
        return len(self.seat(Seat.STUDENT))

    @property
    def staff(self) -> int:
        return len(self.seat(Seat.STAFF))

    @property
    def meets_rule(self) -> bool:
        return not self.problems


def composition_on(committee: Committee, day: date) -> Composition:
    """The members and substitutes serving on `day`, that year's chair, and what breaks the rule."""
    serving = members_serving(committee.id, day, substitutes=None)
    composition = Composition(
        committee=committee,
        day=day,
        members=[m for m in serving if not m.substitute],
        substitutes=[m for m in serving if m.substitute],
        chair=chair_of(committee.id, day.year),
        previous_chair=chair_of(committee.id, day.year - 1),
    )
    composition.problems = composition_problems(composition)
    return composition


def composition_problems(c: Composition) -> list[tuple[str, dict]]:
    problems: list[tuple[str, dict]] = []
    students, staff = c.students, c.staff
    if not students and not staff:
        return [("no-members", {})]
    rule = c.committee.composition_rule
    if rule == CompositionRule.STUDENT_MAJORITY and students <= staff:
        problems.append(("student-majority", {"students": students, "staff": staff}))
    elif rule != CompositionRule.STUDENT_MAJORITY and students != staff:
        problems.append(("parity", {"students": students, "staff": staff}))
    if c.chair is None:
        problems.append(("no-chair", {"year": c.day.year}))
        return problems
    if not c.chair.chair.serves_on(c.day):
        problems.append(("chair-not-serving", {"name": c.chair.chair.name}))
    if (
        c.committee.chair_alternates
        and c.previous_chair is not None
        and c.previous_chair.chair.seat == c.chair.chair.seat
        and c.chair.chair.seat in (Seat.STUDENT, Seat.STAFF)
    ):
        problems.append(("chair-not-alternating", {"year": c.day.year, "seat": c.chair.chair.seat}))
    return problems

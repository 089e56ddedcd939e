"""A university at real scale, in PostgreSQL, for the page and growth benchmarks.

    .venv/bin/python -m bench.generate --issues 100000 \
        [--database-url postgresql+psycopg://postgres@127.0.0.1:5432/portal_bench_100k] \
        [--escalated N] [--seed 2026]

At 100,000 issues: six campuses (30,000 issues at TRD, the largest), the five categories,
20,000 students, 500,000 supports (a long tail, and one issue with 3,000 supporters),
about 270,000 timeline events, 1,000 issues waiting for the committee (LMU), 20 meetings
with 200 agenda items gathering escalated issues (decided items for "You said, we did"),
a closed and published focus-area vote with adopted focus areas, and next year's round
open for proposals. Every other count scales with --issues (escalated: 1 %, at most 1,000,
unless --escalated says otherwise); the benchmark student always has 50 issues of their own.

The database is dropped and created again (its name must contain "bench"), the schema is
made by the project's migrations, small things (organisation, accounts with roles, the vote)
through the project's services, and the bulk rows with PostgreSQL COPY into the models' own
tables, every column of which is either given or the model's default (bench/copy.py). The
generator keeps the invariants the application relies on: references and the issue and case
counters (portal.core.counters), support_count equal to the support rows, supports only on
public open issues and never by the author, timelines whose statuses, first response and
outcome times agree with the issue, event ids in time order, case numbers without gaps.
The full-text column (issue.search_vector) is a stored generated column: PostgreSQL fills it.

Writes bench/results/<database>.json with the accounts, ids and references the runners use.
"""

from __future__ import annotations

import argparse
import bisect
import json
import math
import random
import secrets
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import sqlalchemy as sa

from bench import corpus
from bench.bulk import copy_rows
from bench.common import PASSWORD, SCALES, default_url, recreate_database, sidecar_path

DAY = timedelta(days=1)

# Campus code, name, share of the issues (and of the students).
CAMPUSES = [
    ("TRD", "Trondheim", 0.30),
    ("GJO", "Gjøvik", 0.17),
    ("ALE", "Ålesund", 0.15),
    ("OSL", "Oslo", 0.15),
    ("BGO", "Bergen", 0.13),
    ("TOS", "Tromsø", 0.10),
]
CATEGORY_SHARES = {"physical": 0.30, "psychosocial": 0.12, "organisational": 0.22, "digital": 0.20,
                   "pedagogical": 0.16}  # fmt: skip
LANGUAGE_SHARES = {"nb": 0.62, "nn": 0.10, "en": 0.28}
ANONYMOUS_SHARE = 0.30
# What happens to an issue the campus council handles (truncated at "now": recent issues wait).
PATHS = [
    (("submit",), 0.12),
    (("submit", "ask"), 0.05),
    (("submit", "ask", "answer", "accept", "resolve"), 0.02),
    (("submit", "accept"), 0.25),
    (("submit", "reject"), 0.12),
    (("submit", "accept", "reject"), 0.02),
    (("submit", "merge"), 0.05),
    (("submit", "accept", "resolve"), 0.37),
]
TARGET = {
    "submit": "submitted",
    "ask": "needs_info",
    "answer": "submitted",
    "accept": "accepted",
    "reject": "rejected",
    "merge": "merged",
    "resolve": "resolved",
    "escalate": "escalated",
    "place_on_agenda": "on_agenda",
    "decide": "decided",
    "auto_close": "closed",
}
ACTOR = {
    "submit": "author",
    "answer": "author",
    "auto_close": "system",
    "place_on_agenda": "secretary",
    "decide": "secretary",
}
OPEN = {"submitted", "needs_info", "accepted", "escalated", "on_agenda"}
OUTCOME = {"rejected", "resolved", "decided"}
REACHED = {"rejected", "resolved", "decided", "merged"}
BENCH_RAISED = 50
BENCH_SUPPORTED = 100
WRITERS = 8


@dataclass
class Plan:
    issues: int
    students: int
    supports: int
    events: int
    escalated: int
    meetings: int
    items: int
    top_supporters: int

    @classmethod
    def for_issues(cls, issues: int, escalated: int | None = None) -> Plan:
        scale = issues / 100_000
        return cls(
            issues=issues,
            students=max(200, round(20_000 * scale)),
            supports=round(500_000 * scale),
            events=round(270_000 * scale),
            escalated=escalated if escalated is not None else min(round(issues * 0.01), 1_000),
            meetings=max(3, round(20 * scale)),
            items=max(10, round(200 * scale)),
            top_supporters=max(10, round(3_000 * scale)),
        )


@dataclass
class Event:
    at: datetime
    action: str
    actor_id: int | None = None
    public_note: str | None = None
    internal_note: str | None = None
    related_issue_id: int | None = None
    from_status: str | None = None
    to_status: str | None = None
    show_actor_name: bool = False
    id: int = 0


@dataclass
class IssueRow:
    id: int
    campus: str
    category: str
    created_at: datetime
    language: str
    anonymous: bool
    author_id: int | None
    title: str = ""
    description: str = ""
    events: list[Event] = field(default_factory=list)
    committee: bool = False  # escalated, or gathered on an agenda item
    merged_into_id: int | None = None
    focus_area_id: int | None = None
    hidden: bool = False
    flag_count: int = 0
    support_count: int = 0

    @property
    def confidential(self) -> bool:
        return self.category == "psychosocial"

    @property
    def status(self) -> str:
        return next(TARGET[e.action] for e in reversed(self.events) if e.action in TARGET)

    @property
    def status_changed_at(self) -> datetime:
        return next(e.at for e in reversed(self.events) if e.action in TARGET)

    @property
    def open_until(self) -> datetime | None:
        """When it left the open statuses (None: still open)."""
        for event in self.events:
            if event.action in TARGET and TARGET[event.action] not in OPEN:
                return event.at
        return None


def weighted(rng: random.Random, shares: dict) -> str:
    return rng.choices(list(shares), weights=list(shares.values()))[0]


def skewed_index(rng: random.Random, size: int, power: float = 1.6) -> int:
    """An index into a list, the first ones far more often (a few very active students)."""
    return min(int(size * rng.random() ** power), size - 1)


def delay(rng: random.Random, median_days: float, sigma: float = 1.0) -> timedelta:
    return timedelta(days=rng.lognormvariate(math.log(median_days), sigma))


class Generator:
    def __init__(self, plan: Plan, seed: int):
        self.plan = plan
        self.seed = seed
        self.rng = random.Random(seed)
        self.now = datetime.now(UTC).replace(microsecond=0)
        from portal.i18n import OSLO

        self.oslo = OSLO
        year_start = datetime(self.now.astimezone(OSLO).year, 1, 1, tzinfo=OSLO).astimezone(UTC)
        # The report year holds the data; early in a year, use the twelve months before now.
        self.window_start = (
            year_start if self.now - year_start >= timedelta(days=120) else self.now - 365 * DAY
        )
        self.report_year = max(
            self.window_start.astimezone(OSLO).year,
            (self.now - 100 * DAY).astimezone(OSLO).year,
        )
        self.info: dict = {}

    # -- the small things, through the project's services --------------------------------

    def organisation(self) -> None:
        from portal.accounts.passwords import hash_password
        from portal.accounts.service import role_grant, user_create
        from portal.authz import Role
        from portal.campuses.defaults import CATEGORIES
        from portal.campuses.models import Campus, Category
        from portal.committee.models import Committee
        from portal.extensions import db

        self.campuses = {}
        for code, name, _share in CAMPUSES:
            campus = Campus(code=code, name_nb=name, name_nn=name, name_en=name)
            db.session.add(campus)
            self.campuses[code] = campus
        self.categories = {}
        for position, values in enumerate(CATEGORIES):
            category = Category(position=position, **values)
            db.session.add(category)
            self.categories[values["slug"]] = category
        self.committee = Committee(
            code="LMU",
            name_nb="Læringsmiljøutvalget",
            name_nn="Læringsmiljøutvalet",
            name_en="Learning Environment Committee",
        )
        db.session.add(self.committee)
        db.session.flush()
        self.password_hash = hash_password(PASSWORD)  # the "fast" profile: setup only

        def account(email, name, campus=None, roles=(), student=True, locale="nb"):
            user = user_create(
                name=name,
                email=email,
                password=PASSWORD,
                home_campus=self.campuses.get(campus),
                locale=locale,
                verified=True,
                student=student,
            )
            for role, scope in roles:
                role_grant(
                    user=user,
                    role=role,
                    actor=None,
                    campus=self.campuses.get(scope) if role.scope == "campus" else None,
                    committee=self.committee if role.scope == "committee" else None,
                )
            return user

        self.leaders: dict[str, list[int]] = {}
        accounts = {}
        for code, _name, _share in CAMPUSES:
            for n in (1, 2):
                email = (
                    f"leader{n}.{code.lower()}@bench.test" if n > 1 else f"leader.{code.lower()}@bench.test"
                )
                user = account(email, corpus.name(self.rng), code, [(Role.CAMPUS_LEADER, code)])
                self.leaders.setdefault(code, []).append(user.id)
        self.secretary = account("secretary@bench.test", "Eva Strand", None, [(Role.SECRETARY, "LMU")], False)
        account("member@bench.test", "Per Lund", None, [(Role.COMMITTEE_MEMBER, "LMU")], False)
        account("admin@bench.test", "Tone Admin", None, [(Role.ADMINISTRATOR, None)], False)
        self.bench_student = account("student@bench.test", "Kari Nordmann", "TRD")
        self.writers = [account(f"writer{n}@bench.test", f"Skriver {n}", "TRD") for n in range(WRITERS)]
        accounts.update(
            student="student@bench.test",
            leader="leader.trd@bench.test",
            secretary="secretary@bench.test",
            member="member@bench.test",
            admin="admin@bench.test",
            writers=[f"writer{n}@bench.test" for n in range(WRITERS)],
        )
        self.info["accounts"] = accounts
        self.info["password"] = PASSWORD
        db.session.flush()

    # -- students ----------------------------------------------------------------------------

    def students(self, connection) -> None:
        from portal.accounts.models import RoleGrant, User
        from portal.extensions import db

        rng = self.rng
        first_id = db.session.scalar(sa.select(sa.func.max(User.id))) + 1
        self.pools: dict[str, list[int]] = defaultdict(list)  # ordinary students per home campus
        self.student_campus: dict[int, str] = {}
        users, grants = [], []
        shares = {code: share for code, _n, share in CAMPUSES}
        for n in range(self.plan.students):
            user_id = first_id + n
            campus = weighted(rng, shares)
            created = self.window_start - timedelta(days=rng.uniform(0, 3 * 365))
            users.append(
                {
                    "id": user_id,
                    "email": f"s{n:06d}@bench.test",
                    "name": corpus.name(rng),
                    "password_hash": self.password_hash,
                    "email_verified_at": created + timedelta(minutes=5),
                    "home_campus_id": self.campuses[campus].id,
                    "locale": weighted(rng, LANGUAGE_SHARES),
                    "session_token": secrets.token_urlsafe(16),
                    "last_login_at": self.now - timedelta(days=rng.expovariate(1 / 20)),
                    "created_at": created,
                }
            )
            grants.append({"user_id": user_id, "role": "student", "granted_at": created})
            self.pools[campus].append(user_id)
            self.student_campus[user_id] = campus
        copy_rows(connection, User.__table__, users)
        copy_rows(connection, RoleGrant.__table__, grants)
        for pool in self.pools.values():
            rng.shuffle(pool)  # the first in each pool are the most active
        self.all_students = [u for pool in self.pools.values() for u in pool]
        # Supporters from other campuses: the active ones of every campus, not of the first.
        self.anywhere = list(self.all_students)
        random.Random(self.seed + 1).shuffle(self.anywhere)
        self.info["students"] = self.plan.students

    # -- the focus-area vote (services, with the times it happened at) --------------------

    def voting(self, connection) -> None:
        from portal.extensions import db
        from portal.voting.models import Ballot, BallotChoice, VoterRoll, new_ballot_id
        from portal.voting.service import (
            proposal_curate,
            proposal_decline,
            proposal_merge,
            proposal_submit,
            proposals_adopt,
            round_create,
            round_seal,
        )

        rng = self.rng
        start = self.window_start
        times = {
            "proposals_open_at": start + 3 * DAY,
            "curation_at": start + 20 * DAY,
            "voting_open_at": start + 25 * DAY,
            "voting_close_at": start + 39 * DAY,
            "results_at": start + 40 * DAY,
        }
        voting_round = round_create(
            actor=self.secretary, committee=self.committee, year=self.report_year, max_choices=3, times=times
        )
        subjects = [
            (category, language, corpus.TITLES[category][language][0][k])
            for category in corpus.TITLES
            for k in range(3)
            for language in ("nb",)
        ]
        rng.shuffle(subjects)
        proposals = []
        proposed_at = start + 10 * DAY
        for category, language, subject in subjects[:15]:
            author = db.session.get(type(self.bench_student), rng.choice(self.all_students))
            proposal = proposal_submit(
                voting_round=voting_round,
                author=author,
                title=f"Bedre {subject.lower()}",
                reason=corpus.description(rng, category, language, subject),
                language=language,
                now=proposed_at,
            )
            proposal.created_at = proposed_at
            proposals.append(proposal)
        curated_at = start + 22 * DAY
        approved = proposals[:10]
        for proposal in approved:
            proposal_curate(
                proposal=proposal,
                actor=self.secretary,
                wording={"title_nb": proposal.title, "title_nn": proposal.title, "title_en": proposal.title},
                approve=True,
                now=curated_at,
            )
        for proposal in proposals[10:13]:
            proposal_decline(
                proposal=proposal, actor=self.secretary, reason="Hører ikke under utvalget.", now=curated_at
            )
        for proposal in proposals[13:]:
            proposal_merge(proposal=proposal, into=approved[0], actor=self.secretary, now=curated_at)
        # Ballots in bulk (the voting benchmark measures ballot_cast itself); round_seal rewrites them.
        popularity = [1 / (k + 1) for k in range(len(approved))]
        voters = rng.sample(self.all_students, k=round(len(self.all_students) * 0.18))
        rolls, ballots, choices = [], [], []
        counts = Counter()
        for user_id in voters:
            ballot_id = new_ballot_id()
            rolls.append(
                {"round_id": voting_round.id, "user_id": user_id, "voted_on": (start + 30 * DAY).date()}
            )
            ballots.append(
                {
                    "id": ballot_id,
                    "round_id": voting_round.id,
                    "campus_id": self.campuses[self.student_campus[user_id]].id,
                }
            )
            if rng.random() < 0.05:
                continue  # blank
            chosen = {p.id for p in rng.choices(approved, weights=popularity, k=rng.randint(1, 3))}
            for proposal_id in chosen:
                choices.append({"ballot_id": ballot_id, "proposal_id": proposal_id})
                counts[proposal_id] += 1
        copy_rows(connection, VoterRoll.__table__, rolls)
        copy_rows(connection, Ballot.__table__, ballots)
        copy_rows(connection, BallotChoice.__table__, choices)
        round_seal(voting_round=voting_round, now=times["results_at"])
        adopted = [pid for pid, _n in counts.most_common(3)]
        proposals_adopt(voting_round=voting_round, actor=self.secretary, proposal_ids=adopted, now=self.now)
        self.focus_areas = adopted
        self.focus_from = times["results_at"]

        # Next year's round, open for proposals now.
        upcoming = round_create(
            actor=self.secretary,
            committee=self.committee,
            year=self.report_year + 1,
            max_choices=3,
            times={
                "proposals_open_at": self.now - 5 * DAY,
                "curation_at": self.now + 20 * DAY,
                "voting_open_at": self.now + 30 * DAY,
                "voting_close_at": self.now + 44 * DAY,
                "results_at": self.now + 45 * DAY,
            },
        )
        upcoming.proposals_announced_at = upcoming.proposals_open_at
        voting_round.proposals_announced_at = voting_round.proposals_open_at
        voting_round.voting_announced_at = voting_round.voting_open_at
        for category, language, subject in subjects[15:35]:
            author = db.session.get(type(self.bench_student), rng.choice(self.all_students))
            proposal = proposal_submit(
                voting_round=upcoming,
                author=author,
                title=f"Mer om {subject.lower()}",
                reason=corpus.description(rng, category, language, subject),
                language=language,
                now=self.now - DAY,
            )
        db.session.flush()
        self.info["voting"] = {
            "closed_round": voting_round.id,
            "open_round": upcoming.id,
            "voters": len(voters),
        }

    # -- issues ------------------------------------------------------------------------------

    def issues(self) -> None:
        """Every issue with its author, texts and timeline (in memory; written by write_issues)."""
        rng = self.rng
        plan = self.plan
        span = (self.now - self.window_start).total_seconds()
        created = sorted(
            self.window_start + timedelta(seconds=rng.uniform(0, span - 3600)) for _ in range(plan.issues)
        )
        shares = {code: share for code, _n, share in CAMPUSES}
        self.rows: list[IssueRow] = []
        for n, at in enumerate(created):
            campus = weighted(rng, shares)
            self.rows.append(
                IssueRow(
                    id=n + 1,
                    campus=campus,
                    category=weighted(rng, CATEGORY_SHARES),
                    created_at=at.replace(microsecond=0),
                    language=weighted(rng, LANGUAGE_SHARES),
                    anonymous=rng.random() < ANONYMOUS_SHARE,
                    author_id=None,
                )
            )
        by_campus: dict[str, list[IssueRow]] = defaultdict(list)
        for row in self.rows:
            by_campus[row.campus].append(row)
        self.by_campus = by_campus

        # Authors: students of the campus, a few very active (at most 40 each); the benchmark
        # student raised 50 at TRD; about 1 % of authors cut the link to their issue.
        raised = Counter()
        for row in self.rows:
            pool = self.pools[row.campus]
            while True:
                author = pool[skewed_index(rng, len(pool), 1.3)]
                if raised[author] < 40:
                    break
            raised[author] += 1
            row.author_id = None if rng.random() < 0.01 else author
        for row in rng.sample(by_campus["TRD"], BENCH_RAISED):
            row.author_id = self.bench_student.id

        # The issue with 3,000 supporters: public, at TRD, accepted two months ago.
        candidates = [
            r
            for r in by_campus["TRD"]
            if r.category == "physical"
            and self.now - 70 * DAY < r.created_at < self.now - 50 * DAY
            and r.author_id != self.bench_student.id
        ]
        self.top = rng.choice(candidates)
        self.top.language = "nb"

        self.committee_paths()
        for row in self.rows:
            subject = corpus.title(rng, row.category, row.language)
            row.title = subject[:120]
            row.description = corpus.description(rng, row.category, row.language, subject)
            if not row.events:
                path = self.top_path() if row is self.top else rng.choices(*zip(*PATHS, strict=True))[0]
                self.campus_path(row, path)
            self.close_if_due(row)
        self.notes()
        self.focus_tags()

    def top_path(self):
        return ("submit", "accept")

    def leader(self, row: IssueRow) -> int:
        return self.rng.choice(self.leaders[row.campus])

    def note_for(self, action: str, language: str) -> str | None:
        note = corpus.NOTES.get(action)
        if isinstance(note, dict):
            return note[language]
        return note

    def campus_path(self, row: IssueRow, path) -> None:
        """The campus council's steps, at plausible intervals, stopping at "now"."""
        rng = self.rng
        at = row.created_at
        row.events.append(Event(at=at, action="submit"))
        for action in path[1:]:
            if action == "answer":
                at += delay(rng, 3)
            elif action in ("accept", "ask", "reject", "merge") and len(row.events) == 1:
                at += delay(rng, 4, 1.1)  # the first response
            else:
                at += delay(rng, 15, 0.9)
            if at >= self.now:
                break
            event = Event(at=at.replace(microsecond=0), action=action)
            if action == "merge":
                target = self.merge_target(row, at)
                if target is None:
                    break
                event.related_issue_id = target.id
                row.merged_into_id = target.id
            row.events.append(event)

    def merge_target(self, row: IssueRow, at: datetime) -> IssueRow | None:
        """An earlier issue of the same campus, public, and still open when the merge happens."""
        if row.confidential:
            return None  # confidential issues are never merged
        pool = self.by_campus[row.campus]
        for _ in range(30):
            candidate = self.rng.choice(pool)
            if (
                candidate.created_at < row.created_at
                and not candidate.confidential
                and not candidate.committee
                and candidate.events
                and (candidate.open_until or self.now) > at
            ):
                return candidate
        return None

    def close_if_due(self, row: IssueRow) -> None:
        """The daily auto-close: an outcome older than 30 days is closed."""
        last = row.events[-1]
        if last.action in TARGET and TARGET[last.action] in OUTCOME:
            closes = last.at + 30 * DAY + timedelta(hours=self.rng.uniform(1, 24))
            if closes < self.now:
                row.events.append(Event(at=closes.replace(microsecond=0), action="auto_close"))

    # -- the committee: meetings, agenda items, escalated issues ---------------------------

    def committee_paths(self) -> None:
        """Plan meetings and items, and give their issues (and the waiting ones) their paths."""
        rng = self.rng
        plan = self.plan
        first = self.window_start + 40 * DAY
        last_past = self.now - 5 * DAY
        past = plan.meetings - 2
        self.meetings = []
        for k in range(plan.meetings):
            if k < past:
                day = first + (last_past - first) * (k / max(past - 1, 1))
                status = "minutes_published" if k < past - 1 else "held"
            else:
                day = self.now + (14 if k == past else 42) * DAY
                status = "agenda_published" if k == past else "planned"
            local = day.astimezone(self.oslo).replace(hour=14, minute=0, second=0, microsecond=0)
            self.meetings.append({"starts_at": local.astimezone(UTC), "status": status, "items": []})
        bench_meeting = past  # the next meeting: its agenda is the 20-item PDF
        counts = [0] * plan.meetings
        counts[bench_meeting] = min(20, plan.items // 2)
        rest = plan.items - counts[bench_meeting]
        others = [k for k in range(plan.meetings) if k != bench_meeting]
        for n in range(rest):
            counts[others[n % len(others)]] += 1
        self.bench_meeting = bench_meeting

        used: set[int] = {self.top.id}
        created = [r.created_at for r in self.rows]  # in time order

        def pick(before: datetime) -> IssueRow | None:
            """A random issue raised before `before`, not yet on the committee's path."""
            limit = bisect.bisect_left(created, before)
            for _ in range(50 if limit else 0):
                row = self.rows[rng.randrange(limit)]
                if row.id not in used:
                    used.add(row.id)
                    return row
            return None

        for k, meeting in enumerate(self.meetings):
            opened = meeting["starts_at"] - 28 * DAY
            decided = meeting["status"] in ("held", "minutes_published")
            for _n in range(counts[k]):
                kind = rng.choices(["decision", "information", "discussion"], weights=[6, 2.5, 1.5])[0]
                wanted = {"decision": rng.randint(1, 9), "information": rng.randint(0, 2)}.get(
                    kind, rng.randint(0, 3)
                )
                placed = opened + timedelta(days=rng.uniform(0, 20))
                if placed > self.now - timedelta(hours=1):  # the next meetings: items made lately
                    placed = self.now - timedelta(hours=rng.uniform(1, 24 * 12))
                gathered = []
                for _ in range(wanted):
                    row = pick(placed - 12 * DAY)
                    if row is None:
                        break
                    row.committee = True
                    accept = row.created_at + (placed - row.created_at) * rng.uniform(0.1, 0.4)
                    escalate = accept + (placed - accept) * rng.uniform(0.2, 0.8)
                    row.events = [
                        Event(at=row.created_at, action="submit"),
                        Event(at=accept.replace(microsecond=0), action="accept"),
                        Event(at=escalate.replace(microsecond=0), action="escalate"),
                        Event(at=placed.replace(microsecond=0), action="place_on_agenda"),
                    ]
                    if decided:
                        row.events.append(Event(at=meeting["starts_at"] + DAY, action="decide"))
                    gathered.append(row)
                meeting["items"].append({"kind": kind, "placed": placed, "issues": gathered})
        # Issues waiting for the committee: escalated in the last four months.
        waiting = 0
        attempts = 0
        while waiting < plan.escalated and attempts < plan.escalated * 50:
            attempts += 1
            row = pick(self.now - 10 * DAY)
            if row is None:
                continue
            escalate = self.now - timedelta(days=rng.uniform(0.5, min(120, (self.now - row.created_at).days)))
            if escalate <= row.created_at + DAY:
                used.discard(row.id)
                continue
            accept = row.created_at + (escalate - row.created_at) * rng.uniform(0.1, 0.6)
            row.committee = True
            row.events = [
                Event(at=row.created_at, action="submit"),
                Event(at=accept.replace(microsecond=0), action="accept"),
                Event(at=escalate.replace(microsecond=0), action="escalate"),
            ]
            waiting += 1
        self.info["escalated"] = waiting

    def notes(self) -> None:
        """Public updates and internal notes, until the timeline reaches its planned size."""
        rng = self.rng
        total = sum(len(r.events) for r in self.rows)
        responded = [r for r in self.rows if len(r.events) > 1 and r.events[1].action != "answer"]
        for _ in range(max(0, self.plan.events - total)):
            row = rng.choice(responded)
            start = row.events[1].at
            end = row.open_until or self.now
            if end <= start:
                continue
            at = (start + (end - start) * rng.random()).replace(microsecond=0)
            public = rng.random() < 0.6
            row.events.append(
                Event(
                    at=at,
                    action="note",
                    public_note=corpus.NOTES["note"] if public else None,
                    internal_note=None if public else corpus.NOTES["internal"],
                )
            )
            row.events.sort(key=lambda e: e.at)

    def focus_tags(self) -> None:
        """Some issues raised after the vote are tagged with one of the adopted focus areas."""
        for row in self.rows:
            if row.created_at > self.focus_from and not row.confidential and self.rng.random() < 0.05:
                row.focus_area_id = self.rng.choice(self.focus_areas)

    def finish_events(self) -> None:
        """Actors, notes, statuses on each event; event ids in time order across all issues."""
        rng = self.rng
        for row in self.rows:
            status = None
            for event in row.events:
                role = ACTOR.get(event.action, "campus_leader")
                if role == "campus_leader":
                    event.actor_id = self.leader(row)
                    event.show_actor_name = rng.random() < 0.3
                elif role == "secretary":
                    event.actor_id = self.secretary.id
                    event.show_actor_name = rng.random() < 0.5
                if event.action in TARGET:
                    event.from_status, event.to_status = status, TARGET[event.action]
                    status = event.to_status
                if event.action in ("ask", "answer"):
                    event.public_note = self.note_for(event.action, row.language)
                elif event.action in ("reject", "resolve", "escalate"):
                    event.public_note = corpus.NOTES[event.action]
                elif event.action == "accept" and rng.random() < 0.3:
                    event.public_note = corpus.NOTES["accept"]
                if event.action in ("accept", "escalate", "resolve") and rng.random() < 0.15:
                    event.internal_note = corpus.NOTES["internal"]
        events = sorted(
            ((e.at, row.id, i) for row in self.rows for i, e in enumerate(row.events)),
        )
        for n, (_at, issue_id, index) in enumerate(events, start=1):
            self.rows[issue_id - 1].events[index].id = n

    # -- supports, flags ---------------------------------------------------------------------

    def supports(self) -> list[tuple[int, int, datetime]]:
        """(issue id, user id, created_at): a long tail, the top issue with exactly its number,
        85 % from the issue's own campus, only while the issue is open and public."""
        rng = self.rng
        plan = self.plan
        public = [
            r for r in self.rows if not r.confidential and r.merged_into_id is None and r is not self.top
        ]
        # Pareto weights, capped so no other issue comes near the top one.
        weights = [min(rng.paretovariate(1.2), 400.0) for _ in public]
        cumulative = []
        running = 0.0
        for w in weights:
            running += w
            cumulative.append(running)
        pairs: set[tuple[int, int]] = set()
        result: list[tuple[int, int, datetime]] = []
        bench = self.bench_student.id

        def add(row: IssueRow, user_id: int) -> bool:
            if user_id == row.author_id or (row.id, user_id) in pairs:
                return False
            end = row.open_until or self.now
            if end <= row.created_at:
                return False
            pairs.add((row.id, user_id))
            at = row.created_at + (end - row.created_at) * (rng.random() ** 3)
            result.append((row.id, user_id, at.replace(microsecond=0) + timedelta(seconds=1)))
            return True

        top_pool = [u for u in self.all_students if u != self.top.author_id]
        for user_id in rng.sample(top_pool, min(plan.top_supporters, len(top_pool))):
            add(self.top, user_id)
        # The benchmark student supports 100 open public issues at TRD (their "my issues").
        trd_public = [r for r in public if r.campus == "TRD" and r.author_id != bench]
        supported = 0
        for row in rng.sample(trd_public, min(len(trd_public), BENCH_SUPPORTED * 3)):
            if supported >= BENCH_SUPPORTED:
                break
            supported += add(row, bench)
        wanted = plan.supports
        for _round in range(50):  # duplicates and authors are skipped: top up until reached
            missing = wanted - len(result)
            if missing <= 0:
                break
            for _ in range(int(missing * 1.05) + 10):
                row = public[bisect.bisect_left(cumulative, rng.random() * running)]
                pool = self.pools[row.campus] if rng.random() < 0.85 else self.anywhere
                add(row, pool[skewed_index(rng, len(pool))])
                if len(result) >= wanted:
                    break
        counts = Counter(issue_id for issue_id, _u, _at in result)
        for row in self.rows:
            row.support_count = counts.get(row.id, 0)
        result.sort(key=lambda t: t[2])
        return result

    def flags(self) -> list[dict]:
        rng = self.rng
        public = [r for r in self.rows if not r.confidential and r is not self.top]
        flags = []
        for row in rng.sample(public, max(3, len(public) // 300)):
            users = rng.sample(self.pools[row.campus], rng.randint(1, 4))
            for user_id in users:
                if user_id != row.author_id:
                    flags.append({"issue_id": row.id, "user_id": user_id, "created_at": row.created_at + DAY})
                    row.flag_count += 1
            if rng.random() < 0.3:
                row.hidden = True
        return flags

    # -- writing -----------------------------------------------------------------------------

    def agenda_rows(self):
        """Meetings and items (standing items first, case numbers per year in creation order) and
        the issues they gather; writes the case number and title into those issues' events."""
        rng = self.rng
        meeting_rows, item_rows, link_rows = [], [], []
        case_numbers: Counter = Counter()
        item_id = 0
        standing = [("notice", "decision"), ("minutes", "decision"), ("other_business", "discussion")]
        bench_meeting_id = None
        for k, meeting in enumerate(self.meetings, start=1):
            starts = meeting["starts_at"]
            year = starts.astimezone(self.oslo).year
            created = min(starts - 30 * DAY, self.now - 14 * DAY)
            meeting_rows.append(
                {
                    "id": k,
                    "committee_id": self.committee.id,
                    "starts_at": starts,
                    "place": "Møterom 301, Realfagbygget, Trondheim",
                    "status": meeting["status"],
                    "version": 1
                    + ["planned", "agenda_published", "held", "minutes_published"].index(meeting["status"]),
                    "created_by_id": self.secretary.id,
                    "created_at": created,
                }
            )
            if k - 1 == self.bench_meeting:
                bench_meeting_id = k
            decided = meeting["status"] in ("held", "minutes_published")
            regular = len(meeting["items"])
            for position, (code, kind) in enumerate(standing):
                item_id += 1
                number = None
                if code != "other_business":
                    case_numbers[year] += 1
                    number = case_numbers[year]
                item_rows.append(
                    {
                        "id": item_id,
                        "committee_id": self.committee.id,
                        "meeting_id": k,
                        "year": year,
                        "number": number,
                        "position": regular + 2 if code == "other_business" else position,
                        "standing": code,
                        "kind": kind,
                        "title": None,
                        "case_officer": "",
                        "background": "",
                        "conclusion": "decision" if decided and code != "other_business" else None,
                        "decision": "Godkjent." if decided and code != "other_business" else None,
                        "decided_at": starts + DAY if decided and code != "other_business" else None,
                        "decided_by_id": self.secretary.id if decided and code != "other_business" else None,
                        "version": 2 if decided and code != "other_business" else 1,
                        "created_by_id": self.secretary.id,
                        "created_at": created,
                    }
                )
            for offset, item in enumerate(sorted(meeting["items"], key=lambda i: i["placed"])):
                item_id += 1
                case_numbers[year] += 1
                issues = item["issues"]
                subject = issues[0].title if issues else corpus.title(rng, "organisational", "nb")
                title = f"Innspill fra studentene: {subject}"[:200]
                case = f"{case_numbers[year]}/{year % 100:02d}"
                item_rows.append(
                    {
                        "id": item_id,
                        "committee_id": self.committee.id,
                        "meeting_id": k,
                        "year": year,
                        "number": case_numbers[year],
                        "position": offset + 2,
                        "standing": None,
                        "kind": item["kind"],
                        "title": title,
                        "case_officer": "Eva Strand",
                        "background": " ".join(
                            corpus.description(rng, "organisational", "nb", subject) for _ in range(3)
                        ),
                        "proposed_decision": corpus.NOTES["decision"] if item["kind"] == "decision" else None,
                        "conclusion": rng.choice(["decision", "recommendation"]) if decided else None,
                        "decision": corpus.NOTES["decision"] if decided else None,
                        "decided_at": starts + DAY if decided else None,
                        "decided_by_id": self.secretary.id if decided else None,
                        "version": 2 if decided else 1,
                        "created_by_id": self.secretary.id,
                        "created_at": item["placed"],
                    }
                )
                for position, row in enumerate(issues):
                    link_rows.append(
                        {
                            "item_id": item_id,
                            "issue_id": row.id,
                            "position": position,
                            "added_at": item["placed"],
                        }
                    )
                    for event in row.events:
                        if event.action == "place_on_agenda":
                            event.public_note = f"{case} – {title}"
                        elif event.action == "decide":
                            event.public_note = f"{case} – {title}\n\n{corpus.NOTES['decision']}"
        return meeting_rows, item_rows, link_rows, case_numbers, bench_meeting_id

    def write_issues(self, connection) -> None:
        from portal.committee.models import AgendaItem, AgendaItemIssue, Meeting
        from portal.core.counters import Counter as CounterRow
        from portal.issues.models import Flag, Issue, IssueAuthor, IssueEvent, Support
        from portal.notifications.models import Notification

        self.finish_events()
        supports = self.supports()
        flags = self.flags()
        meeting_rows, item_rows, link_rows, case_numbers, bench_meeting_id = self.agenda_rows()
        sequences: Counter = Counter()
        references = {}
        for row in self.rows:
            year = row.created_at.year
            sequences[(row.campus, year)] += 1
            references[row.id] = (year, sequences[(row.campus, year)])
        issue_rows = []
        for row in self.rows:
            year, sequence = references[row.id]
            responses = [
                e.at for e in row.events if e.actor_id is not None and (e.action != "note" or e.public_note)
            ]
            outcomes = [e.at for e in row.events if e.action in TARGET and TARGET[e.action] in REACHED]
            issue_rows.append(
                {
                    "id": row.id,
                    "reference": f"{row.campus}-{year}-{sequence:04d}",
                    "campus_id": self.campuses[row.campus].id,
                    "year": year,
                    "sequence": sequence,
                    "category_id": self.categories[row.category].id,
                    "title": row.title,
                    "description": row.description,
                    "language": row.language,
                    "anonymous": row.anonymous,
                    "confidential": row.confidential,
                    "status": row.status,
                    "version": len(row.events),
                    "status_changed_at": row.status_changed_at,
                    "first_response_at": min(responses) if responses else None,
                    "outcome_at": outcomes[-1] if outcomes else None,
                    "support_count": row.support_count,
                    "flag_count": row.flag_count,
                    "merged_into_id": row.merged_into_id,
                    "committee_id": self.committee.id if row.committee else None,
                    "focus_area_id": row.focus_area_id,
                    "hidden": row.hidden,
                    "hidden_reason": "Teksten nevner en enkeltperson." if row.hidden else None,
                    "created_at": row.created_at,
                }
            )
        self.references = {row["id"]: row["reference"] for row in issue_rows}
        # Merge targets point to earlier issues, so rows in id order satisfy the foreign key.
        copy_rows(connection, Issue.__table__, issue_rows)
        copy_rows(
            connection,
            IssueAuthor.__table__,
            ({"issue_id": r.id, "user_id": r.author_id} for r in self.rows if r.author_id is not None),
        )
        events = sorted(
            (
                {
                    "id": e.id,
                    "issue_id": row.id,
                    "at": e.at,
                    "action": e.action,
                    "actor_id": e.actor_id,
                    "actor_role": ACTOR.get(e.action, "campus_leader"),
                    "show_actor_name": e.show_actor_name,
                    "from_status": e.from_status,
                    "to_status": e.to_status,
                    "public_note": e.public_note,
                    "internal_note": e.internal_note,
                    "related_issue_id": e.related_issue_id,
                }
                for row in self.rows
                for e in row.events
            ),
            key=lambda d: d["id"],
        )
        copy_rows(connection, IssueEvent.__table__, events)
        copy_rows(
            connection,
            Support.__table__,
            (
                {"id": n, "issue_id": i, "user_id": u, "created_at": at}
                for n, (i, u, at) in enumerate(supports, start=1)
            ),
        )
        copy_rows(connection, Flag.__table__, flags)
        counters = [
            {"name": "issue", "scope_id": self.campuses[campus].id, "year": year, "value": value}
            for (campus, year), value in sequences.items()
        ]

        copy_rows(connection, Meeting.__table__, meeting_rows)
        copy_rows(connection, AgendaItem.__table__, item_rows)
        copy_rows(connection, AgendaItemIssue.__table__, link_rows)
        counters += [
            {"name": "case", "scope_id": self.committee.id, "year": year, "value": value}
            for year, value in case_numbers.items()
        ]
        copy_rows(connection, CounterRow.__table__, counters)

        # Notifications: the author hears of every public step; the benchmark student also as supporter.
        notifications = []
        supported_by_bench = {i for i, u, _at in supports if u == self.bench_student.id}
        for row in self.rows:
            recipients = [row.author_id] if row.author_id is not None else []
            if row.id in supported_by_bench:
                recipients.append(self.bench_student.id)
            if not recipients:
                continue
            reference = self.references[row.id]
            for event in row.events:
                if event.action in ("submit", "answer") or (event.action == "note" and not event.public_note):
                    continue
                params = {"reference": reference, "title": row.title, "status": event.to_status or row.status}
                linked = reference
                if event.action == "merge":
                    params["into"] = self.references[event.related_issue_id]
                    linked = params["into"]
                if event.action == "note":
                    params["update"] = True
                for user_id in recipients:
                    notifications.append(
                        {
                            "user_id": user_id,
                            "kind": "issue_question" if event.action == "ask" else "issue_status",
                            "params": params,
                            "endpoint": "issues.detail",
                            "endpoint_args": {"reference": linked},
                            "topic": f"issue:{row.id}",
                            "read_at": event.at + DAY if event.at < self.now - 7 * DAY else None,
                            "created_at": event.at,
                        }
                    )
        notifications.sort(key=lambda d: d["created_at"])
        copy_rows(connection, Notification.__table__, notifications)
        self.info["meeting_id"] = bench_meeting_id
        self.info["meeting_items"] = len(self.meetings[self.bench_meeting]["items"])
        self.info["counts"] = {
            "issues": len(self.rows),
            "students": self.plan.students,
            "supports": len(supports),
            "events": len(events),
            "flags": len(flags),
            "meetings": len(meeting_rows),
            "agenda_items": len(item_rows),
            "agenda_items_regular": sum(1 for r in item_rows if r["standing"] is None),
            "gathered_issues": len(link_rows),
            "notifications": len(notifications),
        }
        self.info["status_counts"] = dict(Counter(r["status"] for r in issue_rows).most_common())
        self.info["campus_counts"] = dict(Counter(r.campus for r in self.rows).most_common())
        self.info["top_supported"] = {
            "reference": self.references[self.top.id],
            "supporters": self.top.support_count,
        }

    def fix_sequences(self, connection) -> None:
        """Explicit ids were given: move each id sequence past them, as inserts would have."""
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT c.relname, a.attname FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid "
                "WHERE c.relkind = 'r' AND c.relnamespace = 'public'::regnamespace "
                "AND a.attnum > 0 AND NOT a.attisdropped "
                "AND pg_get_serial_sequence(quote_ident(c.relname), a.attname) IS NOT NULL"
            )
            for table, column in cursor.fetchall():
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', '{column}'), "
                    f'COALESCE((SELECT max("{column}") FROM "{table}"), 0) + 1, false)'
                )


def check(url: str) -> dict:
    """The invariants, asked of the database itself. Raises if one does not hold."""
    engine = sa.create_engine(url)
    queries = {
        "support_count differs from support rows": (
            "SELECT count(*) FROM issue i WHERE support_count <> "
            "(SELECT count(*) FROM support s WHERE s.issue_id = i.id)"
        ),
        "flag_count differs from flag rows": (
            "SELECT count(*) FROM issue i WHERE flag_count <> (SELECT count(*) FROM flag f WHERE f.issue_id = i.id)"
        ),
        "issue counter differs from the last sequence": (
            "SELECT count(*) FROM (SELECT campus_id, year, max(sequence) AS m, count(*) AS n FROM issue "
            "GROUP BY campus_id, year) s LEFT JOIN counter c ON c.name = 'issue' AND c.scope_id = s.campus_id "
            "AND c.year = s.year WHERE c.value IS DISTINCT FROM s.m OR s.m <> s.n"
        ),
        "case counter differs from the last case number": (
            "SELECT count(*) FROM (SELECT committee_id, year, max(number) AS m, count(number) AS n "
            "FROM agenda_item GROUP BY committee_id, year) s LEFT JOIN counter c ON c.name = 'case' "
            "AND c.scope_id = s.committee_id AND c.year = s.year WHERE c.value IS DISTINCT FROM s.m OR s.m <> s.n"
        ),
        "reference does not match campus, year and sequence": (
            "SELECT count(*) FROM issue i JOIN campus c ON c.id = i.campus_id "
            "WHERE i.reference <> c.code || '-' || i.year || '-' "
            "|| CASE WHEN i.sequence < 10000 THEN lpad(i.sequence::text, 4, '0') ELSE i.sequence::text END"
        ),
        "support on a confidential issue or by its author": (
            "SELECT count(*) FROM support s JOIN issue i ON i.id = s.issue_id "
            "LEFT JOIN issue_author a ON a.issue_id = i.id WHERE i.confidential OR a.user_id = s.user_id"
        ),
        "status differs from the last status event": (
            "SELECT count(*) FROM issue i WHERE i.status <> (SELECT e.to_status FROM issue_event e "
            "WHERE e.issue_id = i.id AND e.to_status IS NOT NULL ORDER BY e.id DESC LIMIT 1)"
        ),
        "confidential differs from the psychosocial category": (
            "SELECT count(*) FROM issue i JOIN category c ON c.id = i.category_id "
            "WHERE i.confidential <> (c.slug = 'psychosocial')"
        ),
        "timeline events out of time order": (
            "SELECT count(*) FROM issue_event a JOIN issue_event b ON a.issue_id = b.issue_id "
            "AND a.id < b.id AND a.at > b.at"
        ),
        "status_changed_at differs from the last status event": (
            "SELECT count(*) FROM issue i WHERE i.status_changed_at <> (SELECT e.at FROM issue_event e "
            "WHERE e.issue_id = i.id AND e.to_status IS NOT NULL ORDER BY e.id DESC LIMIT 1)"
        ),
        "merged issue with supports, or merged into itself": (
            "SELECT count(*) FROM issue i WHERE i.status = 'merged' AND (i.support_count > 0 "
            "OR i.merged_into_id IS NULL OR i.merged_into_id = i.id)"
        ),
        "search vector missing": "SELECT count(*) FROM issue WHERE search_vector IS NULL",
        "gathered issue not on_agenda/decided/closed": (
            "SELECT count(*) FROM agenda_item_issue l JOIN issue i ON i.id = l.issue_id "
            "WHERE i.status NOT IN ('on_agenda', 'decided', 'closed')"
        ),
    }
    problems = {}
    with engine.connect() as connection:
        for name, query in queries.items():
            count = connection.execute(sa.text(query)).scalar()
            if count:
                problems[name] = count
    engine.dispose()
    if problems:
        raise SystemExit(f"invariants broken: {problems}")
    return {"invariants": "ok", "checked": list(queries)}


def generate(url: str, issues: int, escalated: int | None, seed: int, sidecar: Path | None = None) -> dict:
    """Make the database and write what the runners need to `sidecar` (default: bench/results/<db>.json)."""
    import flask_migrate

    from bench.common import build_app
    from portal.extensions import db

    started = time.perf_counter()
    plan = Plan.for_issues(issues, escalated)
    recreate_database(url)
    app = build_app(url, PASSWORD_HASH_PROFILE="fast")
    timings = {}
    with app.app_context():
        flask_migrate.upgrade()
        timings["migrations"] = time.perf_counter() - started
        generator = Generator(plan, seed)
        generator.organisation()
        connection = db.session.connection().connection.driver_connection
        generator.students(connection)
        generator.voting(connection)
        timings["accounts and vote"] = time.perf_counter() - started
        generator.issues()
        timings["issues planned"] = time.perf_counter() - started
        generator.write_issues(connection)
        generator.fix_sequences(connection)
        db.session.commit()
        timings["written"] = time.perf_counter() - started
        # The escalated issues' inbox groups, as `flask portal committee regroup` computes
        # them (the bulk rows bypass the escalation signal that places issues one by one).
        from portal.committee.grouping import regroup

        generator.info["inbox_groups"] = regroup()["groups"]
        db.session.commit()
        timings["inbox groups"] = time.perf_counter() - started
        info = generator.info
        info["triage_issue"] = first_in_inbox(generator)
        info["campus_ids"] = {code: c.id for code, c in generator.campuses.items()}
        info["category_ids"] = {slug: c.id for slug, c in generator.categories.items()}
        db.engine.dispose()
    vacuum(url)
    timings["vacuum analyze"] = time.perf_counter() - started
    info["invariants"] = check(url)["invariants"]
    elapsed = time.perf_counter() - started
    info.update(
        database_url=url,
        scale=issues,
        plan=plan.__dict__,
        seed=seed,
        generated_at=generator.now.isoformat(),
        year=generator.report_year,
        campus="TRD",
        committee="LMU",
        search_query="ventilasjonen lesesalen",
        seconds=round(elapsed, 1),
        timings={k: round(v, 1) for k, v in timings.items()},
    )
    sidecar = sidecar or sidecar_path(url)
    sidecar.parent.mkdir(exist_ok=True)
    sidecar.write_text(json.dumps(info, indent=2, ensure_ascii=False))
    return info


def first_in_inbox(generator: Generator) -> str:
    """The issue a TRD leader opens first: the oldest waiting one."""
    from portal.extensions import db
    from portal.triage.queries import inbox

    campus = generator.campuses["TRD"]
    issue = db.session.scalars(inbox(campus=campus).limit(1)).first()
    return issue.reference


def vacuum(url: str) -> None:
    """As autovacuum would have done on a database that grew over a year: statistics and the
    visibility map are current."""
    engine = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(sa.text("VACUUM ANALYZE"))
    engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--issues", type=int, default=100_000)
    parser.add_argument("--database-url", help="default: portal_bench_1k|10k|100k by --issues")
    parser.add_argument(
        "--escalated", type=int, help="issues waiting for the committee (default 1 %%, ≤ 1,000)"
    )
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    scale = next((name for name, n in SCALES.items() if n == args.issues), None)
    url = args.database_url or default_url(scale or str(args.issues))
    info = generate(url, args.issues, args.escalated, args.seed)
    print(
        f"generated {info['scale']:,} issues in {info['seconds']} s into {sa.engine.make_url(url).database}"
    )
    for name, value in info["counts"].items():
        print(f"  {name:22} {value:>10,}")
    print(f"  statuses: {info['status_counts']}")
    print(f"  escalated (waiting for LMU): {info['escalated']}; top issue {info['top_supported']}")
    print(f"  timings: {info['timings']}")
    print(f"written to {sidecar_path(url)}")


if __name__ == "__main__":
    main()

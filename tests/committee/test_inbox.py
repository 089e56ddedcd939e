"""The escalated inbox groups the same problem raised on several campuses, in bokmål, nynorsk
or English, into one group. The group is decided when an issue is escalated and stored
(portal/committee/grouping.py); the inbox pages the groups in SQL and loads a group's
issues only when it is opened."""

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from portal.committee import grouping, similarity
from portal.committee.models import EscalatedIssueGroup
from portal.committee.queries import escalated_page
from portal.core import apertium
from portal.db import utcnow
from portal.extensions import db
from portal.issues.models import Issue
from portal.issues.service import issue_transition, support_add
from portal.issues.workflow import Actor
from tests.committee.helpers import escalated_issue, make_meeting
from tests.factories import make_committee, sign_in

# The three-language example: the same complaint from three campuses.
SAME_PROBLEM = [
    (
        "GJO",
        "Eksamensplanen kjem for seint",
        "Vi får ikkje vite eksamensdatoane før nokre få veker før eksamen. Det gjer det vanskeleg å "
        "planleggje jobb og reiser heim.",
        "nn",
    ),
    (
        "TRD",
        "Eksamensplanen kommer for sent",
        "Datoene for eksamen ble lagt ut bare tre uker før første prøve. Mange av oss har deltidsjobb "
        "og må bytte vakter.",
        "nb",
    ),
    (
        "ALE",
        "Exam timetable published too late",
        "We only learn the dates of our exams a few weeks in advance. International students cannot "
        "book flights home at a reasonable price.",
        "en",
    ),
]
UNRELATED = (
    "Tilbakemeldinger på innleveringer mangler",
    "Vi får aldri kommentarer på obligatoriske oppgaver fra faglærerne.",
)


def _group_of(issue) -> int:
    return db.session.get(EscalatedIssueGroup, issue.id).group_key


def _raise_same_problem(org):
    campuses = {"TRD": org.trd, "GJO": org.gjo, "ALE": org.ale}
    issues = [
        escalated_issue(
            org,
            campus=campuses[code],
            category="organisational",
            title=title,
            description=text,
            language=lang,
        )
        for code, title, text, lang in SAME_PROBLEM
    ]
    # Something else in the same category, and exam words in another category.
    other = escalated_issue(
        org, campus=org.trd, category="organisational", title=UNRELATED[0], description=UNRELATED[1]
    )
    physical = escalated_issue(
        org,
        campus=org.gjo,
        category="physical",
        title="Eksamenslokalet er for kaldt",
        description="Det er kaldt i eksamenslokalet under eksamen.",
    )
    for issue in issues[:2]:
        support_add(issue=issue, user=org.student())
    support_add(issue=issues[0], user=org.student())
    db.session.commit()
    return issues, other, physical


def _groups(page):
    return [g for block in page.blocks for g in block.groups]


def test_the_three_languages_are_one_group_decided_at_escalation(org):
    issues, other, physical = _raise_same_problem(org)
    keys = {_group_of(i) for i in issues}
    assert keys == {issues[0].id}  # the first one escalated started the group
    assert _group_of(other) == other.id
    assert _group_of(physical) == physical.id
    stored = db.session.get(EscalatedIssueGroup, issues[2].id)
    assert stored.committee_id == org.lmu.id
    assert stored.category_id == org.categories["organisational"].id
    assert stored.signature_version == similarity.SIGNATURE_VERSION
    assert "eksam" in stored.signature.split(" | ")[0].split()  # English, in bokmål stems

    page = escalated_page(org.lmu)
    by_category = {b.category.slug: b.groups for b in page.blocks}
    organisational = by_category["organisational"]
    assert [g.key for g in organisational] == [issues[0].id, other.id]  # the widest group first
    group = organisational[0]
    assert (group.issue_count, group.campus_count, group.supporters) == (3, 3, 3)
    assert [(c.code, n) for c, n in group.campus_counts] == [("GJO", 1), ("TRD", 1), ("ALE", 1)]  # Å last
    assert group.title == "Eksamensplanen kjem for seint"  # the most supported
    assert group.issues is None  # not opened: no issue is loaded
    assert [g.key for g in by_category["physical"]] == [physical.id]
    assert (page.group_total, page.issue_total, page.pages) == (3, 5, 1)


def test_the_inbox_over_http_shows_one_group_and_opens_it(client, org):
    issues, other, physical = _raise_same_problem(org)
    secretary = org.secretary(locale="en")
    db.session.commit()
    sign_in(client, secretary)
    response = client.get("/committee/LMU/inbox")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert html.count('class="issue-group"') == 3
    group = html.split(f'id="group-{issues[0].id}"', 1)[1].split("</li>\n    \n", 1)[0]
    assert "3 issues" in group
    assert "from 3 campuses" in group
    assert "3 supporters in all" in group
    # Closed: the group's issues are not on the page, only a link that opens it.
    for issue in issues:
        assert issue.reference not in html
    link = f"/committee/LMU/inbox?group={issues[0].id}#group-{issues[0].id}"
    assert f'href="{link}"' in html
    assert "Show the 3 issues" in html
    opened = client.get(link.split("#")[0])
    assert opened.status_code == 200
    html = opened.get_data(as_text=True)
    for issue in issues:
        assert issue.reference in html
        assert f'name="issue" value="{issue.id}"' in html
    assert other.reference not in html  # the other groups stay closed
    assert physical.reference not in html
    assert "Hide the issues" in html
    assert "3 issues wait" not in html
    assert "5 issues wait · 3 groups" in html
    # A group that is not on the page opens nothing, and a nonsense key is ignored.
    for query in ("group=999999", "group=abc", "group=99999999999", "page=-3", "page=abc", "page=99"):
        response = client.get(f"/committee/LMU/inbox?{query}")
        assert response.status_code == 200, query
        assert issues[0].reference not in response.get_data(as_text=True), query


def test_an_escalated_issue_joins_the_existing_group(client, org):
    issues, other, _physical = _raise_same_problem(org)
    late = escalated_issue(
        org,
        campus=org.ale,
        category="organisational",
        title="Eksamensdatoene kommer altfor sent",
        description="Eksamensplanen ble publisert tre uker før eksamen, for sent til å planlegge jobb.",
    )
    assert _group_of(late) == issues[0].id
    apart = escalated_issue(
        org,
        campus=org.ale,
        category="organisational",
        title="Ingen kommentarer på innleveringene",
        description="Faglærerne gir aldri tilbakemelding på obligatoriske innleveringer.",
    )
    assert _group_of(apart) == other.id
    same_words_other_category = escalated_issue(
        org, campus=org.ale, category="pedagogical", title=SAME_PROBLEM[1][1], description=SAME_PROBLEM[1][2]
    )
    assert _group_of(same_words_other_category) == same_words_other_category.id  # groups stay in a category
    counts = {g.key: g.issue_count for g in _groups(escalated_page(org.lmu))}
    assert counts[issues[0].id] == 4
    assert counts[other.id] == 2


def test_an_issue_sent_back_leaves_its_group_and_the_inbox(client, org):
    issues, _other, _physical = _raise_same_problem(org)
    secretary = org.secretary(locale="en")
    db.session.commit()
    sign_in(client, secretary)
    page = client.get(f"/committee/LMU/issues/{issues[1].reference}").get_data(as_text=True)
    version = re.search(r'name="version"[^>]*value="(\d+)"', page) or re.search(
        r'value="(\d+)"[^>]*name="version"', page
    )
    response = client.post(
        f"/committee/LMU/issues/{issues[1].reference}/send-back",
        data={"note": "Dette kan campus løyse sjølv.", "version": version.group(1)},
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Issue, issues[1].id).status == "accepted"
    assert db.session.get(EscalatedIssueGroup, issues[1].id) is None  # the row goes with the status
    html = client.get(f"/committee/LMU/inbox?group={issues[0].id}").get_data(as_text=True)
    assert f"/issues/{issues[1].reference}" not in html
    assert f'name="issue" value="{issues[1].id}"' not in html
    assert f"/issues/{issues[0].reference}" in html
    assert "2 issues" in html
    assert "from 2 campuses" in html
    # Escalated again, it is placed again.
    issue = db.session.get(Issue, issues[1].id)
    issue_transition(
        issue=issue,
        action="escalate",
        actor=Actor.LEADER,
        actor_user=org.leader(org.trd),
        public_note="Likevel for utvalet.",
        committee=org.lmu,
    )
    db.session.commit()
    assert _group_of(issue) == issues[0].id


def test_when_the_issue_that_keys_a_group_leaves_the_group_keeps_its_other_members(client, org):
    issues, _other, _physical = _raise_same_problem(org)
    founder = issues[0]
    assert _group_of(founder) == founder.id
    issue_transition(
        issue=founder,
        action="send_back",
        actor=Actor.SECRETARY,
        actor_user=org.secretary(),
        public_note="Campus kan løyse dette.",
    )
    db.session.commit()
    db.session.expire_all()
    successor = min(i.id for i in issues[1:])
    assert {_group_of(i) for i in issues[1:]} == {successor}
    counts = {g.key: g.issue_count for g in _groups(escalated_page(org.lmu))}
    assert counts[successor] == 2
    assert founder.id not in counts
    # Escalated again into another category, it starts a group of its own key: no clash.
    issue = db.session.get(Issue, founder.id)
    issue.category_id = org.categories["pedagogical"].id
    issue_transition(
        issue=issue,
        action="escalate",
        actor=Actor.LEADER,
        actor_user=org.leader(issue.campus),
        public_note="Likevel for utvalet.",
        committee=org.lmu,
    )
    db.session.commit()
    assert _group_of(issue) == issue.id
    counts = {g.key: g.issue_count for g in _groups(escalated_page(org.lmu))}
    assert (counts[successor], counts[issue.id]) == (2, 1)


def test_the_campus_filter_keeps_whole_groups_with_counts_from_every_campus(client, org):
    issues, other, physical = _raise_same_problem(org)
    ale = escalated_page(org.lmu, campus_id=org.ale.id)
    assert [(g.key, g.issue_count, g.campus_count) for g in _groups(ale)] == [(issues[0].id, 3, 3)]
    trd = escalated_page(org.lmu, campus_id=org.trd.id)
    assert [g.key for g in _groups(trd)] == [issues[0].id, other.id]
    category = escalated_page(org.lmu, category_id=org.categories["physical"].id)
    assert [b.category.slug for b in category.blocks] == ["physical"]
    old = db.session.get(Issue, physical.id)
    old.status_changed_at = utcnow() - timedelta(days=20)
    db.session.commit()
    assert [g.key for g in _groups(escalated_page(org.lmu, min_age_days=14))] == [physical.id]
    secretary = org.secretary(locale="en")
    db.session.commit()
    sign_in(client, secretary)
    html = client.get(f"/committee/LMU/inbox?campus={org.ale.id}").get_data(as_text=True)
    assert "3 issues wait · 1 group" in html
    assert "from 3 campuses" in html
    assert "3 supporters in all" in html
    assert f'id="group-{other.id}"' not in html
    # Opening a group keeps the filter.
    assert f"/committee/LMU/inbox?group={issues[0].id}&amp;campus={org.ale.id}" in html
    html = client.get("/committee/LMU/inbox?age=14").get_data(as_text=True)
    assert f'id="group-{physical.id}"' in html
    assert f'id="group-{issues[0].id}"' not in html
    # Nonsense filters are ignored, never a 500.
    assert client.get("/committee/LMU/inbox?campus=abc&category=-1&age=5000").status_code == 200
    assert client.get("/committee/LMU/inbox?campus=99999999999&category=99999999999").status_code == 200


def test_only_this_committees_escalated_issues(org):
    other = make_committee("UU")
    mine = escalated_issue(org)
    theirs = escalated_issue(org, committee=other)
    assert [g.key for g in _groups(escalated_page(org.lmu))] == [mine.id]
    assert [g.key for g in _groups(escalated_page(other))] == [theirs.id]
    assert db.session.get(EscalatedIssueGroup, theirs.id).committee_id == other.id
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Issue)) == 2


def test_groups_are_paged(client, org):
    for n in range(27):
        escalated_issue(
            org, title=f"Sak {n} om {'abcdefghijklmnopqrstuvwxyz0'[n]}-rom", description=f"Tekst {n}."
        )
    for issue_id in db.session.scalars(sa.select(Issue.id)):
        db.session.get(EscalatedIssueGroup, issue_id).group_key = issue_id  # 27 groups of one
    db.session.commit()
    first, second = escalated_page(org.lmu), escalated_page(org.lmu, page=2)
    assert (len(_groups(first)), len(_groups(second)), first.pages, first.group_total) == (25, 2, 2, 27)
    assert not {g.key for g in _groups(first)} & {g.key for g in _groups(second)}
    assert escalated_page(org.lmu, page=9).page == 1  # past the end: the first page
    sign_in(client, org.secretary(locale="en"))
    db.session.commit()
    html = client.get("/committee/LMU/inbox").get_data(as_text=True)
    assert html.count('class="issue-group"') == 25
    assert 'href="/committee/LMU/inbox?page=2" rel="next"' in html
    assert "Page 1 of 2" in html
    html = client.get("/committee/LMU/inbox?page=2").get_data(as_text=True)
    assert html.count('class="issue-group"') == 2
    assert 'rel="prev"' in html


def test_the_secretary_makes_an_item_of_a_group(client, org):
    issues, other, _physical = _raise_same_problem(org)
    secretary = org.secretary(locale="en")
    make_meeting(org, secretary)
    sign_in(client, secretary)
    html = client.get("/committee/LMU/inbox").get_data(as_text=True)
    link = f"/committee/LMU/items/new?group={issues[0].id}"
    assert f'href="{link}"' in html  # on the closed group too
    form = client.get(link).get_data(as_text=True)
    for issue in issues:
        assert f'value="{issue.id}" checked' in form
    assert f'value="{other.id}" checked' not in form
    # The chosen issues of an opened group, as before.
    html = client.get(f"/committee/LMU/inbox?group={issues[0].id}").get_data(as_text=True)
    assert 'id="choose-issues"' in html
    assert "Make an agenda item of the chosen issues" in html
    form = client.get(f"/committee/LMU/items/new?issue={issues[2].id}&group=abc").get_data(as_text=True)
    assert f'value="{issues[2].id}" checked' in form
    assert f'value="{issues[0].id}" checked' not in form


def test_members_read_the_inbox_without_controls(client, org):
    issues, _other, _physical = _raise_same_problem(org)
    member = org.member(locale="en")
    db.session.commit()
    sign_in(client, member)
    html = client.get(f"/committee/LMU/inbox?group={issues[0].id}").get_data(as_text=True)
    assert issues[0].reference in html
    main = html.split("<main", 1)[1]
    assert "/items/new" not in main
    assert 'name="issue"' not in main


def test_text_hidden_by_moderation_stays_hidden_from_the_committee(client, org):
    from portal.issues.service import issue_hide

    leader = org.leader(org.trd)
    issue = escalated_issue(org, title="Navnet person i tittelen", description="Teksten nevner en person.")
    issue_hide(issue=issue, leader=leader, reason="Teksten nevnte en person.")
    secretary = org.secretary(locale="en")
    make_meeting(org, secretary)
    sign_in(client, secretary)
    for path in (
        f"/committee/LMU/inbox?group={issue.id}",
        f"/committee/LMU/items/new?issue={issue.id}",
        f"/committee/LMU/issues/{issue.reference}",
    ):
        html = client.get(path).get_data(as_text=True)
        assert issue.reference in html, path
        assert "Navnet person" not in html, path
        assert "nevner en person" not in html, path
    assert "Hidden issue" in client.get("/committee/LMU/inbox").get_data(as_text=True)


def test_the_inbox_runs_a_fixed_number_of_queries(client, org, count_queries):
    secretary = org.secretary(locale="en")
    db.session.commit()
    sign_in(client, secretary)

    def add(n):
        # Half the same exam complaint from three campuses (one growing group), half apart.
        for _ in range(n):
            k = db.session.scalar(sa.select(sa.func.count()).select_from(Issue))
            campus = (org.trd, org.gjo, org.ale)[k % 3]
            if k % 2:
                escalated_issue(
                    org, campus=campus, title=f"Lesesal {k} er for kald", description="Det er kaldt."
                )
            else:
                title, text, language = SAME_PROBLEM[k // 2 % 3][1:]
                escalated_issue(
                    org,
                    campus=campus,
                    category="organisational",
                    title=title,
                    description=text,
                    language=language,
                )

    add(5)
    assert escalated_page(org.lmu).issue_total == 5
    key = _groups(escalated_page(org.lmu))[0].key
    with count_queries() as few:
        assert client.get("/committee/LMU/inbox").status_code == 200
    with count_queries() as few_opened:
        assert client.get(f"/committee/LMU/inbox?group={key}").status_code == 200
    add(45)
    assert escalated_page(org.lmu).issue_total == 50
    with count_queries() as many:
        assert client.get("/committee/LMU/inbox").status_code == 200
    with count_queries() as many_opened:
        assert client.get(f"/committee/LMU/inbox?group={key}").status_code == 200
    assert many.count == few.count
    assert many_opened.count == few_opened.count == few.count + 1


def test_escalation_works_without_apertium(org, monkeypatch):
    monkeypatch.setattr(apertium, "COMMAND", "apertium-not-installed-for-this-test")
    apertium._modes_of.cache_clear()
    try:
        issues, _other, _physical = _raise_same_problem(org)
    finally:
        apertium._modes_of.cache_clear()
    assert all(db.session.get(Issue, i.id).status == "escalated" for i in issues)
    assert db.session.get(EscalatedIssueGroup, issues[0].id).signature  # stemmed as it is


@pytest.mark.parametrize("scope", ["all", "LMU"])
def test_the_regroup_command_recomputes_the_groups_in_one_batch(app, org, scope):
    issues, other, _physical = _raise_same_problem(org)
    # As after the migration: rows missing, or with an outdated signature and group.
    db.session.execute(sa.delete(EscalatedIssueGroup).where(EscalatedIssueGroup.issue_id == issues[2].id))
    stale = db.session.get(EscalatedIssueGroup, issues[1].id)
    stale.group_key, stale.signature_version, stale.signature = stale.issue_id, 0, "x | y"
    db.session.commit()
    page = escalated_page(org.lmu)
    assert sorted(g.issue_count for g in _groups(page)) == [1, 1, 1, 1, 1]  # until regroup, alone
    args = ["portal", "committee", "regroup"] + (["--committee", "lmu"] if scope == "LMU" else [])
    result = app.test_cli_runner().invoke(args=args)
    assert result.exit_code == 0, result.output
    assert "escalated issues: 5, signatures computed: 2, groups: 3" in result.output
    db.session.expire_all()
    assert {_group_of(i) for i in issues} == {min(i.id for i in issues)}
    assert _group_of(other) == other.id
    assert db.session.get(EscalatedIssueGroup, issues[1].id).signature != "x | y"
    assert sorted(g.issue_count for g in _groups(escalated_page(org.lmu))) == [1, 1, 3]
    unknown = app.test_cli_runner().invoke(args=["portal", "committee", "regroup", "--committee", "NOPE"])
    assert unknown.exit_code != 0


def test_regroup_removes_rows_of_issues_that_left_without_the_signal(app, org):
    issue = escalated_issue(org)
    db.session.execute(sa.update(Issue).where(Issue.id == issue.id).values(status="accepted"))
    db.session.commit()
    assert db.session.get(EscalatedIssueGroup, issue.id) is not None
    assert grouping.regroup()["removed"] == 1
    db.session.commit()
    assert db.session.get(EscalatedIssueGroup, issue.id) is None


def test_the_overview_names_the_committees_people(client, org):
    secretary = org.secretary(name="Eva Sekretær", locale="en")
    org.member(name="Per Medlem")
    db.session.commit()
    sign_in(client, secretary)
    html = client.get("/committee/LMU/").get_data(as_text=True)
    assert "Eva Sekretær" in html
    assert "Per Medlem" in html

"""The escalated inbox groups the same problem raised on several campuses into one group."""

from datetime import timedelta

import sqlalchemy as sa

from portal.committee.queries import escalated_groups, group_similar, wording_keys
from portal.db import utcnow
from portal.extensions import db
from portal.issues.models import Issue
from portal.issues.service import support_add
from tests.committee.helpers import escalated_issue
from tests.factories import make_committee, sign_in

SAME_PROBLEM = [
    (
        "TRD",
        "Eksamensplanen publiseres for sent",
        "Eksamensplanen for høsten kom bare to uker før første eksamen.",
        "nb",
    ),
    (
        "GJO",
        "Eksamensplanen vert publisert for seint",
        "Eksamensplanen for hausten kom berre to veker før første eksamen.",
        "nn",
    ),
    (
        "ALE",
        "Eksamensplan publisert altfor sent",
        "Vi fikk eksamensplanen to uker før eksamen, for sent til å planlegge.",
        "nb",
    ),
]


def _raise_same_problem(org):
    campuses = {"TRD": org.trd, "GJO": org.gjo, "ALE": org.ale}
    issues = []
    for code, title, text, language in SAME_PROBLEM:
        issue = escalated_issue(
            org,
            campus=campuses[code],
            category="organisational",
            title=title,
            description=text,
            language=language,
        )
        issues.append(issue)
    # Something else in the same category, and the same words in another category.
    other = escalated_issue(
        org,
        campus=org.trd,
        category="organisational",
        title="Tilbakemeldinger på innleveringer mangler",
        description="Vi får aldri kommentarer på obligatoriske oppgaver.",
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


def test_the_same_problem_on_three_campuses_is_one_group(org):
    issues, other, physical = _raise_same_problem(org)
    blocks = escalated_groups(org.lmu)
    by_category = {b.category.slug: b for b in blocks}
    organisational = by_category["organisational"].groups
    assert len(organisational) == 2
    group = organisational[0]  # the widest group first
    assert {i.id for i in group.issues} == {i.id for i in issues}
    assert [(c.code, n) for c, n in group.campus_counts] == [
        ("GJO", 1),
        ("TRD", 1),
        ("ALE", 1),
    ]  # Å last, as in Norwegian
    assert group.campus_count == 3
    assert group.supporters == 3
    assert [i.id for i in organisational[1].issues] == [other.id]
    assert [[i.id for i in g.issues] for g in by_category["physical"].groups] == [[physical.id]]


def test_grouping_is_by_words_not_by_chance():
    class Fake:
        def __init__(self, n, title, description=""):
            self.id, self.title, self.description = n, title, description

    issues = [
        Fake(1, "Kantina stenger klokka 14", "Kantina i bygg A stenger for tidlig for kveldsstudenter."),
        Fake(2, "Kantina stengjer klokka 14", "Kveldsstudentar får ikkje mat fordi kantina stengjer."),
        Fake(3, "Printeren på biblioteket virker ikke", "Ingen kan skrive ut oppgaver."),
        Fake(4, "Studenter og campus", "Studentene på campus trenger noe."),
        Fake(5, "Campus studenter", "Studenter campus."),
    ]
    groups = [[i.id for i in g] for g in group_similar(issues)]
    assert [1, 2] in groups
    assert [3] in groups
    # Words every issue has (student, campus) join nothing.
    assert [4] in groups
    assert [5] in groups
    assert wording_keys("Eksamensplanen eksamen") == {"eksam"}


def test_filters_by_campus_category_and_age(client, org):
    issues, other, physical = _raise_same_problem(org)
    old = db.session.get(Issue, physical.id)
    old.status_changed_at = utcnow() - timedelta(days=20)
    db.session.commit()
    # The campus filter keeps whole groups that include the campus.
    ale = escalated_groups(org.lmu, campus_id=org.ale.id)
    assert [len(g.issues) for b in ale for g in b.groups] == [3]
    assert [
        b.category.slug for b in escalated_groups(org.lmu, category_id=org.categories["physical"].id)
    ] == ["physical"]
    assert [
        [i.id for i in g.issues] for b in escalated_groups(org.lmu, min_age_days=14) for g in b.groups
    ] == [[physical.id]]
    secretary = org.secretary(locale="en")
    db.session.commit()
    sign_in(client, secretary)
    html = client.get(f"/committee/LMU/inbox?campus={org.ale.id}").get_data(as_text=True)
    assert "3 issues" in html
    assert "from 3 campuses" in html
    assert "3 supporters in all" in html
    assert other.reference not in html
    html = client.get("/committee/LMU/inbox?age=14").get_data(as_text=True)
    assert physical.reference in html
    assert issues[0].reference not in html
    # Nonsense filters are ignored, never a 500.
    assert client.get("/committee/LMU/inbox?campus=abc&category=-1&age=5000").status_code == 200


def test_only_this_committees_escalated_issues(org):
    other = make_committee("UU")
    mine = escalated_issue(org)
    theirs = escalated_issue(org, committee=other)
    ids = [i.id for b in escalated_groups(org.lmu) for g in b.groups for i in g.issues]
    assert mine.id in ids
    assert theirs.id not in ids
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Issue)) == 2


def test_the_secretary_makes_an_item_of_a_group(client, org):
    issues, _other, _physical = _raise_same_problem(org)
    from tests.committee.helpers import make_meeting

    secretary = org.secretary(locale="en")
    make_meeting(org, secretary)
    sign_in(client, secretary)
    html = client.get("/committee/LMU/inbox").get_data(as_text=True)
    link = "/committee/LMU/items/new?" + "&amp;".join(f"issue={i.id}" for i in issues)
    assert link in html
    form = client.get(link.replace("&amp;", "&")).get_data(as_text=True)
    for issue in issues:
        assert f'value="{issue.id}" checked' in form


def test_text_hidden_by_moderation_stays_hidden_from_the_committee(client, org):
    from portal.issues.service import issue_hide

    leader = org.leader(org.trd)
    issue = escalated_issue(org, title="Navnet person i tittelen", description="Teksten nevner en person.")
    issue_hide(issue=issue, leader=leader, reason="Teksten nevnte en person.")
    secretary = org.secretary(locale="en")
    from tests.committee.helpers import make_meeting

    make_meeting(org, secretary)
    sign_in(client, secretary)
    for path in (
        "/committee/LMU/inbox",
        f"/committee/LMU/items/new?issue={issue.id}",
        f"/committee/LMU/issues/{issue.reference}",
    ):
        html = client.get(path).get_data(as_text=True)
        assert issue.reference in html, path
        assert "Navnet person" not in html, path
        assert "nevner en person" not in html, path


def test_the_overview_names_the_committees_people(client, org):
    secretary = org.secretary(name="Eva Sekretær", locale="en")
    org.member(name="Per Medlem")
    db.session.commit()
    sign_in(client, secretary)
    html = client.get("/committee/LMU/").get_data(as_text=True)
    assert "Eva Sekretær" in html
    assert "Per Medlem" in html

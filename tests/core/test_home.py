from portal.extensions import db
from tests.factories import sign_in
from tests.issues.helpers import raise_issue


def test_home_links_every_campus_list(client, org):
    html = client.get("/").get_data(as_text=True)
    for code in ("TRD", "GJO", "ALE"):
        assert f"/campus/{code}/issues" in html


def test_leaders_see_their_inbox_on_the_home_page(client, org):
    leader = org.leader(org.gjo)
    raise_issue(org, org.student(), campus=org.gjo)
    db.session.commit()
    sign_in(client, leader)
    html = client.get("/").get_data(as_text=True)
    assert "/triage/GJO/" in html and "Gjøvik: 1" in html

"""The shared cache of expensive figures (portal/core/cache.py): the annual report's issue
statistics are computed once and kept, a Redis that does not answer is a miss (never a 500),
and keeping figures never lets anyone past the report's own permission check."""

import pytest

from portal.core import cache
from tests.factories import make_committee, make_user, sign_in
from tests.issues.helpers import raise_issue


@pytest.fixture
def caching(app):
    app.config["CACHE_ENABLED"] = True
    cache.forget_all()
    yield app
    app.config["CACHE_ENABLED"] = False
    app.config["CACHE_REDIS_URL"] = None
    cache.forget_all()


def _year(org):
    from portal.i18n import local_year

    return local_year()


def test_the_report_statistics_are_computed_once_and_kept(client, org, caching, count_queries):
    from portal.authz import Role
    from portal.reports.queries import cached_issue_statistics, issue_statistics

    secretary = make_user(roles=[(Role.SECRETARY, org.lmu)], student=False)
    raise_issue(org, org.student(), title="Trekk i lesesalen")
    sign_in(client, secretary)
    url = f"/reports/LMU/{_year(org)}"
    with count_queries() as first:
        assert client.get(url).status_code == 200
    raise_issue(org, org.student(), title="Enda en sak")
    with count_queries() as second:
        assert client.get(url).status_code == 200
    assert second.count < first.count  # the statistics came from the cache
    kept = cached_issue_statistics(_year(org))
    assert kept["per_campus"] == {str(org.trd.id): 1}  # as computed, not yet the new issue
    assert issue_statistics(_year(org))["per_campus"] == {str(org.trd.id): 2}


def test_a_redis_that_does_not_answer_is_a_miss(client, org, caching):
    from portal.authz import Role
    from tests.mailserver import free_port

    caching.config["CACHE_REDIS_URL"] = f"redis://127.0.0.1:{free_port()}/0"
    secretary = make_user(roles=[(Role.SECRETARY, org.lmu)], student=False)
    sign_in(client, secretary)
    assert client.get(f"/reports/LMU/{_year(org)}").status_code == 200


@pytest.mark.parametrize("who", ["student", "secretary of another committee", "leader"])
def test_kept_figures_do_not_open_the_report_to_anyone_else(client, org, caching, who):
    from portal.authz import Role

    secretary = make_user(roles=[(Role.SECRETARY, org.lmu)], student=False)
    sign_in(client, secretary)
    url = f"/reports/LMU/{_year(org)}"
    assert client.get(url).status_code == 200  # now kept
    other = {
        "student": lambda: org.student(),
        "secretary of another committee": lambda: make_user(
            roles=[(Role.SECRETARY, make_committee("UU"))], student=False
        ),
        "leader": lambda: org.leader(org.gjo),
    }[who]()
    outsider = client.application.test_client()
    sign_in(outsider, other)
    assert outsider.get(url).status_code == 403

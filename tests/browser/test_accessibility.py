"""axe-core finds no WCAG 2.0/2.1 A or AA violation on any page, in nb, nn and en, at 320 px and desktop width.

Each later domain adds its pages to PAGES (path, who is signed in).
"""

from datetime import datetime

import pytest

from tests.browser.conftest import assert_accessible, new_page, sign_in

ANONYMOUS = None
YEAR = datetime.now().year
PAGES = [
    ("/", ANONYMOUS),
    ("/account/sign-in", ANONYMOUS),
    ("/account/register", ANONYMOUS),
    ("/account/forgot-password", ANONYMOUS),
    ("/account/verify", ANONYMOUS),
    ("/privacy", ANONYMOUS),
    ("/accessibility", ANONYMOUS),
    ("/no-such-page", ANONYMOUS),
    ("/", "student@demo.test"),
    ("/account/profile", "student@demo.test"),
    ("/account/password", "student@demo.test"),
    ("/account/delete", "student@demo.test"),
    ("/admin/", "admin@demo.test"),
    ("/admin/campuses/", "admin@demo.test"),
    ("/admin/campuses/new", "admin@demo.test"),
    ("/admin/categories/", "admin@demo.test"),
    ("/admin/categories/1", "admin@demo.test"),
    ("/admin/committees/", "admin@demo.test"),
    ("/admin/users/", "admin@demo.test"),
    ("/admin/users/1", "admin@demo.test"),
    ("/admin/audit", "admin@demo.test"),
    # Issues (demo issue TRD-…-0001 is student@demo.test's, -0004 is anonymous and waits for an answer)
    ("/issues/", ANONYMOUS),
    ("/campus/TRD/issues", ANONYMOUS),
    (f"/issues/TRD-{YEAR}-0001", ANONYMOUS),
    ("/issues/new", "student@demo.test"),
    (f"/issues/TRD-{YEAR}-0001/submitted", "student@demo.test"),
    (f"/issues/TRD-{YEAR}-0004", "student@demo.test"),
    (f"/issues/TRD-{YEAR}-0002", "student@demo.test"),
    ("/campus/GJO/issues?sort=supported", "student@demo.test"),
    ("/my-issues", "student@demo.test"),
    ("/notifications/", "student@demo.test"),
    ("/notifications/settings", "student@demo.test"),
    # Triage
    ("/triage/TRD/", "leader.trd@demo.test"),
    ("/triage/TRD/?overdue=1", "leader.trd@demo.test"),
    ("/triage/TRD/moderation", "leader.trd@demo.test"),
    (f"/triage/issues/TRD-{YEAR}-0002", "leader.trd@demo.test"),
    (f"/triage/issues/TRD-{YEAR}-0001", "leader.trd@demo.test"),
    # Focus-area vote (demo round 1: this year's, published; round 2: voting open, proposal 5 on its ballot)
    ("/focus-areas/", "student@demo.test"),
    ("/focus-areas/1", "student@demo.test"),
    ("/focus-areas/2", "student@demo.test"),
    ("/focus-areas/2/vote", "student@demo.test"),
    ("/focus-areas/1/results", ANONYMOUS),
    ("/focus-areas/2/results", ANONYMOUS),
    ("/focus-areas/2", "secretary@demo.test"),
    ("/focus-areas/new", "secretary@demo.test"),
    ("/focus-areas/2/edit", "secretary@demo.test"),
    ("/focus-areas/2/curate", "secretary@demo.test"),
    ("/focus-areas/2/proposals/5", "secretary@demo.test"),
    ("/focus-areas/1/adopt", "secretary@demo.test"),
    # Committee (demo: meeting 1 with standing items 1–3; TRD-…-0003, id 3, is escalated)
    ("/committee/LMU/", "secretary@demo.test"),
    ("/committee/LMU/inbox", "secretary@demo.test"),
    ("/committee/LMU/meetings/new", "secretary@demo.test"),
    ("/committee/LMU/meetings/1", "secretary@demo.test"),
    ("/committee/LMU/meetings/1/edit", "secretary@demo.test"),
    ("/committee/LMU/meetings/1/agenda/print", "secretary@demo.test"),
    ("/committee/LMU/items/new?issue=3", "secretary@demo.test"),
    ("/committee/LMU/items/1", "secretary@demo.test"),
    ("/committee/LMU/items/1/edit", "secretary@demo.test"),
    ("/committee/LMU/items/1/decision", "secretary@demo.test"),
    (f"/committee/LMU/issues/TRD-{YEAR}-0003", "secretary@demo.test"),
    (f"/reports/LMU/{YEAR}", "secretary@demo.test"),
    ("/committee/LMU/meetings/1", "member@demo.test"),
    (f"/reports/LMU/{YEAR}", "member@demo.test"),
    (f"/you-said-we-did/LMU/{YEAR}", ANONYMOUS),
    # Surveys (demo round 1: last term's, published; 2: open for every campus; 3: Trondheim's, upcoming)
    ("/surveys/", "student@demo.test"),
    ("/surveys/2", "student@demo.test"),
    ("/surveys/2/answer", "student@demo.test"),
    ("/surveys/1/results", "student@demo.test"),
    ("/surveys/", "secretary@demo.test"),
    ("/surveys/2", "secretary@demo.test"),
    ("/surveys/2/results", "secretary@demo.test"),
    ("/surveys/2/edit", "secretary@demo.test"),
    ("/surveys/new", "secretary@demo.test"),
    ("/surveys/3", "leader.trd@demo.test"),
    ("/surveys/3/edit", "leader.trd@demo.test"),
]


def visit_all(browser, live_server, viewport, language, pages):
    by_user: dict = {}
    for path, who in pages:
        by_user.setdefault(who, []).append(path)
    for who, paths in by_user.items():
        page = new_page(browser, live_server, viewport)
        try:
            if who:
                sign_in(page, who)
            # The language link sets the cookie and, when signed in, the preference.
            page.goto(f"/language/{language}?next=/")
            for path in paths:
                page.goto(path)
                # A committee's documents are in its own language (the demo's: bokmål), whoever reads them.
                expected = "nb" if path.endswith("/print") else language
                assert page.locator("html").get_attribute("lang") == expected, path
                assert_accessible(page, f"[{language} {viewport} {who or 'anonymous'}]")
        finally:
            if who:
                page.goto(f"/language/{'en' if who.startswith('intl') else 'nb'}?next=/")
            page.context.close()


@pytest.mark.parametrize("viewport", ["narrow", "desktop"])
@pytest.mark.parametrize("language", ["nb", "nn", "en"])
def test_every_page_passes_axe(browser, live_server, viewport, language):
    visit_all(browser, live_server, viewport, language, PAGES)

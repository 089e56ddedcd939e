"""Issue 6's "done when": students propose, the secretary curates, two students vote on phones
(one in nynorsk, one in English); results are invisible until the close and correct after; axe
finds nothing on these pages in bokmål, nynorsk and English.

Buttons are found by their form, not their words: the flow must hold whichever catalogs are
merged. What is checked is data (titles, counts) and the page language.
"""

import re
import uuid
from datetime import datetime

from tests.browser.conftest import assert_accessible, new_page, sign_in

YEAR = datetime.now().year + 3  # the demo has rounds for this year and the next
LANGUAGES = ("nb", "nn", "en")


def axe_in_every_language(page, label: str, home_language: str) -> None:
    """Run axe on the current page in nb, nn and en, then go back to the person's language."""
    path = page.url.split("://", 1)[1].split("/", 1)[1]
    for language in LANGUAGES:
        page.goto(f"/language/{language}?next=/{path}")
        assert page.locator("html").get_attribute("lang") == language
        assert_accessible(page, f"{label} [{language}]")
    page.goto(f"/language/{home_language}?next=/{path}")


def accept_dialogs(page) -> None:
    # Irreversible steps ask for confirmation (portal.js); a person says yes.
    page.on("dialog", lambda dialog: dialog.accept())


def advance(secretary, round_url: str) -> None:
    secretary.goto(round_url)
    with secretary.expect_navigation():
        secretary.locator("form[action$='/advance'] button[type=submit]").click()


def results_are_hidden(page, round_url: str, titles) -> None:
    page.goto(f"{round_url}/results")
    body = page.locator("main").inner_text()
    assert page.locator("main table").count() == 0
    assert page.locator("main svg").count() == 0
    for title in titles:
        assert title not in body
    assert page.request.get(f"{round_url}/results.json").status == 404
    assert page.request.get(f"{round_url}/results.csv").status == 404


def approvals_in_table(page, title: str) -> int:
    row = page.locator("main table").first.locator("tbody tr").filter(has_text=title)
    return int(row.locator("td.num").first.inner_text().strip())


def test_propose_curate_vote_in_nynorsk_and_english_and_publish(browser, live_server):
    tag = uuid.uuid4().hex[:5]
    quiet, bikes, coffee = (f"Stille rom {tag}", f"Sykkelparkering {tag}", f"Gratis kaffe {tag}")

    # The secretary (laptop, English for this flow) creates a round and opens it for proposals.
    secretary = new_page(browser, live_server, "desktop")
    accept_dialogs(secretary)
    sign_in(secretary, "secretary@demo.test")
    secretary.goto("/language/en?next=/focus-areas/new")
    axe_in_every_language(secretary, "new round", "en")
    secretary.fill("#year", str(YEAR))
    secretary.fill("#max_choices", "2")
    with secretary.expect_navigation():
        secretary.locator("main form button[type=submit]").click()
    round_url = re.search(r"/focus-areas/\d+$", secretary.url).group(0)
    advance(secretary, round_url)  # proposals open now, not tomorrow

    # A student proposes on a phone, in bokmål.
    student = new_page(browser, live_server, "phone")
    sign_in(student, "student@demo.test")
    student.goto(round_url)
    assert student.locator("html").get_attribute("lang") == "nb"
    student.locator(f"a[href='{round_url}/propose']").click()
    axe_in_every_language(student, "propose", "nb")
    student.fill("#title", quiet)
    student.fill("#reason", "Det er for lite ro til å lese på campus.")
    assert student.locator("#language-0").is_checked()  # bokmål, the interface language
    with student.expect_navigation():
        student.locator("main form button[type=submit]").click()
    assert quiet in student.locator("main").inner_text()  # under "my proposals"
    # Two more; one will be declined.
    for title in (bikes, coffee):
        student.goto(f"{round_url}/propose")
        student.fill("#title", title)
        student.fill("#reason", "Fordi.")
        with student.expect_navigation():
            student.locator("main form button[type=submit]").click()

    # The secretary closes proposals early and curates: words in three languages, approve, decline.
    advance(secretary, round_url)
    secretary.goto(f"{round_url}/curate")
    axe_in_every_language(secretary, "curation list", "en")
    for title, nn, en in (
        (quiet, f"Stille rom {tag} (nn)", f"Quiet rooms {tag}"),
        (bikes, f"Sykkelparkering {tag} (nn)", f"Bike parking {tag}"),
    ):
        secretary.goto(f"{round_url}/curate")
        secretary.get_by_role("link", name=title).click()
        if title == quiet:
            axe_in_every_language(secretary, "curate proposal", "en")
        secretary.fill("#wording-title_nn", nn)
        secretary.fill("#wording-title_en", en)
        secretary.fill("#wording-description_en", "So the committee works on it all year.")
        with secretary.expect_navigation():
            secretary.locator("button[name=action][value=approve]").click()
        assert secretary.locator(".flash-success").count() == 1
    secretary.goto(f"{round_url}/curate")
    secretary.get_by_role("link", name=coffee).click()
    secretary.fill("#decline-reason", "Kaffeprisen er kantinas sak.")
    with secretary.expect_navigation():
        secretary.locator("form[action$='/decline'] button[type=submit]").click()
    # The proposer sees the reason.
    student.goto(round_url)
    assert "Kaffeprisen er kantinas sak." in student.locator("main").inner_text()

    advance(secretary, round_url)  # voting opens
    results_are_hidden(secretary, round_url, [quiet, bikes])

    # A student on a phone votes in nynorsk: the ballot speaks nynorsk.
    nn = new_page(browser, live_server, "phone")
    accept_dialogs(nn)
    sign_in(nn, "student2@demo.test")
    nn.goto(f"/language/nn?next={round_url}")
    assert nn.locator("html").get_attribute("lang") == "nn"
    nn.locator(f"a[href='{round_url}/vote']").click()
    axe_in_every_language(nn, "ballot", "nn")
    assert nn.evaluate("document.documentElement.scrollWidth") <= 360  # fits the phone
    ballot = nn.locator("main fieldset").inner_text()
    assert f"Stille rom {tag} (nn)" in ballot
    assert f"Sykkelparkering {tag} (nn)" in ballot
    assert coffee not in ballot
    nn.get_by_label(f"Stille rom {tag} (nn)").check()
    with nn.expect_navigation():
        nn.locator("button[name=action][value=vote]").click()
    assert nn.url.endswith(round_url)
    assert nn.locator(".flash-success").count() == 1
    assert nn.locator(".notice-help").count() == 1
    axe_in_every_language(nn, "round after voting", "nn")
    # Once is enough: the ballot page is closed to them now.
    nn.goto(f"{round_url}/vote")
    assert nn.url.endswith(round_url)
    assert nn.locator(".flash-error").count() == 1

    # A student on a phone votes in English, for both.
    en = new_page(browser, live_server, "phone")
    accept_dialogs(en)
    sign_in(en, "intl.student@demo.test")
    en.goto(f"{round_url}/vote")
    assert en.locator("html").get_attribute("lang") == "en"
    en.get_by_label(f"Quiet rooms {tag}").check()
    en.get_by_label(f"Bike parking {tag}").check()
    with en.expect_navigation():
        en.locator("button[name=action][value=vote]").click()
    assert en.locator(".flash-success").count() == 1

    # Still open: nobody sees a count, the secretary included.
    for page in (secretary, nn, en):
        results_are_hidden(page, round_url, [quiet, bikes, f"Quiet rooms {tag}"])

    # The secretary closes the vote: the secretary sees the results, students do not yet.
    advance(secretary, round_url)
    secretary.goto(f"{round_url}/results")
    assert approvals_in_table(secretary, f"Quiet rooms {tag}") == 2
    assert approvals_in_table(secretary, f"Bike parking {tag}") == 1
    results_are_hidden(en, round_url, [f"Quiet rooms {tag}"])

    # Published: everyone sees the same, correct numbers, in their language.
    advance(secretary, round_url)
    en.goto(f"{round_url}/results")
    assert approvals_in_table(en, f"Quiet rooms {tag}") == 2
    assert approvals_in_table(en, f"Bike parking {tag}") == 1
    facts = en.locator("main dl.facts").inner_text()
    assert re.search(r"\b2\b", facts)  # two voters
    assert en.locator("main svg[role=img] rect.bar").count() == 2
    assert en.evaluate("document.documentElement.scrollWidth") <= 360  # chart and tables fit the phone
    axe_in_every_language(en, "results", "en")
    data = en.request.get(f"{round_url}/results.json").json()
    assert data["voters"] == 2
    assert data["blank"] == 0
    assert sorted(p["approvals"] for p in data["proposals"]) == [1, 2]
    nn.goto(f"{round_url}/results")
    assert approvals_in_table(nn, f"Stille rom {tag} (nn)") == 2

    # The secretary marks the adopted focus area.
    secretary.goto(f"{round_url}/adopt")
    axe_in_every_language(secretary, "adopt", "en")
    secretary.get_by_label(f"Quiet rooms {tag}").check()
    with secretary.expect_navigation():
        secretary.locator("main form button[type=submit]").click()
    secretary.goto(f"{round_url}/results")
    assert (
        secretary.locator("main table tbody tr")
        .filter(has_text=f"Quiet rooms {tag}")
        .locator(".badge-ok")
        .count()
        == 1
    )

    secretary.goto("/language/nb?next=/")
    for page in (secretary, student, nn, en):
        page.context.close()


def test_voting_works_without_javascript(browser, live_server):
    """The demo round (voting open) on a 360 px phone with JavaScript off: plain forms suffice.
    (axe needs JavaScript, so the error state is checked with axe in test_ballot_errors_pass_axe.)"""
    page = new_page(browser, live_server, "phone", javascript=False)
    sign_in(page, "leader.ale@demo.test")  # a campus leader is a student too, and has not voted
    page.goto("/focus-areas/2/vote")
    assert page.locator("main fieldset input[type=checkbox]").count() >= 3
    # Too many choices: a message, the choices kept, nothing counted.
    for box in page.locator("main fieldset input[type=checkbox]").all()[:4]:
        box.check()
    with page.expect_navigation():
        page.locator("button[name=action][value=vote]").click()
    assert page.locator(".error-summary").count() == 1
    assert page.locator("main fieldset input[type=checkbox]:checked").count() == 4
    # A blank ballot, on purpose.
    for box in page.locator("main fieldset input[type=checkbox]").all():
        box.uncheck()
    with page.expect_navigation():
        page.locator("button[name=action][value=blank]").click()
    assert page.url.endswith("/focus-areas/2")
    assert page.locator(".notice-help").count() == 1
    page.context.close()


def test_ballot_errors_pass_axe(browser, live_server):
    page = new_page(browser, live_server, "phone")
    accept_dialogs(page)
    sign_in(page, "leader.gjo@demo.test")
    page.goto("/focus-areas/2/vote")
    with page.expect_navigation():
        page.locator("button[name=action][value=vote]").click()  # nothing chosen
    assert page.locator(".error-summary").count() == 1
    axe_in_every_language(page, "ballot with an error", "nn")
    page.context.close()

"""After a refused form the focus is on the summary of its errors, whose links lead to the
fields; the new information pages pass axe-core."""

import pytest

from tests.e2e.conftest import serious_violations


def focused_id(page):
    return page.evaluate("() => document.activeElement.id")


def test_a_refused_agreement_puts_the_focus_on_its_error_summary(page, log_in):
    log_in("netwerkmanager.oost-vlaanderen")
    page.goto("/samenwerking/overeenkomsten/nieuw/")
    with page.expect_navigation():
        page.locator("form.form button[type=submit]").last.click()
    summary = page.locator("#foutenoverzicht")
    assert summary.is_visible()
    assert focused_id(page) == "foutenoverzicht"
    first = summary.get_by_role("link").first
    target = first.get_attribute("href")
    first.click()
    assert page.url.endswith(target)
    assert page.csp_errors == []


def test_a_refused_meeting_puts_the_focus_on_its_error_summary(page, log_in):
    log_in("netwerkmanager.oost-vlaanderen")
    page.goto("/overleg/vergaderingen/nieuw/")
    page.get_by_label("Overlegorgaan (verplicht)", exact=True).select_option(
        label="Lerend netwerk Oost-Vlaanderen, regio Gent/Eeklo"
    )
    page.get_by_role("button", name="Verder").click()
    page.get_by_label("Datum (verplicht)", exact=True).fill("")
    with page.expect_navigation():
        page.get_by_role("button", name="Vergadering bewaren").click()
    assert focused_id(page) == "foutenoverzicht"


@pytest.mark.parametrize("path", ["/over-de-cijfers/", "/toegankelijkheid/"])
def test_the_information_pages_have_no_serious_accessibility_violations(page, log_in, path):
    log_in("ocmw.gent")
    page.goto(path)
    assert serious_violations(page) == []
    footer = page.locator("footer")
    assert footer.get_by_role("link", name="Over de cijfers en bronnen").is_visible()

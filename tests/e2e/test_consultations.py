"""The consultation pages in a real browser: the meeting form with the keyboard alone, the
add-a-row script under the CSP, and no serious accessibility violations."""

import re

from tests.e2e.conftest import serious_violations


def active(page):
    return page.evaluate(
        "() => { const e = document.activeElement;"
        " return {id: e.id, tag: e.tagName, type: e.type || '', text: e.textContent.trim()}; }"
    )


def test_a_network_manager_records_a_meeting_with_the_keyboard_alone(page, log_in):
    log_in("netwerkmanager.oost-vlaanderen")
    page.goto("/overleg/")
    page.get_by_role("link", name="Lerend netwerk Oost-Vlaanderen, regio Gent/Eeklo").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.get_by_role("link", name="Vergadering registreren").last.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.get_by_role("heading", level=1).inner_text() == "Vergadering registreren"
    assert serious_violations(page) == []

    page.get_by_label("Datum (verplicht)", exact=True).focus()
    page.keyboard.type("12032024")
    # The order of day and month follows the browser's language.
    typed = page.locator("#id_date").input_value()
    assert typed in ("2024-03-12", "2024-12-03")
    # Chromium moves through the day, month and year parts of a date field with Tab too.
    for _ in range(3):
        page.keyboard.press("Tab")
        if active(page)["id"] != "id_date":
            break
    assert active(page)["id"] == "id_place"
    page.keyboard.type("VDAB Gent")

    seen = []
    for _ in range(200):
        page.keyboard.press("Tab")
        element = active(page)
        seen.append(element["id"] or element["text"])
        if element["id"] == "id_themes_0":
            page.keyboard.press("Space")
        elif element["id"] == "id_new_themes":
            page.keyboard.type("Toetsenbord")
        elif (
            element["id"]
            and page.evaluate(
                "id => document.querySelector(`label[for='${id}']`)?.textContent.trim()",
                element["id"],
            )
            == "Gent"
        ):
            page.keyboard.press("Space")
        elif element["id"] == "id_deelnemers-0-role":
            page.keyboard.press("ArrowDown")
        elif element["id"] == "id_deelnemers-0-count":
            page.keyboard.type("4")
        elif element["id"] == "id_output-0-kind":
            page.keyboard.press("ArrowDown")
        elif element["id"] == "id_output-0-title":
            page.keyboard.type("Infosessie werkplekinstrumenten")
        elif element["id"] == "id_output-0-owner":
            # The first kind is a signal, whose owner a description suffices for; an action or
            # an agreement would need a person (id_output-0-owner_user), passed on the way.
            page.keyboard.type("Teamleider IDV")
        elif element["tag"] == "BUTTON" and element["text"] == "Vergadering bewaren":
            break
    else:
        raise AssertionError(f"the submit button was never reached: {seen[-10:]}")
    assert "id_deelnemers-0-role" in seen and "id_output-0-title" in seen
    # The owner fields of an output are all reached in their order.
    owners = ["owner_user", "owner_local_government", "owner_contact", "owner"]
    assert [seen.index(f"id_output-0-{name}") for name in owners] == sorted(
        seen.index(f"id_output-0-{name}") for name in owners
    )
    with page.expect_navigation():
        page.keyboard.press("Enter")
    errors = page.locator(".error-summary")
    assert errors.count() == 0, errors.first.inner_text()
    assert page.get_by_text("De vergadering is bewaard.").is_visible()
    content = page.content()
    year, month, day = typed.split("-")
    assert re.search(rf"Vergadering van \w+ {int(day)} \w+ {year}", content)
    output = page.get_by_role("region", name="Output van deze vergadering").locator("tbody tr")
    assert output.first.locator("td").all_inner_texts()[:3] == [
        "Signaal",
        "Infosessie werkplekinstrumenten",
        "Teamleider IDV",
    ]
    assert "Toetsenbord" in content
    assert re.search(r"Aanwezige lokale besturen</dt><dd>[^<]*Gent", content)
    assert page.csp_errors == []


def test_the_add_a_row_button_works_under_the_csp_and_moves_the_focus(page, log_in):
    log_in("netwerkmanager.vlaanderen")
    page.goto("/overleg/vergaderingen/nieuw/")
    page.get_by_label("Overlegorgaan (verplicht)", exact=True).select_option(
        label="Lerend netwerk Limburg"
    )
    page.get_by_role("button", name="Verder").click()
    rows = page.locator("[data-formset=deelnemers] .formset__row")
    assert rows.count() == 3
    page.locator("[data-formset=deelnemers] > button").first.focus()
    page.keyboard.press("Enter")
    assert rows.count() == 4
    assert active(page)["id"] == "id_deelnemers-3-role"
    assert page.locator("#id_deelnemers-TOTAL_FORMS").input_value() == "4"
    assert page.csp_errors == []


def test_typing_in_the_filter_narrows_the_list_of_bodies_and_says_how_many_remain(page, log_in):
    log_in("netwerkmanager.vlaanderen")
    page.goto("/overleg/vergaderingen/nieuw/")
    bodies = page.get_by_label("Overlegorgaan (verplicht)", exact=True)
    status = page.get_by_role("status")
    offered = bodies.locator("option:not([value=''])")
    everything = offered.count()
    assert everything > 50
    assert status.inner_text() == f"{everything} overlegorganen"

    page.get_by_label("Zoek een overlegorgaan").fill("limburg")
    limburg = offered.count()
    assert 1 < limburg < everything
    assert status.inner_text() == f"{limburg} overlegorganen"
    assert bodies.locator("optgroup").evaluate_all("groups => groups.map(g => g.label)") == [
        "Limburg"
    ]

    page.get_by_label("Zoek een overlegorgaan").fill("gent eeklo")
    assert status.inner_text() == "1 overlegorgaan"
    assert offered.all_inner_texts() == ["Lerend netwerk Oost-Vlaanderen, regio Gent/Eeklo"]
    with page.expect_navigation():
        page.get_by_role("button", name="Verder").click()
    assert "Lerend netwerk Oost-Vlaanderen, regio Gent/Eeklo" in page.locator("main").inner_text()

    page.go_back()
    page.get_by_label("Zoek een overlegorgaan").fill("geen zulk orgaan")
    assert status.inner_text() == "Geen overlegorgaan gevonden"
    assert offered.count() == 0
    page.get_by_label("Zoek een overlegorgaan").fill("")
    assert offered.count() == everything
    assert page.csp_errors == []


def test_the_consultation_pages_have_no_serious_accessibility_violations(page, log_in):
    log_in("netwerkmanager.vlaanderen")
    for path in (
        "/overleg/",
        "/overleg/vergaderingen/",
        "/overleg/vergaderingen/nieuw/",
        "/overleg/vergaderingen/plannen/",
        "/overleg/output/?achterstallig=on",
        "/overleg/rapport/?van=2024-01-01&tot=2024-12-31",
        "/samenwerking/",
        "/samenwerking/activeringspact/ronde-1/",
    ):
        page.goto(path)
        assert serious_violations(page) == [], path

"""A planned meeting from start to finish in Chromium: VDAB plans it and invites the area, the
invited OCMW says who comes and proposes an agenda item, and on the day the organiser records
it, with the attendance prefilled from the confirmations. Then the pages of taking part (the
plan form, a planned meeting as an invited OCMW sees it, search, Mijn acties, Meldingen, the
delete page and the deleted meetings) pass axe-core."""

import datetime
import re

from tests.e2e.conftest import serious_violations

MANAGER, OCMW, ADMIN = "netwerkmanager.oost-vlaanderen", "ocmw.gent", "beheerder"
FORUM = "Overlegforum Gent"


def switch_to(page, log_in, username):
    """Log in as someone else in the same browser page, so that page.csp_errors covers all."""
    page.context.clear_cookies()
    log_in(username)


def choose_body(page, starts_with):
    """Step 1 of planning: the running body whose label starts with `starts_with`; the list
    also holds the ended ones, marked '(afgelopen)'."""
    page.goto("/overleg/vergaderingen/plannen/")
    assert page.get_by_role("heading", level=1).inner_text() == "Vergadering plannen"
    bodies = page.get_by_label("Overlegorgaan (verplicht)", exact=True)
    labels = [
        label.strip()
        for label in bodies.locator("option").all_inner_texts()
        if label.strip().startswith(starts_with) and not label.strip().endswith("(afgelopen)")
    ]
    assert len(labels) == 1, labels
    bodies.select_option(label=labels[0])
    with page.expect_navigation():
        page.get_by_role("button", name="Verder").click()
    return labels[0]


def plan(page, *, day, agenda, place="VDAB Gent, Kongostraat 7"):
    """Step 2: fill the form and plan; returns the meeting's address."""
    page.get_by_label("Datum (verplicht)", exact=True).fill(day.isoformat())
    page.get_by_label("Beginuur").fill("14:00")
    page.get_by_label("Einduur").fill("16:00")
    page.get_by_label("Plaats").fill(place)
    page.get_by_label("Agenda").fill("\n".join(agenda))
    with page.expect_navigation():
        page.get_by_role("button", name="Vergadering plannen").click()
    errors = page.locator(".error-summary")
    assert errors.count() == 0, errors.first.inner_text()
    assert re.search(r"/overleg/vergaderingen/\d+/$", page.url), page.url
    return page.url


def invitations(page):
    """{local government: (coming, not coming)} of the table of invitations."""
    table = page.get_by_role("table", name="Uitgenodigde lokale besturen en hun antwoorden")
    found = {}
    for row in table.locator("tbody tr").all():
        name, coming, not_coming = row.locator("td").all_inner_texts()
        found[name] = (int(coming), int(not_coming))
    return found


def status(page):
    return page.locator(".lead .badge").inner_text()


def test_vdab_plans_a_meeting_gent_answers_and_the_organiser_records_it(page, log_in):
    today = datetime.date.today()
    agenda = ["Opvolging van de trajecten", "Nieuwe werkplekinstrumenten"]
    proposal = "Graag een punt over de wachttijden voor taalopleidingen."

    # VDAB plans the meeting of the running forum for today, and invites Gent.
    log_in(MANAGER)
    forum = choose_body(page, FORUM)
    assert forum == "Overlegforum Gent (SO 2025-2030)"
    assert forum in page.locator("main").inner_text()
    invited = page.get_by_role("group", name="Uitgenodigde lokale besturen")
    assert invited.get_by_label("Gent", exact=True).is_checked()
    assert serious_violations(page) == []
    meeting_url = plan(page, day=today, agenda=agenda)
    assert page.get_by_text(
        "De vergadering is gepland. De uitgenodigden krijgen een e-mail."
    ).is_visible()
    assert status(page) == "Gepland"
    assert page.get_by_role("heading", level=1).inner_text() == forum
    assert page.locator("h2:text-is('Agenda') + ol li").all_inner_texts() == agenda
    assert invitations(page) == {"Gent": (0, 0)}
    # Its day has come: the organiser records it rather than changing the plan.
    assert page.get_by_role("link", name="Verslag en aanwezigheden registreren").is_visible()
    assert page.get_by_role("link", name="Geplande vergadering wijzigen").count() == 0
    assert page.get_by_role("button", name="Vergadering annuleren").is_visible()

    # Gent's OCMW says who comes and proposes an agenda item.
    switch_to(page, log_in, OCMW)
    page.goto(meeting_url)
    assert status(page) == "Gepland"
    assert page.get_by_role("link", name="Verslag en aanwezigheden registreren").count() == 0
    assert page.get_by_role("heading", name="Komt u?").is_visible()
    page.get_by_label("Naam (verplicht)", exact=True).fill("Sofie De Smet")
    page.get_by_label("Functie").fill("Trajectbegeleider")
    page.get_by_role("radio", name="Komt", exact=True).check()
    with page.expect_navigation():
        page.get_by_role("button", name="Antwoord bewaren").click()
    assert page.get_by_text("Bewaard: Sofie De Smet — Komt.").is_visible()
    assert invitations(page) == {"Gent": (1, 0)}
    assert page.locator("ul.replies").inner_text() == (
        "Sofie De Smet, Trajectbegeleider (Gent): komt"
    )
    page.get_by_label("Agendapunt of opmerking (verplicht)", exact=True).fill(proposal)
    with page.expect_navigation():
        page.get_by_role("button", name="Voorstel bezorgen").click()
    assert page.get_by_text("Uw voorstel is bezorgd aan de organisator.").is_visible()
    proposals = page.locator("h2:text-is('Voorstellen voor de agenda') + ul")
    assert proposal in proposals.inner_text() and "Gent" in proposals.inner_text()

    # The organiser sees the answer and the proposal, and records the meeting.
    switch_to(page, log_in, MANAGER)
    page.goto(meeting_url)
    assert invitations(page) == {"Gent": (1, 0)}
    replies = page.locator("ul.replies").inner_text()
    assert "Sofie De Smet, Trajectbegeleider (Gent): komt" in replies
    assert proposal in page.locator("h2:text-is('Voorstellen voor de agenda') + ul").inner_text()
    with page.expect_navigation():
        page.get_by_role("link", name="Verslag en aanwezigheden registreren").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Vergadering bewerken"
    assert page.get_by_label("Datum (verplicht)", exact=True).input_value() == today.isoformat()
    present = page.get_by_role("group", name="Aanwezige lokale besturen")
    assert present.get_by_label("Gent", exact=True).is_checked()
    page.get_by_label("Verslag", exact=True).fill(
        "De trajecten liepen volgens plan. De wachttijden voor taalopleidingen komen terug."
    )
    with page.expect_navigation():
        page.get_by_role("button", name="Vergadering bewaren").click()
    errors = page.locator(".error-summary")
    assert errors.count() == 0, errors.first.inner_text()
    assert page.url == meeting_url
    assert page.get_by_text("De vergadering is bewaard.").is_visible()
    assert status(page) == "Verslag klaar"
    assert "De trajecten liepen volgens plan." in page.locator(".minutes").inner_text()
    assert re.search(r"Aanwezige lokale besturen</dt><dd>[^<]*Gent", page.content())
    assert page.get_by_role("link", name="Vergadering bewerken").is_visible()
    assert page.get_by_role("button", name="Vergadering annuleren").count() == 0

    # For Gent it is no longer an invitation to answer.
    switch_to(page, log_in, OCMW)
    page.goto(meeting_url)
    assert status(page) == "Verslag klaar"
    assert page.get_by_role("heading", name="Komt u?").count() == 0
    assert page.csp_errors == []


def test_the_pages_of_taking_part_have_no_serious_accessibility_violations(page, log_in):
    problems = []

    def check(label):
        problems.extend(f"{label}: {violation}" for violation in serious_violations(page))

    # The plan form, step 2, and a planned meeting of its own, to delete at the end.
    log_in(MANAGER)
    choose_body(page, FORUM)
    check("plan form")
    day = datetime.date.today() + datetime.timedelta(days=40)
    meeting_url = plan(page, day=day, agenda=["Toegankelijkheid"], place="VDAB Gent")
    check("planned meeting as organiser")

    page.goto("/overleg/zoeken/?q=Gent")
    assert re.match(r"\d+ resultaten? voor 'Gent'", page.get_by_role("status").inner_text())
    assert page.locator("ol.search-results li").count() > 0
    check("search")

    page.goto("/overleg/mijn-acties/")
    check("mijn acties")
    page.goto("/overleg/meldingen/")
    check("meldingen")
    page.get_by_role("button", name="Agenda-adres maken").click()
    page.wait_for_load_state()
    assert page.get_by_label("Uw agenda-adres").input_value().endswith(".ics")
    check("meldingen with a new calendar address")

    # Gent's OCMW with its two forms, both empty and refused.
    switch_to(page, log_in, OCMW)
    page.goto(meeting_url)
    assert page.get_by_role("heading", name="Komt u?").is_visible()
    check("planned meeting as an invited OCMW")
    with page.expect_navigation():
        page.get_by_role("button", name="Antwoord bewaren").click()
    assert page.locator(".error-summary").count() == 1
    check("planned meeting with a refused answer")
    page.goto(meeting_url)
    with page.expect_navigation():
        page.get_by_role("button", name="Voorstel bezorgen").click()
    assert page.locator(".error-summary").count() == 1
    check("planned meeting with a refused proposal")

    # The delete page, refused without a reason, then the meeting deleted.
    switch_to(page, log_in, MANAGER)
    page.goto(meeting_url + "verwijderen/")
    assert page.get_by_role("heading", level=1).inner_text() == "Vergadering verwijderen"
    check("delete page")
    with page.expect_navigation():
        page.get_by_role("button", name="Vergadering verwijderen").click()
    assert page.locator(".error-summary").count() == 1
    check("delete page refused")
    page.get_by_label("Reden (verplicht)", exact=True).fill("Test van de toegankelijkheid")
    with page.expect_navigation():
        page.get_by_role("button", name="Vergadering verwijderen").click()
    assert page.get_by_text("is verwijderd. Een beheerder kan ze herstellen.").is_visible()

    switch_to(page, log_in, ADMIN)
    page.goto("/overleg/vergaderingen/verwijderd/")
    deleted = page.get_by_role("table", name=re.compile("^Verwijderde vergaderingen"))
    assert "Test van de toegankelijkheid" in deleted.inner_text()
    check("deleted meetings")
    assert problems == [], "\n".join(problems)
    assert page.csp_errors == []

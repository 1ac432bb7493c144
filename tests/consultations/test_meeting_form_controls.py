"""The controls of the meeting form: the list of bodies per province with the ones that still
meet first, checkboxes instead of Ctrl-click lists, and blank rows that ask for nothing."""

import datetime
from html.parser import HTMLParser

import pytest

from activation.cooperation.services import save_agreement
from activation.models import CooperationAgreement, LocalGovernment

pytestmark = pytest.mark.django_db

CHOICE = "/overleg/vergaderingen/nieuw/"
TODAY = datetime.date.today()


class BodyOptions(HTMLParser):
    """The <select name="orgaan"> of the page as [(optgroup label, [option label, ...]), ...]."""

    def __init__(self, page):
        super().__init__(convert_charrefs=True)
        self.groups, self.loose, self._in_select, self._option = [], [], False, None
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "select" and attrs.get("name") == "orgaan":
            self._in_select = True
        elif self._in_select and tag == "optgroup":
            self.groups.append((attrs["label"], []))
        elif self._in_select and tag == "option":
            self._option = ""

    def handle_data(self, data):
        if self._option is not None:
            self._option += data

    def handle_endtag(self, tag):
        if tag == "select":
            self._in_select = False
        elif tag == "option" and self._option is not None:
            label, self._option = self._option.strip(), None
            (self.groups[-1][1] if self.groups else self.loose).append(label)


def forum_agreement(nis_code, *, status, valid_from, valid_until, framework="2025-2030"):
    return save_agreement(
        agreement=CooperationAgreement(
            local_government=LocalGovernment.objects.get(pk=nis_code),
            framework=framework,
            status=status,
            signed_on=None if status == "in_voorbereiding" else valid_from,
            valid_from=valid_from,
            valid_until=valid_until,
        ),
        goals=["Lokale vacatures ontsluiten"],
    )


@pytest.fixture
def forums(db):
    """Forums in Oost-Vlaanderen: Gent's agreement runs, Eeklo's is being prepared, Aalst's
    ended last month."""
    year = datetime.timedelta(days=365)
    forum_agreement("44021", status="lopend", valid_from=TODAY - year, valid_until=TODAY + year)
    forum_agreement(
        "43005", status="in_voorbereiding", valid_from=TODAY + year, valid_until=TODAY + 2 * year
    )
    forum_agreement(
        "41002",
        status="afgelopen",
        framework="2020-2025",
        valid_from=TODAY - 5 * year,
        valid_until=TODAY - datetime.timedelta(days=30),
    )


def test_a_provincial_manager_sees_the_bodies_of_the_province_running_ones_first(
    login, nm_oost, forums
):
    page = login(nm_oost).get(CHOICE).content.decode()
    options = BodyOptions(page)
    assert options.loose == ["— Kies een overlegorgaan —"]
    assert [heading for heading, _ in options.groups] == ["Oost-Vlaanderen"]
    ((_, bodies),) = options.groups
    assert bodies == [
        "Provinciale werkgroep Oost-Vlaanderen",
        "Overlegforum Gent (SO 2025-2030)",
        "Lerend netwerk Oost-Vlaanderen, regio Gent/Eeklo",
        "Lerend netwerk Oost-Vlaanderen, regio Aalst/Oudenaarde",
        "Lerend netwerk Oost-Vlaanderen, regio Waas en Dender",
        "Overlegforum Eeklo (SO 2025-2030) (in voorbereiding)",
        "Overlegforum Aalst (SO 2020-2025) (afgelopen)",
    ]
    assert "7 overlegorganen" in page


def test_a_manager_for_all_flanders_sees_vlaanderen_first_then_each_province(
    login, nm_vlaanderen, forums
):
    options = BodyOptions(login(nm_vlaanderen).get(CHOICE).content.decode())
    groups = dict(options.groups)
    assert list(groups) == [
        "Vlaanderen",
        "Antwerpen",
        "Limburg",
        "Oost-Vlaanderen",
        "Vlaams-Brabant",
        "West-Vlaanderen",
    ]
    assert groups["Vlaanderen"] == [
        "Centrale werkgroep lokale besturen",
        "Interministeriële conferentie (IMC) Werk",
        "Interfederaal platform",
    ]
    assert groups["Oost-Vlaanderen"][-1] == "Overlegforum Aalst (SO 2020-2025) (afgelopen)"
    assert "Lerend netwerk Limburg" in groups["Limburg"]


def test_the_filter_field_is_labelled_and_tied_to_the_list_and_its_count(login, nm_oost):
    page = login(nm_oost).get(CHOICE).content.decode()
    assert '<label for="orgaan-zoeken">Zoek een overlegorgaan</label>' in page
    assert 'aria-controls="id_orgaan"' in page and 'id="id_orgaan"' in page
    assert 'id="orgaan-aantal" role="status"' in page
    assert "<script>" not in page and " onclick=" not in page


def test_the_list_of_bodies_takes_the_same_queries_however_many_forums_there_are(
    login, nm_vlaanderen, forums, django_assert_num_queries
):
    client = login(nm_vlaanderen)
    # session, the user with their role and scope, may the user record anything (exists), the
    # bodies with their province and agreement in one, the demo banner (exists).
    with django_assert_num_queries(5):
        assert client.get(CHOICE).status_code == 200


MEETING = "/overleg/vergaderingen/nieuw/?orgaan={}"


def test_no_form_page_asks_to_hold_ctrl(login, nm_oost, beheerder, body, make_meeting):
    gent_eeklo = body("lerend-netwerk-gent-eeklo")
    meeting = make_meeting(
        gent_eeklo, datetime.date(2024, 3, 12), outputs=[("actie", "Verwijsformulier", "open")]
    )
    client = login(nm_oost)
    pages = [
        client.get(CHOICE),
        client.get(MEETING.format(gent_eeklo.pk)),
        client.get(f"/overleg/vergaderingen/{meeting.pk}/bewerken/"),
        login(beheerder).get("/samenwerking/activeringspact/projecten/nieuw/"),
    ]
    assert [response.status_code for response in pages] == [200] * 4
    assert [r.request["PATH_INFO"] for r in pages if "Ctrl" in r.content.decode()] == []
    assert [r.request["PATH_INFO"] for r in pages if "<select multiple" in r.content.decode()] == []


def test_an_outputs_local_governments_are_checkboxes_in_a_fieldset(login, nm_oost, body):
    page = login(nm_oost).get(MEETING.format(body("lerend-netwerk-gent-eeklo").pk)).content.decode()
    start = page.index('id="veld-output-0-local_governments"')
    block = page[start : page.index("</fieldset>", start)]
    assert "<legend>Betrokken lokale besturen</legend>" in block
    assert 'type="checkbox" name="output-0-local_governments" value="44021"' in block
    assert '<label for="id_output-0-local_governments_' in block


def test_a_long_list_of_local_governments_scrolls_under_a_heading_per_province(
    login, nm_vlaanderen, body
):
    central = body("centrale-werkgroep-lokale-besturen")
    page = login(nm_vlaanderen).get(MEETING.format(central.pk)).content.decode()
    start = page.index('id="veld-output-0-local_governments"')
    block = page[start : page.index('<template data-formset-template="output"', start)]
    assert '<div class="choice-scroll">' in block
    headings = [part.split("</legend>")[0] for part in block.split("<legend>")[2:]]
    assert headings == [
        "Antwerpen",
        "Limburg",
        "Oost-Vlaanderen",
        "Vlaams-Brabant",
        "West-Vlaanderen",
    ]
    assert block.count('name="output-0-local_governments"') == central.local_governments.count()


def formset_rows(page, prefix):
    """The HTML of each row of the formset `prefix`, the template for added rows left out."""
    start = page.index(f'data-formset="{prefix}"')
    end = page.index(f'<template data-formset-template="{prefix}"', start)
    return page[start:end].split('<fieldset class="formset__row">')[1:]


def test_saved_rows_say_what_is_required_and_can_be_deleted_blank_rows_neither(
    login, nm_oost, body, make_meeting
):
    from consultations.models import ParticipantRole

    meeting = make_meeting(
        body("lerend-netwerk-gent-eeklo"),
        datetime.date(2024, 3, 12),
        outputs=[("actie", "Verwijsformulier vereenvoudigen", "open")],
    )
    ParticipantRole.objects.create(meeting=meeting, role="ocmw_consulent", count=6)
    page = login(nm_oost).get(f"/overleg/vergaderingen/{meeting.pk}/bewerken/").content.decode()

    saved_output, blank_output = formset_rows(page, "output")
    assert saved_output.count("(verplicht)") == 2  # soort, titel; the owner is one of three ways
    assert "Of: lokaal bestuur" in saved_output
    assert 'name="output-0-DELETE"' in saved_output and "Verwijderen" in saved_output
    assert "verplicht" not in blank_output and "Verwijderen" not in blank_output
    assert 'name="output-1-title"' in blank_output

    saved_role, *blank_roles = formset_rows(page, "deelnemers")
    assert saved_role.count("(verplicht)") == 2  # rol, aantal
    assert 'name="deelnemers-0-DELETE"' in saved_role
    assert len(blank_roles) == 3
    assert [row for row in blank_roles if "verplicht" in row or "Verwijderen" in row] == []


def test_the_rows_of_a_new_meeting_and_the_rows_a_user_adds_are_blank_rows(login, nm_oost, body):
    page = login(nm_oost).get(MEETING.format(body("lerend-netwerk-gent-eeklo").pk)).content.decode()
    rows = formset_rows(page, "output") + formset_rows(page, "deelnemers")
    start = page.index('<template data-formset-template="output"')
    added = page[start : page.index("</template>", start)]
    assert len(rows) == 4
    assert [row for row in [*rows, added] if "verplicht" in row or "DELETE" in row] == []
    # The meeting's own fields are still marked.
    assert 'Datum <span class="required">(verplicht)</span>' in page

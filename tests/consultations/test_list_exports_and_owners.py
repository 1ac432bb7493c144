"""The meeting and output lists download their filtered rows; an action's owner is a person
who takes part in the body, and finds the action under "Mijn acties"."""

import csv
import datetime
import html
import io

import openpyxl
import pytest

from consultations.models import Output
from ocmw_portal.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def meetings(body, make_meeting):
    gent = make_meeting(
        body("lerend-netwerk-gent-eeklo"),
        datetime.date(2024, 3, 5),
        outputs=[("actie", "=Screening", "open", datetime.date(2024, 6, 1))],
    )
    later = make_meeting(body("lerend-netwerk-gent-eeklo"), datetime.date(2024, 9, 3))
    limburg = make_meeting(
        body("lerend-netwerk-limburg"),
        datetime.date(2024, 3, 6),
        outputs=[("actie", "Jobbeurs Hasselt", "open")],
    )
    return gent, later, limburg


def rows_of_csv(response):
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


def test_the_meetings_export_holds_the_filtered_rows_in_scope(login, nm_oost, meetings):
    gent, later, _ = meetings
    response = login(nm_oost).get("/overleg/vergaderingen/export.csv?van=2024-01-01&tot=2024-06-30")
    assert response.status_code == 200
    rows = rows_of_csv(response)
    assert rows[0][:3] == ["Datum", "Status", "Overlegorgaan"]
    assert [row[0] for row in rows[1:]] == ["2024-03-05"], "the filter's period; Limburg out"
    assert rows[1][-1] == gent.get_absolute_url()
    event = AuditEvent.objects.get(action="export")
    assert event.subject == "Vergaderingen (csv)" and "van=2024-01-01" in event.details["filters"]


def test_the_outputs_export_in_xlsx_has_dates_as_dates_and_formulas_as_text(
    login, nm_oost, meetings
):
    response = login(nm_oost).get("/overleg/output/export.xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    header = [cell.value for cell in sheet[1]]
    row = dict(zip(header, sheet[2], strict=True))
    assert row["Titel"].value == "=Screening" and row["Titel"].data_type == "s"
    assert row["Uiterste datum"].value == datetime.datetime(2024, 6, 1)
    assert row["Over tijd"].value == "ja"
    assert sheet.max_row == 2, "Limburg's output is not Oost-Vlaanderen's"


def test_a_refused_filter_gives_the_list_with_its_message_and_no_file(login, nm_oost):
    response = login(nm_oost).get("/overleg/output/export.csv?van=2024-09-01&tot=2024-01-01")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert "De einddatum ligt vóór de begindatum" in html.unescape(response.content.decode())
    assert login(nm_oost).get("/overleg/output/export.pdf").status_code == 404


def test_an_action_needs_a_person_as_owner_chosen_from_the_body(
    login, nm_oost, nm_vlaanderen, ocmw_gent, ocmw_pajottegem, body
):
    network = body("lerend-netwerk-gent-eeklo")
    client = login(nm_oost)
    form = client.get(f"/overleg/vergaderingen/nieuw/?orgaan={network.pk}").content.decode()
    owners = form[form.index('name="output-0-owner_user"') :].split("</select>")[0]
    assert f'value="{nm_oost.pk}"' in owners and f'value="{ocmw_gent.pk}"' in owners
    assert f'value="{ocmw_pajottegem.pk}"' not in owners, "Pajottegem is not in Gent/Eeklo"
    data = {
        "date": "2024-03-12",
        "place": "VDAB Gent",
        "minutes": "",
        "deelnemers-TOTAL_FORMS": "0",
        "deelnemers-INITIAL_FORMS": "0",
        "output-TOTAL_FORMS": "1",
        "output-INITIAL_FORMS": "0",
        "output-0-kind": "actie",
        "output-0-title": "Verwijsformulier vereenvoudigen",
        "output-0-owner": "Iemand van VDAB",
        "output-0-due_date": "2024-06-30",
    }
    url = f"/overleg/vergaderingen/nieuw/?orgaan={network.pk}"
    refused = client.post(url, data)
    assert refused.status_code == 400
    assert "Kies wie deze actie opneemt" in html.unescape(refused.content.decode())
    outsider = client.post(url, {**data, "output-0-owner_user": str(ocmw_pajottegem.pk)})
    assert outsider.status_code == 400
    contact = client.post(
        url,
        {**data, "output-0-owner_local_government": "44021", "output-0-owner_contact": ""},
    )
    assert "Vul de contactpersoon" in html.unescape(contact.content.decode())
    assert client.post(url, {**data, "output-0-owner_user": str(ocmw_gent.pk)}).status_code == 302
    output = Output.objects.get(title="Verwijsformulier vereenvoudigen")
    assert output.owner_user == ocmw_gent

    mine = html.unescape(login(ocmw_gent).get("/overleg/mijn-acties/").content.decode())
    assert "Verwijsformulier vereenvoudigen" in mine and "30-06-2024" in mine
    assert "over tijd" in mine
    assert (
        "Verwijsformulier" not in login(nm_vlaanderen).get("/overleg/mijn-acties/").content.decode()
    )


def test_a_local_government_with_a_named_contact_is_an_owner_too(login, nm_oost, body):
    network = body("lerend-netwerk-gent-eeklo")
    response = login(nm_oost).post(
        f"/overleg/vergaderingen/nieuw/?orgaan={network.pk}",
        {
            "date": "2024-03-12",
            "place": "VDAB Gent",
            "deelnemers-TOTAL_FORMS": "0",
            "deelnemers-INITIAL_FORMS": "0",
            "output-TOTAL_FORMS": "1",
            "output-INITIAL_FORMS": "0",
            "output-0-kind": "afspraak",
            "output-0-title": "Gezamenlijke intake",
            "output-0-owner_local_government": "43005",
            "output-0-owner_contact": "Els Martens",
        },
    )
    assert response.status_code == 302
    output = Output.objects.get(title="Gezamenlijke intake")
    assert output.owner_label == "Els Martens (Eeklo)"


def test_an_ocmw_whose_scope_still_lists_a_former_municipality_takes_part_in_its_successors_body(
    body, nm_oost
):
    """The OCMW rule read the other way: Galmaarden in a scope counts as Pajottegem."""
    from consultations.planning.selectors import owner_candidates
    from ocmw_portal.services import create_user

    galmaarden = create_user(
        username="ocmw.galmaarden", password="x", role="ocmw", local_governments=["23023"]
    )
    working_group = body("provinciale-werkgroep-vlaams-brabant")
    assert galmaarden in owner_candidates(working_group)
    assert nm_oost not in owner_candidates(working_group), "Oost-Vlaanderen's VDAB is not in it"
    assert galmaarden not in owner_candidates(body("provinciale-werkgroep-limburg"))

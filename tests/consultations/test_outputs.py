"""Outputs and their follow-up: every status change has a reason, a date and an author."""

import datetime
import html
import re

import pytest

from consultations.models import FollowUp, Output

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()


@pytest.fixture
def outputs(body, make_meeting):
    gent_eeklo = body("lerend-netwerk-gent-eeklo")
    limburg = body("lerend-netwerk-limburg")
    macro = body("centrale-werkgroep-lokale-besturen")
    late = TODAY - datetime.timedelta(days=10)
    make_meeting(
        gent_eeklo,
        datetime.date(2024, 3, 12),
        outputs=[
            ("infosessie", "Opleiding Arvastat", "open", late),
            ("actie", "Verwijsformulier vereenvoudigen", "uitgevoerd", late),
        ],
    )
    make_meeting(
        macro,
        datetime.date(2023, 6, 1),
        place="Brussel",
        outputs=[("signaal", "Signaal over de verplichte inschrijving", "doorgegeven")],
    )
    make_meeting(
        limburg,
        datetime.date(2024, 9, 1),
        outputs=[("goede_praktijk", "Taalcoaching op de werkvloer", "open")],
    )
    return {o.title: o for o in Output.objects.all()}


def text(response):
    """The page as a user reads it: without tags, entities decoded, whitespace collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


def table(response):
    """Only the rows of the page's tables, not the filter choices."""
    page = html.unescape(response.content.decode())
    return " ".join(part.split("</tbody>")[0] for part in page.split("<tbody>")[1:])


def test_a_status_change_without_a_reason_is_refused_and_nothing_changes(login, nm_oost, outputs):
    output = outputs["Opleiding Arvastat"]
    response = login(nm_oost).post(
        f"/overleg/output/{output.pk}/",
        {"to_status": "uitgevoerd", "date": TODAY.isoformat(), "reason": "   "},
    )
    assert response.status_code == 400
    assert "Geef een reden voor deze statuswijziging: ze wordt bewaard in de opvolging." in text(
        response
    )
    output.refresh_from_db()
    assert output.status == "open"
    assert FollowUp.objects.count() == 0


def test_a_status_change_records_reason_date_and_author(login, nm_oost, outputs):
    output = outputs["Opleiding Arvastat"]
    client = login(nm_oost)
    response = client.post(
        f"/overleg/output/{output.pk}/",
        {"to_status": "uitgevoerd", "date": "2024-05-02", "reason": "Twee sessies gegeven."},
    )
    assert response.status_code == 302
    output.refresh_from_db()
    assert output.status == "uitgevoerd"
    follow_up = FollowUp.objects.get()
    assert (follow_up.from_status, follow_up.to_status) == ("open", "uitgevoerd")
    assert follow_up.reason == "Twee sessies gegeven."
    assert follow_up.date == datetime.date(2024, 5, 2)
    assert follow_up.author == nm_oost
    page = text(client.get(f"/overleg/output/{output.pk}/"))
    assert (
        "02-05-2024: Open → Uitgevoerd , door netwerkmanager.oost-vlaanderen" in page
        and "Twee sessies gegeven." in page
    )


def test_a_signal_can_be_taken_into_the_new_framework(login, nm_vlaanderen, outputs):
    output = outputs["Signaal over de verplichte inschrijving"]
    login(nm_vlaanderen).post(
        f"/overleg/output/{output.pk}/",
        {
            "to_status": "werkingskader",
            "date": "2024-02-01",
            "reason": "Opgenomen in het ontwerp van het werkingskader.",
        },
    )
    output.refresh_from_db()
    assert output.get_status_display() == "Opgenomen in werkingskader 2025–2030"


def test_the_service_refuses_a_change_without_reason_too(outputs, nm_oost):
    from django.core.exceptions import ValidationError

    from consultations.services import change_output_status

    with pytest.raises(ValidationError, match="Geef een reden"):
        change_output_status(
            output=outputs["Opleiding Arvastat"],
            to_status="uitgevoerd",
            reason="",
            date=TODAY,
            author=nm_oost,
        )
    assert FollowUp.objects.count() == 0


def titles(response):
    return {
        title
        for title in (
            "Opleiding Arvastat",
            "Verwijsformulier vereenvoudigen",
            "Signaal over de verplichte inschrijving",
            "Taalcoaching op de werkvloer",
        )
        if title in table(response)
    }


@pytest.mark.parametrize(
    "query, expected",
    [
        (
            "",
            {
                "Opleiding Arvastat",
                "Verwijsformulier vereenvoudigen",
                "Signaal over de verplichte inschrijving",
                "Taalcoaching op de werkvloer",
            },
        ),
        ("soort=signaal", {"Signaal over de verplichte inschrijving"}),
        ("status=open", {"Opleiding Arvastat", "Taalcoaching op de werkvloer"}),
        ("niveau=macro", {"Signaal over de verplichte inschrijving"}),
        ("provincie=70000", {"Taalcoaching op de werkvloer"}),
        (
            "van=2024-01-01&tot=2024-06-30",
            {"Opleiding Arvastat", "Verwijsformulier vereenvoudigen"},
        ),
        ("achterstallig=on", {"Opleiding Arvastat"}),
    ],
)
def test_the_output_list_filters(login, nm_vlaanderen, outputs, query, expected):
    response = login(nm_vlaanderen).get(f"/overleg/output/?{query}")
    assert response.status_code == 200
    assert titles(response) == expected


def test_an_inverted_period_in_the_filters_gives_a_dutch_message(login, nm_vlaanderen, outputs):
    response = login(nm_vlaanderen).get("/overleg/output/?van=2024-12-31&tot=2024-01-01")
    assert response.status_code == 200
    assert "De einddatum ligt vóór de begindatum" in text(response)
    assert titles(response) == set()


def test_the_meeting_list_filters_on_theme_and_level(login, nm_vlaanderen, outputs, body):
    from consultations.models import Meeting, Theme

    arvastat = Theme.objects.create(name="Arvastat")
    Meeting.objects.get(body=body("lerend-netwerk-gent-eeklo")).themes.add(arvastat)
    client = login(nm_vlaanderen)
    page = table(client.get(f"/overleg/vergaderingen/?thema={arvastat.pk}"))
    assert "regio Gent/Eeklo" in page and "Lerend netwerk Limburg" not in page
    page = table(client.get("/overleg/vergaderingen/?niveau=macro"))
    assert "Centrale werkgroep lokale besturen" in page and "regio Gent/Eeklo" not in page

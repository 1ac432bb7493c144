"""The bodies of the minister's answer exist after load_reference_data, as the answer describes."""

import pytest
from django.core.management import call_command

from consultations.models import ConsultationBody

pytestmark = pytest.mark.django_db

IDV_ORGANISERS = (
    "Teamleider Intensieve Dienstverlening met een projectopvolger en een provinciale expert"
)


def rows():
    return {
        b.code: (b.level, b.province_id, b.target_per_year, b.organiser, b.participants, b.region)
        for b in ConsultationBody.objects.all()
    }


def test_macro_is_the_central_working_group_quarterly_by_vdabs_ceo(body):
    central = body("centrale-werkgroep-lokale-besturen")
    assert (central.level, central.province, central.target_per_year) == ("macro", None, 4)
    assert central.organiser == "Gedelegeerd bestuurder VDAB"
    assert "VVSG" in central.participants and "sociale partners" in central.participants
    assert central.local_governments.count() == 285


def test_meso_is_a_provincial_working_group_per_province(body):
    meso = ConsultationBody.objects.filter(level="meso")
    assert sorted(b.province.name for b in meso) == [
        "Antwerpen",
        "Limburg",
        "Oost-Vlaanderen",
        "Vlaams-Brabant",
        "West-Vlaanderen",
    ]
    limburg = body("provinciale-werkgroep-limburg")
    assert set(limburg.local_governments.values_list("province__name", flat=True)) == {"Limburg"}
    assert "sociale partners" in limburg.participants


@pytest.mark.parametrize(
    "code, province, target, organiser_says, participants_say",
    [
        (
            "lerend-netwerk-limburg",
            "Limburg",
            4,
            "manager Intensieve Dienstverlening met 4 vertegenwoordigers van de OCMW's",
            "Trajectbegeleiders en diensthoofden",
        ),
        (
            "lerend-netwerk-gent-eeklo",
            "Oost-Vlaanderen",
            3,
            "Netwerkmanager van de provincie Oost-Vlaanderen",
            "behalve Gent",
        ),
        (
            "lerend-netwerk-west-vlaanderen",
            "West-Vlaanderen",
            3,
            IDV_ORGANISERS,
            "OCMW-medewerkers en VDAB-bemiddelaars",
        ),
        (
            "lerend-netwerk-vlaams-brabant",
            "Vlaams-Brabant",
            3,
            IDV_ORGANISERS,
            "bevestigen in de agenda hun aanwezigheid",
        ),
        (
            "werkoverleg-antwerpen",
            "Antwerpen",
            None,
            "netwerkmanager van VDAB neemt een prominente rol op",
            "Netwerkmanager, OCMW-begeleiders, VDAB-bemiddelaars, teamleiders",
        ),
    ],
)
def test_the_learning_network_table_row_by_row(
    body, code, province, target, organiser_says, participants_say
):
    network = body(code)
    assert network.level == "operationeel"
    assert network.province.name == province
    assert network.target_per_year == target
    assert organiser_says in network.organiser
    assert participants_say in network.participants


def test_oost_vlaanderen_meets_in_three_regions_of_which_gent_eeklo(body):
    regions = ConsultationBody.objects.filter(
        level="operationeel", province__name="Oost-Vlaanderen"
    ).order_by("sort_order")
    assert [r.region for r in regions] == [
        "Gent/Eeklo",
        "Aalst/Oudenaarde",
        "Waas en Dender (Sint-Niklaas/Dendermonde)",
    ]
    gent_eeklo = set(
        body("lerend-netwerk-gent-eeklo").local_governments.values_list("name", flat=True)
    )
    assert {"Gent", "Eeklo", "Maldegem"} <= gent_eeklo
    assert "Aalst" not in gent_eeklo
    # Together the three regions cover the province once.
    covered = [lg for r in regions for lg in r.local_governments.values_list("pk", flat=True)]
    assert len(covered) == len(set(covered)) == 55


def test_limburg_meets_province_wide_with_the_lsb_arrangement(body):
    limburg = body("lerend-netwerk-limburg")
    assert limburg.region == "Volledige provincie"
    assert "2 keer als LSB-vergadering" in limburg.frequency_note
    assert limburg.local_governments.count() == 38


def test_antwerp_keeps_its_werkoverleg_without_project_officers(body):
    werkoverleg = body("werkoverleg-antwerpen")
    assert werkoverleg.kind == "werkoverleg"
    assert "projectopvolgers zijn er niet bij betrokken" in werkoverleg.description
    assert not ConsultationBody.objects.filter(kind="lerend_netwerk", province__name="Antwerpen")


def test_interfederal_bodies_are_imc_werk_and_the_platform_led_by_vdab(body):
    interfederal = ConsultationBody.objects.filter(level="interfederaal")
    assert {b.code for b in interfederal} == {"imc-werk", "interfederaal-platform"}
    platform = body("interfederaal-platform")
    assert platform.organiser.startswith("VDAB")
    assert "1 fiche" in platform.description and "15" in platform.description
    assert platform.local_governments.count() == 0


def test_load_reference_data_creates_the_bodies_and_a_second_run_changes_nothing(capsys):
    call_command("load_reference_data")
    before = rows()
    capsys.readouterr()
    call_command("load_reference_data")
    out = capsys.readouterr().out
    assert rows() == before
    assert "overlegorganen: 0 nieuw, 0 gewijzigd" in out
    assert "Referentiegegevens waren al up-to-date." in out
    assert len(before) == 15


def test_an_agreement_gets_its_forum_and_reloading_keeps_it(agreement):
    from consultations.services import load_consultation_bodies

    forum = agreement("44021").forum
    assert forum.level == "micro"
    assert list(forum.local_governments.values_list("pk", flat=True)) == ["44021"]
    assert forum.target_per_year == 4
    assert load_consultation_bodies().changed == 0

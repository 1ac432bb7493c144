"""Cooperation agreements and the Lokaal ActiveringsPact at /samenwerking/."""

import datetime
import html
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from activation.models import (
    LLG_GOAL,
    ActivationPactCall,
    ActivationPactParticipation,
    ActivationPactProject,
    CooperationAgreement,
)

pytestmark = pytest.mark.django_db

NEW_PROJECT = "/samenwerking/activeringspact/projecten/nieuw/"


def text(response):
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


@pytest.fixture
def call(db):
    return ActivationPactCall.objects.create(
        round=1,
        name="Lokaal ActiveringsPact, projectoproep 1",
        launched_on=datetime.date(2023, 9, 15),
        status="afgesloten",
    )


def project_data(call, codes, **overrides):
    data = {
        "call": call.pk,
        "title": "Samen activeren",
        "local_governments": codes,
        "target_reached": "120",
        "target_outflow": "40",
        "status": "lopend",
    }
    data.update(overrides)
    return data


def test_a_project_across_two_referentieregios_is_refused_and_nothing_is_saved(
    login, nm_oost, call
):
    # Gent lies in Regio Gent, Aalst in the Denderregio.
    response = login(nm_oost).post(NEW_PROJECT, project_data(call, ["44021", "41002"]))
    assert response.status_code == 400
    page = text(response)
    assert "Alle lokale besturen van een project moeten in dezelfde referentieregio liggen" in page
    assert "Denderregio: Aalst; Regio Gent: Gent" in page
    assert ActivationPactProject.objects.count() == 0
    assert ActivationPactParticipation.objects.count() == 0


def test_a_project_within_one_referentieregio_is_saved_with_that_region(login, nm_oost, call):
    response = login(nm_oost).post(NEW_PROJECT, project_data(call, ["44021", "43005"]))
    assert response.status_code == 302
    project = ActivationPactProject.objects.get()
    assert project.reference_region.name == "Regio Gent"
    assert sorted(project.local_governments.values_list("name", flat=True)) == ["Eeklo", "Gent"]
    page = text(login(nm_oost).get("/samenwerking/activeringspact/ronde-1/"))
    assert "Samen activeren Regio Gent Eeklo, Gent 120 40 Lopend" in page


def test_a_local_government_takes_part_in_one_project_per_call(login, nm_oost, call):
    client = login(nm_oost)
    client.post(NEW_PROJECT, project_data(call, ["44021"], title="Gent activeert"))
    response = client.post(NEW_PROJECT, project_data(call, ["44021", "43005"]))
    assert response.status_code == 400
    assert "Gent neemt in deze oproep al deel aan het project 'Gent activeert'." in text(response)
    assert ActivationPactProject.objects.count() == 1


def test_saving_a_project_looks_up_its_region_and_the_calls_projects_once(login, nm_oost, call):
    client = login(nm_oost)
    client.post(NEW_PROJECT, project_data(call, ["44021"], title="Gent activeert"))
    with CaptureQueriesContext(connection) as queries:
        response = client.post(NEW_PROJECT, project_data(call, ["43005"], title="Eeklo activeert"))
    assert response.status_code == 302
    sql = [query["sql"] for query in queries.captured_queries]
    # The referentieregio of the chosen local governments (the choices of the form read every
    # membership of every region, without a filter on the chosen ones).
    region = [
        q
        for q in sql
        if q.startswith('SELECT "activation_benchmarkgroup_members"')
        and '"activation_benchmarkgroup_members"."localgovernment_id" IN' in q
    ]
    # The projects of the call the chosen local governments already take part in.
    taken = [
        q
        for q in sql
        if q.startswith('SELECT "activation_activationpactparticipation"')
        and 'INNER JOIN "activation_activationpactproject"' in q
    ]
    assert (len(region), len(taken)) == (1, 1)


def test_an_outflow_target_above_the_reach_is_refused(login, nm_oost, call):
    response = login(nm_oost).post(
        NEW_PROJECT, project_data(call, ["44021"], target_reached="10", target_outflow="20")
    )
    assert "Het streefdoel voor uitstroom kan niet hoger zijn" in text(response)
    assert ActivationPactProject.objects.count() == 0


def test_projects_outside_the_scope_are_hidden_and_not_editable(login, nm_oost, ocmw_gent, call):
    from activation.cooperation.services import save_pact_project
    from activation.models import LocalGovernment

    leuven = save_pact_project(
        project=ActivationPactProject(call=call, title="Leuven activeert", status="lopend"),
        local_governments=LocalGovernment.objects.filter(pk="24062"),
    )
    gent = save_pact_project(
        project=ActivationPactProject(call=call, title="Gent activeert", status="lopend"),
        local_governments=LocalGovernment.objects.filter(pk="44021"),
    )
    client = login(nm_oost)
    page = text(client.get("/samenwerking/activeringspact/ronde-1/"))
    assert "Gent activeert" in page and "Leuven activeert" not in page
    assert (
        client.get(f"/samenwerking/activeringspact/projecten/{leuven.pk}/bewerken/").status_code
        == 404
    )
    assert (
        client.get(f"/samenwerking/activeringspact/projecten/{gent.pk}/bewerken/").status_code
        == 200
    )
    ocmw = login(ocmw_gent)
    assert (
        ocmw.get(f"/samenwerking/activeringspact/projecten/{gent.pk}/bewerken/").status_code == 403
    )
    overview = text(ocmw.get("/samenwerking/"))
    assert "Gent activeert" in overview and "Leuven activeert" not in overview
    assert "Heel Vlaanderen: 2 lokale besturen in 2 projecten." in overview
    assert "In uw bereik: 1 lokaal bestuur in 1 project." in overview


def test_an_agreement_always_holds_the_llg_goal(login, nm_oost):
    response = login(nm_oost).post(
        "/samenwerking/overeenkomsten/nieuw/",
        {
            "local_government": "41002",
            "framework": "2025-2030",
            "status": "lopend",
            "signed_on": "2025-12-01",
            "valid_from": "2026-01-01",
            "valid_until": "2030-12-31",
            "goals": "Lokale vacatures ontsluiten\n\nlokale vacatures ontsluiten",
        },
    )
    assert response.status_code == 302
    agreement = CooperationAgreement.objects.get()
    assert agreement.operational_goals == [LLG_GOAL, "Lokale vacatures ontsluiten"]
    assert agreement.forum.name == "Overlegforum Aalst (SO 2025-2030)"
    assert list(agreement.forum.local_governments.values_list("pk", flat=True)) == ["41002"]


def test_a_running_agreement_needs_its_signing_date(login, nm_oost):
    response = login(nm_oost).post(
        "/samenwerking/overeenkomsten/nieuw/",
        {
            "local_government": "41002",
            "framework": "2025-2030",
            "status": "lopend",
            "valid_from": "2026-01-01",
            "valid_until": "2030-12-31",
            "goals": "",
        },
    )
    assert response.status_code == 400
    assert "Vul de datum van ondertekening in" in text(response)
    assert CooperationAgreement.objects.count() == 0


def test_an_agreement_ending_before_it_starts_is_refused(login, nm_oost):
    response = login(nm_oost).post(
        "/samenwerking/overeenkomsten/nieuw/",
        {
            "local_government": "41002",
            "framework": "2025-2030",
            "status": "in_voorbereiding",
            "valid_from": "2030-12-31",
            "valid_until": "2026-01-01",
            "goals": "",
        },
    )
    assert response.status_code == 400
    page = text(response)
    assert "De einddatum ligt vóór de begindatum." in page
    assert "agreement_valid_period" not in page
    assert CooperationAgreement.objects.count() == 0


def test_a_second_agreement_in_one_framework_is_refused(login, nm_oost, agreement):
    agreement("41002", framework="2025-2030", status="in_voorbereiding")
    response = login(nm_oost).post(
        "/samenwerking/overeenkomsten/nieuw/",
        {
            "local_government": "41002",
            "framework": "2025-2030",
            "status": "in_voorbereiding",
            "valid_from": "2026-01-01",
            "valid_until": "2030-12-31",
            "goals": "",
        },
    )
    assert response.status_code == 400
    assert "bestaat al" in text(response)
    assert CooperationAgreement.objects.count() == 1


def test_an_ocmw_user_sees_its_own_agreements_with_forum_and_dashboard(login, ocmw_gent, agreement):
    own = agreement("44021")
    agreement("41002")
    response = login(ocmw_gent).get("/samenwerking/")
    page = response.content.decode()
    assert "Werkingskader 2020–2025" in page
    assert f'href="/overleg/organen/{own.forum.pk}/"' in page
    assert 'href="/dashboards/44021/"' in page
    assert "/dashboards/41002/" not in page
    assert LLG_GOAL in page


def test_agreements_are_edited_only_in_scope(login, nm_oost, ocmw_gent, agreement):
    gent, pajottegem = agreement("44021"), agreement("23106")
    client = login(nm_oost)
    assert client.get(f"/samenwerking/overeenkomsten/{gent.pk}/bewerken/").status_code == 200
    assert client.get(f"/samenwerking/overeenkomsten/{pajottegem.pk}/bewerken/").status_code == 404
    assert (
        login(ocmw_gent).get(f"/samenwerking/overeenkomsten/{gent.pk}/bewerken/").status_code == 403
    )


def _project(call, codes, title, status="lopend"):
    from activation.cooperation.services import save_pact_project
    from activation.models import LocalGovernment

    return save_pact_project(
        project=ActivationPactProject(call=call, title=title, status=status),
        local_governments=LocalGovernment.objects.filter(pk__in=codes),
    )


def test_the_pact_figures_take_the_same_queries_however_many_calls(login, nm_oost, call):
    """/samenwerking/ and the period report count each call's projects and local governments,
    in the scope and in all Flanders, with a fixed number of queries."""
    report = "/overleg/rapport/?van=2024-01-01&tot=2024-12-31"
    _project(call, ["44021", "43005"], "Gent en Eeklo activeren")
    _project(call, ["24062"], "Leuven activeert", status="afgerond")
    client = login(nm_oost)

    def queries(path):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(path).status_code == 200
        return len(captured)

    one_call = [queries("/samenwerking/"), queries(report)]
    second = ActivationPactCall.objects.create(
        round=2, name="Lokaal ActiveringsPact, projectoproep 2", status="lopend"
    )
    _project(second, ["44021"], "Gent activeert opnieuw", status="ingediend")
    assert [queries("/samenwerking/"), queries(report)] == one_call

    page = text(client.get("/samenwerking/"))
    assert (
        "Heel Vlaanderen: 3 lokale besturen in 2 projecten. "
        "In uw bereik: 2 lokale besturen in 1 project. 1 lopend" in page
    )
    assert "Heel Vlaanderen: 1 lokaal bestuur in 1 project. 1 ingediend" in page
    assert (
        "projectoproep 1 (afgesloten): in heel Vlaanderen 3 lokale besturen in 2 projecten, "
        "waarvan 2 in uw bereik." in text(client.get(report))
    )

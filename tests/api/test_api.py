"""The API's answers: scoped as the pages, Dutch errors with their status, pagination with a
fixed number of queries, and a valid OpenAPI schema."""

import datetime

import pytest
from openapi_spec_validator import validate

from api import schemas
from consultations.models import ConsultationBody, Meeting

pytestmark = pytest.mark.django_db


def test_an_ocmw_token_gets_404_for_another_municipality(ocmw_gent, token_of, api_get):
    token = token_of(ocmw_gent)
    assert api_get(token, "gemeenten/44021").json()["naam"] == "Gent"
    response = api_get(token, "gemeenten/41002")
    assert response.status_code == 404
    assert response.json() == {
        "detail": "Dit lokaal bestuur bestaat niet of valt buiten uw bereik."
    }
    assert api_get(token, "gemeenten/99999").status_code == 404
    listed = api_get(token, "gemeenten").json()
    assert [lg["nis_code"] for lg in listed["resultaten"]] == ["44021"]


def test_a_merged_municipality_names_its_predecessors(ocmw_pajottegem, token_of, api_get):
    token = token_of(ocmw_pajottegem)
    assert api_get(token, "gemeenten/23106").json()["voorgangers"] == ["23023", "23024", "23032"]
    former = api_get(token, "gemeenten", voormalige="true").json()["resultaten"]
    assert sorted(lg["nis_code"] for lg in former) == ["23023", "23024", "23032", "23106"]


def test_groups_are_those_of_the_scope(ocmw_gent, token_of, api_get):
    token = token_of(ocmw_gent)
    codes = {g["code"] for g in api_get(token, "groepen", per_pagina=1000).json()["resultaten"]}
    assert {"vlaanderen", "buren-44021", "provincie-oost-vlaanderen"} <= codes
    assert "buren-41002" not in codes
    assert api_get(token, "groepen/buren-41002").status_code == 404
    group = api_get(token, "groepen/buren-44021").json()
    assert group["aantal_leden"] == len(group["leden"]) > 0


def test_meetings_are_those_of_the_bodies_in_scope(ocmw_gent, ocmw_pajottegem, token_of, api_get):
    body = ConsultationBody.objects.get(code="lerend-netwerk-gent-eeklo")
    meeting = Meeting.objects.create(
        body=body, date=datetime.date(2024, 5, 14), place="Gent", minutes="Verslag."
    )
    meeting.outputs.create(kind="actie", title="Arvastat-opleiding", owner="VDAB")
    gent = token_of(ocmw_gent)
    listed = api_get(gent, "vergaderingen", van="2024-01-01", tot="2024-12-31").json()
    assert [m["id"] for m in listed["resultaten"]] == [meeting.pk]
    assert api_get(gent, "vergaderingen", orgaan=body.code).json()["aantal"] == 1
    assert api_get(gent, "vergaderingen", van="2025-01-01").json()["aantal"] == 0
    detail = api_get(gent, f"vergaderingen/{meeting.pk}").json()
    assert detail["verslag"] == "Verslag."
    assert "bijlagen" not in detail
    (output,) = api_get(gent, "output").json()["resultaten"]
    assert (output["titel"], output["status"], output["eigenaar"]) == (
        "Arvastat-opleiding",
        "open",
        "VDAB",
    )
    other = token_of(ocmw_pajottegem)
    assert api_get(other, f"vergaderingen/{meeting.pk}").status_code == 404
    assert api_get(other, "output").json()["aantal"] == 0


@pytest.mark.parametrize(
    ("path", "params", "message"),
    [
        ("cijfers", {"kwartaal": "2025-K5"}, "geen geldig kwartaal"),
        ("cijfers", {"van": "2025-K2", "tot": "2024-K1"}, "ligt na tot"),
        ("cijfers", {"kwartaal": "2025-K2", "van": "2024-K1"}, "niet beide"),
        ("cijfers", {"provincie": "Brussel"}, "is geen provincie"),
        ("cijfers", {"groep": "buren-41002"}, "valt buiten uw bereik"),
        ("cijfers", {"gemeente": "23023"}, "geen NIS-code van een huidig"),
        ("cijfers", {"pagina": "twee"}, "Ongeldige waarde voor pagina"),
        ("cijfers", {"pagina": "2"}, "pagina 2 bestaat niet"),
        ("cijfers", {"per_pagina": "1001"}, "kies 1 tot 1000"),
        ("groepcijfers", {"tot": "2025-13"}, "geen geldig kwartaal"),
        ("vergaderingen", {"van": "14-05-2024"}, "is geen datum"),
        ("output", {"status": "klaar"}, "Parameter status"),
        ("groepen", {"soort": "stad"}, "Parameter soort"),
    ],
)
def test_a_bad_parameter_gets_400_in_dutch(ocmw_gent, token_of, api_get, path, params, message):
    response = api_get(token_of(ocmw_gent), path, **params)
    assert response.status_code == 400
    assert message in response.json()["detail"]


def test_quarters_are_read_in_every_notation(shared_demo_results, nm_oost, token_of, api_get):
    token = token_of(nm_oost)
    counts = {
        text: api_get(token, "cijfers", kwartaal=text).json()["aantal"]
        for text in ("2025-K2", "2025K2", "2025-Q2", "2025q2")
    }
    assert set(counts.values()) == {285}
    ranged = api_get(token, "cijfers", van="2024-K3", tot="2025-K2", gemeente="44021").json()
    assert [item["kwartaal"] for item in ranged["resultaten"]] == [
        "2024-K3",
        "2024-K4",
        "2025-K1",
        "2025-K2",
    ]
    oost = api_get(token, "cijfers", kwartaal="2025-K2", provincie="oost-vlaanderen").json()
    assert oost["aantal"] == 55
    assert all(item["volledig"] for item in oost["resultaten"])
    group = api_get(token, "cijfers", kwartaal="2025-K2", groep="centrumsteden").json()
    assert group["aantal"] == 13


def test_pages_link_to_each_other(shared_demo_results, nm_vlaanderen, token_of, api_get, client):
    token = token_of(nm_vlaanderen)
    first = api_get(token, "cijfers", kwartaal="2025-K2", per_pagina=100).json()
    assert (first["aantal"], first["paginas"], first["vorige"]) == (285, 3, None)
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    last = client.get(first["volgende"].replace("http://testserver", ""), **headers).json()
    last = client.get(last["volgende"].replace("http://testserver", ""), **headers).json()
    assert (last["pagina"], last["volgende"], len(last["resultaten"])) == (3, None, 85)
    seen = {item["nis_code"] for item in first["resultaten"] + last["resultaten"]}
    assert len(seen) == 185


@pytest.mark.parametrize("per_page", [1, 1000])
def test_the_figures_take_the_same_queries_for_any_page_size(
    shared_demo_results, ocmw_gent, token_of, api_get, django_assert_num_queries, per_page
):
    token = token_of(ocmw_gent)
    # 1 the token with its user, 2 the user's groups (its role), 3 counting the use, 4 the
    # count of figures, 5 the page of figures, 6-7 the user's scope and its local governments
    # (which it sees in full).
    with django_assert_num_queries(7):
        response = api_get(token, "cijfers", per_pagina=per_page)
    assert len(response.json()["resultaten"]) == per_page


def test_the_openapi_schema_is_valid(login, beheerder):
    response = login(beheerder).get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    validate(schema)
    assert "/api/v1/cijfers" in schema["paths"]
    assert schema["components"]["securitySchemes"]["TokenAuth"]["scheme"] == "bearer"
    assert set(schema["paths"]["/api/v1/cijfers"]["get"]["responses"]) >= {"200", "400", "401"}


@pytest.mark.parametrize(
    ("path", "schema"), [("cijfers", schemas.Cijfers), ("groepcijfers", schemas.Groepcijfers)]
)
def test_the_large_lists_follow_their_schema(
    shared_demo_results, ocmw_gent, token_of, api_get, path, schema
):
    # These answers skip django-ninja's validation (api.views._answer): their schema holds.
    answer = api_get(token_of(ocmw_gent), path, kwartaal="2025-K2", per_pagina=1000).json()
    assert schema.model_validate(answer).model_dump(mode="json") == answer

"""The figures the API gives are those of the pages' downloads, with the same disclosure rule:
inside the scope in full, outside it only rates, never a withheld figure."""

import pytest

from activation.indicators import COUNT_FIELDS, COUNT_LABELS, INDICATORS, PER_THOUSAND
from activation.models import CurrentResult, GroupFigure
from activation.quarters import Quarter
from dashboards.report_parts import source_text, status_label
from dashboards.selectors import import_batches
from tests.dashboards.test_exports import csv_number, read_csv

pytestmark = pytest.mark.django_db

# Gent, Pajottegem (merged in 2025 from Galmaarden, Gooik and Herne: its earlier quarters are
# sums), Herstappe (the smallest municipality: its rates are withheld) and Antwerpen.
SAMPLE = ["44021", "23106", "73028", "11002"]


def api_rows(api_get, token, **params):
    response = api_get(token, "cijfers", per_pagina=1000, **params)
    assert response.status_code == 200, response.content
    return response.json()["resultaten"]


def as_export(item, batches):
    """An API figure as the CSV export writes it: counts, rates ("n<10"), status, source."""
    row = {COUNT_LABELS[name]: item[name] for name in COUNT_FIELDS}
    for indicator in INDICATORS:
        rate = item[indicator.code]
        row[f"{indicator.label} (%)"] = rate["niet_getoond"] or rate["waarde"]
    row[f"{PER_THOUSAND.label} (‰)"] = item[PER_THOUSAND.code]
    row["Status"] = status_label(item["status"])
    row["Bron"] = source_text(item["bronnen"], batches)
    return row


def export_values(row):
    return {
        header: (value if header in ("Status", "Bron") else csv_number(value))
        for header, value in row.items()
        if header not in ("NIS-code", "Lokaal bestuur", "Kwartaal", "Provincie", "Referentieregio")
    }


def test_the_figures_equal_the_dashboard_exports(
    client, shared_demo_results, beheerder, token_of, api_get, login
):
    token = token_of(beheerder)
    login(beheerder)
    compared = 0
    for nis in SAMPLE:
        exported = read_csv(client.get(f"/dashboards/{nis}/export.csv?kwartalen=alle"))
        items = api_rows(api_get, token, gemeente=nis)
        batches = import_batches({pk for item in items for pk in item["bronnen"]})
        by_quarter = {item["kwartaal"]: item for item in items}
        assert sorted(by_quarter) == sorted(row["Kwartaal"] for row in exported)
        for row in exported:
            item = by_quarter[row["Kwartaal"]]
            assert export_values(row) == as_export(item, batches), (nis, row["Kwartaal"])
            compared += 1
    assert compared == 4 * len(Quarter(2021, 1).until(shared_demo_results))
    pajottegem = {item["kwartaal"]: item for item in api_rows(api_get, token, gemeente="23106")}
    assert pajottegem["2024-K4"]["delen"] == ["23023", "23024", "23032"]
    assert pajottegem["2025-K1"]["delen"] == ["23106"]


def test_the_figures_equal_the_overview_export(
    client, shared_demo_results, nm_vlaanderen, token_of, api_get, login
):
    login(nm_vlaanderen)
    exported = read_csv(client.get("/dashboards/export.csv?kwartaal=2024-K3"))
    items = api_rows(api_get, token_of(nm_vlaanderen), kwartaal="2024K3")
    batches = import_batches({pk for item in items for pk in item["bronnen"]})
    by_code = {item["nis_code"]: item for item in items}
    assert len(exported) == len(by_code) == 285
    for row in exported:
        assert export_values(row) == as_export(by_code[row["NIS-code"]], batches)


def test_an_ocmw_token_gets_its_own_figures_as_its_export(
    client, shared_demo_results, ocmw_pajottegem, token_of, api_get, login
):
    login(ocmw_pajottegem)
    exported = read_csv(client.get("/dashboards/23106/export.csv?kwartalen=alle"))
    items = api_rows(api_get, token_of(ocmw_pajottegem), gemeente="23106")
    batches = import_batches({pk for item in items for pk in item["bronnen"]})
    assert all(item["volledig"] for item in items)
    by_quarter = {item["kwartaal"]: as_export(item, batches) for item in items}
    assert {row["Kwartaal"]: export_values(row) for row in exported} == by_quarter


def test_an_ocmw_token_sees_other_municipalities_only_as_rates(
    shared_demo_results, ocmw_gent, token_of, api_get
):
    items = api_rows(api_get, token_of(ocmw_gent), kwartaal="2025-K2")
    assert len(items) == 285
    others = [item for item in items if item["nis_code"] != "44021"]
    assert not any(item["volledig"] for item in others)
    assert {item[name] for item in others for name in COUNT_FIELDS} == {None}
    # Their rates are those stored, and shown as the map shows them.
    stored = CurrentResult.objects.get(local_government="11002", quarter=Quarter(2025, 2))
    antwerpen = next(item for item in items if item["nis_code"] == "11002")
    assert antwerpen["uitstroomgraad"] == {"waarde": stored.uitstroomgraad, "niet_getoond": None}
    (gent,) = [item for item in items if item["nis_code"] == "44021"]
    assert gent["volledig"] is True
    assert gent["llg_totaal"] is not None


def test_a_withheld_rate_is_null_with_its_marker(shared_demo_results, ocmw_gent, token_of, api_get):
    withheld = CurrentResult.objects.filter(trajectgraad_small=True).first()
    assert withheld is not None, "the demo has small denominators"
    (item,) = api_rows(
        api_get,
        token_of(ocmw_gent),
        gemeente=withheld.local_government_id,
        kwartaal=str(withheld.quarter),
    )
    assert item["trajectgraad"] == {"waarde": None, "niet_getoond": "n<10"}


def test_a_group_figure_of_few_members_is_withheld(
    shared_demo_results, nm_vlaanderen, token_of, api_get
):
    figure = GroupFigure.objects.filter(withheld=GroupFigure.Withheld.FEW_MEMBERS).first()
    if figure is None:  # every group reports: make one that does not
        figure = GroupFigure.objects.filter(group__code="buren-44021").first()
        GroupFigure.objects.filter(pk=figure.pk).update(
            withheld=GroupFigure.Withheld.FEW_MEMBERS,
            rate=None,
            median=None,
            numerator=None,
            denominator=None,
            members_reporting=2,
        )
    response = api_get(
        token_of(nm_vlaanderen),
        "groepcijfers",
        groep=figure.group.code,
        kwartaal=str(figure.quarter),
    )
    (item,) = [i for i in response.json()["resultaten"] if i["indicator"] == figure.indicator]
    assert item["niet_getoond"] == "te weinig gemeenten"
    assert item["waarde"] is item["mediaan"] is item["teller"] is None


def test_a_groups_sums_only_for_who_sees_every_member(
    shared_demo_results, ocmw_gent, nm_oost, token_of, api_get
):
    params = {"groep": "provincie-oost-vlaanderen", "kwartaal": "2025-K2"}
    gent = api_get(token_of(ocmw_gent), "groepcijfers", **params).json()["resultaten"]
    oost = api_get(token_of(nm_oost), "groepcijfers", **params).json()["resultaten"]
    assert [item["waarde"] for item in gent] == [item["waarde"] for item in oost]
    assert {item["teller"] for item in gent} == {None}
    assert None not in {item["teller"] for item in oost if item["waarde"] is not None}

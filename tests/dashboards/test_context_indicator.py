"""Leefloongerechtigden per 1.000 inwoners: the funnel's context, stored with the figures and shown
on the dashboard, the overview and its map, and in the exports, with the population year."""

import pytest
from django.core.management import call_command

from activation import figures
from activation.models import CurrentResult, LocalGovernment
from activation.quarters import Quarter
from tests.dashboards.pages import json_data, table
from tests.dashboards.test_exports import read_csv
from tests.dashboards.test_municipality import pajottegem  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db

HEADER = "Leefloongerechtigden per 1.000 inwoners"


def stored(nis_code, quarter):
    return CurrentResult.objects.get(local_government=nis_code, quarter=quarter).llg_per_1000


def test_a_merged_municipality_counts_its_former_parts_against_its_own_population(
    pajottegem,  # noqa: F811
):
    # Pajottegem (23106) has 24,724 inhabitants on 1 January 2020: Galmaarden 8,836, Gooik
    # 9,189 and Herne 6,699. Before the merger its 85 leefloongerechtigden are theirs:
    # 40 + 20 + 25 = 85 per 24,724 → 3,4 per 1.000; in 2025-K1 90 → 3,6.
    assert LocalGovernment.objects.get(pk="23106").population == 24724
    assert stored("23106", Quarter(2024, 4)) == 3.4
    assert stored("23106", Quarter(2025, 1)) == 3.6
    # The stored values are what a fresh computation gives.
    assert figures.differences() == []


def test_a_new_population_changes_the_stored_value_in_the_same_save(
    pajottegem,  # noqa: F811
    login,
    beheerder,
):
    client = login(beheerder)
    page = client.get("/admin/activation/localgovernment/23106/change/")
    assert page.status_code == 200
    form = page.context["adminform"].form
    data = {name: form[name].value() or "" for name in form.fields}
    data["population"] = "30000"
    response = client.post("/admin/activation/localgovernment/23106/change/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    # 90 per 30,000 inhabitants: 3,0 per 1.000.
    assert stored("23106", Quarter(2025, 1)) == 3.0
    call_command("rebuild_figures", "--check")


def test_the_dashboard_shows_it_with_the_population_year(
    login,
    ocmw_pajottegem,
    pajottegem,  # noqa: F811
):
    html = login(ocmw_pajottegem).get("/dashboards/23106/?kwartaal=2025-K1").content.decode()
    assert "Leefloongerechtigden per 1.000 inwoners: <strong>3,6\u00a0‰</strong>" in html
    assert "bevolking op 1 januari 2020: 24.724" in html
    # A year earlier there were no figures; the table per quarter shows 2024-K4's value.
    rows = table(html, "Cijfers per kwartaal")
    by_quarter = {row["Kwartaal"]: row for row in rows}
    assert by_quarter["2025-K1"][HEADER] == "3,6\u00a0‰"
    assert by_quarter["2024-K4"][HEADER] == "3,4\u00a0‰"


def test_the_map_can_show_it_for_every_municipality(login, nm_vlaanderen, shared_demo_results):
    client = login(nm_vlaanderen)
    html = client.get(f"/dashboards/?kwartaal={shared_demo_results}&indicator=llg_per_1000")
    html = html.content.decode()
    data = json_data(html, "map-data")
    assert data["indicator"] == HEADER
    assert data["unit"] == "‰"
    values = dict(zip(data["locations"], data["values"], strict=True))
    expected = dict(
        CurrentResult.objects.filter(quarter=shared_demo_results).values_list(
            "local_government_id", "llg_per_1000"
        )
    )
    assert values == {code: value for code, value in expected.items() if value is not None}
    assert len(values) == 285
    assert '<option value="llg_per_1000" selected>' in html
    assert "&nbsp;‰</span>" in html


def test_the_exports_hold_the_value_of_the_page(login, nm_oost, shared_demo_results):
    client = login(nm_oost)
    quarter = shared_demo_results
    gent = stored("44021", quarter)
    overview = read_csv(client.get(f"/dashboards/export.csv?kwartaal={quarter}"))
    row = next(row for row in overview if row["NIS-code"] == "44021")
    assert float(row[f"{HEADER} (‰)"].replace(",", ".")) == gent
    own = read_csv(client.get(f"/dashboards/44021/export.csv?kwartaal={quarter}"))
    assert float(own[0][f"{HEADER} (‰)"].replace(",", ".")) == gent


@pytest.mark.parametrize("path", ["/dashboards/uitleg/", "/over-de-cijfers/"])
def test_the_explanation_pages_say_what_it_divides_by(login, ocmw_gent, path):
    html = login(ocmw_gent).get(path).content.decode()
    assert "Leefloongerechtigden per 1.000 inwoners" in html
    assert "de bevolking op 1 januari 2020" in html

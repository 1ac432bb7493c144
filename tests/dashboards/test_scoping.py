"""Who may open which dashboard, group and download (DESIGN.md section 3)."""

import pytest

from tests.dashboards.pages import json_data, table

pytestmark = pytest.mark.django_db

GENT = ["/dashboards/44021/", "/dashboards/44021/export.csv", "/dashboards/44021/export.xlsx"]
AALST = ["/dashboards/41002/", "/dashboards/41002/export.csv", "/dashboards/41002/export.xlsx"]
PAJOTTEGEM = [
    "/dashboards/23106/",
    "/dashboards/23106/export.csv",
    "/dashboards/23106/export.xlsx",
]
EVERY_URL = [
    *GENT,
    "/dashboards/",
    "/dashboards/export.csv",
    "/dashboards/export.xlsx",
    "/dashboards/uitleg/",
    "/dashboards/groepen/vlaanderen/",
    "/dashboards/groepen/buren-44021/",
]


@pytest.mark.parametrize("url", EVERY_URL)
def test_anonymous_users_go_to_the_login_page(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("url", GENT)
def test_ocmw_user_opens_own_dashboard_and_downloads(login, ocmw_gent, shared_demo_results, url):
    assert login(ocmw_gent).get(url).status_code == 200


@pytest.mark.parametrize("url", [*AALST, *PAJOTTEGEM, "/dashboards/99999/", "/dashboards/23024/"])
def test_ocmw_user_gets_404_for_another_dashboard_or_download(
    login, ocmw_gent, shared_demo_results, url
):
    assert login(ocmw_gent).get(url).status_code == 404


@pytest.mark.parametrize("url", [*GENT, *AALST])
def test_vdab_user_opens_dashboards_in_its_province(login, nm_oost, shared_demo_results, url):
    assert login(nm_oost).get(url).status_code == 200


@pytest.mark.parametrize("url", PAJOTTEGEM)
def test_vdab_user_outside_its_province_gets_404(login, nm_oost, shared_demo_results, url):
    assert login(nm_oost).get(url).status_code == 404


@pytest.mark.parametrize("url", [*GENT, "/dashboards/groepen/vlaanderen/"])
def test_a_user_without_role_gets_404(login, nobody, shared_demo_results, url):
    assert login(nobody).get(url).status_code == 404


def test_a_user_without_role_sees_an_empty_overview_and_no_map(login, nobody, shared_demo_results):
    html = login(nobody).get("/dashboards/").content.decode()
    assert "Geen lokale besturen of cijfers voor deze selectie." in html
    assert 'href="/dashboards/44021/"' not in html
    assert 'id="map-data"' not in html
    assert login(nobody).get("/dashboards/export.csv").content.decode("utf-8-sig").count("\n") == 1


@pytest.mark.parametrize(
    ("code", "status"),
    [
        ("vlaanderen", 200),
        ("centrumsteden", 200),
        ("provincie-oost-vlaanderen", 200),
        ("buren-44021", 200),
        ("provincie-antwerpen", 404),
        ("buren-41002", 404),  # Aalst's neighbours: Gent is not compared with them
        ("bestaat-niet", 404),
    ],
)
def test_ocmw_user_opens_only_the_groups_its_municipality_is_compared_with(
    login, ocmw_gent, shared_demo_results, code, status
):
    assert login(ocmw_gent).get(f"/dashboards/groepen/{code}/").status_code == status


def test_vdab_user_opens_groups_of_its_province_only(login, nm_oost, shared_demo_results):
    client = login(nm_oost)
    assert client.get("/dashboards/groepen/buren-41002/").status_code == 200
    assert client.get("/dashboards/groepen/provincie-limburg/").status_code == 404


def test_ocmw_overview_lists_only_its_own_municipality(login, ocmw_gent, shared_demo_results):
    client = login(ocmw_gent)
    rows = table(client.get("/dashboards/").content.decode(), "Lokale besturen in uw selectie")
    assert [row["Lokaal bestuur"] for row in rows] == ["Gent"]
    exported = client.get("/dashboards/export.csv").content.decode("utf-8-sig").splitlines()
    assert len(exported) == 2 and ";Gent;" in exported[1]


def test_the_map_shows_rates_of_others_but_no_counts(login, ocmw_gent, shared_demo_results):
    data = json_data(login(ocmw_gent).get("/dashboards/").content.decode(), "map-data")
    assert len(data["locations"]) + len(data["missing"]) == 285
    assert "41002" in data["locations"]
    assert data["highlight"] == ["44021"]
    assert set(data) == {
        "indicator",
        "unit",
        "quarter",
        "scale",
        "locations",
        "values",
        "statuses",
        "names",
        "missing",
        "missingNames",
        "highlight",
        "openable",
        "frame",
        "dashboardURL",
        "geojson",
        "topojsonURL",
    }
    # What the map lets Gent's OCMW open is only its own dashboard.
    assert data["openable"] == ["44021"]
    assert all(isinstance(v, float) and 0 <= v <= 100 for v in data["values"])
    assert set(data["statuses"]) == {"Voorlopig"}


def test_group_page_shows_other_municipalities_rates_without_counts_or_links(
    login, ocmw_gent, shared_demo_results
):
    html = login(ocmw_gent).get("/dashboards/groepen/centrumsteden/").content.decode()
    rows = table(html, "Leden van Centrumsteden")
    assert len(rows) == 13
    assert "Leefloongerechtigden" not in rows[0] and "Ingeschreven bij VDAB" not in rows[0]
    assert '<a href="/dashboards/44021/">Gent</a>' in html
    assert '<a href="/dashboards/41002/">' not in html  # Aalst: a rate, not a dashboard


def test_municipality_dashboard_shows_groups_as_aggregates_only(
    login, ocmw_gent, shared_demo_results
):
    html = login(ocmw_gent).get("/dashboards/44021/").content.decode()
    data = json_data(html, "dashboard-data")
    names = {line["name"] for chart in data["charts"] for line in chart["lines"]}
    assert "Aalst" not in names and "Gent" in names
    assert '<a href="/dashboards/41002/">' not in html


def test_a_former_municipality_in_an_ocmw_scope_opens_no_dashboard(login, shared_demo_results):
    """A scope that still lists Gooik (part of Pajottegem since 2025) beside Pajottegem: only the
    current municipality opens, its groups open, and the page header names the current one."""
    from tests.conftest import _persona

    client = login(_persona("ocmw.gooik", "ocmw", local_governments=["23024", "23106"]))
    assert client.get("/dashboards/23024/").status_code == 404
    html = client.get("/dashboards/23106/").content.decode()
    assert '<span class="user-box__role">OCMW · Pajottegem</span>' in html
    html = client.get("/dashboards/groepen/vlaanderen/").content.decode()
    assert '<a href="/dashboards/23106/">Pajottegem</a>' in html
    assert client.get("/dashboards/groepen/buren-23106/").status_code == 200

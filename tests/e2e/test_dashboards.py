"""The dashboards in Chromium: charts and the map draw under the CSP, from the portal alone, and
the pages read well on a laptop, on a phone and on paper."""

import re

import pytest

from tests.e2e.conftest import serious_violations

PAGES = [
    ("ocmw.gent", "/dashboards/44021/"),
    ("netwerkmanager.vlaanderen", "/dashboards/"),
    ("ocmw.gent", "/dashboards/groepen/provincie-oost-vlaanderen/"),
]


def watch_requests(page):
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    return requests


def open_page(page, log_in, username, path):
    log_in(username)
    page.goto(path)
    page.wait_for_load_state("networkidle")
    page.wait_for_selector(".js-plotly-plot .main-svg")


@pytest.mark.parametrize(("username", "path"), PAGES)
def test_charts_draw_under_the_csp_without_leaving_the_portal(page, log_in, username, path):
    requests = watch_requests(page)
    open_page(page, log_in, username, path)
    for chart in page.locator(".chart, .map").all():
        assert chart.locator(".main-svg").count() > 0, chart.get_attribute("id")
    assert page.csp_errors == []
    base = re.match(r"https?://[^/]+", page.url).group(0)
    assert [url for url in requests if not url.startswith((base, "data:"))] == []


def test_the_pages_load_plotly_with_only_the_trace_types_they_draw(page, log_in):
    requests = watch_requests(page)
    open_page(page, log_in, "netwerkmanager.vlaanderen", "/dashboards/")
    assert [url for url in requests if "/vendor/plotly/" in url][0].endswith("plotly-geo.min.js")
    traces = page.evaluate("Object.keys(Plotly.PlotSchema.get().traces).sort()")
    assert traces == ["choropleth", "scatter", "scattergeo"]


def test_the_map_colours_every_municipality(page, log_in):
    open_page(page, log_in, "netwerkmanager.vlaanderen", "/dashboards/")
    page.wait_for_function("document.querySelectorAll('#kaart .choroplethlocation').length >= 285")
    assert page.locator("#kaart .choroplethlocation").count() == 285


def test_the_own_municipality_is_outlined_on_the_map(page, log_in):
    open_page(page, log_in, "ocmw.gent", "/dashboards/")
    page.wait_for_function("document.querySelectorAll('#kaart .choroplethlocation').length > 285")
    # 285 municipalities coloured, and Gent once more as the outline on top.
    assert page.locator("#kaart .choroplethlocation").count() == 286
    assert page.get_by_text("uw gemeente").is_visible()


@pytest.mark.parametrize(("username", "path"), PAGES)
def test_dashboards_have_no_serious_accessibility_violations(page, log_in, username, path):
    open_page(page, log_in, username, path)
    assert serious_violations(page) == []


@pytest.mark.parametrize(("username", "path"), PAGES)
def test_on_a_phone_nothing_sticks_out_sideways(page, log_in, username, path):
    page.set_viewport_size({"width": 390, "height": 844})
    open_page(page, log_in, username, path)
    wide = page.evaluate(
        """() => {
            const width = document.documentElement.clientWidth;
            return [...document.querySelectorAll('body *')]
                .filter(e => !e.closest('.table-wrap'))
                .filter(e => e.getBoundingClientRect().right > width + 1)
                .map(e => e.tagName + '.' + e.className);
        }"""
    )
    assert wide == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_the_municipality_dashboard_prints_on_two_a4_pages(page, log_in):
    open_page(page, log_in, "ocmw.gent", "/dashboards/44021/")
    pdf = page.pdf(format="A4", print_background=True)
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 2


def test_a_province_managers_map_is_framed_on_the_province_and_opens_a_dashboard(page, log_in):
    open_page(page, log_in, "netwerkmanager.oost-vlaanderen", "/dashboards/")
    page.wait_for_function("document.querySelectorAll('#kaart .choroplethlocation').length >= 285")
    lon = page.evaluate("document.getElementById('kaart').layout.geo.lonaxis.range")
    lat = page.evaluate("document.getElementById('kaart').layout.geo.lataxis.range")
    # Oost-Vlaanderen lies between 3.3° and 4.35° east (around 3.83°), 50.7° and 51.4° north;
    # Flanders reaches from 2.5° to 5.9° east. The frame is widened to the map's proportions.
    assert 50.6 < lat[0] < 50.8 and 51.3 < lat[1] < 51.45, lat
    assert lon[0] < 3.35 and lon[1] > 4.3 and abs((lon[0] + lon[1]) / 2 - 3.83) < 0.05, lon
    assert lon[1] - lon[0] < 3, lon
    # A click on Gent opens Gent's dashboard; a click outside the province opens nothing.
    page.evaluate(
        """() => {
            const map = document.getElementById('kaart');
            map.emit('plotly_click', {points: [{location: '11002'}]});
        }"""
    )
    page.wait_for_timeout(300)
    assert page.url.endswith("/dashboards/")
    gent = page.locator("#kaart .choroplethlocation").nth(
        page.evaluate(
            """() => {
                const trace = document.getElementById('kaart').data[1];
                return document.getElementById('kaart').data[0].locations.length
                    + trace.locations.indexOf('44021');
            }"""
        )
    )
    with page.expect_navigation():
        gent.click(force=True)
    assert page.url.endswith("/dashboards/44021/")

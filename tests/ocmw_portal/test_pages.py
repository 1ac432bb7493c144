"""The pages every page's footer links to: "Over de cijfers en bronnen" and the accessibility
statement; the footer itself, the demo banner in the page header, and the summary of a form's
errors that the focus moves to."""

import re

import pytest

from ocmw_portal.models import DemoDataset

pytestmark = pytest.mark.django_db


def text(response):
    """The page's text without tags, whitespace collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def test_about_the_figures_defines_every_indicator(login, ocmw_gent):
    page = text(login(ocmw_gent).get("/over-de-cijfers/"))
    assert "Over de cijfers en bronnen" in page
    assert (
        "Uitstroomgraad naar werk Aandeel van de ingeschreven leefloongerechtigden dat dit "
        "kwartaal uitstroomde naar werk. Uitstroom naar werk gedeeld door ingeschreven bij vdab"
    ) in page
    assert (
        "Duurzaamheidsgraad Aandeel van wie uitstroomde naar werk dat zes maanden later nog aan "
        "het werk is. Duurzaam aan het werk (na 6 maanden) gedeeld door uitstroom naar werk"
    ) in page
    assert "POD Maatschappelijke Integratie" in page
    assert "voorlopig" in page and "definitief" in page
    assert "„te weinig gemeenten”" in page


def test_about_the_figures_names_the_sources_of_the_reference_data(login, nm_oost):
    page = text(login(nm_oost).get("/over-de-cijfers/"))
    assert "Provincies in Cijfers" in page
    assert "„Statbel / Algemene Directie Statistiek, 1 januari 2025”" in page
    assert "bmesuere/belgium-topojson (CC0 1.0)" in page
    assert "de 15 referentieregio's van het besluit van 1 februari 2023" in page


def test_about_the_figures_states_the_disclosure_threshold_in_force(login, nm_oost, settings):
    settings.PORTAL_MIN_DENOMINATOR = 20
    page = text(login(nm_oost).get("/over-de-cijfers/"))
    assert "Een percentage waarvan de noemer kleiner is dan 20 (ook 0)" in page


def test_the_accessibility_statement(login, ocmw_aalst):
    page = text(login(ocmw_aalst).get("/toegankelijkheid/"))
    assert "Toegankelijkheidsverklaring" in page
    status = "gedeeltelijk conform met de Web Content Accessibility Guidelines (WCAG) 2.1"
    assert f"{status}, niveau AA" in page
    assert "1366 × 768 pixels" in page and "390 × 844 pixels" in page
    assert "Bij elke grafiek staat daarom een tabel met dezelfde cijfers." in page
    assert "Deze verklaring werd opgesteld op 2 december 2026" in page
    assert "Meld het aan toegankelijkheid@vdab.be" in page


def test_the_accessibility_statement_gives_the_configured_contact(login, ocmw_aalst, settings):
    settings.PORTAL_ACCESSIBILITY_CONTACT = "digitaal@ocmw.example"
    page = login(ocmw_aalst).get("/toegankelijkheid/").content.decode()
    assert '<a href="mailto:digitaal@ocmw.example">digitaal@ocmw.example</a>' in page


def test_a_user_without_a_role_is_refused(login, nobody):
    assert login(nobody).get("/over-de-cijfers/").status_code == 403
    assert login(nobody).get("/toegankelijkheid/").status_code == 403


@pytest.mark.parametrize("path", ["/dashboards/", "/overleg/", "/over-de-cijfers/"])
def test_every_footer_links_to_both_pages(login, nm_oost, path):
    page = login(nm_oost).get(path).content.decode()
    footer = page[page.index('<footer class="site-footer">') : page.index("</footer>")]
    assert '<a href="/over-de-cijfers/">Over de cijfers en bronnen</a>' in footer
    assert '<a href="/toegankelijkheid/">Toegankelijkheid</a>' in footer
    assert "README" not in footer


def test_the_login_page_footer_links_to_both_pages_too(client):
    page = client.get("/accounts/login/").content.decode()
    assert '<a href="/over-de-cijfers/">Over de cijfers en bronnen</a>' in page
    assert '<a href="/toegankelijkheid/">Toegankelijkheid</a>' in page


def test_the_demo_banner_sits_in_the_page_header(login, nm_oost):
    """axe's "region" rule: all content inside a landmark; the header is the banner."""
    DemoDataset.objects.create(seed=1)
    page = login(nm_oost).get("/dashboards/").content.decode()
    header = page[page.index('<header class="site-header">') : page.index("</header>")]
    assert '<div class="demo-banner" role="note">Demodata — fictieve cijfers</div>' in header
    assert page.count("Demodata — fictieve cijfers") == 1


def test_every_page_loads_the_portal_script(login, nm_oost):
    page = login(nm_oost).get("/dashboards/").content.decode()
    assert '<script src="/static/js/portal.js" defer></script>' in page


def test_a_refused_form_shows_the_summary_with_links_to_its_fields(login, nm_oost):
    response = login(nm_oost).post(
        "/samenwerking/overeenkomsten/nieuw/",
        {"local_government": "41002", "framework": "2025-2030", "status": "lopend"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    summary = page[
        page.index('id="foutenoverzicht"') : page.index("</div>", page.index("foutenoverzicht"))
    ]
    assert 'role="alert" tabindex="-1"' in page
    assert "De overeenkomst is nog niet bewaard" in summary
    links = re.findall(r'<a href="#([^"]+)">', summary)
    assert "veld-valid_from" in links
    for anchor in links:
        assert f'id="{anchor}"' in page

"""The error pages speak Dutch, in the portal's own layout."""

import pytest
from django.views import defaults

pytestmark = pytest.mark.django_db


def test_a_page_that_does_not_exist(login, ocmw_gent):
    response = login(ocmw_gent).get("/bestaat-niet/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "<h1>Pagina niet gevonden</h1>" in page
    assert 'lang="nl-BE"' in page


def test_a_page_the_role_may_not_open_says_why(login, ocmw_gent):
    response = login(ocmw_gent).get("/import/")
    assert response.status_code == 403
    page = response.content.decode()
    assert "<h1>Geen toegang</h1>" in page
    assert "U hebt geen toegang tot deze pagina." in page


def test_an_error_in_the_portal(rf):
    # Rendered without the request's context, as Django does after an error.
    response = defaults.server_error(rf.get("/dashboards/"))
    assert response.status_code == 500
    page = response.content.decode()
    assert "<h1>Er ging iets mis</h1>" in page
    assert "meld het dan aan de functioneel beheerder" in page

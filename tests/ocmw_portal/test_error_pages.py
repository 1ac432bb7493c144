"""The error pages speak Dutch, in the portal's own layout."""

import time
from contextlib import contextmanager

import pytest
from django.test import Client
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


def test_a_form_sent_without_its_csrf_token_gets_a_dutch_page_in_the_layout(ocmw_gent):
    from tests.conftest import PASSWORD

    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"username": "ocmw.gent", "password": PASSWORD})
    assert response.status_code == 403
    page = response.content.decode()
    assert "<h1>Het formulier kon niet verwerkt worden</h1>" in page
    assert "vernieuw ze en verstuur het formulier opnieuw" in page
    assert 'class="site-header"' in page and 'lang="nl-BE"' in page
    assert "CSRF" not in page


# While the database does not answer -------------------------------------------------------------


@contextmanager
def database_down():
    """The default connection replaced by one to a port where nothing listens, as while
    PostgreSQL is down: every query meets a real refused connection."""
    import socket

    from django.db import connections
    from django.db.utils import load_backend

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        closed_port = sock.getsockname()[1]
    working = connections["default"]
    broken = {
        **working.settings_dict,
        "ENGINE": "django.db.backends.postgresql",
        "HOST": "127.0.0.1",
        "PORT": closed_port,
        "NAME": "portaal",
        "USER": "portaal",
        "PASSWORD": "",
        "OPTIONS": {"connect_timeout": 2},
    }
    connections["default"] = load_backend(broken["ENGINE"]).DatabaseWrapper(broken, "default")
    try:
        yield
    finally:
        connections["default"].close()
        connections["default"] = working


PAGES_DURING_OUTAGE = [
    "/",
    "/accounts/login/",
    "/dashboards/",
    "/dashboards/44021/",
    "/overleg/vergaderingen/",
    "/samenwerking/",
    "/admin/",
]


@pytest.mark.parametrize("path", PAGES_DURING_OUTAGE)
def test_while_the_database_is_down_every_page_is_a_dutch_503_within_two_seconds(
    login, ocmw_gent, path
):
    client = login(ocmw_gent)
    outage = Client(raise_request_exception=False)
    outage.cookies["sessionid"] = client.cookies["sessionid"].value
    with database_down():
        started = time.monotonic()
        response = outage.get(path)
        elapsed = time.monotonic() - started
        health = outage.get("/healthz")
    assert response.status_code == 503
    assert elapsed < 2
    page = response.content.decode()
    assert "<h1>Het portaal is even niet beschikbaar</h1>" in page
    assert 'class="site-header"' in page and 'lang="nl-BE"' in page
    assert "Traceback" not in page and "OperationalError" not in page
    assert response["Retry-After"] == "10"
    assert health.status_code == 503
    # The database back: the same session opens the page again, nothing restarted.
    assert outage.get(path).status_code in (200, 302)


def test_a_database_error_while_the_database_answers_is_the_500_page(rf):
    from django.db import ProgrammingError

    from ocmw_portal import views

    try:
        raise ProgrammingError("a mistake in a query")
    except ProgrammingError:
        response = views.server_error(rf.get("/dashboards/"))
    assert response.status_code == 500
    assert "<h1>Er ging iets mis</h1>" in response.content.decode()

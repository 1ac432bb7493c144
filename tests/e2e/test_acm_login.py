"""Aanmelden bij de Vlaamse overheid in Chromium: the local OpenID Provider (tests/acm_provider)
in its own process and a second portal server, on the database of the other browser tests, that
has the OIDC variables set. The user clicks through the portal's login page, the provider's
login form, the dashboard and the logout button, as in production; the test-client version of
the flow, with the forged answers, is tests/ocmw_portal/test_acm_login.py."""

import re
import subprocess
import sys

import pytest
from playwright.sync_api import expect

from tests.acm_provider.__main__ import CLIENT_ID, CLIENT_SECRET, PASSWORD
from tests.acm_provider.running import Provider, free_port
from tests.e2e.conftest import ROOT, new_page, running_portal, serious_violations

ACM_LINK = "Aanmelden met uw Vlaamse overheid-account"


@pytest.fixture(scope="module")
def acm_port():
    """The port of the portal with ACM login, known before the provider starts: the provider
    accepts only the redirect and logout addresses of that portal."""
    return free_port()


@pytest.fixture(scope="module")
def provider(tmp_path_factory, acm_port):
    running = Provider(tmp_path_factory.mktemp("acm"), [f"http://127.0.0.1:{acm_port}"])
    yield running
    running.stop()


@pytest.fixture(scope="module")
def acm_portal_url(portal_url, portal_env, provider, acm_port, tmp_path_factory):
    """A second portal server on the e2e database (migrated and seeded by portal_url), with
    Aanmelden bij de Vlaamse overheid configured against the local provider."""
    env = {
        **portal_env,
        "PORTAL_OIDC_ISSUER": provider.url,
        "PORTAL_OIDC_CLIENT_ID": CLIENT_ID,
        "PORTAL_OIDC_CLIENT_SECRET": CLIENT_SECRET,
    }
    # The mapping of the provider's test users (as `make run-acm` writes it); idempotent.
    subprocess.run(
        [sys.executable, "-m", "tests.acm_provider.mapping"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )
    log = tmp_path_factory.mktemp("acm-portal") / "runserver.log"
    with running_portal(env, acm_port, log) as url:
        yield url


@pytest.fixture
def acm_page(browser, acm_portal_url):
    """A fresh browser (no session at the portal nor at the provider) on the ACM portal."""
    context, page = new_page(browser, acm_portal_url)
    yield page
    context.close()


def at_provider(provider):
    return re.compile(re.escape(f"{provider.url}/login/") + r"(\?.*)?$")


def login_page(portal):
    return re.compile(re.escape(f"{portal}/accounts/login/") + r"(\?.*)?$")


def sign_in_at_provider(page, provider, username):
    """The provider's login form, which the ACM link on the portal's login page leads to."""
    expect(page).to_have_url(at_provider(provider))
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Aanmelden").click()


def start_acm_login(page):
    page.goto("/accounts/login/")
    page.get_by_role("link", name=ACM_LINK).click()


def test_the_login_page_offers_acm_before_the_local_form(acm_page):
    acm_page.goto("/accounts/login/")
    link = acm_page.get_by_role("link", name=ACM_LINK)
    username = acm_page.get_by_label("Gebruikersnaam")
    expect(link).to_be_visible()
    expect(username).to_be_visible()
    follows = link.evaluate(
        "(link, field) => Boolean(link.compareDocumentPosition(field)"
        " & Node.DOCUMENT_POSITION_FOLLOWING)",
        username.element_handle(),
    )
    assert follows, "the ACM link comes before the local form in the page"
    assert link.bounding_box()["y"] < username.bounding_box()["y"], "and above it on screen"
    assert serious_violations(acm_page) == []
    assert acm_page.csp_errors == []


def test_an_acm_user_of_gent_logs_in_and_out_of_portal_and_provider(
    acm_page, acm_portal_url, provider
):
    page = acm_page
    start_acm_login(page)
    sign_in_at_provider(page, provider, "an.ocmw.gent")
    expect(page).to_have_url(f"{acm_portal_url}/dashboards/44021/")
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(r"^Gent"))
    header = page.locator("header.site-header")
    expect(header.get_by_text("An Peeters")).to_be_visible()

    # The portal logs An out and sends the browser on to the provider's end-session endpoint,
    # which sends it back to the portal's login page.
    header.get_by_role("button", name="Afmelden").click()
    try:
        expect(page).to_have_url(login_page(acm_portal_url))
    except AssertionError:
        pytest.fail(
            f"logging out did not pass the provider and end on the login page but on {page.url}"
            f"; Content Security Policy errors in the console: {page.csp_errors}"
        )
    expect(page.get_by_role("link", name=ACM_LINK)).to_be_visible()
    expect(header.get_by_role("button", name="Afmelden")).to_have_count(0)

    # Logged out of the provider as well: the ACM link asks for the password again instead
    # of logging An in straight away.
    page.get_by_role("link", name=ACM_LINK).click()
    expect(page).to_have_url(at_provider(provider))
    expect(page.get_by_label("Wachtwoord")).to_be_visible()
    page.goto("/dashboards/44021/")
    expect(page).to_have_url(login_page(acm_portal_url))
    assert page.csp_errors == []


def test_a_user_without_a_portal_role_sees_the_no_access_page(acm_page, acm_portal_url, provider):
    page = acm_page
    start_acm_login(page)
    with page.expect_response(lambda r: "/accounts/acm/terug/" in r.url) as callback:
        sign_in_at_provider(page, provider, "zonder.rol")
    assert callback.value.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "U hebt nog geen toegang tot het portaal"
    )
    expect(page.get_by_role("link", name="portaal.ocmw@vdab.be")).to_be_visible()
    expect(page.get_by_role("button", name="Afmelden")).to_have_count(0)
    assert serious_violations(page) == []
    assert page.csp_errors == []

    page.get_by_role("link", name="Terug naar de aanmeldpagina").click()
    expect(page).to_have_url(login_page(acm_portal_url))
    page.goto("/dashboards/")
    expect(page).to_have_url(login_page(acm_portal_url))

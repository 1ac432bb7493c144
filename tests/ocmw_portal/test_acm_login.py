"""Aanmelden bij de Vlaamse overheid, against a real OpenID Provider on localhost
(tests/acm_provider, django-oidc-provider in its own process): the Django test client is the
portal's browser, a requests session the user's browser at the provider."""

import html
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
import requests

from activation.models import LocalGovernment, Province
from ocmw_portal.models import AcmAccount, AcmOrganisation, AcmRole, AuditEvent
from tests.acm_provider.__main__ import CLIENT_ID, CLIENT_SECRET, PASSWORD
from tests.acm_provider.running import USERS, Provider

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def provider(tmp_path_factory):
    running = Provider(tmp_path_factory.mktemp("acm"), ["http://testserver"])
    yield running
    running.stop()


@pytest.fixture
def acm(provider, settings):
    provider.write(users=USERS, hide_signing_key=False)
    settings.PORTAL_OIDC_ISSUER = provider.url
    settings.PORTAL_OIDC_CLIENT_ID = CLIENT_ID
    settings.PORTAL_OIDC_CLIENT_SECRET = CLIENT_SECRET
    gent = AcmOrganisation.objects.create(code="0207451227", name="Gent", kind="lokaal_bestuur")
    gent.local_governments.set([LocalGovernment.objects.get(pk="44021")])
    oost = AcmOrganisation.objects.create(code="VDAB-OVL", name="VDAB Oost", kind="vdab")
    oost.provinces.set([Province.objects.get(code="40000")])
    AcmRole.objects.create(value="OCMWPortaalGebruiker", role="ocmw")
    AcmRole.objects.create(value="OCMWPortaalNetwerkmanager", role="vdab")
    return provider


def to_provider(client, next_path=None):
    """Start the flow at the portal: the address at the provider it sends the browser to."""
    start = client.get("/accounts/acm/" + (f"?next={next_path}" if next_path else ""))
    assert start.status_code == 302
    return start["Location"]


def sign_in_at_provider(authorize_url, username):
    """The user logs in at the provider, which sends the browser back to the portal: the
    callback's path and query."""
    browser = requests.Session()
    page = browser.get(authorize_url)
    assert "/login/" in page.url
    token = browser.cookies["acm_csrftoken"]
    back = browser.post(
        page.url,
        data={
            "username": username,
            "password": PASSWORD,
            "csrfmiddlewaretoken": token,
            "next": parse_qs(urlsplit(page.url).query)["next"][0],
        },
        headers={"Referer": page.url},
        allow_redirects=False,
    )
    assert back.status_code == 302, back.text[:300]
    authorize = browser.get(urljoin(page.url, back.headers["Location"]), allow_redirects=False)
    location = authorize.headers["Location"]
    assert location.startswith("http://testserver/accounts/acm/terug/"), location
    return location.removeprefix("http://testserver"), browser


def log_in(client, username, next_path=None):
    callback, browser = sign_in_at_provider(to_provider(client, next_path), username)
    return client.get(callback), callback, browser


def text(response):
    return html.unescape(response.content.decode())


def test_the_flow_uses_pkce_state_and_nonce(client, acm):
    query = parse_qs(urlsplit(to_provider(client)).query)
    assert query["code_challenge_method"] == ["S256"] and query["code_challenge"]
    assert query["state"] and query["nonce"] and query["response_type"] == ["code"]
    assert query["redirect_uri"] == ["http://testserver/accounts/acm/terug/"]


def test_an_acm_user_of_gent_lands_on_gents_dashboard_and_sees_what_ocmw_gent_sees(
    client, acm, ocmw_gent
):
    response, _, _ = log_in(client, "an.ocmw.gent")
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.get("/")["Location"] == "/dashboards/44021/"
    user = AcmAccount.objects.get().user
    assert not user.has_usable_password()
    assert (user.first_name, user.last_name, user.email) == (
        "An",
        "Peeters",
        "an.peeters@gent.example",
    )
    # The same scope as the local account ocmw.gent: the same bodies and meetings pages.
    from ocmw_portal import access

    assert list(access.local_governments(user)) == list(access.local_governments(ocmw_gent))
    assert set(access.bodies(user)) == set(access.bodies(ocmw_gent))
    assert client.get("/dashboards/44021/").status_code == 200
    assert client.get("/dashboards/41002/").status_code == 404
    assert AuditEvent.objects.filter(action="login", user=user).exists()


def test_a_vdab_role_for_oost_vlaanderen_gives_that_province(client, acm):
    response, _, _ = log_in(client, "bart.vdab.oost", next_path="/overleg/")
    assert response["Location"] == "/overleg/"
    from ocmw_portal import access

    user = AcmAccount.objects.get().user
    assert access.role_of(user) == "vdab" and access.province_codes(user) == {"40000"}
    assert client.get("/dashboards/44021/").status_code == 200
    assert client.get("/dashboards/71016/").status_code == 404  # Genk, Limburg


def test_an_unmapped_user_sees_only_the_no_access_page(client, acm):
    response, _, _ = log_in(client, "zonder.rol")
    assert response.status_code == 403
    assert "U hebt nog geen toegang tot het portaal" in text(response)
    assert "portaal.ocmw@vdab.be" in text(response)
    assert client.get("/dashboards/")["Location"].startswith("/accounts/login/")


def test_a_role_removed_at_the_provider_is_gone_after_the_next_login(client, acm):
    log_in(client, "an.ocmw.gent")
    client.post("/accounts/logout/")
    acm.set_roles("an.ocmw.gent", [])
    response, _, _ = log_in(client, "an.ocmw.gent")
    assert response.status_code == 403
    user = AcmAccount.objects.get().user
    assert not user.groups.exists() and not user.scope.local_governments.exists()
    change = AuditEvent.objects.filter(subject__startswith="Rol en bereik uit ACM/IDM").first()
    assert change.details["voor"]["rol"] == "ocmw" and change.details["na"]["rol"] == "geen"


def test_a_replayed_callback_is_refused_and_nobody_is_logged_in(client, acm):
    response, callback, _ = log_in(client, "an.ocmw.gent")
    assert response.status_code == 302
    client.post("/accounts/logout/")
    replay = client.get(callback)
    assert replay.status_code == 400 and "Aanmelden is mislukt" in text(replay)
    assert "_auth_user_id" not in client.session


def test_a_wrong_state_is_refused(client, acm):
    callback, _ = sign_in_at_provider(to_provider(client), "an.ocmw.gent")
    forged = callback.replace("state=", "state=vervalst")
    response = client.get(forged)
    assert response.status_code == 400 and "_auth_user_id" not in client.session


def test_a_code_from_another_authorization_is_refused(client, acm, provider):
    """The attacker's own code, without the portal's PKCE and with another nonce, delivered
    with the state of the portal's session."""
    portal_state = parse_qs(urlsplit(to_provider(client)).query)["state"][0]
    other = (
        f"{provider.url}/authorize?client_id={CLIENT_ID}&response_type=code&scope=openid"
        "&redirect_uri=http://testserver/accounts/acm/terug/&state=x&nonce=aanvaller"
    )
    callback, _ = sign_in_at_provider(other, "an.ocmw.gent")
    code = parse_qs(urlsplit(callback).query)["code"][0]
    response = client.get(f"/accounts/acm/terug/?code={code}&state={portal_state}")
    assert response.status_code == 400 and "_auth_user_id" not in client.session


def test_a_token_signed_by_a_key_the_provider_does_not_publish_is_refused(client, acm):
    acm.write(hide_signing_key=True)
    response, _, _ = log_in(client, "an.ocmw.gent")
    assert response.status_code == 400 and "_auth_user_id" not in client.session
    assert not AcmAccount.objects.exists()


def test_logging_out_ends_the_provider_session_too(client, acm):
    _, _, browser = log_in(client, "an.ocmw.gent")
    response = client.post("/accounts/logout/")
    ending = urlsplit(response["Location"])
    assert f"{ending.scheme}://{ending.netloc}" == acm.url
    assert ending.path.startswith("/end-session")
    assert parse_qs(ending.query)["post_logout_redirect_uri"] == [
        "http://testserver/accounts/login/"
    ]
    assert "_auth_user_id" not in client.session
    done = browser.get(response["Location"], allow_redirects=False)
    assert done.headers["Location"].startswith("http://testserver/accounts/login/")
    again = browser.get(to_provider(client), allow_redirects=False)
    assert "/login/" in again.headers["Location"], "the provider asks to log in again"


def test_the_login_page_offers_acm_first_and_the_local_form_below(client, acm, settings):
    page = text(client.get("/accounts/login/"))
    assert page.index("Aanmelden met uw Vlaamse overheid-account") < page.index("Gebruikersnaam")
    settings.PORTAL_LOCAL_LOGIN = False
    page = text(client.get("/accounts/login/"))
    assert "Noodtoegang voor beheerders" in page


def test_with_local_login_off_only_a_superuser_logs_in_with_a_password(
    client, acm, settings, ocmw_gent, beheerder
):
    from tests.conftest import PASSWORD as LOCAL_PASSWORD

    settings.PORTAL_LOCAL_LOGIN = False
    refused = client.post("/accounts/login/", {"username": "ocmw.gent", "password": LOCAL_PASSWORD})
    assert refused.status_code == 200 and "alleen nog open voor beheerders" in text(refused)
    allowed = client.post("/accounts/login/", {"username": "beheerder", "password": LOCAL_PASSWORD})
    assert allowed.status_code == 302


def test_without_configuration_the_portal_is_as_before(client, settings):
    settings.PORTAL_OIDC_ISSUER = ""
    assert client.get("/accounts/acm/").status_code == 404
    assert "Vlaamse overheid-account" not in text(client.get("/accounts/login/"))


def test_organisation_codes_load_all_or_nothing(tmp_path):
    from django.core.management import CommandError, call_command

    good = tmp_path / "codes.csv"
    good.write_text("nis_code;organisatiecode\n44021;0207.451.227\n41002;0207.437.468\n")
    call_command("load_acm_organisations", str(good))
    assert set(AcmOrganisation.objects.values_list("code", flat=True)) == {
        "0207451227",
        "0207437468",
    }
    bad = tmp_path / "bad.csv"
    bad.write_text("nis_code;organisatiecode\n11002;0207.500.123\n99999;0207.999.999\n")
    with pytest.raises(CommandError):
        call_command("load_acm_organisations", str(bad))
    assert AcmOrganisation.objects.count() == 2, "nothing of the refused file is saved"


def test_with_acm_the_logout_form_may_lead_to_the_provider(client, acm):
    policy = client.get("/accounts/login/")["Content-Security-Policy"]
    assert f"form-action 'self' {acm.url}" in policy
    assert "script-src 'self';" in policy

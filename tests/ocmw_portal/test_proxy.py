"""Behind one trusted proxy (PORTAL_PROXY_COUNT=1) the lockout and the audit trail see the
client's address from X-Forwarded-For, not the proxy's."""

import pytest

from ocmw_portal.models import AuditEvent
from tests.conftest import PASSWORD

PROXY_ADDRESS = "10.0.0.2"
ATTACKER = "203.0.113.5"
COLLEAGUE = "198.51.100.7"


@pytest.fixture(autouse=True)
def _one_proxy(settings):
    settings.PORTAL_PROXY_COUNT = 1


def through_proxy(client, address, password, forwarded_by_client=None):
    """A login as the proxy passes it on: it appends the address it received it from."""
    forwarded = f"{forwarded_by_client}, {address}" if forwarded_by_client else address
    return client.post(
        "/accounts/login/",
        {"username": "ocmw.gent", "password": password},
        REMOTE_ADDR=PROXY_ADDRESS,
        HTTP_X_FORWARDED_FOR=forwarded,
    )


def test_five_failures_from_one_address_lock_that_address(client, ocmw_gent):
    for _ in range(5):
        through_proxy(client, ATTACKER, "fout")
    response = through_proxy(client, ATTACKER, PASSWORD)
    assert response.status_code == 429
    assert "Aanmelden tijdelijk geblokkeerd" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_correct_login_from_another_address_still_works(client, ocmw_gent):
    for _ in range(5):
        through_proxy(client, ATTACKER, "fout")
    response = through_proxy(client, COLLEAGUE, PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(ocmw_gent.pk)


def test_a_forged_forwarded_address_neither_unlocks_nor_locks_others(client, ocmw_gent):
    for _ in range(5):
        # The attacker claims to be the colleague: the proxy still appends the real address.
        through_proxy(client, ATTACKER, "fout", forwarded_by_client=COLLEAGUE)
    locked = through_proxy(client, ATTACKER, PASSWORD, forwarded_by_client=COLLEAGUE)
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session
    response = through_proxy(client, COLLEAGUE, PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(ocmw_gent.pk)


def test_the_audit_trail_shows_the_forwarded_address(client, ocmw_gent):
    through_proxy(client, ATTACKER, "fout", forwarded_by_client="192.0.2.99")
    through_proxy(client, COLLEAGUE, PASSWORD)
    logins = AuditEvent.objects.filter(action__in=["login", "login_mislukt"]).order_by("pk")
    events = list(logins.values_list("action", "ip_address"))
    assert events == [("login_mislukt", ATTACKER), ("login", COLLEAGUE)]


def test_without_proxies_the_peer_address_counts(client, ocmw_gent, settings):
    settings.PORTAL_PROXY_COUNT = 0
    through_proxy(client, ATTACKER, "fout")
    assert AuditEvent.objects.get(action="login_mislukt").ip_address == PROXY_ADDRESS

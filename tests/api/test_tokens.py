"""Personal API tokens: shown once and stored hashed, refused once revoked or when their owner
loses access, counted at each use and limited per minute."""

import datetime
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command

from ocmw_portal.models import ApiToken, AuditEvent
from ocmw_portal.services import create_api_token, revoke_api_token

pytestmark = pytest.mark.django_db


def detail(response):
    return response.json()["detail"]


def test_a_token_works_and_each_use_is_counted(ocmw_gent, token_of, api_get):
    token = token_of(ocmw_gent)
    for _ in range(3):
        assert api_get(token, "gemeenten").status_code == 200
    stored = ApiToken.objects.get(user=ocmw_gent)
    assert stored.use_count == 3
    assert stored.last_used_at is not None
    assert stored.prefix == token[:8]
    assert token.startswith("ocmw_")


def test_it_is_stored_hashed(ocmw_gent):
    token, plaintext = create_api_token(user=ocmw_gent, name="Power BI")
    assert token.token_hash == ApiToken.digest(plaintext) != plaintext
    row = ApiToken.objects.filter(pk=token.pk).values()[0]
    assert plaintext not in {str(value) for value in row.values()}


@pytest.mark.parametrize(
    "header", [None, "Bearer", "Bearer ocmw_onbestaand", "Token abc", "Basic YTpi"]
)
def test_a_request_without_a_working_token_gets_401_in_dutch(client, header):
    headers = {"HTTP_AUTHORIZATION": header} if header else {}
    response = client.get("/api/v1/cijfers", **headers)
    assert response.status_code == 401
    assert "Geen geldige API-sleutel" in detail(response)
    assert response["WWW-Authenticate"] == "Bearer"


def test_a_revoked_token_gets_401(ocmw_gent, token_of, api_get):
    token = token_of(ocmw_gent)
    assert api_get(token, "gemeenten").status_code == 200
    revoke_api_token(user=ocmw_gent, token_id=ApiToken.objects.get().pk)
    assert api_get(token, "gemeenten").status_code == 401


def test_the_token_of_a_deactivated_user_gets_401(ocmw_gent, token_of, api_get):
    token = token_of(ocmw_gent)
    ocmw_gent.is_active = False
    ocmw_gent.save()
    assert api_get(token, "gemeenten").status_code == 401


def test_the_token_of_a_user_who_lost_the_role_gets_401(ocmw_gent, token_of, api_get):
    token = token_of(ocmw_gent)
    ocmw_gent.groups.remove(Group.objects.get(name="ocmw"))
    assert api_get(token, "gemeenten").status_code == 401
    assert ApiToken.objects.get().use_count == 0


def test_the_rate_limit_answers_429_with_retry_after(
    settings, monkeypatch, ocmw_gent, token_of, api_get
):
    settings.PORTAL_API_RATE_PER_MINUTE = 3
    at = datetime.datetime(2025, 6, 1, 12, 0, 45, tzinfo=datetime.UTC)
    monkeypatch.setattr("api.auth.timezone", SimpleNamespace(now=lambda: at))
    token = token_of(ocmw_gent)
    statuses = [api_get(token, "gemeenten").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    refused = api_get(token, "gemeenten")
    assert refused.status_code == 429
    assert refused["Retry-After"] == "15"
    assert detail(refused) == (
        "Te veel verzoeken met deze API-sleutel: hoogstens 3 per minuut. "
        "Probeer het over 15 seconden opnieuw."
    )
    assert ApiToken.objects.get().use_count == 3
    # Another token of the same user has its own count; the next minute starts again.
    assert api_get(token_of(ocmw_gent, name="tweede"), "gemeenten").status_code == 200
    at += datetime.timedelta(seconds=20)
    assert api_get(token, "gemeenten").status_code == 200


def test_the_limit_starts_again_in_a_new_minute(ocmw_gent):
    token, _ = create_api_token(user=ocmw_gent, name="x")
    now = datetime.datetime(2025, 6, 1, 12, 0, 5, tzinfo=datetime.UTC)
    assert [token.record_use(now=now, limit=2) for _ in range(3)] == [True, True, False]
    later = now + datetime.timedelta(minutes=1)
    assert token.record_use(now=later, limit=2) is True
    token.refresh_from_db()
    assert (token.use_count, token.minute_count) == (3, 1)


def test_the_page_creates_a_token_shown_once_and_revokes_it(login, ocmw_gent, api_get):
    client = login(ocmw_gent)
    page = client.get("/accounts/api-sleutels/")
    assert "U hebt nog geen API-sleutels." in page.content.decode()
    created = client.post("/accounts/api-sleutels/", {"name": "Power BI"})
    html = created.content.decode()
    token = ApiToken.objects.get(user=ocmw_gent)
    plaintext = html.split('id="api-sleutel"')[0].rsplit('value="', 1)[1].split('"')[0]
    assert ApiToken.digest(plaintext) == token.token_hash
    assert token.name == "Power BI"
    # Shown once: the list afterwards gives only its first characters.
    again = client.get("/accounts/api-sleutels/").content.decode()
    assert plaintext not in again
    assert f"{token.prefix}…" in again
    assert api_get(plaintext, "gemeenten").status_code == 200

    response = client.post(f"/accounts/api-sleutels/{token.pk}/intrekken/", follow=True)
    assert "is ingetrokken" in response.content.decode()
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert api_get(plaintext, "gemeenten").status_code == 401
    events = AuditEvent.objects.filter(subject__startswith="API-sleutel").order_by("pk")
    actions = list(events.values_list("action", "username", "subject"))
    assert actions == [
        ("aangemaakt", "ocmw.gent", "API-sleutel „Power BI” van ocmw.gent"),
        ("verwijderd", "ocmw.gent", "API-sleutel „Power BI” van ocmw.gent ingetrokken"),
    ]


def test_the_page_needs_a_name(login, ocmw_gent):
    response = login(ocmw_gent).post("/accounts/api-sleutels/", {"name": ""})
    assert response.status_code == 400
    assert not ApiToken.objects.exists()


def test_nobody_revokes_another_users_token(login, ocmw_gent, ocmw_aalst):
    token, _ = create_api_token(user=ocmw_gent, name="Gent")
    response = login(ocmw_aalst).post(f"/accounts/api-sleutels/{token.pk}/intrekken/")
    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_the_page_is_linked_from_the_header(login, ocmw_gent):
    html = login(ocmw_gent).get("/over-de-cijfers/").content.decode()
    assert 'href="/accounts/api-sleutels/"' in html


def test_the_command_prints_a_token_that_works(capsys, nm_oost, api_get):
    call_command("create_api_token", "netwerkmanager.oost-vlaanderen", "--name", "Analyse")
    plaintext = capsys.readouterr().out.strip()
    assert api_get(plaintext, "gemeenten").json()["aantal"] == 55
    assert ApiToken.objects.get().name == "Analyse"
    event = AuditEvent.objects.get(subject__startswith="API-sleutel")
    assert (event.action, event.username) == ("aangemaakt", "")


def test_the_command_refuses_an_unknown_user_or_one_without_a_role(nobody):
    with pytest.raises(CommandError, match="bestaat niet"):
        call_command("create_api_token", "niemand")
    with pytest.raises(CommandError, match="geen rol"):
        call_command("create_api_token", "zonder.rol")
    assert not ApiToken.objects.exists()

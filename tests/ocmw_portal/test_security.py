import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from ocmw_portal.models import AuditEvent
from tests.conftest import PASSWORD

ROOT = Path(__file__).resolve().parents[2]


def _manage(*args, **env):
    clean = {"PATH": os.environ["PATH"], **env}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_in_production_configuration():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="portaal.example.be",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_the_portal_refuses_to_start_without_a_secret_key_when_debug_is_off():
    result = _manage("check")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


def test_seed_demo_refuses_without_force_when_debug_is_off(db):
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError, match="--force"):
        call_command("seed_demo")


@pytest.mark.django_db
def test_security_headers_on_every_page(client):
    response = client.get("/accounts/login/")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "'unsafe-inline'" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


@pytest.mark.django_db
def test_login_pages_carry_no_inline_script_or_style(client):
    page = client.get("/accounts/login/").content.decode()
    assert "<script>" not in page
    assert "style=" not in page


@pytest.mark.django_db
def test_repeated_failed_logins_lock_the_account_with_a_dutch_message(client, ocmw_gent):
    for _ in range(5):
        client.post("/accounts/login/", {"username": "ocmw.gent", "password": "fout"})
    response = client.post("/accounts/login/", {"username": "ocmw.gent", "password": PASSWORD})
    assert response.status_code == 429
    assert "Aanmelden tijdelijk geblokkeerd" in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_logins_and_failed_logins_are_in_the_audit_trail(client, ocmw_gent):
    client.post("/accounts/login/", {"username": "ocmw.gent", "password": "fout"})
    client.post("/accounts/login/", {"username": "ocmw.gent", "password": PASSWORD})
    logins = AuditEvent.objects.filter(action__in=["login", "login_mislukt"]).order_by("pk")
    actions = list(logins.values_list("action", "username"))
    assert actions == [("login_mislukt", "ocmw.gent"), ("login", "ocmw.gent")]


@pytest.mark.django_db
def test_the_audit_trail_is_read_only_in_the_admin(login, beheerder, ocmw_gent):
    from ocmw_portal import audit

    event = audit.record(AuditEvent.Action.EXPORT, user=ocmw_gent, subject="dashboard Gent")
    client = login(beheerder)
    listing = client.get("/admin/ocmw_portal/auditevent/")
    assert listing.status_code == 200
    assert "dashboard Gent" in listing.content.decode()
    assert client.get("/admin/ocmw_portal/auditevent/add/").status_code == 403
    delete = client.post(f"/admin/ocmw_portal/auditevent/{event.pk}/delete/", {"post": "yes"})
    assert delete.status_code == 403
    assert AuditEvent.objects.filter(pk=event.pk).exists()

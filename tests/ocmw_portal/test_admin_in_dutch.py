"""The admin speaks Dutch: no English word on the pages the administrator opens.

Django's Dutch catalogue lacks the strings Django 5.1 and 5.2 added, django-axes has no Dutch
and Django stores the permission names in English: the project's catalogue (locale/nl), the
Dutch names of the permissions and of axes's records fill that in.
"""

import datetime
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import django.contrib.admin
import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.urls import reverse

from consultations.models import ConsultationBody, Meeting
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

# Words and phrases of Django's and django-axes's English that a Dutch page never shows.
ENGLISH = [
    "Add",
    "Change",
    "Delete",
    "Save",
    "Search",
    "History",
    "Home",
    "Log out",
    "Model name",
    "Access",
    "access attempt",
    "Attempted",
    "Failed",
    "Choose",
    "Remove",
    "Available",
    "Can add",
    "Can change",
    "Can delete",
    "Can view",
    "Username",
    "Password",
    "Permissions",
    "Groups",
    "True",
    "False",
    "selected",
    "You",
]
ENGLISH_PATTERN = re.compile(r"\b(" + "|".join(re.escape(word) for word in ENGLISH) + r")\b")


class VisibleText(HTMLParser):
    """The text a user sees or hears: text outside scripts and styles, the alt, title,
    aria-label and placeholder attributes, and the labels of buttons."""

    def __init__(self):
        super().__init__()
        self.parts = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "template"):
            self._hidden += 1
        attrs = dict(attrs)
        for name in ("alt", "title", "aria-label", "placeholder"):
            if attrs.get(name):
                self.parts.append(attrs[name])
        if tag == "input" and attrs.get("type") in ("submit", "button", "reset"):
            self.parts.append(attrs.get("value") or "")

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template"):
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden:
            self.parts.append(data)


def english_in(html):
    parser = VisibleText()
    parser.feed(html)
    text = " ".join(" ".join(parser.parts).split())
    return sorted({match.group(0) for match in ENGLISH_PATTERN.finditer(text)})


@pytest.fixture
def admin_client(client, beheerder):
    """The administrator, logged in through the login form after someone's wrong password,
    so that the lockout's lists of attempts and logins each hold a row; a failure log (the
    portal does not keep one, the admin lists it) and a meeting."""
    client.post("/accounts/login/", {"username": "onbekend", "password": "fout"})
    AccessFailureLog.objects.create(
        username="onbekend", ip_address="127.0.0.1", user_agent="", http_accept="", path_info="/"
    )
    client.post("/accounts/login/", {"username": "beheerder", "password": PASSWORD})
    body = ConsultationBody.objects.get(code="lerend-netwerk-gent-eeklo")
    Meeting.objects.create(body=body, date=datetime.date(2025, 3, 4), online=True)
    return client


def admin_pages(user):
    """The index, each registered model's list, its add page and the page of its first
    object, and the administrator's own user page."""
    pages = [reverse("admin:index"), reverse("admin:auth_user_change", args=[user.pk])]
    for model in admin.site._registry:
        opts = model._meta
        prefix = f"admin:{opts.app_label}_{opts.model_name}"
        pages += [reverse(f"{prefix}_changelist"), reverse(f"{prefix}_add")]
        first = model._default_manager.order_by("pk").first()
        if first is not None:
            pages.append(reverse(f"{prefix}_change", args=[first.pk]))
    return pages


def test_no_admin_page_shows_english(admin_client, beheerder):
    assert AccessAttempt.objects.exists()
    assert AccessFailureLog.objects.exists()
    assert AccessLog.objects.exists()
    found = {}
    for path in admin_pages(beheerder):
        response = admin_client.get(path)
        # Add pages of the read-only lists (audit trail, imports, lockout) are refused.
        assert response.status_code in (200, 403), path
        if response.status_code == 200 and (english := english_in(response.content.decode())):
            found[path] = english
    assert found == {}


def test_the_index_names_the_lockout_in_dutch(admin_client):
    page = admin_client.get("/admin/").content.decode()
    assert "Aanmeldbeveiliging" in page
    assert "Aanmeldpogingen" in page
    assert "Mislukte aanmeldingen" in page
    assert "Naam van het model" in page


def test_the_users_page_lists_permissions_in_dutch(admin_client, beheerder):
    page = admin_client.get(f"/admin/auth/user/{beheerder.pk}/change/").content.decode()
    assert "Authenticatie en autorisatie | gebruiker | Mag gebruiker toevoegen" in page
    assert "Lokale besturen en activeringsresultaten | lokaal bestuur | Mag lokaal bestuur" in page
    assert not Permission.objects.filter(name__startswith="Can ").exists()


def test_a_short_password_is_refused_in_dutch(admin_client, beheerder):
    response = admin_client.post(
        f"/admin/auth/user/{beheerder.pk}/password/",
        {"password1": "kort", "password2": "kort"},
    )
    assert "Dit wachtwoord is te kort. Het moet minstens 12 tekens bevatten." in (
        response.content.decode()
    )


def admin_script_messages():
    """Every message the admin's own scripts pass to gettext() or ngettext()."""
    folder = Path(django.contrib.admin.__file__).parent / "static" / "admin" / "js"
    call = re.compile(r"""\b(?:gettext|ngettext)\(\s*(['"])((?:\\.|(?!\1).)*)\1""")
    messages = set()
    for script in folder.glob("*.js"):
        for match in call.finditer(script.read_text()):
            messages.add(match.group(2).replace("\\'", "'").replace('\\"', '"'))
    return messages


def test_the_admins_scripts_speak_dutch(admin_client):
    """The two-box selector of groups and scopes ("Kies groepen door ze te selecteren")
    and the other widgets write their text from the JavaScript catalogue."""
    script = admin_client.get("/admin/jsi18n/").content.decode()
    catalogue = json.loads(re.search(r"const newcatalog = (\{.*?\n  \});", script, re.S)[1])
    messages = admin_script_messages()
    assert 'Choose %s by selecting them and then select the "Choose" arrow button.' in messages
    assert sorted(messages - set(catalogue)) == []
    assert catalogue['Choose %s by selecting them and then select the "Choose" arrow button.'] == (
        "Kies %s door ze te selecteren en daarna op de pijl ‘Kiezen’ te klikken."
    )

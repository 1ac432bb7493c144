"""Search over meetings, output and bodies: scoped exactly like the pages, ranked, the matched
words marked (and escaped), paginated. On PostgreSQL, Dutch full-text search finds a word's
stem; on SQLite the words themselves are found."""

import datetime
import html

import pytest
from django.db import connection

from consultations.models import Attachment, ConsultationBody, Meeting, Theme
from consultations.services import load_consultation_bodies
from tests.forms import admin_change, admin_delete

pytestmark = pytest.mark.django_db


@pytest.fixture
def meetings(body, make_meeting):
    gent = make_meeting(
        body("lerend-netwerk-gent-eeklo"),
        datetime.date(2024, 3, 5),
        outputs=[("actie", "Jobbeurs voor leefloongerechtigden organiseren", "open")],
    )
    gent.minutes = "De vergadering besprak de jobbeurs en de wachtlijsten <script>x</script>."
    gent.save()
    gent.themes.add(Theme.objects.create(name="Werkplekleren"))
    Attachment.objects.create(
        meeting=gent,
        file="x.pdf",
        original_name="presentatie-arvastat.pdf",
        size=3,
        content_type="",
    )
    gent.refresh_search_text()
    limburg = make_meeting(
        body("lerend-netwerk-limburg"),
        datetime.date(2024, 3, 6),
        outputs=[("actie", "Jobbeurs in Hasselt", "open")],
    )
    limburg.minutes = "De vergadering besprak de jobbeurs in Limburg."
    limburg.save()
    limburg.refresh_search_text()
    return gent, limburg


def search(client, q, **params):
    return client.get("/overleg/zoeken/", {"q": q, **params})


def test_results_stay_within_the_scope_of_the_pages(login, ocmw_gent, nm_vlaanderen, meetings):
    gent, limburg = meetings
    page = search(login(ocmw_gent), "jobbeurs").content.decode()
    assert gent.get_absolute_url() in page
    assert limburg.get_absolute_url() not in page and "Hasselt" not in page
    everything = search(login(nm_vlaanderen), "jobbeurs").content.decode()
    assert gent.get_absolute_url() in everything and limburg.get_absolute_url() in everything


def test_a_deleted_meeting_is_not_found(login, nm_vlaanderen, meetings):
    gent, _ = meetings
    Meeting.objects.filter(pk=gent.pk).update(
        deleted_at=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC), deletion_reason="dubbel"
    )
    page = search(login(nm_vlaanderen), "wachtlijsten").content.decode()
    assert gent.get_absolute_url() not in page
    assert "0 resultaten" in page


def test_themes_attachment_names_and_outputs_are_found_and_the_words_marked(
    login, nm_oost, meetings
):
    gent, _ = meetings
    client = login(nm_oost)
    for words in ("werkplekleren", "arvastat", "leefloongerechtigden"):
        page = search(client, words).content.decode()
        assert gent.get_absolute_url() in page or "/overleg/output/" in page, words
    page = search(client, "wachtlijsten").content.decode()
    assert "<mark>wachtlijsten</mark>" in page
    assert "<script>x</script>" not in page
    if connection.vendor == "sqlite":  # PostgreSQL's headline leaves tags out altogether
        assert "&lt;script&gt;x&lt;/script&gt;" in page


@pytest.mark.skipif(connection.vendor != "postgresql", reason="Dutch stemming is PostgreSQL's")
def test_on_postgresql_a_dutch_word_form_finds_its_stem(login, nm_oost, meetings):
    gent, _ = meetings
    page = html.unescape(search(login(nm_oost), "vergaderingen").content.decode())
    assert gent.get_absolute_url() in page
    assert "<mark>vergadering</mark>" in page


def test_the_best_match_comes_first_and_results_are_paginated(login, nm_vlaanderen, body):
    network = body("lerend-netwerk-gent-eeklo")
    for day in range(1, 26):
        Meeting.objects.create(
            body=network,
            date=datetime.date(2024, 1, day),
            place="Gent",
            minutes="Over de taalopleiding.",
        ).refresh_search_text()
    client = login(nm_vlaanderen)
    first = search(client, "taalopleiding").content.decode()
    assert "25 resultaten" in first and "pagina 1 van 2" in first
    second = search(client, "taalopleiding", pagina=2).content.decode()
    assert second.count('class="search-results__title"') == 5


def test_a_query_too_long_is_refused_in_dutch(login, nm_oost):
    response = search(login(nm_oost), "a" * 101)
    assert response.status_code == 400
    assert "hoogstens 100" in html.unescape(response.content.decode())


def test_an_empty_query_shows_the_form_only(login, nm_oost):
    response = search(login(nm_oost), "")
    assert response.status_code == 200 and "resultaten" not in response.content.decode()


def found(client, words, meeting):
    return meeting.get_absolute_url() in search(client, words).content.decode()


def test_a_theme_renamed_in_the_admin_finds_its_meetings_by_the_new_name(
    login, beheerder, nm_oost, meetings
):
    gent, _ = meetings
    admin_change(login(beheerder), Theme.objects.get(name="Werkplekleren"), name="Jobcoaching")
    client = login(nm_oost)
    assert found(client, "jobcoaching", gent)
    assert not found(client, "werkplekleren", gent)


def test_a_theme_removed_in_the_admin_no_longer_finds_its_meetings(
    login, beheerder, nm_oost, meetings
):
    gent, _ = meetings
    admin_delete(login(beheerder), Theme.objects.get(name="Werkplekleren"))
    client = login(nm_oost)
    assert not found(client, "werkplekleren", gent)
    assert found(client, "wachtlijsten", gent)


def test_a_deleted_meeting_is_restored_with_the_names_of_now(login, beheerder, nm_oost, meetings):
    gent, _ = meetings
    Meeting.objects.filter(pk=gent.pk).update(
        deleted_at=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC), deletion_reason="dubbel"
    )
    admin_change(login(beheerder), Theme.objects.get(name="Werkplekleren"), name="Jobcoaching")
    Meeting.with_deleted.filter(pk=gent.pk).update(deleted_at=None, deletion_reason="")
    assert found(login(nm_oost), "jobcoaching", gent)


def test_a_body_renamed_in_the_admin_finds_its_meetings_by_the_new_name(
    login, beheerder, nm_oost, meetings
):
    gent, _ = meetings
    admin_change(login(beheerder), gent.body, name="Lerend netwerk Meetjesland")
    assert found(login(nm_oost), "meetjesland", gent)


def test_loading_the_reference_data_puts_a_bodys_name_back_in_its_meetings_search(
    login, nm_oost, meetings
):
    gent, _ = meetings
    ConsultationBody.objects.filter(pk=gent.body_id).update(name="Lerend netwerk Meetjesland")
    Meeting.objects.get(pk=gent.pk).refresh_search_text()
    client = login(nm_oost)
    assert found(client, "meetjesland", gent)
    load_consultation_bodies()
    assert not found(client, "meetjesland", gent)
    assert found(client, "regio", gent)


def test_themes_removed_together_in_the_admin_list_no_longer_find_their_meetings(
    login, beheerder, nm_oost, meetings
):
    gent, _ = meetings
    theme = Theme.objects.get(name="Werkplekleren")
    response = login(beheerder).post(
        "/admin/consultations/theme/",
        {"action": "delete_selected", "_selected_action": [theme.pk], "post": "yes"},
    )
    assert response.status_code == 302
    assert not Theme.objects.filter(pk=theme.pk).exists()
    assert not found(login(nm_oost), "werkplekleren", gent)

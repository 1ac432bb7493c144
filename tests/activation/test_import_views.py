"""The import at /import/: upload → preview → confirm, history, templates, and who may use it."""

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from openpyxl import load_workbook

from activation.imports.columns import COLUMNS
from activation.imports.services import ALREADY_MESSAGE, STALE_MESSAGE, import_file
from activation.models import ImportBatch, LocalGovernment, QuarterlyResult, ResultRevision
from activation.quarters import Quarter
from tests.activation.files import csv_bytes, row, xlsx_bytes
from tests.activation.helpers import database_state

pytestmark = pytest.mark.django_db

ROWS = [
    row("44021", "Gent", "2025-K1", 1500, 1100, 600, 90, 60),
    row("41002", "Aalst", "2025-K1", 420, 300, 150, 30, None),
]


def upload(client, data, name="kwartaal.csv", status="definitief"):
    return client.post(
        "/import/", {"file": SimpleUploadedFile(name, data), "status": status}, follow=True
    )


def test_upload_shows_a_preview_and_writes_nothing(login, beheerder):
    import_file(
        csv_bytes([row("44021", "Gent", "2025-K1", 1400)]), "eerder.csv", result_status="voorlopig"
    )
    before = database_state()
    response = upload(login(beheerder), csv_bytes(ROWS))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Voorbeeld van de import: kwartaal.csv" in page
    assert "Bevestigen en bewaren" in page
    batch = ImportBatch.objects.get(file_name="kwartaal.csv")
    assert (batch.status, batch.rows_new, batch.rows_changed) == ("voorbeeld", 1, 1)
    assert "<del>1.400</del>" in page and "<ins>1.500</ins>" in page
    assert "<del>voorlopig</del>" in page and "<ins>definitief</ins>" in page
    assert database_state() == before


def test_confirm_writes_the_previewed_file(login, beheerder):
    client = login(beheerder)
    data = xlsx_bytes(ROWS)
    upload(client, data, name="kwartaal.xlsx")
    batch = ImportBatch.objects.get()
    response = client.post(f"/import/{batch.pk}/bevestigen/", follow=True)
    assert "De import is verwerkt: 2 nieuw, 0 gewijzigd, 0 ongewijzigd." in (
        response.content.decode()
    )
    batch.refresh_from_db()
    assert batch.status == "verwerkt"
    # The file stays with the import: an undone import can be read in again.
    assert bytes(batch.upload) == data
    assert batch.report["confirmed_by"] == "beheerder"
    assert QuarterlyResult.objects.filter(import_batch=batch).count() == 2


def test_a_preview_confirmed_twice_writes_once(login, beheerder):
    client = login(beheerder)
    import_file(
        csv_bytes([row("44021", "Gent", "2025-K1", 1400)]), "eerder.csv", result_status="voorlopig"
    )
    upload(client, csv_bytes(ROWS))
    batch = ImportBatch.objects.get(file_name="kwartaal.csv")
    client.post(f"/import/{batch.pk}/bevestigen/")
    after_first = database_state()
    response = client.post(f"/import/{batch.pk}/bevestigen/", follow=True)
    assert ALREADY_MESSAGE in response.content.decode()
    assert database_state() == after_first
    assert ResultRevision.objects.count() == 1


def test_a_stale_preview_is_refused_and_writes_nothing(login, beheerder):
    client = login(beheerder)
    upload(client, csv_bytes(ROWS))
    stale = ImportBatch.objects.get()
    # Meanwhile another import sets Gent 2025-K1.
    import_file(
        csv_bytes([row("44021", "Gent", "2025-K1", 1450)]), "ander.csv", result_status="voorlopig"
    )
    before = database_state()
    response = client.post(f"/import/{stale.pk}/bevestigen/", follow=True)
    page = response.content.decode()
    assert STALE_MESSAGE in page
    assert database_state() == before
    assert QuarterlyResult.objects.get(local_government="44021").llg_totaal == 1450
    stale.refresh_from_db()
    assert stale.status == "geweigerd"
    assert stale.report["notice"] == STALE_MESSAGE
    # It stays refused: confirming again writes nothing either.
    client.post(f"/import/{stale.pk}/bevestigen/")
    assert database_state() == before


def test_a_preview_stays_valid_when_an_unrelated_import_happens(login, beheerder):
    client = login(beheerder)
    upload(client, csv_bytes(ROWS))
    batch = ImportBatch.objects.get()
    import_file(
        csv_bytes([row("44021", "Gent", "2024-K4")]), "ander.csv", result_status="voorlopig"
    )
    client.post(f"/import/{batch.pk}/bevestigen/")
    batch.refresh_from_db()
    assert batch.status == "verwerkt"


def test_a_refused_file_shows_every_error_and_no_confirm_button(login, beheerder):
    data = csv_bytes([*ROWS, row("23024", "Gooik", "2025-K1", totaal=-1)])
    page = upload(login(beheerder), data).content.decode()
    assert "Het bestand is geweigerd: er is niets bewaard." in page
    assert "NIS-code 23024 (Gooik) bestaat niet meer in 2025-K1" in page
    assert "Een aantal kan niet negatief zijn (-1)." in page
    assert "Bevestigen en bewaren" not in page
    assert ImportBatch.objects.get().status == "geweigerd"
    assert not QuarterlyResult.objects.exists()


def test_cancel_closes_the_preview(login, beheerder):
    client = login(beheerder)
    upload(client, csv_bytes(ROWS))
    batch = ImportBatch.objects.get()
    response = client.post(f"/import/{batch.pk}/annuleren/", follow=True)
    assert "Het voorbeeld is geannuleerd: er is niets bewaard." in response.content.decode()
    client.post(f"/import/{batch.pk}/bevestigen/")
    assert not QuarterlyResult.objects.exists()


def test_a_file_over_5_mb_is_refused_with_a_dutch_message(login, beheerder):
    data = csv_bytes(ROWS) + b" " * (5 * 1024 * 1024)
    response = upload(login(beheerder), data)
    assert response.status_code == 200
    assert (
        "Het bestand is groter dan 5 MB. Splits het op, bijvoorbeeld per jaar, en laad de delen "
        "na elkaar op."
    ) in response.content.decode()
    assert not ImportBatch.objects.exists()


@pytest.mark.parametrize("name", ["kwartaal.pdf", "kwartaal.xls", "kwartaal"])
def test_only_csv_or_xlsx_files(login, beheerder, name):
    response = upload(login(beheerder), csv_bytes(ROWS), name=name)
    assert (
        "Kies een CSV-bestand (.csv) of een Excel-werkmap (.xlsx); andere bestandstypes kunnen "
        "niet ingelezen worden."
    ) in response.content.decode()
    assert not ImportBatch.objects.exists()


def test_history_lists_imports_with_a_link_to_their_detail(login, beheerder):
    batch, _ = import_file(csv_bytes(ROWS), "k1.csv", result_status="voorlopig")
    page = login(beheerder).get("/import/historiek/").content.decode()
    assert f'href="/import/{batch.pk}/"' in page
    assert "k1.csv" in page and "Verwerkt" in page


def test_the_csv_template_is_built_from_the_registry_and_imports_after_filling_in(login, beheerder):
    client = login(beheerder)
    response = client.get("/import/sjabloon.csv")
    assert response["Content-Disposition"] == (
        'attachment; filename="sjabloon-kwartaalresultaten.csv"'
    )
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0] == (
        "nis_code;gemeente;kwartaal;llg_totaal;llg_ingeschreven;llg_in_traject;"
        "llg_uitstroom_werk;llg_duurzaam_werk"
    )
    assert len(lines) == 1 + LocalGovernment.objects.current().count()
    quarter = str(Quarter.last_complete())
    assert lines[1:3] == [f"11001;Aartselaar;{quarter};;;;;", f"11002;Antwerpen;{quarter};;;;;"]
    filled = "\r\n".join([lines[0], *(line[:-4] + "10;8;4;2;1" for line in lines[1:])])
    upload(client, filled.encode("utf-8-sig"))
    batch = ImportBatch.objects.get()
    assert (batch.status, batch.rows_new, batch.error_count) == ("voorbeeld", 285, 0)


def test_the_xlsx_template_has_the_columns_and_an_explanation(login, beheerder):
    response = login(beheerder).get("/import/sjabloon.xlsx")
    workbook = load_workbook(io.BytesIO(response.content), read_only=True)
    data, explanation = workbook.worksheets
    header = next(data.iter_rows(values_only=True))
    assert list(header) == COLUMNS
    rows = list(explanation.iter_rows(values_only=True))
    assert rows[5][:2] == ("llg_ingeschreven", "Ingeschreven bij VDAB")
    assert "niet groter dan llg_totaal" in rows[5][2]


IMPORT_PAGES = ["/import/", "/import/historiek/", "/import/sjabloon.csv", "/import/sjabloon.xlsx"]


@pytest.fixture
def some_batch(db):
    batch, _ = import_file(csv_bytes(ROWS), "k1.csv", result_status="voorlopig")
    return batch


def test_anonymous_users_go_to_the_login_page(client, some_batch):
    for path in [*IMPORT_PAGES, f"/import/{some_batch.pk}/"]:
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith("/accounts/login/?next="), path
    for path in [f"/import/{some_batch.pk}/bevestigen/", f"/import/{some_batch.pk}/annuleren/"]:
        assert client.post(path)["Location"].startswith("/accounts/login/"), path


@pytest.mark.parametrize("persona", ["ocmw_gent", "nm_oost", "nm_vlaanderen", "nobody"])
def test_other_roles_are_forbidden(login, request, persona, some_batch):
    client = login(request.getfixturevalue(persona))
    for path in [*IMPORT_PAGES, f"/import/{some_batch.pk}/"]:
        assert client.get(path).status_code == 403, path
    for path in [f"/import/{some_batch.pk}/bevestigen/", f"/import/{some_batch.pk}/annuleren/"]:
        assert client.post(path).status_code == 403, path
    response = client.post(
        "/import/", {"file": SimpleUploadedFile("k.csv", csv_bytes(ROWS)), "status": "voorlopig"}
    )
    assert response.status_code == 403
    assert ImportBatch.objects.count() == 1


def test_the_administrator_sees_every_page(login, beheerder, some_batch):
    client = login(beheerder)
    for path in [*IMPORT_PAGES, f"/import/{some_batch.pk}/"]:
        assert client.get(path).status_code == 200, path
    assert client.get("/import/999999/").status_code == 404
    assert client.get(f"/import/{some_batch.pk}/bevestigen/").status_code == 405


@pytest.mark.parametrize("persona, shown", [("beheerder", True), ("nm_vlaanderen", False)])
def test_the_navigation_shows_import_only_to_the_administrator(rf, request, persona, shown):
    http_request = rf.get("/")
    http_request.user = request.getfixturevalue(persona)
    nav = render_to_string("partials/nav.html", request=http_request)
    assert ('<a href="/import/"' in nav) is shown


def test_pages_have_no_inline_styles_or_scripts(login, beheerder, some_batch):
    client = login(beheerder)
    upload(client, csv_bytes([row("44021", "Gent", "2025-K1", totaal=-1)]))
    for path in ["/import/", "/import/historiek/", f"/import/{some_batch.pk}/"]:
        page = client.get(path).content.decode()
        assert "style=" not in page
        # Scripts come from files (portal.js on every page), never inline.
        assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", page) == []


def test_sending_the_form_without_a_file_asks_for_one(login, beheerder):
    response = login(beheerder).post("/import/", {})
    assert response.status_code == 200
    assert "Dit veld is verplicht." in response.content.decode()
    assert not ImportBatch.objects.exists()


def test_a_confirmed_import_is_in_the_audit_trail(login, beheerder):
    from ocmw_portal.models import AuditEvent

    client = login(beheerder)
    data = xlsx_bytes(ROWS)
    upload(client, data, name="kwartaal.xlsx")
    batch = ImportBatch.objects.get()
    assert not AuditEvent.objects.filter(action="import").exists()
    client.post(f"/import/{batch.pk}/bevestigen/")
    event = AuditEvent.objects.get(action="import")
    assert event.username == "beheerder"
    assert event.subject == batch.file_name
    assert event.details["status"] == "verwerkt"

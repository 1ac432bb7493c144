"""Undoing a committed import: from its page and with `manage.py undo_import BATCH_ID`."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from activation.imports.services import import_file
from activation.imports.undoing import undo_import
from activation.indicators import COUNT_FIELDS
from activation.models import ImportBatch, QuarterlyResult
from activation.quarters import Quarter
from ocmw_portal.models import AuditEvent
from tests.activation.files import csv_bytes, row

pytestmark = pytest.mark.django_db

LATE_HEADER = ["nis_code", "kwartaal", "llg_duurzaam_werk"]


def state():
    """Every stored row with its values, status and the import that last wrote it."""
    return sorted(
        QuarterlyResult.objects.values_list(
            "local_government_id", "quarter", *COUNT_FIELDS, "status", "import_batch_id"
        )
    )


def values_of(code, quarter="2025-K1"):
    result = QuarterlyResult.objects.get(local_government=code, quarter=Quarter.parse(quarter))
    return tuple(getattr(result, name) for name in COUNT_FIELDS), result.status


@pytest.fixture
def stored():
    """Gent 2025-K1 and Aalst 2025-K1, voorlopig, from a first import."""
    batch, _ = import_file(
        csv_bytes(
            [
                row("44021", "Gent", "2025-K1", 1500, 1100, 600, 90, 60),
                row("41002", "Aalst", "2025-K1", 420, 300, 150, 30, None),
            ]
        ),
        "eerste.csv",
        result_status="voorlopig",
    )
    return batch


def correction():
    """Changes Gent, erases Aalst's llg_uitstroom_werk (when asked), adds Pajottegem."""
    return csv_bytes(
        [
            row("44021", "Gent", "2025-K1", 1510, 1100, 610, 90, 60),
            row("41002", "Aalst", "2025-K1", 420, 300, 150, None, None),
            row("23106", "Pajottegem", "2025-K1", 150, 100, 50, 9, 6),
        ]
    )


def test_undo_from_the_page_restores_exactly_the_state_before_the_import(login, beheerder, stored):
    before = state()
    batch, _ = import_file(
        correction(), "correctie.csv", result_status="definitief", erase_empty=True
    )
    assert state() != before
    client = login(beheerder)
    page = client.get(f"/import/{batch.pk}/").content.decode()
    assert "Import ongedaan maken" in page

    response = client.post(f"/import/{batch.pk}/ongedaan-maken/", follow=True)
    page = response.content.decode()
    assert state() == before
    assert (
        f"Import {batch.pk} is ongedaan gemaakt: 2 rijen teruggezet en 1 aangemaakte rij "
        "verwijderd."
    ) in page
    assert "Deze import is ongedaan gemaakt op" in page
    batch.refresh_from_db()
    assert (batch.status, batch.undone_by) == ("ongedaan", beheerder)
    event = AuditEvent.objects.get(action="import_ongedaan")
    assert (event.user, event.details["batch"]) == (beheerder, batch.pk)
    history = client.get("/import/historiek/").content.decode()
    assert "Ongedaan gemaakt" in history


def test_undo_from_the_command_restores_exactly_the_state_before_the_import(stored):
    before = state()
    batch, _ = import_file(correction(), "correctie.csv", result_status="definitief")
    output = io.StringIO()
    call_command("undo_import", str(batch.pk), stdout=output)
    assert state() == before
    assert f"Import {batch.pk} is ongedaan gemaakt" in output.getvalue()


def test_undoing_the_first_import_removes_every_row_it_created(stored):
    call_command("undo_import", str(stored.pk), stdout=io.StringIO())
    assert state() == []


def test_undo_is_refused_when_a_later_import_changed_the_same_cells(stored):
    batch, _ = import_file(correction(), "correctie.csv", result_status="voorlopig")
    later, _ = import_file(
        csv_bytes([row("44021", "Gent", "2025-K1", 1520, 1100, 610, 90, 60)]),
        "nog-een-correctie.csv",
        result_status="voorlopig",
    )
    before = state()
    with pytest.raises(CommandError) as refusal:
        call_command("undo_import", str(batch.pk), stdout=io.StringIO())
    day = timezone.localtime(later.created_at).strftime("%d-%m-%Y")
    assert str(refusal.value) == (
        f"Import {batch.pk} kan niet ongedaan gemaakt worden: de latere import {later.pk} "
        f"(nog-een-correctie.csv, {day}) wijzigde 1 cel van dezelfde cijfers, bijvoorbeeld Gent "
        f"2025-K1 llg_totaal. Maak eerst import {later.pk} ongedaan."
    )
    assert state() == before
    assert ImportBatch.objects.get(pk=batch.pk).status == "verwerkt"

    # Undoing the later import first, then this one, goes back to the first import.
    call_command("undo_import", str(later.pk), stdout=io.StringIO())
    call_command("undo_import", str(batch.pk), stdout=io.StringIO())
    assert values_of("44021") == ((1500, 1100, 600, 90, 60), "voorlopig")
    assert not QuarterlyResult.objects.filter(local_government="23106").exists()


def test_undo_keeps_what_a_later_import_changed_in_other_cells():
    totals, _ = import_file(
        csv_bytes([row("44021", "Gent", "2025-K1", 1500, 1100, 600, 90, None)]),
        "vdab.csv",
        result_status="voorlopig",
    )
    correction, _ = import_file(
        csv_bytes([row("44021", "Gent", "2025-K1", 1600, None, None, None, None)]),
        "totaal.csv",
        result_status="voorlopig",
    )
    import_file(
        csv_bytes([["44021", "2025-K1", 55]], header=LATE_HEADER),
        "duurzaam.csv",
        result_status="voorlopig",
    )
    call_command("undo_import", str(correction.pk), stdout=io.StringIO())
    assert values_of("44021") == ((1500, 1100, 600, 90, 55), "voorlopig")
    # The row the first import created keeps the late column when the first is undone too.
    call_command("undo_import", str(totals.pk), stdout=io.StringIO())
    assert values_of("44021") == ((None, None, None, None, 55), "voorlopig")


def test_undo_is_refused_twice_and_for_an_import_that_wrote_nothing(stored):
    call_command("undo_import", str(stored.pk), stdout=io.StringIO())
    with pytest.raises(CommandError, match=f"Import {stored.pk} is al ongedaan gemaakt op"):
        call_command("undo_import", str(stored.pk), stdout=io.StringIO())
    dry, _ = import_file(correction(), "proef.csv", result_status="voorlopig", dry_run=True)
    with pytest.raises(CommandError) as refusal:
        call_command("undo_import", str(dry.pk), stdout=io.StringIO())
    assert str(refusal.value) == (
        f"Import {dry.pk} heeft geen cijfers bewaard (Proefverwerking): er is niets ongedaan "
        "te maken."
    )
    with pytest.raises(CommandError, match="Er is geen import 999999."):
        call_command("undo_import", "999999", stdout=io.StringIO())


def test_reading_the_file_of_an_undone_import_in_again_redoes_it(login, beheerder, stored):
    batch, _ = import_file(correction(), "correctie.csv", result_status="definitief")
    after_import = [values[:-1] for values in state()]
    undo_import(batch_id=batch.pk, user=beheerder)
    client = login(beheerder)
    page = client.get(f"/import/{batch.pk}/").content.decode()
    assert "Bestand opnieuw inlezen" in page

    response = client.post(f"/import/{batch.pk}/opnieuw-inlezen/", follow=True)
    preview = ImportBatch.objects.get(status="voorbeeld")
    assert f"(import {batch.pk}), en die import is ongedaan gemaakt." in response.content.decode()
    client.post(f"/import/{preview.pk}/bevestigen/")
    assert [values[:-1] for values in state()] == after_import


def test_undo_of_a_refused_import_in_the_page_is_a_dutch_message(login, beheerder, stored):
    call_command("undo_import", str(stored.pk), stdout=io.StringIO())
    response = login(beheerder).post(f"/import/{stored.pk}/ongedaan-maken/", follow=True)
    assert f"Import {stored.pk} is al ongedaan gemaakt op" in response.content.decode()


def test_undo_of_an_import_that_does_not_exist_is_a_404(login, beheerder):
    assert login(beheerder).post("/import/999999/ongedaan-maken/").status_code == 404
    assert login(beheerder).post("/import/999999/opnieuw-inlezen/").status_code == 404

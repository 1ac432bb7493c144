import io

import pytest
from django.core.management import CommandError, call_command

from activation.management.commands import import_results
from activation.models import ImportBatch, LocalGovernment, QuarterlyResult, ResultRevision
from tests.activation.files import csv_bytes, row, xlsx_bytes
from tests.activation.helpers import database_state

pytestmark = pytest.mark.django_db

ROWS = [
    row("44021", "Gent", "2025-K1", 1500, 1100, 600, 90, 60),
    row("41002", "Aalst", "2025-K1", 420, 300, 150, 30, None),
]


def run(path, *args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_results", str(path), *args, stdout=out, stderr=err)
    return out.getvalue()


def test_a_valid_file_is_committed_with_its_report(tmp_path):
    path = tmp_path / "kwartaal.csv"
    path.write_bytes(csv_bytes(ROWS))
    output = run(path, "--status", "definitief")
    assert "Bestand: kwartaal.csv (CSV, UTF-8 met BOM, gescheiden door ';')" in output
    assert "Rijen: 2; nieuw 2, gewijzigd 0, ongewijzigd 0" in output
    assert "is verwerkt." in output
    assert set(QuarterlyResult.objects.values_list("status", flat=True)) == {"definitief"}


def test_the_default_status_is_voorlopig(tmp_path):
    path = tmp_path / "kwartaal.xlsx"
    path.write_bytes(xlsx_bytes(ROWS))
    run(path)
    assert set(QuarterlyResult.objects.values_list("status", flat=True)) == {"voorlopig"}


def test_a_refused_file_exits_with_an_error_and_writes_nothing(tmp_path):
    path = tmp_path / "kwartaal.csv"
    path.write_bytes(csv_bytes([*ROWS, row("11007", "Borsbeek", "2025-K1")]))
    with pytest.raises(CommandError) as error:
        run(path)
    assert str(error.value) == (
        "Het bestand is geweigerd: er is niets bewaard. Verbeter de fouten en lees het opnieuw in."
    )
    assert error.value.returncode == 1
    assert not QuarterlyResult.objects.exists()
    assert ImportBatch.objects.get().status == "geweigerd"


def test_the_report_of_a_refused_file_lists_every_error(tmp_path, capsys):
    path = tmp_path / "kwartaal.csv"
    path.write_bytes(csv_bytes([*ROWS, row("11007", "Borsbeek", "2025-K1", totaal=-2)]))
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_results", str(path), stdout=out)
    assert out.getvalue().splitlines()[2:] == [
        "Fouten (2):",
        "  Regel 4, kolom nis_code: NIS-code 11007 (Borsbeek) bestaat niet meer in 2025-K1: "
        "Borsbeek is sinds 1 januari 2025 deel van Antwerpen (11002). Gebruik voor 2025-K1 de "
        "code 11002.",
        "  Regel 4, kolom llg_totaal: Een aantal kan niet negatief zijn (-2).",
    ]


def test_dry_run_shows_the_changes_and_writes_nothing(tmp_path):
    first = tmp_path / "eerste.csv"
    first.write_bytes(csv_bytes(ROWS))
    run(first)
    before = database_state()
    corrected = tmp_path / "correctie.csv"
    corrected.write_bytes(csv_bytes([row("44021", "Gent", "2025-K1", 1510, 1100, 600, 90, 60)]))
    output = run(corrected, "--dry-run")
    assert "Gent (44021) 2025-K1, regel 2: llg_totaal 1500 → 1510" in output
    assert "Proefverwerking: er is niets bewaard." in output
    assert database_state() == before
    assert not ResultRevision.objects.exists()
    assert ImportBatch.objects.latest("pk").status == "proef"


def test_the_importing_user_is_recorded(tmp_path, beheerder):
    path = tmp_path / "kwartaal.csv"
    path.write_bytes(csv_bytes(ROWS))
    run(path, "--user", "beheerder")
    assert ImportBatch.objects.get().uploaded_by == beheerder


def test_a_missing_file(tmp_path):
    with pytest.raises(CommandError, match="bestaat niet"):
        run(tmp_path / "nergens.csv")


def test_a_large_file_shows_a_progress_bar(tmp_path, monkeypatch):
    monkeypatch.setattr(import_results, "PROGRESS_FROM_ROWS", 500)
    codes = list(LocalGovernment.objects.current().values_list("nis_code", flat=True))
    quarters = ["2025-K1", "2025-K2", "2025-K3"]
    path = tmp_path / "groot.csv"
    path.write_bytes(csv_bytes([row(code, "", q) for q in quarters for code in codes]))
    err = io.StringIO()
    call_command("import_results", str(path), stdout=io.StringIO(), stderr=err)
    total = len(codes) * len(quarters)
    assert f"Controle:   0%|          | 0/{total}" in err.getvalue()
    assert f"Opslaan:   0%|          | 0/{total}" in err.getvalue()
    assert QuarterlyResult.objects.count() == total

"""A file brings the columns it has: partial templates, late columns, and erasing only when asked.

DESIGN.md section 8: an empty cell or a count column absent from the header keeps the stored
value; erasing is an explicit choice (the checkbox on the confirm form, `--wis-lege-cellen`).
"""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone

from activation.imports.forms import ERASE_LABEL
from activation.imports.rules import Problem
from activation.imports.services import import_file
from activation.indicators import COUNT_FIELDS
from activation.models import ImportBatch, LocalGovernment, QuarterlyResult, ResultRevision
from activation.quarters import Quarter
from tests.activation.files import csv_bytes, row
from tests.activation.helpers import database_state, stored_results

pytestmark = pytest.mark.django_db

LATE_HEADER = ["nis_code", "kwartaal", "llg_duurzaam_werk"]


def upload(client, data, name="kwartaal.csv", status="voorlopig"):
    return client.post(
        "/import/", {"file": SimpleUploadedFile(name, data), "status": status}, follow=True
    )


def values_of(code, quarter="2025-K1"):
    result = QuarterlyResult.objects.get(local_government=code, quarter=Quarter.parse(quarter))
    return tuple(getattr(result, name) for name in COUNT_FIELDS), result.status


def stored_without_times():
    return [(*values[:-2], values[-2]) for values in stored_results()]


def test_a_template_with_three_filled_rows_changes_only_those_three(login, beheerder):
    quarter = Quarter.last_complete()
    codes = list(LocalGovernment.objects.current().values_list("nis_code", flat=True))
    assert len(codes) == 285
    import_file(
        csv_bytes([row(code, "", str(quarter), 100, 80, 40, 10, 6) for code in codes]),
        "volledig.csv",
        result_status="voorlopig",
    )
    client = login(beheerder)
    template = client.get("/import/sjabloon.csv").content.decode("utf-8-sig")
    lines = list(csv.reader(io.StringIO(template), delimiter=";"))
    header, body = lines[0], lines[1:]
    assert len(body) == 285 and all(line[3:] == [""] * 5 for line in body)
    filled = {"44021": "210", "41002": "120", "23106": "155"}
    for line in body:
        if line[0] in filled:
            line[3] = filled[line[0]]
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";").writerows([header, *body])
    before = {result[0]: result for result in stored_results()}

    preview = upload(client, buffer.getvalue().encode("utf-8-sig")).content.decode()
    batch = ImportBatch.objects.get(status="voorbeeld")
    assert (batch.rows_new, batch.rows_changed, batch.report["empty_rows"]) == (0, 3, 282)
    assert batch.report["values_changed"] == 3
    assert batch.report["values_erased"] == 0
    assert "<strong>3</strong> gewijzigde waarden in 3 bestaande rijen" in preview
    assert "<strong>282</strong> rijen zonder nieuwe waarden, die blijven zoals ze zijn" in preview
    # Every empty cell over a stored value keeps it: the 4 other counts of the three rows and
    # the 5 of the 282 others. Only the checkbox would erase them.
    assert "<strong>1.422</strong> bewaarde waarden bij een lege cel, die blijven staan" in preview
    assert "Te wissen waarden (1.422)" in preview
    assert batch.report["warning_total"] == 0

    client.post(f"/import/{batch.pk}/bevestigen/")
    after = {result[0]: result for result in stored_results()}
    assert {code for code in codes if after[code] != before[code]} == set(filled)
    for code, total in filled.items():
        assert values_of(code, str(quarter)) == ((int(total), 80, 40, 10, 6), "voorlopig")


def test_a_late_column_file_updates_only_that_column(tmp_path):
    import_file(
        csv_bytes(
            [
                row("44021", "Gent", "2025-K1", 1500, 1100, 600, 90, None),
                row("41002", "Aalst", "2025-K1", 420, 300, 150, 30, None),
            ]
        ),
        "vdab.csv",
        result_status="voorlopig",
    )
    path = tmp_path / "duurzaam.csv"
    path.write_bytes(
        csv_bytes([["44021", "2025-K1", 61], ["41002", "2025-K1", 18]], header=LATE_HEADER)
    )
    output = io.StringIO()
    call_command("import_results", str(path), stdout=output)
    assert "Rijen: 2; nieuw 0, gewijzigd 2, ongewijzigd 0" in output.getvalue()
    assert values_of("44021") == ((1500, 1100, 600, 90, 61), "voorlopig")
    assert values_of("41002") == ((420, 300, 150, 30, 18), "voorlopig")
    assert sorted(ResultRevision.objects.values_list("changed_fields", flat=True)) == [
        ["llg_duurzaam_werk"],
        ["llg_duurzaam_werk"],
    ]


def test_the_same_late_values_with_the_other_cells_empty_erase_nothing():
    import_file(
        csv_bytes([row("44021", "Gent", "2025-K1", 1500, 1100, 600, 90, None)]),
        "vdab.csv",
        result_status="voorlopig",
    )
    batch, _ = import_file(
        csv_bytes([row("44021", "Gent", "2025-K1", None, None, None, None, 61)]),
        "duurzaam.csv",
        result_status="voorlopig",
    )
    assert values_of("44021") == ((1500, 1100, 600, 90, 61), "voorlopig")
    assert (batch.report["values_changed"], batch.report["values_kept"]) == (1, 4)


def test_a_late_value_that_breaks_a_rule_against_a_stored_value_is_refused():
    earlier, _ = import_file(
        csv_bytes([row("44021", "Gent", "2025-K1", 1500, 1100, 600, 35, None)]),
        "vdab.csv",
        result_status="voorlopig",
    )
    before = database_state()
    batch, analysis = import_file(
        csv_bytes([["44021", "2025-K1", 40]], header=LATE_HEADER),
        "duurzaam.csv",
        result_status="voorlopig",
    )
    day = timezone.localtime(earlier.created_at).strftime("%d-%m-%Y")
    assert batch.status == "geweigerd"
    assert analysis.errors == [
        Problem(
            2,
            "llg_duurzaam_werk",
            f"llg_duurzaam_werk 40 is groter dan de bewaarde llg_uitstroom_werk 35 (import "
            f"{earlier.pk} van {day}). Vul in het bestand ook llg_uitstroom_werk in, of controleer "
            "llg_duurzaam_werk.",
        )
    ]
    assert database_state() == before


def test_a_smaller_value_against_a_larger_stored_one_names_the_import_that_wrote_it():
    import_file(
        csv_bytes([row("44021", "Gent", "2025-K1", 1500, 1100, 600, 35, None)]),
        "vdab.csv",
        result_status="voorlopig",
    )
    late, _ = import_file(
        csv_bytes([["44021", "2025-K1", 30]], header=LATE_HEADER),
        "duurzaam.csv",
        result_status="voorlopig",
    )
    _, analysis = import_file(
        csv_bytes(
            [["44021", "2025-K1", 20]], header=["nis_code", "kwartaal", "llg_uitstroom_werk"]
        ),
        "correctie.csv",
        result_status="voorlopig",
    )
    day = timezone.localtime(late.created_at).strftime("%d-%m-%Y")
    # llg_duurzaam_werk 30 was written by the late import, not by the first one.
    assert [error.message for error in analysis.errors] == [
        f"llg_uitstroom_werk 20 is kleiner dan de bewaarde llg_duurzaam_werk 30 (import "
        f"{late.pk} van {day}). Vul in het bestand ook llg_duurzaam_werk in, of controleer "
        "llg_uitstroom_werk."
    ]


def test_filling_both_values_of_a_rule_in_the_file_corrects_them_together():
    import_file(
        csv_bytes([row("44021", "Gent", "2025-K1", 1500, 1100, 600, 35, 30)]),
        "vdab.csv",
        result_status="voorlopig",
    )
    batch, _ = import_file(
        csv_bytes(
            [["44021", "2025-K1", 20, 18]],
            header=["nis_code", "kwartaal", "llg_uitstroom_werk", "llg_duurzaam_werk"],
        ),
        "correctie.csv",
        result_status="voorlopig",
    )
    assert batch.status == "verwerkt"
    assert values_of("44021") == ((1500, 1100, 600, 20, 18), "voorlopig")


def test_erasing_from_the_web_happens_only_with_the_checkbox(login, beheerder):
    import_file(
        csv_bytes([row("44021", "Gent", "2025-K1", 1500, 1100, 600, 90, 60)]),
        "vdab.csv",
        result_status="voorlopig",
    )
    data = csv_bytes([row("44021", "Gent", "2025-K1", 1510, 1100, 600, None, None)])
    client = login(beheerder)

    page = upload(client, data).content.decode()
    assert "Te wissen waarden (2)" in page
    assert ERASE_LABEL in page
    kept = ImportBatch.objects.get(status="voorbeeld")
    client.post(f"/import/{kept.pk}/bevestigen/")
    assert values_of("44021") == ((1510, 1100, 600, 90, 60), "voorlopig")

    upload(client, csv_bytes([row("44021", "Gent", "2025-K1", 1520, 1100, 600, None, None)]))
    erasing = ImportBatch.objects.get(status="voorbeeld")
    page = client.post(
        f"/import/{erasing.pk}/bevestigen/", {"erase_empty": "on"}, follow=True
    ).content.decode()
    assert values_of("44021") == ((1520, 1100, 600, None, None), "voorlopig")
    erasing.refresh_from_db()
    assert (erasing.erase_empty, erasing.report["values_erased"]) == (True, 2)
    assert "<strong>2</strong> gewiste waarden" in page
    # What was erased stays as a revision.
    revision = ResultRevision.objects.get(replaced_by=erasing)
    assert (revision.values["llg_uitstroom_werk"], revision.values["llg_duurzaam_werk"]) == (90, 60)


def test_erasing_from_the_command_happens_only_with_its_option(tmp_path):
    import_file(
        csv_bytes([row("44021", "Gent", "2025-K1", 1500, 1100, 600, 90, 60)]),
        "vdab.csv",
        result_status="voorlopig",
    )
    path = tmp_path / "correctie.csv"
    path.write_bytes(csv_bytes([row("44021", "Gent", "2025-K1", 1500, 1100, 600, None, 50)]))
    output = io.StringIO()
    call_command("import_results", str(path), stdout=output)
    assert values_of("44021") == ((1500, 1100, 600, 90, 50), "voorlopig")
    assert "Lege cellen die de bewaarde waarde houden (1; --wis-lege-cellen wist ze):" in (
        output.getvalue()
    )
    call_command("import_results", str(path), "--wis-lege-cellen", stdout=io.StringIO())
    assert values_of("44021") == ((1500, 1100, 600, None, 50), "voorlopig")


def test_a_status_changes_only_when_the_files_choice_differs(login, beheerder):
    import_file(
        csv_bytes(
            [
                row("44021", "Gent", "2025-K1", 1500, 1100, 600, 90, 60),
                row("41002", "Aalst", "2025-K1", 420, 300, 150, 30, 20),
            ]
        ),
        "vdab.csv",
        result_status="voorlopig",
    )
    import_file(
        csv_bytes([row("41002", "Aalst", "2025-K1", 420, 300, 150, 30, 20)]),
        "aalst.csv",
        result_status="definitief",
    )
    same = csv_bytes(
        [
            row("44021", "Gent", "2025-K1", 1500, 1100, 600, 90, 60),
            row("41002", "Aalst", "2025-K1", 420, 300, 150, 30, 20),
        ]
    )
    page = upload(login(beheerder), same, status="definitief").content.decode()
    batch = ImportBatch.objects.get(status="voorbeeld")
    assert (batch.rows_changed, batch.rows_unchanged) == (1, 1)
    assert (batch.report["status_changes"], batch.report["values_changed"]) == (1, 0)
    assert "<strong>1</strong> statuswijziging naar definitief" in page
    assert "<del>voorlopig</del>" in page and "<ins>definitief</ins>" in page


def test_a_file_imported_before_says_when_by_whom_and_that_confirming_changes_nothing(
    login, beheerder
):
    data = csv_bytes([row("44021", "Gent", "2025-K1", 1500, 1100, 600, 90, 60)])
    earlier, _ = import_file(data, "kwartaal.csv", result_status="voorlopig", user=beheerder)
    page = upload(login(beheerder), data).content.decode()
    at = timezone.localtime(earlier.created_at).strftime("%d-%m-%Y %H:%M")
    assert (
        f"Dit bestand werd al ingelezen op {at} door beheerder (import {earlier.pk}). "
        "Bevestigen wijzigt niets."
    ) in page


def test_a_file_imported_before_and_changed_since_says_that_confirming_changes_values(
    login, beheerder
):
    data = csv_bytes([row("44021", "Gent", "2025-K1", 1500, 1100, 600, 90, 60)])
    earlier, _ = import_file(data, "kwartaal.csv", result_status="voorlopig")
    import_file(
        csv_bytes([row("44021", "Gent", "2025-K1", 1400, 1100, 600, 90, 60)]),
        "correctie.csv",
        result_status="voorlopig",
    )
    page = upload(login(beheerder), data).content.decode()
    assert f"(import {earlier.pk}). Sindsdien zijn cijfers gewijzigd" in page

"""Every file variant of DESIGN.md section 8, and what importing twice or a correction does."""

import hashlib

import pytest

from activation.imports.rules import Problem
from activation.imports.services import import_file
from activation.models import ImportBatch, QuarterlyResult, ResultRevision
from activation.quarters import Quarter
from tests.activation.files import HEADER, csv_bytes, row, xlsx_bytes
from tests.activation.helpers import database_state

pytestmark = pytest.mark.django_db

ROWS = [
    row("44021", "Gent", "2025-K1", 1500, 1100, 600, 90, 60),
    row("41002", "Aalst", "2025-K1", 420, 300, 150, 30, None),
]


def stored():
    return {
        (r.local_government_id, str(r.quarter)): (
            r.llg_totaal,
            r.llg_ingeschreven,
            r.llg_in_traject,
            r.llg_uitstroom_werk,
            r.llg_duurzaam_werk,
            r.status,
        )
        for r in QuarterlyResult.objects.all()
    }


EXPECTED = {
    ("44021", "2025-K1"): (1500, 1100, 600, 90, 60, "definitief"),
    ("41002", "2025-K1"): (420, 300, 150, 30, None, "definitief"),
}


@pytest.mark.parametrize(
    "encoding, delimiter, described",
    [
        ("utf-8-sig", ";", "CSV, UTF-8 met BOM, gescheiden door ';'"),
        ("utf-8-sig", ",", "CSV, UTF-8 met BOM, gescheiden door ','"),
        ("utf-8", ";", "CSV, UTF-8, gescheiden door ';'"),
        ("utf-8", ",", "CSV, UTF-8, gescheiden door ','"),
        ("cp1252", ";", "CSV, Windows-1252, gescheiden door ';'"),
        ("cp1252", ",", "CSV, Windows-1252, gescheiden door ','"),
    ],
)
def test_csv_in_every_encoding_and_delimiter(encoding, delimiter, described):
    # The accented name shows that the text was decoded as it was written.
    rows = [*ROWS, row("46021", "Sint-Niklaas é", "2025-K1")]
    data = csv_bytes(rows, delimiter=delimiter, encoding=encoding)
    batch, analysis = import_file(data, "kwartaal.csv", result_status="definitief")
    assert batch.status == "verwerkt"
    assert batch.report["format"] == described
    assert stored()[("44021", "2025-K1")] == EXPECTED[("44021", "2025-K1")]
    assert stored()[("41002", "2025-K1")] == EXPECTED[("41002", "2025-K1")]
    assert analysis.warnings == [
        Problem(
            4,
            "gemeente",
            "De naam 'Sint-Niklaas é' hoort niet bij NIS-code 46021: dat is Sint-Niklaas. "
            "Controleer de NIS-code.",
        )
    ]


def test_windows_1252_is_not_mistaken_for_utf8():
    data = csv_bytes([row("44021", "Zèle", "2025-K1")], encoding="cp1252")
    assert b"Z\xe8le" in data
    _, analysis = import_file(data, "kwartaal.csv", result_status="voorlopig", dry_run=True)
    assert analysis.warnings[0].message.startswith("De naam 'Zèle' hoort niet bij")


def test_xlsx_first_sheet_with_numbers_and_codes_as_numbers():
    rows = [[int(r[0]), *r[1:]] for r in ROWS]
    batch, _ = import_file(xlsx_bytes(rows), "kwartaal.xlsx", result_status="definitief")
    assert batch.status == "verwerkt"
    assert batch.report["format"] == "XLSX, eerste werkblad 'Resultaten'"
    assert stored() == EXPECTED


def test_xlsx_is_recognised_by_its_content_whatever_its_name():
    batch, _ = import_file(xlsx_bytes(ROWS), "export", result_status="definitief")
    assert batch.status == "verwerkt"
    assert stored() == EXPECTED


@pytest.mark.parametrize("notation", ["2025-K1", "2025K1", "2025-Q1", "2025Q1", "2025-k1"])
def test_each_accepted_quarter_notation(notation):
    batch, _ = import_file(
        csv_bytes([row("44021", "Gent", notation)]), "kwartaal.csv", result_status="voorlopig"
    )
    assert batch.status == "verwerkt"
    assert QuarterlyResult.objects.get(local_government="44021").quarter == Quarter(2025, 1)


@pytest.mark.parametrize("nis_header", ["nis_code", "NIS", "refnis", "RefNis", "NIS-code"])
def test_headers_are_case_insensitive_with_aliases(nis_header):
    header = [nis_header, "Gemeente", "KWARTAAL", *(h.upper() for h in HEADER[3:])]
    batch, _ = import_file(
        csv_bytes(ROWS, header=header), "kwartaal.csv", result_status="definitief"
    )
    assert batch.status == "verwerkt"
    assert stored() == EXPECTED


def test_columns_in_any_order_and_without_gemeente():
    order = [7, 6, 5, 4, 3, 2, 0]
    header = [HEADER[i] for i in order]
    rows = [[r[i] for i in order] for r in ROWS]
    batch, _ = import_file(
        csv_bytes(rows, header=header), "kwartaal.csv", result_status="definitief"
    )
    assert batch.status == "verwerkt"
    assert stored() == EXPECTED


def test_blank_lines_are_skipped_and_lines_keep_their_numbers():
    data = csv_bytes(ROWS).replace(b"\r\n", b"\r\n;;;;;;;\r\n\r\n", 1)
    data += b"44021;Gent;2025-K2;10;11;1;1;1\r\n"
    _, analysis = import_file(data, "kwartaal.csv", result_status="voorlopig")
    assert [(e.line, e.column) for e in analysis.errors] == [(6, "llg_ingeschreven")]


def test_importing_the_same_file_twice_changes_nothing_the_second_time():
    data = csv_bytes(ROWS)
    first, _ = import_file(data, "kwartaal.csv", result_status="definitief")
    assert (first.rows_new, first.rows_changed) == (2, 0)
    before = database_state()
    second, _ = import_file(data, "kwartaal.csv", result_status="definitief")
    assert second.status == "verwerkt"
    assert (second.rows_new, second.rows_changed, second.rows_unchanged) == (0, 0, 2)
    assert database_state() == before
    assert set(QuarterlyResult.objects.values_list("import_batch", flat=True)) == {first.pk}


def test_a_corrected_file_changes_the_values_and_keeps_the_old_ones(beheerder):
    first, _ = import_file(csv_bytes(ROWS), "kwartaal.csv", result_status="voorlopig")
    corrected = [row("44021", "Gent", "2025-K1", 1510, 1100, 600, 90, 61), ROWS[1]]
    second, analysis = import_file(
        csv_bytes(corrected), "kwartaal-correctie.csv", result_status="voorlopig", user=beheerder
    )
    assert (second.rows_new, second.rows_changed, second.rows_unchanged) == (0, 1, 1)
    gent = QuarterlyResult.objects.get(local_government="44021")
    assert (gent.llg_totaal, gent.llg_duurzaam_werk, gent.import_batch) == (1510, 61, second)
    revision = ResultRevision.objects.get()
    assert revision.result == gent
    assert revision.values == {
        "llg_totaal": 1500,
        "llg_ingeschreven": 1100,
        "llg_in_traject": 600,
        "llg_uitstroom_werk": 90,
        "llg_duurzaam_werk": 60,
        "status": "voorlopig",
    }
    assert (revision.previous_batch, revision.replaced_by, revision.changed_by) == (
        first,
        second,
        beheerder,
    )
    assert second.report["changes"] == [
        {
            "line": 2,
            "nis_code": "44021",
            "name": "Gent",
            "quarter": "2025-K1",
            "values": [
                {"column": "llg_totaal", "old": 1500, "new": 1510},
                {"column": "llg_duurzaam_werk", "old": 60, "new": 61},
            ],
        }
    ]
    # Aalst was unchanged: still the row of the first import.
    assert QuarterlyResult.objects.get(local_government="41002").import_batch == first


def test_a_new_status_is_a_change_with_a_revision():
    import_file(csv_bytes(ROWS), "kwartaal.csv", result_status="voorlopig")
    batch, _ = import_file(csv_bytes(ROWS), "kwartaal.csv", result_status="definitief")
    assert (batch.rows_changed, batch.rows_unchanged) == (2, 0)
    assert stored() == EXPECTED
    assert sorted(ResultRevision.objects.values_list("values__status", flat=True)) == [
        "voorlopig",
        "voorlopig",
    ]


def test_an_empty_cell_is_unknown_not_zero():
    import_file(csv_bytes(ROWS), "kwartaal.csv", result_status="definitief")
    assert QuarterlyResult.objects.get(local_government="41002").llg_duurzaam_werk is None


def test_every_run_is_an_import_batch_with_sha256_and_counts(beheerder):
    data = csv_bytes(ROWS)
    batch, _ = import_file(data, "kwartaal.csv", result_status="definitief", user=beheerder)
    batch.refresh_from_db()

    assert batch.sha256 == hashlib.sha256(data).hexdigest()
    assert (batch.uploaded_by, batch.file_name, batch.rows_total) == (beheerder, "kwartaal.csv", 2)
    assert batch.status == ImportBatch.Status.COMMITTED

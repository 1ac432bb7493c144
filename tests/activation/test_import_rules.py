"""One test per rule of DESIGN.md section 8: the exact message, and nothing written.

Every refused file below starts with valid rows (one new, one that would change a stored
result) and has its error on the last row.
"""

import pytest

from activation.imports import writing
from activation.imports.rules import Problem
from activation.imports.services import import_file
from activation.models import ImportBatch, LocalGovernment, QuarterlyResult, ResultRevision
from tests.activation.files import HEADER, csv_bytes, row, xlsx_bytes
from tests.activation.helpers import database_state

pytestmark = pytest.mark.django_db

VALID = [
    row("44021", "Gent", "2025-K1"),
    row("41002", "Aalst", "2025-K1", totaal=210),
]
LAST = len(VALID) + 2  # the header is line 1


@pytest.fixture(autouse=True)
def stored_aalst(db):
    batch, _ = import_file(
        csv_bytes([row("41002", "Aalst", "2025-K1", totaal=200)]),
        "vorige.csv",
        result_status="voorlopig",
    )
    assert batch.status == ImportBatch.Status.COMMITTED
    return batch


def refused(rows, header=HEADER, data=None, file_name="kwartaal.csv"):
    before = database_state()
    data = data if data is not None else csv_bytes(VALID + rows, header=header)
    batch, analysis = import_file(data, file_name, result_status="definitief")
    assert batch.status == ImportBatch.Status.REFUSED
    assert database_state() == before
    assert batch.error_count == len(analysis.errors) > 0
    return analysis.errors


def test_the_valid_rows_alone_are_accepted():
    batch, _ = import_file(csv_bytes(VALID), "kwartaal.csv", result_status="definitief")
    assert (batch.status, batch.rows_new, batch.rows_changed) == ("verwerkt", 1, 1)


def test_unknown_nis_code():
    assert refused([row("21004", "Brussel", "2025-K1")]) == [
        Problem(LAST, "nis_code", "NIS-code 21004 is geen gekend Vlaams lokaal bestuur.")
    ]


def test_a_nis_code_needs_five_digits():
    assert refused([row("4402", "Gent", "2025-K1")]) == [
        Problem(
            LAST,
            "nis_code",
            "'4402' is geen NIS-code: een NIS-code bestaat uit 5 cijfers, bijvoorbeeld 44021 "
            "voor Gent.",
        )
    ]


def test_a_missing_nis_code():
    assert refused([row("", "Gent", "2025-K1")]) == [
        Problem(LAST, "nis_code", "De NIS-code ontbreekt.")
    ]


def test_a_code_that_no_longer_exists_names_its_successor():
    assert refused([row("23024", "Gooik", "2025-K1")]) == [
        Problem(
            LAST,
            "nis_code",
            "NIS-code 23024 (Gooik) bestaat niet meer in 2025-K1: Gooik is sinds 1 januari 2025 "
            "deel van Pajottegem (23106). Gebruik voor 2025-K1 de code 23106.",
        )
    ]


def test_a_code_that_did_not_exist_yet_names_its_predecessors():
    assert refused([row("23106", "Pajottegem", "2024-K4")]) == [
        Problem(
            LAST,
            "nis_code",
            "NIS-code 23106 (Pajottegem) bestaat pas sinds 1 januari 2025: gebruik voor 2024-K4 "
            "de codes van Galmaarden (23023), Gooik (23024) en Herne (23032).",
        )
    ]


def test_a_successor_and_its_predecessor_in_the_same_quarter():
    assert refused([row("23106", "Pajottegem", "2025-K1"), row("23024", "Gooik", "2025-K1")]) == [
        Problem(
            LAST + 1,
            "nis_code",
            "Voor 2025-K1 staan zowel Gooik (23024) als de opvolger Pajottegem (23106, regel 4) "
            "in het bestand: Gooik is sinds 1 januari 2025 deel van Pajottegem, dus de cijfers "
            "horen enkel bij Pajottegem. Schrap de rij van Gooik.",
        )
    ]


def test_duplicate_rows():
    assert refused([row("44021", "Gent", "2025-Q1", totaal=101)]) == [
        Problem(
            LAST,
            "nis_code",
            "Dubbele rij: Gent (44021) staat voor 2025-K1 ook op regel 2. Houd één rij over.",
        )
    ]


@pytest.mark.parametrize("value", ["12,5", "12.5", "twaalf", "1 200", "1.200"])
def test_counts_are_whole_numbers(value):
    assert refused([row("44011", "Deinze", "2018-K4", totaal=value)]) == [
        Problem(
            LAST,
            "llg_totaal",
            f"'{value}' is geen geheel getal: vul een aantal in zonder decimalen, punten of "
            "spaties, of laat de cel leeg als het aantal onbekend is.",
        )
    ]


def test_a_decimal_number_in_an_excel_file():
    data = xlsx_bytes(VALID + [row("44021", "Gent", "2025-K2", traject=12.5)])
    assert refused([], data=data, file_name="kwartaal.xlsx") == [
        Problem(
            LAST,
            "llg_in_traject",
            "'12,5' is geen geheel getal: vul een aantal in zonder decimalen, punten of "
            "spaties, of laat de cel leeg als het aantal onbekend is.",
        )
    ]


def test_counts_are_not_negative():
    assert refused([row("44021", "Gent", "2025-K2", duurzaam=-3)]) == [
        Problem(LAST, "llg_duurzaam_werk", "Een aantal kan niet negatief zijn (-3).")
    ]


@pytest.mark.parametrize(
    "counts, small, large, a, b",
    [
        ({"totaal": 10, "ingeschreven": 11, "traject": 5, "uitstroom": 2, "duurzaam": 1},
         "llg_ingeschreven", "llg_totaal", 11, 10),
        ({"totaal": 100, "ingeschreven": 50, "traject": 51, "uitstroom": 2, "duurzaam": 1},
         "llg_in_traject", "llg_ingeschreven", 51, 50),
        ({"totaal": 100, "ingeschreven": 50, "traject": 5, "uitstroom": 60, "duurzaam": 1},
         "llg_uitstroom_werk", "llg_ingeschreven", 60, 50),
        ({"totaal": 100, "ingeschreven": 50, "traject": 5, "uitstroom": 8, "duurzaam": 9},
         "llg_duurzaam_werk", "llg_uitstroom_werk", 9, 8),
    ],
)  # fmt: skip
def test_the_rules_between_counts(counts, small, large, a, b):
    assert refused([row("44021", "Gent", "2025-K2", **counts)]) == [
        Problem(
            LAST,
            small,
            f"{small} ({a}) mag niet groter zijn dan {large} ({b}). Controleer beide aantallen.",
        )
    ]


def test_a_rule_is_not_checked_against_an_unknown_count():
    batch, _ = import_file(
        csv_bytes([row("44021", "Gent", "2025-K2", totaal=None, ingeschreven=80)]),
        "kwartaal.csv",
        result_status="voorlopig",
    )
    assert batch.status == "verwerkt"
    result = QuarterlyResult.objects.get(local_government="44021")
    assert (result.llg_totaal, result.llg_ingeschreven) == (None, 80)


@pytest.mark.parametrize(
    "text, message",
    [
        ("2025-K5", "'2025-K5' is geen geldig kwartaal: schrijf het als 2025-K2 "
                    "(of 2025K2, 2025-Q2, 2025Q2)."),
        ("2025/1", "'2025/1' is geen geldig kwartaal: schrijf het als 2025-K2 "
                   "(of 2025K2, 2025-Q2, 2025Q2)."),
        ("", "Het kwartaal ontbreekt: schrijf het als 2025-K2."),
        ("2099-K1", "Kwartaal 2099-K1 is nog niet afgelopen: er kunnen nog geen cijfers "
                    "voor zijn."),
    ],
)  # fmt: skip
def test_a_bad_quarter(text, message):
    assert refused([row("44021", "Gent", text)]) == [Problem(LAST, "kwartaal", message)]


@pytest.mark.parametrize("missing", ["nis_code", "kwartaal"])
def test_a_missing_required_column(missing):
    header = [name for name in HEADER if name != missing]
    rows = [[cell for name, cell in zip(HEADER, r, strict=True) if name != missing] for r in VALID]
    assert refused([], data=csv_bytes(rows, header=header)) == [
        Problem(
            1,
            missing,
            f"De verplichte kolom '{missing}' ontbreekt in de kopregel. Gebruik de kolomnamen "
            "van het sjabloon.",
        )
    ]


def test_a_file_without_any_count_column():
    header = ["nis_code", "gemeente", "kwartaal"]
    rows = [r[:3] for r in VALID]
    assert refused([], data=csv_bytes(rows, header=header)) == [
        Problem(
            1,
            "",
            "Het bestand heeft geen enkele kolom met aantallen. Voeg minstens één van de kolommen "
            "llg_totaal, llg_ingeschreven, llg_in_traject, llg_uitstroom_werk en "
            "llg_duurzaam_werk toe, met de kolomnamen van het sjabloon.",
        )
    ]


def test_a_column_given_twice():
    header = ["refnis", *HEADER]
    rows = [[r[0], *r] for r in VALID]
    assert refused([], data=csv_bytes(rows, header=header)) == [
        Problem(
            1,
            "nis_code",
            "De kolom 'nis_code' staat meer dan eens in de kopregel (nis en refnis betekenen ook "
            "nis_code). Houd er één over.",
        )
    ]


def test_every_problem_is_reported_at_once():
    errors = refused(
        [
            row("99999", "Nergens", "2025-K1"),
            row("44021", "Gent", "2025-K9", totaal=-1),
        ]
    )
    assert [(e.line, e.column) for e in errors] == [
        (4, "nis_code"),
        (5, "kwartaal"),
        (5, "llg_totaal"),
    ]


def test_an_empty_file():
    assert refused([], data=b"") == [
        Problem(None, "", "Het bestand is leeg: er staat geen kopregel in.")
    ]


def test_a_header_without_rows():
    assert refused([], data=csv_bytes([])) == [
        Problem(1, "", "Het bestand bevat geen rijen met cijfers onder de kopregel.")
    ]


def test_a_file_named_xlsx_that_is_not_a_workbook():
    assert refused([], data=csv_bytes(VALID), file_name="kwartaal.xlsx") == [
        Problem(
            None,
            "",
            "Het bestand kan niet gelezen worden als Excel-werkmap (.xlsx). Open het in Excel en "
            "bewaar het opnieuw als Excel-werkmap of als CSV UTF-8.",
        )
    ]


def test_an_old_excel_file():
    assert refused([], data=b"\xd0\xcf\x11\xe0" + bytes(600), file_name="kwartaal.xls") == [
        Problem(
            None,
            "",
            "Oude Excel-bestanden (.xls) kunnen niet ingelezen worden: bewaar het bestand in "
            "Excel als Excel-werkmap (.xlsx) of als CSV UTF-8.",
        )
    ]


def test_a_name_that_does_not_match_the_code_is_only_a_warning():
    batch, analysis = import_file(
        csv_bytes(VALID + [row("44021", "Aalst", "2025-K2")]),
        "kwartaal.csv",
        result_status="voorlopig",
    )
    assert batch.status == "verwerkt"
    assert analysis.warnings == [
        Problem(
            LAST,
            "gemeente",
            "De naam 'Aalst' hoort niet bij NIS-code 44021: dat is Gent. Controleer de NIS-code.",
        )
    ]
    assert QuarterlyResult.objects.filter(local_government="44021").count() == 2


def test_names_are_compared_without_case_accents_or_hyphens():
    _, analysis = import_file(
        csv_bytes([row("46021", "sint niklaas", "2025-K1"), row("44021", "GÉNT", "2025-K1")]),
        "kwartaal.csv",
        result_status="voorlopig",
        dry_run=True,
    )
    assert analysis.warnings == []


def test_an_unknown_column_is_a_warning_and_ignored():
    header = [*HEADER, "opmerking"]
    batch, analysis = import_file(
        csv_bytes([[*r, "=1+1"] for r in VALID], header=header),
        "kwartaal.csv",
        result_status="voorlopig",
    )
    assert batch.status == "verwerkt"
    assert analysis.warnings == [
        Problem(1, "opmerking", "De kolom 'opmerking' is onbekend en wordt genegeerd.")
    ]


def test_a_row_without_any_count_changes_nothing():
    before = database_state()
    empty = [None] * 5
    batch, analysis = import_file(
        csv_bytes([["44021", "Gent", "2025-K2", *empty], ["41002", "Aalst", "2025-K1", *empty]]),
        "kwartaal.csv",
        result_status="definitief",
    )
    assert batch.status == "verwerkt"
    assert analysis.warnings == []
    assert (batch.rows_new, batch.rows_changed, batch.report["empty_rows"]) == (0, 0, 2)
    assert database_state() == before


def test_an_error_on_the_last_row_of_a_large_file_writes_nothing():
    codes = LocalGovernment.objects.current().values_list("nis_code", flat=True)
    rows = [row(code, "", "2025-K2") for code in codes]
    before = database_state()
    batch, analysis = import_file(
        csv_bytes([*rows, row("44021", "Gent", "2025-K3", 5, 6, 3, 2, 1)]),
        "kwartaal.csv",
        result_status="voorlopig",
    )
    assert batch.status == "geweigerd"
    assert [(e.line, e.column) for e in analysis.errors] == [(287, "llg_ingeschreven")]
    assert database_state() == before


def test_a_failure_while_writing_leaves_nothing_behind(monkeypatch):
    def fail(*args, **kwargs):
        raise RuntimeError("databank weg")

    # The new rows and the revisions are written; overwriting the changed rows fails.
    monkeypatch.setattr(writing, "overwrite", fail)
    before = database_state()
    batches = ImportBatch.objects.count()
    with pytest.raises(RuntimeError):
        # Gent is new (inserted first), Aalst changes (the update fails).
        import_file(csv_bytes(VALID), "kwartaal.csv", result_status="definitief")
    assert database_state() == before
    assert ImportBatch.objects.count() == batches
    assert not ResultRevision.objects.exists()

"""Figures are stored in the borders of their quarter and shown in current borders."""

import pytest

from activation.imports.rules import Problem
from activation.imports.services import import_file
from activation.indicators import COUNT_FIELDS
from activation.models import CurrentResult, QuarterlyResult
from activation.quarters import Quarter
from tests.activation.files import csv_bytes, row
from tests.activation.helpers import database_state

pytestmark = pytest.mark.django_db

K3, K4, K1 = Quarter(2024, 3), Quarter(2024, 4), Quarter(2025, 1)

PAJOTTEGEM_FILE = [
    row("23023", "Galmaarden", "2024-K3", 60, 40, 20, 4, 3),
    row("23024", "Gooik", "2024-K3", 30, 20, 10, 2, 1),
    row("23032", "Herne", "2024-K3", 50, 30, 15, 3, 2),
    row("23023", "Galmaarden", "2024-K4", 62, 41, 21, 5, 3),
    row("23024", "Gooik", "2024-K4", 31, 22, 12, 2, 2),
    row("23032", "Herne", "2024-K4", 52, 33, 14, 3, None),
    row("23106", "Pajottegem", "2025-K1", 150, 100, 50, 9, 6),
]

ANTWERPEN_FILE = [
    row("11002", "Antwerpen", "2024-K4", 9000, 6000, 3000, 500, 300),
    row("11007", "Borsbeek", "2024-K4", 40, 30, 12, 3, 2),
    row("11002", "Antwerpen", "2025-K1", 9100, 6100, 3100, 510, 310),
]


def commit(rows):
    batch, analysis = import_file(csv_bytes(rows), "fusies.csv", result_status="definitief")
    assert batch.status == "verwerkt", analysis.errors
    return batch


def current_borders(nis_code):
    """{Quarter: CurrentResult} of a current municipality: the stored figures its pages read."""
    rows = CurrentResult.objects.filter(local_government=nis_code).order_by("quarter")
    return {result.quarter: result for result in rows}


def refused(rows):
    before = database_state()
    batch, analysis = import_file(csv_bytes(rows), "fusies.csv", result_status="definitief")
    assert batch.status == "geweigerd"
    assert database_state() == before
    return analysis.errors


def test_a_file_before_2025_with_the_old_codes_is_accepted():
    commit(PAJOTTEGEM_FILE + ANTWERPEN_FILE)
    assert QuarterlyResult.objects.filter(quarter=K4).count() == 5
    assert set(
        QuarterlyResult.objects.filter(quarter=K1).values_list("local_government", flat=True)
    ) == {"23106", "11002"}


def test_a_file_before_2019_uses_the_codes_of_then():
    commit([row("12030", "Puurs", "2018-K4"), row("12034", "Sint-Amands", "2018-K4")])
    assert refused([row("12041", "Puurs-Sint-Amands", "2018-K4")]) == [
        Problem(
            2,
            "nis_code",
            "NIS-code 12041 (Puurs-Sint-Amands) bestaat pas sinds 1 januari 2019: gebruik voor "
            "2018-K4 de codes van Puurs (12030) en Sint-Amands (12034).",
        )
    ]


def test_an_old_code_for_2025_is_refused_naming_its_successor():
    assert refused([row("23032", "Herne", "2025-K1")])[0].message == (
        "NIS-code 23032 (Herne) bestaat niet meer in 2025-K1: Herne is sinds 1 januari 2025 deel "
        "van Pajottegem (23106). Gebruik voor 2025-K1 de code 23106."
    )
    errors = refused([row("44021", "Gent", "2025-K1"), row("11007", "Borsbeek", "2025-K1")])
    assert errors == [
        Problem(
            3,
            "nis_code",
            "NIS-code 11007 (Borsbeek) bestaat niet meer in 2025-K1: Borsbeek is sinds 1 januari "
            "2025 deel van Antwerpen (11002). Gebruik voor 2025-K1 de code 11002.",
        )
    ]


def test_a_successor_and_its_predecessor_for_the_same_quarter_are_refused():
    errors = refused(
        [row("11002", "Antwerpen", "2025-K1"), row("11007", "Borsbeek", "2025-K1", 5, 4, 2, 1, 1)]
    )
    assert errors == [
        Problem(
            3,
            "nis_code",
            "Voor 2025-K1 staan zowel Borsbeek (11007) als de opvolger Antwerpen (11002, regel 2) "
            "in het bestand: Borsbeek is sinds 1 januari 2025 deel van Antwerpen, dus de cijfers "
            "horen enkel bij Antwerpen. Schrap de rij van Borsbeek.",
        )
    ]


def test_a_new_municipality_with_its_predecessors_before_the_merger_is_refused():
    errors = refused(
        [
            row("23023", "Galmaarden", "2024-K4"),
            row("23024", "Gooik", "2024-K4"),
            row("23106", "Pajottegem", "2024-K4"),
        ]
    )
    assert errors == [
        Problem(
            4,
            "nis_code",
            "Voor 2024-K4 staan zowel Pajottegem (23106) als de voorgangers Galmaarden (23023, "
            "regel 2) en Gooik (23024, regel 3) in het bestand: Pajottegem bestaat pas sinds 1 "
            "januari 2025, dus vóór de fusie horen de cijfers bij de voorgangers. Schrap de rij "
            "van Pajottegem.",
        )
    ]


def test_antwerpen_and_borsbeek_both_existed_before_2025():
    commit([row("11002", "Antwerpen", "2024-K4"), row("11007", "Borsbeek", "2024-K4")])


def test_pajottegem_in_current_borders_is_the_sum_of_its_parts_before_2025():
    commit(PAJOTTEGEM_FILE)
    series = current_borders("23106")
    assert list(series) == [K3, K4, K1]
    assert {name: getattr(series[K3], name) for name in COUNT_FIELDS} == {
        "llg_totaal": 140,
        "llg_ingeschreven": 90,
        "llg_in_traject": 45,
        "llg_uitstroom_werk": 9,
        "llg_duurzaam_werk": 6,
    }
    assert series[K4].llg_totaal == 62 + 31 + 52
    # Herne's duurzaam werk is unknown for 2024-K4, so the whole is unknown.
    assert series[K4].llg_duurzaam_werk is None
    assert series[K4].parts == ["23023", "23024", "23032"]
    assert series[K1].llg_totaal == 150
    assert series[K1].parts == ["23106"]


def test_a_missing_part_makes_the_sum_unknown():
    commit(PAJOTTEGEM_FILE[:2])
    series = current_borders("23106")
    assert series[K3].llg_totaal is None


def test_antwerpen_in_current_borders_includes_borsbeek_before_2025():
    commit(ANTWERPEN_FILE)
    series = current_borders("11002")
    assert series[K4].llg_totaal == 9040
    assert series[K4].llg_duurzaam_werk == 302
    assert series[K4].parts == ["11002", "11007"]
    assert series[K1].llg_totaal == 9100
    assert series[K1].parts == ["11002"]

"""Whatever is done to a valid file, an import writes all of it or nothing."""

import pytest
from django.db import transaction
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from activation.imports.services import import_file
from activation.indicators import COUNT_FIELDS
from activation.models import QuarterlyResult, ResultRevision
from activation.quarters import Quarter
from tests.activation.files import HEADER, csv_bytes, row, xlsx_bytes

pytestmark = pytest.mark.django_db

VALID_ROWS = [
    row("44021", "Gent", "2025-K1", 1500, 1100, 600, 90, 60),
    row("44021", "Gent", "2024-K4", 1480, 1000, 580, 85, 55),
    row("41002", "Aalst", "2025-K1", 420, 300, 150, 30, None),
    row("23106", "Pajottegem", "2025-K1", 150, 100, 50, 9, 6),
    row("23024", "Gooik", "2024-K4", 31, 22, 12, 2, 2),
    row("11007", "Borsbeek", "2024-K4", 40, 30, 12, 3, 2),
]
# Stored before each import: Gent 2025-K1 with other values, Aalst with the same.
STORED = [
    ("44021", Quarter(2025, 1), (1400, 1000, 600, 80, 50)),
    ("41002", Quarter(2025, 1), (420, 300, 150, 30, None)),
]
CELL_VALUES = st.one_of(
    st.sampled_from(
        ["", "0", "7", "-1", "1,5", "abc", " 12 ", "3000000000", "2025-K5", "2024-K4", "2025Q1",
         "2099-K1", "99999", "11007", "11002", "23106", "23024", "44021", "Gent"]
    ),
    st.integers(min_value=-3, max_value=2000),
)  # fmt: skip

mutation = st.one_of(
    st.tuples(
        st.just("cell"),
        st.integers(0, len(VALID_ROWS) - 1),
        st.integers(0, len(HEADER) - 1),
        CELL_VALUES,
    ),
    # A correction that keeps the file valid: every count of a row multiplied.
    st.tuples(st.just("scale"), st.integers(0, len(VALID_ROWS) - 1), st.integers(2, 3)),
    st.tuples(st.just("duplicate"), st.integers(0, len(VALID_ROWS) - 1)),
    st.tuples(st.just("drop_column"), st.integers(0, len(HEADER) - 1)),
    st.tuples(
        st.just("append"),
        st.sampled_from(
            [
                row("11007", "Borsbeek", "2025-K1"),
                row("23106", "Pajottegem", "2024-K4"),
                row("11002", "Antwerpen", "2024-K4"),
            ]
        ),
    ),
)


def mutate(mutations):
    header = list(HEADER)
    rows = [list(r) for r in VALID_ROWS]
    for kind, *args in mutations:
        if kind == "cell":
            index, column, value = args
            if index < len(rows) and column < len(rows[index]):
                rows[index][column] = value
        elif kind == "scale":
            index, factor = args
            if index < len(rows):
                rows[index] = [
                    value * factor if name in COUNT_FIELDS and isinstance(value, int) else value
                    for name, value in zip(header, rows[index], strict=True)
                ]
        elif kind == "duplicate":
            if args[0] < len(rows):
                rows.append(list(rows[args[0]]))
        elif kind == "drop_column":
            if args[0] < len(header):
                del header[args[0]]
                for r in rows:
                    del r[args[0]]
        else:
            rows.append([args[0][HEADER.index(name)] for name in header])
    return header, rows


def expected_values(header, rows, before, status):
    """What the database holds after an accepted file, read plainly: each filled cell replaces
    the stored value; an empty cell or a missing column keeps it; a row without any filled cell
    changes nothing."""
    at = {name: header.index(name) for name in header}
    expected = dict(before)
    for r in rows:

        def text(name, r=r):
            value = r[at[name]] if name in at else None
            return "" if value is None else str(value).strip()

        key = (text("nis_code"), Quarter.parse(text("kwartaal")).index)
        given = [int(text(name)) if text(name) else None for name in COUNT_FIELDS]
        if all(value is None for value in given):
            continue
        stored_counts = before[key][0] if key in before else (None,) * len(COUNT_FIELDS)
        counts = tuple(
            stored_value if value is None else value
            for value, stored_value in zip(given, stored_counts, strict=True)
        )
        expected[key] = (counts, status)
    return expected


def stored():
    return {
        (code, quarter.index): (tuple(values), status)
        for code, quarter, status, *values in QuarterlyResult.objects.values_list(
            "local_government_id", "quarter", "status", *COUNT_FIELDS
        )
    }


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    mutations=st.lists(mutation, max_size=3),
    file_format=st.sampled_from(["csv;", "csv,", "cp1252", "xlsx"]),
)
def test_an_import_writes_the_whole_file_or_nothing(mutations, file_format):
    header, rows = mutate(mutations)
    if file_format == "xlsx":
        data, name = xlsx_bytes(rows, header=header), "kwartaal.xlsx"
    elif file_format == "cp1252":
        data, name = csv_bytes(rows, header=header, encoding="cp1252"), "kwartaal.csv"
    else:
        data, name = csv_bytes(rows, header=header, delimiter=file_format[-1]), "kwartaal.csv"

    with transaction.atomic():
        QuarterlyResult.objects.bulk_create(
            QuarterlyResult(
                local_government_id=code,
                quarter=quarter,
                status="voorlopig",
                **dict(zip(COUNT_FIELDS, values, strict=True)),
            )
            for code, quarter, values in STORED
        )
        before = stored()
        batch, analysis = import_file(data, name, result_status="voorlopig")
        after = stored()
        event(batch.status)
        if batch.status == "geweigerd":
            assert analysis.errors
            assert after == before
            assert not ResultRevision.objects.exists()
        else:
            assert batch.status == "verwerkt"
            assert after == expected_values(header, rows, before, "voorlopig")
            assert ResultRevision.objects.count() == batch.rows_changed
        transaction.set_rollback(True)

"""The rules of an import file (DESIGN.md sections 5 and 8): its header, every row on its own, and
the count rules, also between a value of the file and a stored value.

Every problem is collected with its line, column and a Dutch message; nothing stops at the first.
"""

import re
import unicodedata
from dataclasses import dataclass

from django.utils import timezone

from activation.imports.columns import ALIASES, COLUMNS, NAME, NIS, QUARTER, REQUIRED_COLUMNS
from activation.imports.reading import cell_text
from activation.indicators import COUNT_FIELDS, COUNT_RULES
from activation.models import ImportBatch, ResultRevision
from activation.quarters import InvalidQuarter, Quarter
from ocmw_portal.dutch import dutch_list

# The largest value a PositiveIntegerField holds on every supported database.
MAX_COUNT = 2_147_483_647
_NIS_PATTERN = re.compile(r"^[0-9]{5}$")
_INTEGER_PATTERN = re.compile(r"^[+-]?[0-9]+$")


@dataclass(frozen=True)
class Problem:
    line: int | None
    column: str
    message: str

    def as_dict(self):
        return {"line": self.line, "column": self.column, "message": self.message}


@dataclass(slots=True)
class Row:
    line: int
    code: str
    quarter: Quarter
    values: tuple  # the file's counts in COUNT_FIELDS order; None for an empty cell or column


def normalise_header(cell):
    name = re.sub(r"[\s\-]+", "_", cell_text(cell).lstrip("\ufeff").strip().lower())
    return ALIASES.get(name, name)


def _plain_name(name):
    """A name without accents, case, spaces or hyphens, for comparing municipality names."""
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(c for c in decomposed if c.isalnum()).casefold()


def parse_count(value):
    """(count or None, Dutch problem or None) for one cell of a count column."""
    if value is None:
        return None, None
    if isinstance(value, bool):
        return None, f"'{value}' is geen geheel getal."
    if isinstance(value, int):
        number = value
    elif isinstance(value, float):
        if not value.is_integer():
            return None, _not_an_integer(str(value).replace(".", ","))
        number = int(value)
    else:
        text = str(value).strip()
        if not text:
            return None, None
        if text.isascii() and text.isdigit() or _INTEGER_PATTERN.match(text):
            number = int(text)
        else:
            return None, _not_an_integer(text)
    if number < 0:
        return None, f"Een aantal kan niet negatief zijn ({number})."
    if number > MAX_COUNT:
        return None, f"Het aantal {number} is te groot om een aantal personen te zijn."
    return number, None


def _not_an_integer(text):
    return (
        f"'{text}' is geen geheel getal: vul een aantal in zonder decimalen, punten of spaties, "
        "of laat de cel leeg als het aantal onbekend is."
    )


def read_header(line, header, errors, warnings):
    """{column: position} of the known columns, and per count column whether the file has it."""
    positions = {}
    for index, cell in enumerate(header):
        name = normalise_header(cell)
        if not name:
            continue
        if name in positions:
            errors.append(
                Problem(
                    line,
                    name,
                    f"De kolom '{name}' staat meer dan eens in de kopregel (nis en refnis "
                    "betekenen ook nis_code). Houd er één over.",
                )
            )
        elif name in COLUMNS:
            positions[name] = index
        else:
            warnings.append(
                Problem(
                    line,
                    cell_text(cell),
                    f"De kolom '{cell_text(cell)}' is onbekend en wordt genegeerd.",
                )
            )
    for name in REQUIRED_COLUMNS:
        if name not in positions:
            errors.append(
                Problem(
                    line,
                    name,
                    f"De verplichte kolom '{name}' ontbreekt in de kopregel. Gebruik de "
                    "kolomnamen van het sjabloon.",
                )
            )
    present = tuple(name in positions for name in COUNT_FIELDS)
    if not any(present):
        errors.append(
            Problem(
                line,
                "",
                "Het bestand heeft geen enkele kolom met aantallen. Voeg minstens één van de "
                f"kolommen {dutch_list(COUNT_FIELDS)} toe, met de kolomnamen van het sjabloon.",
            )
        )
    return positions, present


def validate_rows(errors, warnings, places, positions, body, bar, today):
    """The rows that name a known local government and a past quarter, each checked on its own."""
    last_complete = Quarter.last_complete(today)
    nis_at, quarter_at, name_at = positions[NIS], positions[QUARTER], positions.get(NAME)
    # A column the file does not have reads as empty cells: it brings no new values.
    count_at = [(name, positions.get(name, -1)) for name in COUNT_FIELDS]
    rules = [
        (small, COUNT_FIELDS.index(small), large, COUNT_FIELDS.index(large))
        for small, large in COUNT_RULES
    ]
    quarters = {}
    rows = []
    for done, (line, cells) in enumerate(body, start=1):
        width = len(cells)
        code = cell_text(cells[nis_at]) if nis_at < width else ""
        place = None
        if not code:
            errors.append(Problem(line, NIS, "De NIS-code ontbreekt."))
        elif not _NIS_PATTERN.match(code):
            errors.append(
                Problem(
                    line,
                    NIS,
                    f"'{code}' is geen NIS-code: een NIS-code bestaat uit 5 cijfers, "
                    "bijvoorbeeld 44021 voor Gent.",
                )
            )
        else:
            place = places.by_code.get(code)
            if place is None:
                errors.append(
                    Problem(line, NIS, f"NIS-code {code} is geen gekend Vlaams lokaal bestuur.")
                )

        raw_quarter = cell_text(cells[quarter_at]) if quarter_at < width else ""
        quarter = quarters.get(raw_quarter)
        if quarter is None:
            if not raw_quarter:
                errors.append(
                    Problem(line, QUARTER, "Het kwartaal ontbreekt: schrijf het als 2025-K2.")
                )
            else:
                try:
                    quarter = Quarter.parse(raw_quarter)
                except InvalidQuarter as error:
                    errors.append(Problem(line, QUARTER, str(error)))
                else:
                    if quarter > last_complete:
                        errors.append(
                            Problem(
                                line,
                                QUARTER,
                                f"Kwartaal {quarter} is nog niet afgelopen: "
                                "er kunnen nog geen cijfers voor zijn.",
                            )
                        )
                        quarter = None
                    else:
                        quarters[raw_quarter] = quarter

        values = []
        for name, index in count_at:
            value, message = parse_count(cells[index] if 0 <= index < width else None)
            if message:
                errors.append(Problem(line, name, message))
            values.append(value)
        for small, small_at, large, large_at in rules:
            a, b = values[small_at], values[large_at]
            if a is not None and b is not None and a > b:
                errors.append(
                    Problem(
                        line,
                        small,
                        f"{small} ({a}) mag niet groter zijn dan {large} ({b}). "
                        "Controleer beide aantallen.",
                    )
                )

        if place is not None and name_at is not None and name_at < width:
            given = cell_text(cells[name_at])
            if given and _plain_name(given) != _plain_name(place.name):
                warnings.append(
                    Problem(
                        line,
                        NAME,
                        f"De naam '{given}' hoort niet bij NIS-code {code}: dat is "
                        f"{place.name}. Controleer de NIS-code.",
                    )
                )
        if place is not None and quarter is not None:
            rows.append(Row(line, code, quarter, tuple(values)))
        if bar is not None and done % 500 == 0:
            bar.update(500)
    if bar is not None:
        bar.update(len(body) % 500)
    return rows


RULES = [(COUNT_FIELDS.index(small), COUNT_FIELDS.index(large)) for small, large in COUNT_RULES]


def breaks_a_rule(row, values):
    """A rule broken by a value of the file against a stored value (rules between two values of
    the file are reported while reading)."""
    for small, large in RULES:
        a, b = values[small], values[large]
        from_file = (row.values[small] is not None, row.values[large] is not None)
        if (
            a is not None
            and b is not None
            and a > b
            and from_file in ((True, False), (False, True))
        ):
            return True
    return False


def report_broken_rules(errors, broken):
    """One problem per broken rule, naming the file's value and the stored one with its import."""
    if not broken:
        return
    sources = _cell_sources([old[0] for _, old, _ in broken])
    for row, old, values in broken:
        for small, large in RULES:
            a, b = values[small], values[large]
            if a is None or b is None or a <= b:
                continue
            small_name, large_name = COUNT_FIELDS[small], COUNT_FIELDS[large]
            if row.values[small] is not None and row.values[large] is None:
                source = _describe_source(sources, old, large_name)
                message = (
                    f"{small_name} {a} is groter dan de bewaarde {large_name} {b} ({source}). "
                    f"Vul in het bestand ook {large_name} in, of controleer {small_name}."
                )
                column = small_name
            elif row.values[large] is not None and row.values[small] is None:
                source = _describe_source(sources, old, small_name)
                message = (
                    f"{large_name} {b} is kleiner dan de bewaarde {small_name} {a} ({source}). "
                    f"Vul in het bestand ook {small_name} in, of controleer {large_name}."
                )
                column = large_name
            else:
                continue
            errors.append(Problem(row.line, column, message))


def _cell_sources(result_ids):
    """{(result id, column): import} of the import that last wrote each stored value.

    That is the newest committed import whose revision names the column; a value no later
    import changed comes from the import that wrote the row (its import_batch).
    """
    sources = {}
    revisions = (
        ResultRevision.objects.filter(
            result_id__in=result_ids, replaced_by__status=ImportBatch.Status.COMMITTED
        )
        .select_related("replaced_by")
        .only("result_id", "changed_fields", "replaced_by__id", "replaced_by__created_at")
        .order_by("pk")
    )
    for revision in revisions:
        for column in revision.changed_fields or COUNT_FIELDS:
            sources[(revision.result_id, column)] = revision.replaced_by
    return sources


def _describe_source(sources, old, column):
    batch = sources.get((old[0], column))
    if batch is None and old[-1] is not None:
        batch = ImportBatch.objects.only("id", "created_at").filter(pk=old[-1]).first()
    if batch is None:
        return "zonder import bewaard"
    return f"import {batch.pk} van {timezone.localtime(batch.created_at):%d-%m-%Y}"

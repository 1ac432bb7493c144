"""The import of quarterly results (DESIGN.md section 8).

One service for the web flow and the `import_results` command: read the file (CSV or XLSX),
validate every row and collect every problem, compare with the database, and write everything in
one transaction, or nothing. Lookups are loaded once per file, never per row.
"""

import codecs
import csv
import datetime
import hashlib
import io
import re
import unicodedata
import zipfile
import zlib
from collections import Counter, defaultdict
from contextlib import nullcontext
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils import timezone
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from activation import figures
from activation.indicators import COUNT_FIELDS, COUNT_RULES
from activation.models import (
    ImportBatch,
    LocalGovernment,
    Merger,
    QuarterlyResult,
    ResultRevision,
)
from activation.quarters import InvalidQuarter, Quarter
from ocmw_portal import audit

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_ROWS = 100_000
# An XLSX file is a zip archive of XML parts. Its directory says how large each part unpacks;
# beyond these sizes a file is refused before anything is unpacked, so that a small upload cannot
# fill the memory. The worksheets are read as a stream: 100,000 rows of the template unpack to
# about 40 MB. Every other part (shared strings, styles, the workbook) is read whole.
MAX_XLSX_UNPACKED_BYTES = 100 * 1024 * 1024
MAX_XLSX_PART_BYTES = 20 * 1024 * 1024
MAX_COLUMNS = 100
# The largest value a PositiveIntegerField holds on every supported database.
MAX_COUNT = 2_147_483_647
# Problems and changed rows kept in an ImportBatch's report (the totals are always complete).
REPORT_LIMIT = 1000
WRITE_CHUNK = 2000

NIS = "nis_code"
NAME = "gemeente"
QUARTER = "kwartaal"
STATUS = "status"
# The columns of the import file and of the templates, in order (DESIGN.md sections 5 and 8).
COLUMNS = [NIS, NAME, QUARTER, *COUNT_FIELDS]
REQUIRED_COLUMNS = [NIS, QUARTER, *COUNT_FIELDS]
ALIASES = {"nis": NIS, "refnis": NIS, "niscode": NIS}

_NIS_PATTERN = re.compile(r"^[0-9]{5}$")
_INTEGER_PATTERN = re.compile(r"^[+-]?[0-9]+$")
_MONTHS = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
]

STALE_MESSAGE = (
    "Sinds dit voorbeeld zijn de cijfers in de databank gewijzigd, bijvoorbeeld door een andere "
    "import. Er is niets bewaard. Laad het bestand opnieuw op om de actuele verschillen te zien."
)
ALREADY_MESSAGE = "Deze import is al bevestigd of geannuleerd; er is niets opnieuw bewaard."
REFUSED_MESSAGE = (
    "Het bestand is geweigerd: er is niets bewaard. Verbeter de fouten en lees het opnieuw in."
)


class UnreadableFile(ValueError):
    """A file that cannot be read as a table at all; the message is Dutch and fit for the user."""


@dataclass(frozen=True)
class Problem:
    line: int | None
    column: str
    message: str

    def as_dict(self):
        return {"line": self.line, "column": self.column, "message": self.message}


@dataclass
class Table:
    description: str
    rows: list  # [(line number, [cells])], the header row first; blank rows left out


@dataclass(slots=True)
class Row:
    line: int
    code: str
    quarter: Quarter
    values: tuple  # the counts in COUNT_FIELDS order, None when unknown


@dataclass
class Analysis:
    """What a file would do to the database: every problem, and the rows new, changed, unchanged."""

    file_name: str
    sha256: str
    result_status: str
    description: str = ""
    rows_total: int = 0
    errors: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    new: list = field(default_factory=list)  # [Row]
    changed: list = field(default_factory=list)  # [(Row, old)]: old = (pk, *counts, status, batch)
    unchanged: int = 0
    per_quarter: dict = field(default_factory=dict)  # {Quarter: Counter(new=, changed=, ...)}
    names: dict = field(default_factory=dict)  # {NIS code: name}
    digest: str = ""

    @property
    def is_valid(self):
        return not self.errors

    def report(self):
        """The JSON kept in ImportBatch.report and shown on the preview and detail pages."""
        changes = []
        for row, old in self.changed[:REPORT_LIMIT]:
            values = [
                {"column": name, "old": old[1 + i], "new": row.values[i]}
                for i, name in enumerate(COUNT_FIELDS)
                if old[1 + i] != row.values[i]
            ]
            if old[-2] != self.result_status:
                values.append({"column": STATUS, "old": old[-2], "new": self.result_status})
            changes.append(
                {
                    "line": row.line,
                    "nis_code": row.code,
                    "name": self.names.get(row.code, ""),
                    "quarter": str(row.quarter),
                    "values": values,
                }
            )
        return {
            "format": self.description,
            "rows": self.rows_total,
            "new": len(self.new),
            "changed": len(self.changed),
            "unchanged": self.unchanged,
            "quarters": [
                {
                    "quarter": str(quarter),
                    "new": counts["new"],
                    "changed": counts["changed"],
                    "unchanged": counts["unchanged"],
                }
                for quarter, counts in sorted(self.per_quarter.items())
            ],
            "errors": [p.as_dict() for p in self.errors[:REPORT_LIMIT]],
            "error_total": len(self.errors),
            "warnings": [p.as_dict() for p in self.warnings[:REPORT_LIMIT]],
            "warning_total": len(self.warnings),
            "changes": changes,
            "change_total": len(self.changed),
        }


# --- Reading -------------------------------------------------------------------------------


def read_table(data, file_name=""):
    """The rows of a CSV (detected encoding and delimiter) or XLSX file (first sheet)."""
    name = file_name.lower()
    if data.startswith(b"PK\x03\x04") or name.endswith((".xlsx", ".xlsm")):
        return _read_xlsx(data)
    if data.startswith(b"\xd0\xcf\x11\xe0") or name.endswith(".xls"):
        raise UnreadableFile(
            "Oude Excel-bestanden (.xls) kunnen niet ingelezen worden: bewaar het bestand in "
            "Excel als Excel-werkmap (.xlsx) of als CSV UTF-8."
        )
    return _read_csv(data)


def decode_text(data):
    """(text, encoding) of a CSV file: UTF-8 with or without BOM, else Windows-1252."""
    if data.startswith(codecs.BOM_UTF8):
        try:
            return data[len(codecs.BOM_UTF8) :].decode("utf-8"), "UTF-8 met BOM"
        except UnicodeDecodeError as error:
            raise UnreadableFile(
                f"Het bestand begint als UTF-8 maar bevat op positie {error.start} een teken "
                "dat geen UTF-8 is. Bewaar het opnieuw als CSV UTF-8."
            ) from None
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or b"\x00" in data[:4096]:
        raise UnreadableFile(
            "Het bestand is geen leesbaar CSV-bestand (het bevat binaire gegevens of is als "
            "UTF-16 bewaard). Bewaar het als CSV UTF-8 of als Excel-werkmap (.xlsx)."
        )
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "Windows-1252"
    except UnicodeDecodeError:
        raise UnreadableFile(
            "De tekens in het bestand zijn geen UTF-8 en geen Windows-1252. Bewaar het als "
            "CSV UTF-8 of als Excel-werkmap (.xlsx)."
        ) from None


def _read_csv(data):
    text, encoding = decode_text(data)
    first = next((line for line in io.StringIO(text) if line.strip()), "")
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows = []
    start = 1
    try:
        for cells in reader:
            line, start = start, reader.line_num + 1
            if any(cell.strip() for cell in cells):
                rows.append((line, cells))
                if len(rows) > MAX_ROWS + 1:
                    raise UnreadableFile(_too_many_rows())
    except csv.Error as error:
        raise UnreadableFile(
            f"Regel {start} kan niet gelezen worden als CSV ({error}). Controleer de "
            "aanhalingstekens op die regel."
        ) from None
    return Table(f"CSV, {encoding}, gescheiden door '{delimiter}'", rows)


NOT_XLSX = (
    "Het bestand kan niet gelezen worden als Excel-werkmap (.xlsx). Open het in Excel en "
    "bewaar het opnieuw als Excel-werkmap of als CSV UTF-8."
)
# What zipfile and openpyxl raise on a damaged or crafted workbook (SyntaxError covers the XML
# parsers' errors); each becomes the message above.
_XLSX_ERRORS = (
    zipfile.BadZipFile,
    InvalidFileException,
    KeyError,
    IndexError,
    TypeError,
    ValueError,
    SyntaxError,
    OSError,
    EOFError,
    RuntimeError,
    NotImplementedError,
    zlib.error,
)
_WORKSHEETS = "xl/worksheets/"
_ROW_TAG = re.compile(rb"<(?:\w+:)?row[\s/>]")


def _read_xlsx(data):
    try:
        _check_archive(data)
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except UnreadableFile:
        raise
    except _XLSX_ERRORS:
        raise UnreadableFile(NOT_XLSX) from None
    try:
        sheet = workbook.worksheets[0]
        # Some tools write a wrong sheet size; read every cell that is really there.
        sheet.reset_dimensions()
        rows = []
        # Rows the sheet skips come as empty rows: counting lines, not rows with content, stops
        # a sheet whose one row is numbered in the billions.
        for line, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
            if line > MAX_ROWS + 1:
                raise UnreadableFile(_too_many_rows())
            if len(cells) > MAX_COLUMNS:
                raise UnreadableFile(
                    f"Rij {line} van het werkblad loopt tot voorbij kolom {MAX_COLUMNS}: houd "
                    "alleen de kolommen van het sjabloon over en laad het bestand opnieuw op."
                )
            if any(_text(cell) for cell in cells):
                rows.append((line, list(cells)))
        return Table(f"XLSX, eerste werkblad '{sheet.title}'", rows)
    except UnreadableFile:
        raise
    except _XLSX_ERRORS:
        raise UnreadableFile(NOT_XLSX) from None
    finally:
        workbook.close()


def _check_archive(data):
    """Refuse a workbook that would unpack beyond the limits or holds too many rows, before
    openpyxl reads it.

    The sizes come from the zip directory alone: zipfile never unpacks more than the size the
    directory states for a part, so a part that claims to be small cannot grow while it is read.
    The rows of each worksheet are counted from their tags, in a fraction of the time openpyxl
    needs to read them (it reads a whole sheet already to open a workbook without sheet sizes).
    """
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = archive.infolist()
        total = sum(part.file_size for part in parts)
        largest_other = max(
            (part.file_size for part in parts if not part.filename.startswith(_WORKSHEETS)),
            default=0,
        )
        if total > MAX_XLSX_UNPACKED_BYTES or largest_other > MAX_XLSX_PART_BYTES:
            megabytes = -(-total // (1024 * 1024))
            raise UnreadableFile(
                f"Deze Excel-werkmap bevat uitgepakt {megabytes:,} MB aan gegevens".replace(
                    ",", "."
                )
                + ", meer dan een werkmap met kwartaalresultaten kan bevatten. Ze is niet "
                "ingelezen: zet de kwartaalresultaten in een nieuwe werkmap volgens het sjabloon, "
                "of bewaar ze als CSV UTF-8."
            )
        for part in parts:
            if part.filename.startswith(_WORKSHEETS) and part.filename.endswith(".xml"):
                with archive.open(part) as source:
                    if _count_rows(source) > MAX_ROWS + 1:
                        raise UnreadableFile(_too_many_rows())


def _count_rows(source):
    """The row tags in a worksheet's XML, read as a stream."""
    count, rest = 0, b""
    while chunk := source.read(1024 * 1024):
        text = rest + chunk
        # A row tag that may be cut off at the end of the chunk waits for the next one.
        cut = text.rfind(b"<", max(0, len(text) - 64))
        cut = len(text) if cut == -1 else cut
        count += len(_ROW_TAG.findall(text, 0, cut))
        rest = text[cut:]
    return count + len(_ROW_TAG.findall(rest))


def _too_many_rows():
    return (
        f"Het bestand telt meer dan {MAX_ROWS:,} rijen".replace(",", ".")
        + ": splits het op, bijvoorbeeld per jaar."
    )


def _text(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def normalise_header(cell):
    name = re.sub(r"[\s\-]+", "_", _text(cell).lstrip("\ufeff").strip().lower())
    return ALIASES.get(name, name)


def _plain_name(name):
    """A name without accents, case, spaces or hyphens, for comparing municipality names."""
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(c for c in decomposed if c.isalnum()).casefold()


def _dutch_date(day):
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def _named(place):
    return f"{place.name} ({place.nis_code})"


def _enumerate(names):
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " en " + names[-1]


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


# --- Validating and comparing --------------------------------------------------------------


class _Places:
    """The local governments of every period and the mergers between them, loaded once."""

    def __init__(self):
        self.by_code = LocalGovernment.objects.only(
            "nis_code", "name", "valid_from", "valid_until"
        ).in_bulk()
        self.successor_of = {}
        self.predecessors_of = defaultdict(list)
        for predecessor, successor in Merger.objects.values_list("predecessor_id", "successor_id"):
            self.successor_of[predecessor] = successor
            self.predecessors_of[successor].append(predecessor)

    def successor_in(self, code, quarter):
        """The local government that covered `code`'s territory in `quarter`, or None."""
        day = quarter.first_day
        seen = set()
        while code in self.successor_of and code not in seen:
            seen.add(code)
            code = self.successor_of[code]
            if self.by_code[code].exists_on(day):
                return self.by_code[code]
        return None

    def predecessors_in(self, code, quarter):
        """The local governments that covered `code`'s territory in `quarter`, by name."""
        day = quarter.first_day
        found, waiting, seen = [], list(self.predecessors_of.get(code, ())), set()
        while waiting:
            candidate = waiting.pop()
            if candidate in seen:
                continue
            seen.add(candidate)
            place = self.by_code[candidate]
            if place.exists_on(day):
                found.append(place)
            elif place.valid_from and day < place.valid_from:
                waiting.extend(self.predecessors_of.get(candidate, ()))
        return sorted(found, key=lambda place: place.name)


def analyse(data, file_name, result_status, *, lock=False, progress=None, today=None):
    """Read and validate a file and compare it with the database; writes nothing.

    With `lock`, the stored results the file touches are locked until the surrounding
    transaction ends (PostgreSQL), so that what is compared is what gets written.
    """
    analysis = Analysis(
        file_name=file_name,
        sha256=hashlib.sha256(data).hexdigest(),
        result_status=result_status,
    )
    try:
        table = read_table(data, file_name)
    except UnreadableFile as error:
        analysis.errors.append(Problem(None, "", str(error)))
        return analysis
    analysis.description = table.description
    if not table.rows:
        analysis.errors.append(Problem(None, "", "Het bestand is leeg: er staat geen kopregel in."))
        return analysis
    (header_line, header), body = table.rows[0], table.rows[1:]
    analysis.rows_total = len(body)
    positions = _read_header(analysis, header_line, header)
    if analysis.errors:
        return analysis
    if not body:
        analysis.errors.append(
            Problem(header_line, "", "Het bestand bevat geen rijen met cijfers onder de kopregel.")
        )
        return analysis
    places = _Places()
    analysis.names = {code: place.name for code, place in places.by_code.items()}
    with progress(len(body), "Controle") if progress else nullcontext() as bar:
        rows = _validate_rows(analysis, places, positions, body, bar, today)
    rows = _check_rows_together(analysis, places, rows)
    analysis.errors.sort(key=_problem_order)
    analysis.warnings.sort(key=_problem_order)
    if analysis.errors:
        return analysis
    _compare(analysis, rows, lock)
    return analysis


def _problem_order(problem):
    column = COLUMNS.index(problem.column) if problem.column in COLUMNS else len(COLUMNS)
    return (problem.line or 0, column)


def _read_header(analysis, line, header):
    positions = {}
    for index, cell in enumerate(header):
        name = normalise_header(cell)
        if not name:
            continue
        if name in positions:
            analysis.errors.append(
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
            analysis.warnings.append(
                Problem(
                    line, _text(cell), f"De kolom '{_text(cell)}' is onbekend en wordt genegeerd."
                )
            )
    for name in REQUIRED_COLUMNS:
        if name not in positions:
            analysis.errors.append(
                Problem(
                    line,
                    name,
                    f"De verplichte kolom '{name}' ontbreekt in de kopregel. Gebruik de "
                    "kolomnamen van het sjabloon.",
                )
            )
    return positions


def _validate_rows(analysis, places, positions, body, bar, today):
    errors, warnings = analysis.errors, analysis.warnings
    last_complete = Quarter.last_complete(today)
    nis_at, quarter_at, name_at = positions[NIS], positions[QUARTER], positions.get(NAME)
    count_at = [(name, positions[name]) for name in COUNT_FIELDS]
    rules = [
        (small, COUNT_FIELDS.index(small), large, COUNT_FIELDS.index(large))
        for small, large in COUNT_RULES
    ]
    quarters = {}
    rows = []
    for done, (line, cells) in enumerate(body, start=1):
        width = len(cells)
        code = _text(cells[nis_at]) if nis_at < width else ""
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

        raw_quarter = _text(cells[quarter_at]) if quarter_at < width else ""
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
            value, message = parse_count(cells[index] if index < width else None)
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
            given = _text(cells[name_at])
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
            if all(value is None for value in values):
                warnings.append(
                    Problem(
                        line,
                        "",
                        f"Alle aantallen zijn leeg: de cijfers van {place.name} voor {quarter} "
                        "worden als onbekend bewaard.",
                    )
                )
            rows.append(Row(line, code, quarter, tuple(values)))
        if bar is not None and done % 500 == 0:
            bar.update(500)
    if bar is not None:
        bar.update(len(body) % 500)
    return rows


def _check_rows_together(analysis, places, rows):
    """Duplicates and the borders of each quarter; returns the rows that passed."""
    errors = analysis.errors
    first_line = {}
    present = defaultdict(dict)  # {quarter index: {NIS code: line}}
    unique = []
    for row in rows:
        key = (row.code, row.quarter.index)
        if key in first_line:
            place = places.by_code[row.code]
            errors.append(
                Problem(
                    row.line,
                    NIS,
                    f"Dubbele rij: {_named(place)} staat voor {row.quarter} ook op regel "
                    f"{first_line[key]}. Houd één rij over.",
                )
            )
            continue
        first_line[key] = row.line
        present[row.quarter.index].setdefault(row.code, row.line)
        unique.append(row)

    valid = []
    for row in unique:
        place = places.by_code[row.code]
        day = row.quarter.first_day
        if place.exists_on(day):
            valid.append(row)
            continue
        in_file = present[row.quarter.index]
        if place.valid_until is not None and day > place.valid_until:
            message = _ended_message(places, place, row.quarter, in_file)
        else:
            message = _not_yet_message(places, place, row.quarter, in_file)
        errors.append(Problem(row.line, NIS, message))
    return valid


def _ended_message(places, place, quarter, in_file):
    since = _dutch_date(place.valid_until + datetime.timedelta(days=1))
    successor = places.successor_in(place.nis_code, quarter)
    if successor is None:
        return (
            f"NIS-code {place.nis_code} ({place.name}) bestaat niet meer in {quarter}: "
            f"{place.name} bestond tot {_dutch_date(place.valid_until)}."
        )
    if successor.nis_code in in_file:
        return (
            f"Voor {quarter} staan zowel {_named(place)} als de opvolger {successor.name} "
            f"({successor.nis_code}, regel {in_file[successor.nis_code]}) in het bestand: "
            f"{place.name} is sinds {since} deel van {successor.name}, dus de cijfers horen "
            f"enkel bij {successor.name}. Schrap de rij van {place.name}."
        )
    return (
        f"NIS-code {place.nis_code} ({place.name}) bestaat niet meer in {quarter}: "
        f"{place.name} is sinds {since} deel van {_named(successor)}. Gebruik voor {quarter} "
        f"de code {successor.nis_code}."
    )


def _not_yet_message(places, place, quarter, in_file):
    since = _dutch_date(place.valid_from)
    predecessors = places.predecessors_in(place.nis_code, quarter)
    listed = [p for p in predecessors if p.nis_code in in_file]
    if listed:
        names = _enumerate(
            [f"{p.name} ({p.nis_code}, regel {in_file[p.nis_code]})" for p in listed]
        )
        which = "de voorganger" if len(listed) == 1 else "de voorgangers"
        return (
            f"Voor {quarter} staan zowel {_named(place)} als {which} {names} in het "
            f"bestand: {place.name} bestaat pas sinds {since}, dus vóór de fusie horen de cijfers "
            f"bij de voorgangers. Schrap de rij van {place.name}."
        )
    if predecessors:
        return (
            f"NIS-code {place.nis_code} ({place.name}) bestaat pas sinds {since}: gebruik voor "
            f"{quarter} de codes van {_enumerate([_named(p) for p in predecessors])}."
        )
    return (
        f"NIS-code {place.nis_code} ({place.name}) bestaat pas sinds {since}: er kunnen geen "
        f"cijfers zijn voor {quarter}."
    )


def _compare(analysis, rows, lock):
    columns = ("pk", *COUNT_FIELDS, "status", "import_batch_id")
    quarters = sorted({row.quarter for row in rows})
    stored = QuarterlyResult.objects.filter(quarter__in=quarters).order_by()
    if lock:
        stored = stored.select_for_update()
    existing = {}
    for code, quarter, *values in stored.values_list("local_government_id", "quarter", *columns):
        existing[(code, quarter.index)] = tuple(values)

    status = analysis.result_status
    per_quarter = defaultdict(Counter)
    fingerprint = []
    for row in sorted(rows, key=lambda r: (r.quarter.index, r.code)):
        old = existing.get((row.code, row.quarter.index))
        if old is None:
            analysis.new.append(row)
            per_quarter[row.quarter]["new"] += 1
        elif old[1:-1] != (*row.values, status):
            analysis.changed.append((row, old))
            per_quarter[row.quarter]["changed"] += 1
        else:
            analysis.unchanged += 1
            per_quarter[row.quarter]["unchanged"] += 1
        fingerprint.append((row.code, row.quarter.index, row.values, old and old[1:-1]))
    analysis.changed.sort(key=lambda pair: pair[0].line)
    analysis.per_quarter = dict(per_quarter)
    # What the preview showed: a confirmation only writes when this is still the same.
    analysis.digest = hashlib.sha256(repr((status, fingerprint)).encode()).hexdigest()


# --- Writing -------------------------------------------------------------------------------


def _write(analysis, batch, user, progress=None):
    now = timezone.now()
    status = analysis.result_status
    total = len(analysis.new) + len(analysis.changed)
    with progress(total, "Opslaan") if progress and total else nullcontext() as bar:
        for start in range(0, len(analysis.new), WRITE_CHUNK):
            chunk = analysis.new[start : start + WRITE_CHUNK]
            QuarterlyResult.objects.bulk_create(
                [
                    QuarterlyResult(
                        local_government_id=row.code,
                        quarter=row.quarter,
                        **dict(zip(COUNT_FIELDS, row.values, strict=True)),
                        status=status,
                        import_batch_id=batch.pk,
                    )
                    for row in chunk
                ]
            )
            if bar is not None:
                bar.update(len(chunk))
        for start in range(0, len(analysis.changed), WRITE_CHUNK):
            chunk = analysis.changed[start : start + WRITE_CHUNK]
            ResultRevision.objects.bulk_create(
                [
                    ResultRevision(
                        result_id=old[0],
                        values={
                            **dict(zip(COUNT_FIELDS, old[1:-2], strict=True)),
                            STATUS: old[-2],
                        },
                        previous_batch_id=old[-1],
                        replaced_by=batch,
                        changed_by=user,
                    )
                    for _, old in chunk
                ]
            )
            QuarterlyResult.objects.bulk_update(
                [
                    QuarterlyResult(
                        pk=old[0],
                        **dict(zip(COUNT_FIELDS, row.values, strict=True)),
                        status=status,
                        import_batch_id=batch.pk,
                        updated_at=now,
                    )
                    for row, old in chunk
                ],
                [*COUNT_FIELDS, "status", "import_batch", "updated_at"],
                batch_size=500,
            )
            if bar is not None:
                bar.update(len(chunk))
    # The stored figures of the quarters written, in the same transaction (activation.figures).
    written = [row.quarter for row in analysis.new] + [row.quarter for row, _ in analysis.changed]
    figures.rebuild(quarters=written)


def _fill(batch, analysis, status):
    batch.status = status
    batch.rows_total = analysis.rows_total
    batch.rows_new = len(analysis.new)
    batch.rows_changed = len(analysis.changed)
    batch.rows_unchanged = analysis.unchanged
    batch.error_count = len(analysis.errors)
    batch.warning_count = len(analysis.warnings)
    batch.report = analysis.report()


def import_file(data, file_name, *, result_status, user=None, dry_run=False, progress=None):
    """Validate and, when the file has no errors and this is no dry run, write it at once.

    Returns (ImportBatch, Analysis). Every run is recorded as an ImportBatch: refused,
    dry run (proef) or committed (verwerkt); only a committed run writes results.
    """
    with transaction.atomic():
        analysis = analyse(data, file_name, result_status, lock=not dry_run, progress=progress)
        if not analysis.is_valid:
            status = ImportBatch.Status.REFUSED
        elif dry_run:
            status = ImportBatch.Status.DRY_RUN
        else:
            status = ImportBatch.Status.COMMITTED
        batch = ImportBatch(
            uploaded_by=user,
            file_name=file_name,
            sha256=analysis.sha256,
            result_status=result_status,
            preview_digest=analysis.digest,
        )
        _fill(batch, analysis, status)
        batch.save()
        if status == ImportBatch.Status.COMMITTED:
            _write(analysis, batch, user, progress)
        _audit(batch, user)
    return batch, analysis


def preview_upload(data, file_name, *, result_status, user):
    """Validate an uploaded file and keep it, with what it would change, until it is confirmed."""
    analysis = analyse(data, file_name, result_status)
    batch = ImportBatch(
        uploaded_by=user,
        file_name=file_name,
        sha256=analysis.sha256,
        result_status=result_status,
        preview_digest=analysis.digest,
        upload=data if analysis.is_valid else None,
    )
    _fill(
        batch,
        analysis,
        ImportBatch.Status.PREVIEW if analysis.is_valid else ImportBatch.Status.REFUSED,
    )
    batch.save()
    return batch


def _audit(batch, user):
    audit.record(
        audit.Action.IMPORT,
        user=user,
        subject=batch.file_name,
        batch=batch.pk,
        status=batch.status,
        new=batch.rows_new,
        changed=batch.rows_changed,
        errors=batch.error_count,
    )


class Confirmation:
    COMMITTED = "verwerkt"
    ALREADY_DONE = "al-verwerkt"
    STALE = "verouderd"


class _Stale(Exception):
    pass


def confirm_preview(batch_id, user):
    """Write a previewed file, once, and only if the database still looks as in the preview.

    The batch is claimed with a conditional UPDATE (voorbeeld → verwerkt), so a second
    confirmation finds nothing to claim. The file is validated and compared again inside the
    same transaction; when the result differs from the preview, nothing is written and the
    preview is refused.
    """
    try:
        with transaction.atomic():
            claimed = ImportBatch.objects.filter(
                pk=batch_id, status=ImportBatch.Status.PREVIEW
            ).update(status=ImportBatch.Status.COMMITTED)
            if not claimed:
                return Confirmation.ALREADY_DONE
            batch = ImportBatch.objects.get(pk=batch_id)
            analysis = analyse(bytes(batch.upload), batch.file_name, batch.result_status, lock=True)
            if not analysis.is_valid or analysis.digest != batch.preview_digest:
                raise _Stale
            _fill(batch, analysis, ImportBatch.Status.COMMITTED)
            batch.report["confirmed_by"] = user.get_username() if user else ""
            batch.upload = None
            batch.save()
            _write(analysis, batch, user)
            _audit(batch, user)
            return Confirmation.COMMITTED
    except (_Stale, IntegrityError):
        _close_preview(batch_id, STALE_MESSAGE)
        return Confirmation.STALE


def cancel_preview(batch_id, user):
    """Refuse a preview that its administrator does not want to write; False if already closed."""
    return _close_preview(batch_id, f"Geannuleerd door {user.get_username()}: er is niets bewaard.")


def _close_preview(batch_id, notice):
    report = ImportBatch.objects.filter(pk=batch_id).values_list("report", flat=True).first() or {}
    return bool(
        ImportBatch.objects.filter(pk=batch_id, status=ImportBatch.Status.PREVIEW).update(
            status=ImportBatch.Status.REFUSED, upload=None, report={**report, "notice": notice}
        )
    )


# --- Reporting -----------------------------------------------------------------------------


def describe_problem(problem):
    where = []
    if problem.get("line"):
        where.append(f"regel {problem['line']}")
    if problem.get("column"):
        where.append(f"kolom {problem['column']}")
    prefix = ", ".join(where)
    return (
        f"{prefix[:1].upper()}{prefix[1:]}: {problem['message']}" if prefix else problem["message"]
    )


def _shown(value):
    return "leeg" if value is None else str(value)


def report_lines(batch):
    """The report of an import as lines of text, as the command prints it."""
    report = batch.report or {}
    lines = [
        f"Bestand: {batch.file_name} ({report.get('format') or 'onleesbaar'})",
        f"Rijen: {report.get('rows', 0)}; nieuw {report.get('new', 0)}, gewijzigd "
        f"{report.get('changed', 0)}, ongewijzigd {report.get('unchanged', 0)}",
    ]
    for key, total_key, title in (
        ("errors", "error_total", "Fouten"),
        ("warnings", "warning_total", "Waarschuwingen"),
    ):
        problems = report.get(key) or []
        total = report.get(total_key, len(problems))
        if total:
            lines.append(f"{title} ({total}):")
            lines.extend(f"  {describe_problem(problem)}" for problem in problems)
            if total > len(problems):
                lines.append(f"  … en nog {total - len(problems)}.")
    changes = report.get("changes") or []
    if changes:
        lines.append(f"Gewijzigde waarden ({report.get('change_total', len(changes))}):")
        for change in changes:
            values = "; ".join(
                f"{value['column']} {_shown(value['old'])} → {_shown(value['new'])}"
                for value in change["values"]
            )
            lines.append(
                f"  {change['name']} ({change['nis_code']}) {change['quarter']}, regel "
                f"{change['line']}: {values}"
            )
        if report.get("change_total", 0) > len(changes):
            lines.append(f"  … en nog {report['change_total'] - len(changes)}.")
    if report.get("notice"):
        lines.append(report["notice"])
    return lines

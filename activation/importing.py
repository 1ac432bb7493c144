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
from django.db.models import Q
from django.utils import timezone
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from activation import bulk, figures
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
REQUIRED_COLUMNS = [NIS, QUARTER]
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
ERASE_LABEL = "Lege cellen wissen de bewaarde waarde"
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
    values: tuple  # the file's counts in COUNT_FIELDS order; None for an empty cell or column


@dataclass(slots=True)
class Change:
    """What the import does to one row of the database."""

    row: Row
    old: tuple | None  # (pk, *counts, status, import batch) as stored; None for a new row
    values: tuple  # the counts after the import
    fields: list  # the columns, and "status", whose stored value changes
    erased: list  # of those, the columns whose stored value an empty cell erases


@dataclass
class Analysis:
    """What a file would do to the database: every problem, and every row and value it changes.

    An empty cell, or a count column the file does not have, keeps the stored value; with
    `erase_empty` an empty cell erases it.
    """

    file_name: str
    sha256: str
    result_status: str
    erase_empty: bool = False
    description: str = ""
    rows_total: int = 0
    present: tuple = ()  # per count column: is it in the file's header
    errors: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    new: list = field(default_factory=list)  # [Change]
    changed: list = field(default_factory=list)  # [Change]
    unchanged: int = 0
    empty_rows: int = 0  # rows that bring no value at all: nothing happens to them
    kept: list = field(default_factory=list)  # [(Row, column, stored value)] of empty cells
    per_quarter: dict = field(default_factory=dict)  # {Quarter: Counter(new=, changed=, ...)}
    names: dict = field(default_factory=dict)  # {NIS code: name}
    same_file: dict | None = None  # an earlier committed import of the same file
    digest: str = ""

    @property
    def is_valid(self):
        return not self.errors

    def totals(self):
        total = Counter()
        for counts in self.per_quarter.values():
            total.update(counts)
        return total

    def report(self):
        """The JSON kept in ImportBatch.report and shown on the preview and detail pages."""
        totals = self.totals()
        changes = [
            {
                "line": change.row.line,
                "nis_code": change.row.code,
                "name": self.names.get(change.row.code, ""),
                "quarter": str(change.row.quarter),
                "values": [
                    {"column": name, "old": change.old[1 + i], "new": change.values[i]}
                    for i, name in enumerate(COUNT_FIELDS)
                    if name in change.fields
                ]
                + (
                    [{"column": STATUS, "old": change.old[-2], "new": self.result_status}]
                    if STATUS in change.fields
                    else []
                ),
            }
            for change in self.changed[:REPORT_LIMIT]
        ]
        kept = [
            {
                "line": row.line,
                "nis_code": row.code,
                "name": self.names.get(row.code, ""),
                "quarter": str(row.quarter),
                "column": column,
                "value": value,
            }
            for row, column, value in self.kept[:REPORT_LIMIT]
        ]
        return {
            "format": self.description,
            "rows": self.rows_total,
            "columns": [
                name for name, here in zip(COUNT_FIELDS, self.present, strict=False) if here
            ],
            "erase_empty": self.erase_empty,
            "new": len(self.new),
            "changed": len(self.changed),
            "unchanged": self.unchanged,
            "empty_rows": self.empty_rows,
            "values_changed": totals["values"],
            "values_kept": totals["kept"],
            "values_erased": totals["erased"],
            "status_changes": totals["status"],
            "quarters": [
                {
                    "quarter": str(quarter),
                    "new": counts["new"],
                    "changed": counts["changed"],
                    "unchanged": counts["unchanged"],
                    "empty_rows": counts["empty"],
                    "values_changed": counts["values"],
                    "values_kept": counts["kept"],
                    "values_erased": counts["erased"],
                    "status_changes": counts["status"],
                }
                for quarter, counts in sorted(self.per_quarter.items())
            ],
            "errors": [p.as_dict() for p in self.errors[:REPORT_LIMIT]],
            "error_total": len(self.errors),
            "warnings": [p.as_dict() for p in self.warnings[:REPORT_LIMIT]],
            "warning_total": len(self.warnings),
            "changes": changes,
            "change_total": len(self.changed),
            "kept": kept,
            "kept_total": len(self.kept),
            "same_file": self.same_file,
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


def analyse(
    data, file_name, result_status, *, erase_empty=False, lock=False, progress=None, today=None
):
    """Read and validate a file and compare it with the database; writes nothing.

    The rules of DESIGN.md section 5 are checked on the values as they will be after the import:
    the file's values, and the stored values where the file keeps them. With `lock`, the stored
    results the file touches are locked until the surrounding transaction ends (PostgreSQL), so
    that what is compared is what gets written.
    """
    analysis = Analysis(
        file_name=file_name,
        sha256=hashlib.sha256(data).hexdigest(),
        result_status=result_status,
        erase_empty=erase_empty,
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
    _compare(analysis, rows, lock)
    analysis.errors.sort(key=_problem_order)
    analysis.warnings.sort(key=_problem_order)
    if analysis.errors:
        analysis.new, analysis.changed, analysis.kept, analysis.per_quarter = [], [], [], {}
        analysis.unchanged = analysis.empty_rows = 0
        return analysis
    analysis.same_file = _same_file(analysis.sha256)
    return analysis


def _same_file(sha256):
    """The last committed (or undone) import of a file with this SHA-256, for the preview."""
    earlier = (
        ImportBatch.objects.filter(
            sha256=sha256, status__in=[ImportBatch.Status.COMMITTED, ImportBatch.Status.UNDONE]
        )
        .select_related("uploaded_by")
        .only("id", "created_at", "status", "uploaded_by__username")
        .order_by("-pk")
        .first()
    )
    if earlier is None:
        return None
    return {
        "batch": earlier.pk,
        "at": timezone.localtime(earlier.created_at).strftime("%d-%m-%Y %H:%M"),
        "by": earlier.uploaded_by.get_username() if earlier.uploaded_by else "",
        "undone": earlier.status == ImportBatch.Status.UNDONE,
    }


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
    analysis.present = tuple(name in positions for name in COUNT_FIELDS)
    if not any(analysis.present):
        analysis.errors.append(
            Problem(
                line,
                "",
                "Het bestand heeft geen enkele kolom met aantallen. Voeg minstens één van de "
                f"kolommen {_enumerate(COUNT_FIELDS)} toe, met de kolomnamen van het sjabloon.",
            )
        )
    return positions


def _validate_rows(analysis, places, positions, body, bar, today):
    errors, warnings = analysis.errors, analysis.warnings
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
    """Combine each row with what is stored: the values after the import, the rules checked on
    them, and what changes, stays and is erased."""
    columns = ("pk", *COUNT_FIELDS, "status", "import_batch_id")
    quarters = sorted({row.quarter for row in rows})
    stored = QuarterlyResult.objects.filter(quarter__in=quarters).order_by()
    if lock:
        stored = stored.select_for_update()
    existing = {}
    for code, quarter, *values in stored.values_list("local_government_id", "quarter", *columns):
        existing[(code, quarter.index)] = tuple(values)

    status = analysis.result_status
    present, erase = analysis.present, analysis.erase_empty
    unknown = (None,) * len(COUNT_FIELDS)
    lines_with_errors = {problem.line for problem in analysis.errors}
    per_quarter = defaultdict(Counter)
    fingerprint = []
    broken = []  # (row, old, values) whose values after the import break a rule
    for row in sorted(rows, key=lambda r: (r.quarter.index, r.code)):
        old = existing.get((row.code, row.quarter.index))
        fingerprint.append((row.code, row.quarter.index, row.values, old and old[1:-1]))
        counts = per_quarter[row.quarter]
        before = old[1 : 1 + len(COUNT_FIELDS)] if old else unknown
        values, fields, erased = [], [], []
        for i, name in enumerate(COUNT_FIELDS):
            value, stored_value = row.values[i], before[i]
            if value is None and not (erase and present[i]):
                values.append(stored_value)
                if present[i] and stored_value is not None:
                    analysis.kept.append((row, name, stored_value))
                    counts["kept"] += 1
                continue
            values.append(value)
            if value != stored_value:
                fields.append(name)
                if value is None:
                    erased.append(name)
        values = tuple(values)
        if row.line not in lines_with_errors and _breaks_a_rule(row, values):
            broken.append((row, old, values))
            continue
        if all(value is None for value in row.values) and not erased:
            analysis.empty_rows += 1
            counts["empty"] += 1
            continue
        if old is not None and old[-2] != status:
            fields.append(STATUS)
        change = Change(row, old, values, fields, erased)
        if old is None:
            analysis.new.append(change)
            counts["new"] += 1
        elif fields:
            analysis.changed.append(change)
            counts["changed"] += 1
            counts["values"] += len(fields) - len(erased) - (STATUS in fields)
            counts["erased"] += len(erased)
            counts["status"] += STATUS in fields
        else:
            analysis.unchanged += 1
            counts["unchanged"] += 1
    _report_broken_rules(analysis, broken)
    analysis.changed.sort(key=lambda change: change.row.line)
    analysis.kept.sort(key=lambda kept: kept[0].line)
    analysis.per_quarter = dict(per_quarter)
    # What the preview showed: a confirmation only writes when this is still the same.
    analysis.digest = hashlib.sha256(repr((status, present, fingerprint)).encode()).hexdigest()


_RULES = [(COUNT_FIELDS.index(small), COUNT_FIELDS.index(large)) for small, large in COUNT_RULES]


def _breaks_a_rule(row, values):
    """A rule broken by a value of the file against a stored value (rules between two values of
    the file are reported while reading)."""
    for small, large in _RULES:
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


def _report_broken_rules(analysis, broken):
    """One problem per broken rule, naming the file's value and the stored one with its import."""
    if not broken:
        return
    sources = _cell_sources([old[0] for _, old, _ in broken])
    for row, old, values in broken:
        for small, large in _RULES:
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
            analysis.errors.append(Problem(row.line, column, message))


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


# --- Writing -------------------------------------------------------------------------------


def _write(analysis, batch, user, progress=None):
    now = timezone.now()
    status = analysis.result_status
    user_id = user.pk if user is not None else None
    total = len(analysis.new) + len(analysis.changed)
    with progress(total, "Opslaan") if progress and total else nullcontext() as bar:
        for start in range(0, len(analysis.new), WRITE_CHUNK):
            chunk = analysis.new[start : start + WRITE_CHUNK]
            bulk.insert_rows(
                QuarterlyResult,
                _NEW_RESULT,
                [
                    (change.row.code, change.row.quarter, *change.values, status, batch.pk, now)
                    for change in chunk
                ],
            )
            if bar is not None:
                bar.update(len(chunk))
        for start in range(0, len(analysis.changed), WRITE_CHUNK):
            chunk = analysis.changed[start : start + WRITE_CHUNK]
            bulk.insert_rows(
                ResultRevision,
                _REVISION,
                [
                    (
                        change.old[0],
                        {
                            **dict(zip(COUNT_FIELDS, change.old[1:-2], strict=True)),
                            STATUS: change.old[-2],
                        },
                        change.fields,
                        change.old[-1],
                        batch.pk,
                        user_id,
                        now,
                    )
                    for change in chunk
                ],
            )
            _overwrite(
                ((change.old[0], *change.values, status, batch.pk) for change in chunk), now=now
            )
            if bar is not None:
                bar.update(len(chunk))
    # The stored figures of the quarters written, in the same transaction (activation.figures).
    figures.rebuild(quarters={change.row.quarter for change in analysis.new + analysis.changed})


# The fields _write gives a new result and a revision, in the order of its tuples.
_NEW_RESULT = [
    "local_government",
    "quarter",
    *COUNT_FIELDS,
    "status",
    "import_batch",
    "updated_at",
]
_REVISION = [
    "result",
    "values",
    "changed_fields",
    "previous_batch",
    "replaced_by",
    "changed_by",
    "changed_at",
]
_OVERWRITTEN = [*COUNT_FIELDS, "status", "import_batch", "updated_at"]


def _overwrite(rows, *, now):
    """Write new values into stored results: `rows` are (pk, *counts, status, import batch)."""
    bulk.update_rows(
        QuarterlyResult,
        _OVERWRITTEN,
        [(*row, now) for row in rows],
        integers={*COUNT_FIELDS, "import_batch"},
    )


def _fill(batch, analysis, status):
    batch.status = status
    batch.erase_empty = analysis.erase_empty
    batch.rows_total = analysis.rows_total
    batch.rows_new = len(analysis.new)
    batch.rows_changed = len(analysis.changed)
    batch.rows_unchanged = analysis.unchanged
    batch.error_count = len(analysis.errors)
    batch.warning_count = len(analysis.warnings)
    batch.report = analysis.report()


def import_file(
    data,
    file_name,
    *,
    result_status,
    user=None,
    dry_run=False,
    erase_empty=False,
    progress=None,
):
    """Validate and, when the file has no errors and this is no dry run, write it at once.

    Returns (ImportBatch, Analysis). Every run is recorded as an ImportBatch: refused,
    dry run (proef) or committed (verwerkt); only a committed run writes results, and keeps its
    file, so that an undone import can be read in again.
    """
    with transaction.atomic():
        analysis = analyse(
            data,
            file_name,
            result_status,
            erase_empty=erase_empty,
            lock=not dry_run,
            progress=progress,
        )
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
        if status == ImportBatch.Status.COMMITTED:
            batch.upload = data
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


def confirm_preview(batch_id, user, *, erase_empty=False):
    """Write a previewed file, once, and only if the database still looks as in the preview.

    The batch is claimed with a conditional UPDATE (voorbeeld → verwerkt), so a second
    confirmation finds nothing to claim. The file is validated and compared again inside the
    same transaction; when the result differs from the preview, nothing is written and the
    preview is refused. With `erase_empty`, the empty cells that the preview listed under "Te
    wissen waarden" erase the stored value.
    """
    try:
        with transaction.atomic():
            claimed = ImportBatch.objects.filter(
                pk=batch_id, status=ImportBatch.Status.PREVIEW
            ).update(status=ImportBatch.Status.COMMITTED)
            if not claimed:
                return Confirmation.ALREADY_DONE
            batch = ImportBatch.objects.get(pk=batch_id)
            analysis = analyse(
                bytes(batch.upload),
                batch.file_name,
                batch.result_status,
                erase_empty=erase_empty,
                lock=True,
            )
            if not analysis.is_valid or analysis.digest != batch.preview_digest:
                raise _Stale
            _fill(batch, analysis, ImportBatch.Status.COMMITTED)
            batch.report["confirmed_by"] = user.get_username() if user else ""
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


# --- Undoing -------------------------------------------------------------------------------


class UndoRefused(Exception):
    """An import that cannot be undone; the message is Dutch and says what to do."""


@dataclass
class Undone:
    batch: ImportBatch
    restored: int  # rows given back the values they had before the import
    removed: int  # rows the import had created


def undo_import(*, batch_id: int, user=None) -> Undone:
    """Give every value a committed import changed its earlier value back, from the import's
    revisions, and remove the rows it created; in one transaction.

    Refused when a later import (not itself undone) changed one of the same cells: undoing would
    erase that import's values. A later import that changed other cells of the same rows is
    kept. The import stays in the history as undone, with its file: reading the file in again
    redoes it.
    """
    with transaction.atomic():
        batch = (
            ImportBatch.objects.select_for_update(of=("self",))
            .defer("upload")
            .select_related("undone_by")
            .filter(pk=batch_id)
            .first()
        )
        if batch is None:
            raise UndoRefused(f"Er is geen import {batch_id}.")
        if batch.status == ImportBatch.Status.UNDONE:
            who = f" door {batch.undone_by.get_username()}" if batch.undone_by else ""
            raise UndoRefused(
                f"Import {batch.pk} is al ongedaan gemaakt op "
                f"{timezone.localtime(batch.undone_at):%d-%m-%Y %H:%M}{who}."
            )
        if batch.status != ImportBatch.Status.COMMITTED:
            raise UndoRefused(
                f"Import {batch.pk} heeft geen cijfers bewaard ({batch.get_status_display()}): "
                "er is niets ongedaan te maken."
            )
        plan = _undo_plan(batch)
        conflict = plan.conflict
        if conflict is not None:
            later, example, cells = conflict
            raise UndoRefused(
                f"Import {batch.pk} kan niet ongedaan gemaakt worden: de latere import "
                f"{later.pk} ({later.file_name}, {timezone.localtime(later.created_at):%d-%m-%Y}) "
                f"wijzigde {cells} van dezelfde cijfers, bijvoorbeeld {example}. Maak eerst "
                f"import {later.pk} ongedaan."
            )
        now = timezone.now()
        _overwrite(
            (
                (pk, *values, status, writer)
                for pk, (values, status, writer) in plan.restore.items()
            ),
            now=now,
        )
        for start in range(0, len(plan.remove), WRITE_CHUNK):
            QuarterlyResult.objects.filter(pk__in=plan.remove[start : start + WRITE_CHUNK]).delete()
        figures.rebuild(quarters=plan.quarters)
        batch.status = ImportBatch.Status.UNDONE
        batch.undone_at = now
        batch.undone_by = user
        batch.save(update_fields=["status", "undone_at", "undone_by"])
        audit.record(
            audit.Action.UNDO_IMPORT,
            user=user,
            subject=batch.file_name,
            batch=batch.pk,
            restored=len(plan.restore),
            removed=len(plan.remove),
        )
    return Undone(batch, len(plan.restore), len(plan.remove))


@dataclass
class _UndoPlan:
    restore: dict = field(default_factory=dict)  # {pk: (counts, status, import batch)}
    remove: list = field(default_factory=list)  # pks of rows the import created
    quarters: set = field(default_factory=set)  # the quarters of the rows restored or removed
    conflict: tuple | None = None  # (later ImportBatch, example, number of cells)


def _undo_plan(batch):
    """What undoing `batch` writes, read from the revisions of the rows it touched."""
    columns = ("pk", "quarter", *COUNT_FIELDS, "status", "import_batch_id")
    own = {
        result_id: (values, changed_fields, previous_batch_id)
        for result_id, values, changed_fields, previous_batch_id in ResultRevision.objects.filter(
            replaced_by=batch
        ).values_list("result_id", "values", "changed_fields", "previous_batch_id")
    }
    # The rows it changed, wrote last, or that a later import changed after it.
    touched = QuarterlyResult.objects.filter(
        Q(pk__in=ResultRevision.objects.filter(replaced_by=batch).values("result_id"))
        | Q(import_batch=batch)
        | Q(pk__in=ResultRevision.objects.filter(previous_batch=batch).values("result_id"))
    ).order_by()
    rows = {row[0]: row for row in touched.select_for_update().values_list(*columns)}
    later = defaultdict(list)  # {result id: [(import, changed columns) of a later import]}
    creator = {}  # {result id: the import that created the row}
    first_values = {}  # {result id: the values as that import wrote them}
    for result_id, values, changed_fields, previous_batch_id, replaced_by_id, status in (
        ResultRevision.objects.filter(result__in=touched.values("pk"))
        .exclude(replaced_by=batch)
        .order_by("pk")
        .values_list(
            "result_id",
            "values",
            "changed_fields",
            "previous_batch_id",
            "replaced_by_id",
            "replaced_by__status",
        )
    ):
        # Before its first revision a row was as the import that created it wrote it.
        if result_id not in creator:
            creator[result_id] = previous_batch_id
            first_values[result_id] = values
        if replaced_by_id > batch.pk and status == ImportBatch.Status.COMMITTED:
            later[result_id].append((replaced_by_id, changed_fields or [*COUNT_FIELDS, STATUS]))

    plan = _UndoPlan()
    conflicts = Counter()
    examples = {}
    for pk, row in rows.items():
        current = dict(zip(COUNT_FIELDS, row[2 : 2 + len(COUNT_FIELDS)], strict=True))
        current[STATUS] = row[-2]
        revisions = later.get(pk, [])
        if pk in own:
            before, changed_fields, previous_batch_id = own[pk]
            mine = changed_fields or [*COUNT_FIELDS, STATUS]
        elif creator.get(pk, row[-1]) == batch.pk:
            # Created by this import: its cells are those it filled in.
            after = first_values.get(pk, current)
            mine = [name for name in COUNT_FIELDS if after.get(name) is not None] + [STATUS]
            before = None
        else:
            continue  # written by an earlier import and untouched by this one
        for later_batch, changed in revisions:
            overlap = set(mine) & set(changed)
            if overlap:
                conflicts[later_batch] += len(overlap)
                examples.setdefault(later_batch, (pk, sorted(overlap)[0]))
        if conflicts:
            continue
        plan.quarters.add(row[1])
        if before is None and not revisions:
            plan.remove.append(pk)
            continue
        restored = dict(current)
        for name in mine:
            if before is not None:
                restored[name] = before.get(name)
            elif name != STATUS:
                restored[name] = None
        writer = row[-1] if revisions else own[pk][2]
        plan.restore[pk] = (
            tuple(restored[name] for name in COUNT_FIELDS),
            restored[STATUS],
            writer,
        )
    if conflicts:
        first = min(conflicts)
        later_batch = ImportBatch.objects.defer("upload", "report").get(pk=first)
        pk, column = examples[first]
        result = QuarterlyResult.objects.select_related("local_government").get(pk=pk)
        example = f"{result.local_government.name} {result.quarter} {column}"
        plan.conflict = (later_batch, example, _cells(conflicts[first]))
    return plan


def _cells(number):
    return "1 cel" if number == 1 else f"{number} cellen"


def undone_message(undone):
    parts = []
    if undone.restored:
        parts.append(f"{undone.restored} rij{'' if undone.restored == 1 else 'en'} teruggezet")
    if undone.removed:
        parts.append(
            f"{undone.removed} aangemaakte rij{'' if undone.removed == 1 else 'en'} verwijderd"
        )
    done = _enumerate(parts) if parts else "er was niets terug te zetten"
    return (
        f"Import {undone.batch.pk} is ongedaan gemaakt: {done}. Lees het bestand opnieuw in om "
        "de import opnieuw uit te voeren."
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
        f"{report.get('changed', 0)}, ongewijzigd {report.get('unchanged', 0)}, zonder nieuwe "
        f"waarden {report.get('empty_rows', 0)}",
    ]
    if report.get("rows") and not report.get("error_total"):
        lines.append(
            f"Waarden: gewijzigd {report.get('values_changed', 0)}, behouden bij een lege cel "
            f"{report.get('values_kept', 0)}, gewist {report.get('values_erased', 0)}; "
            f"statuswijzigingen {report.get('status_changes', 0)}"
        )
    if same := report.get("same_file"):
        lines.append(same_file_notice(same, report))
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
        lines.append(f"Gewijzigde waarden ({report.get('change_total', len(changes))} rijen):")
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
    kept = report.get("kept") or []
    if kept:
        lines.append(
            f"Lege cellen die de bewaarde waarde houden ({report.get('kept_total', len(kept))}; "
            "--wis-lege-cellen wist ze):"
        )
        lines.extend(
            f"  {cell['name']} ({cell['nis_code']}) {cell['quarter']}, regel {cell['line']}: "
            f"{cell['column']} {cell['value']}"
            for cell in kept
        )
        if report.get("kept_total", 0) > len(kept):
            lines.append(f"  … en nog {report['kept_total'] - len(kept)}.")
    if report.get("notice"):
        lines.append(report["notice"])
    return lines


def same_file_notice(same, report):
    """What the preview says about an earlier import of the very same file."""
    who = f" door {same['by']}" if same.get("by") else ""
    text = f"Dit bestand werd al ingelezen op {same['at']}{who} (import {same['batch']})"
    text += ", en die import is ongedaan gemaakt." if same.get("undone") else "."
    if not (report.get("new") or report.get("changed")):
        return text + " Bevestigen wijzigt niets."
    return text + " Sindsdien zijn cijfers gewijzigd: hieronder staat wat bevestigen wijzigt."

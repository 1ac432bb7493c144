"""Reading an import file: bytes in, table rows out (DESIGN.md section 8); no database.

A CSV file in UTF-8 (with or without BOM) or Windows-1252, separated by `;` or `,` (detected), or
the first sheet of an XLSX workbook, within the size limits below. What the cells mean is for
`activation.imports.rules`.
"""

import codecs
import csv
import io
import re
import zipfile
import zlib
from dataclasses import dataclass

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_ROWS = 100_000
# An XLSX file is a zip archive of XML parts. Its directory says how large each part unpacks;
# beyond these sizes a file is refused before anything is unpacked, so that a small upload cannot
# fill the memory. The worksheets are read as a stream: 100,000 rows of the template unpack to
# about 40 MB. Every other part (shared strings, styles, the workbook) is read whole.
MAX_XLSX_UNPACKED_BYTES = 100 * 1024 * 1024
MAX_XLSX_PART_BYTES = 20 * 1024 * 1024
MAX_COLUMNS = 100


class UnreadableFile(ValueError):
    """A file that cannot be read as a table at all; the message is Dutch and fit for the user."""


@dataclass
class Table:
    description: str
    rows: list  # [(line number, [cells])], the header row first; blank rows left out


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
            if any(cell_text(cell) for cell in cells):
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


def cell_text(value):
    """A cell as text, stripped; a whole number that XLSX stores as 12.0 reads as "12"."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()

"""Hostile files at the import: each is refused at the preview with a Dutch message, quickly and
without filling the memory, and nothing is written. Oversized uploads, other file types and a CSV
named .xlsx are in test_import_views.py and test_import_rules.py.

The workbooks are built cheaply: a small valid workbook whose first sheet's XML is streamed from
repeated chunks, which compress to almost nothing.
"""

import csv
import html
import io
import struct
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from activation.imports import reading
from activation.imports.services import import_file
from activation.models import ImportBatch
from tests.activation.files import SHEET_END, SHEET_START, crafted_xlsx, csv_bytes, row
from tests.activation.helpers import database_state

pytestmark = pytest.mark.django_db

MB = 1024 * 1024
ONE_CELL_ROW = b'<row><c t="inlineStr"><is><t>x</t></is></c></row>'
NOT_XLSX = reading.NOT_XLSX
BINARY = (
    "Het bestand is geen leesbaar CSV-bestand (het bevat binaire gegevens of is als UTF-16 "
    "bewaard)."
)
TOO_MANY_ROWS = "Het bestand telt meer dan 100.000 rijen: splits het op, bijvoorbeeld per jaar."


def unpacks_to(megabytes):
    return (
        f"Deze Excel-werkmap bevat uitgepakt {megabytes} MB aan gegevens, meer dan een werkmap "
        "met kwartaalresultaten kan bevatten. Ze is niet ingelezen"
    )


def repeated(chunk, times):
    yield SHEET_START
    for _ in range(times):
        yield chunk
    yield SHEET_END


def a_million_rows():
    return crafted_xlsx(repeated(ONE_CELL_ROW * 10_000, 100))


def a_million_blank_rows():
    return crafted_xlsx(repeated(b"<row/>" * 10_000, 100))


def one_row_numbered_in_the_billions():
    return crafted_xlsx([SHEET_START, b'<row r="2000000000"><c><v>1</v></c></row>', SHEET_END])


def a_sheet_of_150_mb_in_one_cell():
    def chunks():
        yield SHEET_START + b'<row><c t="inlineStr"><is><t>'
        for _ in range(150):
            yield b"A" * MB
        yield b"</t></is></c></row>" + SHEET_END

    return crafted_xlsx(chunks())


def shared_strings_of_30_mb():
    strings = (
        b'<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
        b'2006/main"><si><t>' + b"A" * (30 * MB) + b"</t></si></sst>"
    )
    return crafted_xlsx([SHEET_START, SHEET_END], parts={"xl/sharedStrings.xml": strings})


def a_part_that_claims_to_be_small():
    """A sheet of 2 MB whose entry in the zip directory says it unpacks to 1 kB."""
    data = crafted_xlsx(repeated(ONE_CELL_ROW, 40_000))
    entry = 0
    while True:
        entry = data.index(b"PK\x01\x02", entry + 1)
        (length,) = struct.unpack("<H", data[entry + 28 : entry + 30])
        if data[entry + 46 : entry + 46 + length] == b"xl/worksheets/sheet1.xml":
            break
    return data[: entry + 24] + struct.pack("<I", 1024) + data[entry + 28 :]


def a_row_up_to_the_last_column():
    return crafted_xlsx(repeated(b'<row><c r="XFD1"><v>1</v></c></row>', 10_000))


def entities_that_expand_a_billion_times():
    entities = b"".join(
        b'<!ENTITY e%d "%s">' % (i, (b"&e%d;" % (i - 1)) * 10) for i in range(1, 10)
    )
    return crafted_xlsx(
        [
            b'<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY e0 "ha">' + entities + b"]>"
            b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            b'<sheetData><row><c t="inlineStr"><is><t>&e9;</t></is></c></row></sheetData>'
            b"</worksheet>"
        ]
    )


def malformed_xml():
    return crafted_xlsx([SHEET_START, b"<row><c><v>1</v></row>"])


def a_cell_reference_beyond_any_column():
    return crafted_xlsx([SHEET_START, b'<row><c r="ZZZZZ1"><v>1</v></c></row>', SHEET_END])


def a_zip_of_noise():
    return b"PK\x03\x04" + bytes(range(256)) * 8


def a_csv_of_a_million_lines():
    return b"1\n" * 1_000_000


def an_image_named_csv():
    return b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200)


def a_csv_saved_as_utf16():
    return csv_bytes([row("44021", "Gent", "2025-K1")], encoding="utf-16")


def a_csv_in_neither_utf8_nor_windows_1252():
    data = csv_bytes([row("44021", "Gent", "2025-K1")], encoding="utf-8")
    return data.replace(b"Gent", b"G\x81nt")


def a_word_document_named_xlsx():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return buffer.getvalue()


FILES = [
    (a_million_rows, TOO_MANY_ROWS),
    (a_million_blank_rows, TOO_MANY_ROWS),
    (one_row_numbered_in_the_billions, TOO_MANY_ROWS),
    (a_sheet_of_150_mb_in_one_cell, unpacks_to(151)),
    (shared_strings_of_30_mb, unpacks_to(31)),
    (a_part_that_claims_to_be_small, NOT_XLSX),
    (
        a_row_up_to_the_last_column,
        "Rij 1 van het werkblad loopt tot voorbij kolom 100: houd alleen de kolommen van het "
        "sjabloon over en laad het bestand opnieuw op.",
    ),
    (entities_that_expand_a_billion_times, NOT_XLSX),
    (malformed_xml, NOT_XLSX),
    (a_cell_reference_beyond_any_column, NOT_XLSX),
    (a_zip_of_noise, NOT_XLSX),
    (a_csv_of_a_million_lines, TOO_MANY_ROWS),
    (an_image_named_csv, BINARY),
    (a_csv_saved_as_utf16, BINARY),
    (
        a_csv_in_neither_utf8_nor_windows_1252,
        "De tekens in het bestand zijn geen UTF-8 en geen Windows-1252.",
    ),
    (a_word_document_named_xlsx, NOT_XLSX),
]
CSV_FILES = {
    a_csv_of_a_million_lines,
    an_image_named_csv,
    a_csv_saved_as_utf16,
    a_csv_in_neither_utf8_nor_windows_1252,
}


def upload(client, data, name):
    return client.post(
        "/import/",
        {"file": SimpleUploadedFile(name, data), "status": "definitief"},
        follow=True,
    )


@pytest.fixture
def stored(db):
    import_file(
        csv_bytes([row("44021", "Gent", "2025-K1")]), "vorige.csv", result_status="voorlopig"
    )


@pytest.mark.parametrize(("build", "message"), FILES, ids=[f.__name__ for f, _ in FILES])
def test_a_hostile_file_is_refused_with_a_dutch_message_and_nothing_is_written(
    login, beheerder, stored, build, message
):
    data = build()
    assert len(data) < reading.MAX_UPLOAD_BYTES
    name = "kwartaal.csv" if build in CSV_FILES else "kwartaal.xlsx"
    before = database_state()
    response = upload(login(beheerder), data, name)
    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    assert message in page
    assert "Het bestand is geweigerd: er is niets bewaard." in page
    assert "Bevestigen en bewaren" not in page
    batch = ImportBatch.objects.get(file_name=name)
    assert batch.status == ImportBatch.Status.REFUSED
    assert batch.upload is None
    assert database_state() == before


def test_the_directory_check_unpacks_nothing(monkeypatch):
    # A bomb is refused from the zip directory alone: no part is ever opened.
    bomb = a_sheet_of_150_mb_in_one_cell()

    def no_unpacking(*args, **kwargs):
        raise AssertionError("a part of the workbook was unpacked")

    monkeypatch.setattr(zipfile.ZipFile, "open", no_unpacking)
    with pytest.raises(reading.UnreadableFile, match="bevat uitgepakt 151 MB"):
        reading.read_table(bomb, "kwartaal.xlsx")


def test_a_sheet_of_100_000_rows_under_its_header_is_still_read():
    data = crafted_xlsx(repeated(ONE_CELL_ROW, reading.MAX_ROWS + 1))
    assert len(reading.read_table(data, "kwartaal.xlsx").rows) == reading.MAX_ROWS + 1
    one_more = crafted_xlsx(repeated(ONE_CELL_ROW, reading.MAX_ROWS + 2))
    with pytest.raises(reading.UnreadableFile, match="meer dan 100.000 rijen"):
        reading.read_table(one_more, "kwartaal.xlsx")


# Text from an import file on the pages and in the exports -----------------------------------

SCRIPT = "<script>alert(1)</script>"
IMAGE = "<img src=x onerror=alert(2)>"


def test_html_in_a_file_name_and_its_cells_is_shown_as_text(login, beheerder):
    client = login(beheerder)
    name = f"{IMAGE} kwartaal.csv"
    rows = [
        row("44021", SCRIPT, "2025-K1"),
        row("41002", "Aalst", SCRIPT),
    ]
    preview = upload(client, csv_bytes(rows), name).content.decode()
    # The quarter is refused and the name is only a warning: both quote the cell as text.
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in preview
    upload(client, csv_bytes(rows[:1]), name)
    batch = ImportBatch.objects.get(status=ImportBatch.Status.PREVIEW)
    client.post(f"/import/{batch.pk}/bevestigen/")
    shown = "&lt;img src=x onerror=alert(2)&gt; kwartaal.csv"
    for path in ["/import/", "/import/historiek/", f"/import/{batch.pk}/", "/dashboards/44021/"]:
        page = client.get(path).content.decode()
        assert shown in page, path
        assert "<img src=x" not in page and "<script>alert" not in page, path
    assert "<script>alert" not in preview and "<img src=x" not in preview


def test_a_formula_typed_in_an_import_file_reaches_no_export_as_a_formula(
    login,
    beheerder,
):
    client = login(beheerder)
    rows = [row("44021", '=HYPERLINK("http://x";"Gent")', "2025-K1")]
    upload(client, csv_bytes(rows), "=SOM(A1) kwartaal.csv")
    batch = ImportBatch.objects.get()
    client.post(f"/import/{batch.pk}/bevestigen/")
    workbook = load_workbook(io.BytesIO(client.get("/dashboards/export.xlsx").content))
    provenance = list(workbook["Herkomst"].iter_rows(values_only=True))
    assert provenance[1][0] == "=SOM(A1) kwartaal.csv"
    cells = [cell for sheet in workbook for row in sheet.iter_rows() for cell in row]
    assert "f" not in {cell.data_type for cell in cells}
    overview = list(workbook["Overzicht 2025-K1"].iter_rows(values_only=True))
    assert [r[1] for r in overview if r[0] == "44021"] == ["Gent"]
    for path in ["/dashboards/44021/export.csv", "/dashboards/export.csv"]:
        text = client.get(path).content.decode("utf-8-sig")
        cells = [cell for r in csv.reader(io.StringIO(text), delimiter=";") for cell in r]
        assert "Gent" in cells, path
        assert [cell for cell in cells if cell.startswith(("=", "+", "-", "@"))] == [], path

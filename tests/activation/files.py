"""Import files for the tests, built in every variant the import accepts."""

import csv
import io
import zipfile

from openpyxl import Workbook

from activation.imports.columns import COLUMNS

HEADER = list(COLUMNS)


def row(nis, name, quarter, totaal=100, ingeschreven=80, traject=40, uitstroom=10, duurzaam=6):
    return [nis, name, quarter, totaal, ingeschreven, traject, uitstroom, duurzaam]


def csv_bytes(rows, header=HEADER, delimiter=";", encoding="utf-8-sig"):
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    for cells in rows:
        writer.writerow(["" if cell is None else cell for cell in cells])
    return buffer.getvalue().encode(encoding)


def xlsx_bytes(rows, header=HEADER):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Resultaten"
    sheet.append(header)
    for cells in rows:
        sheet.append(cells)
    extra = workbook.create_sheet("Notities")
    extra.append(["Dit werkblad wordt niet ingelezen"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


SHEET_START = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
)
SHEET_END = b"</sheetData></worksheet>"


def crafted_xlsx(sheet_chunks, *, parts=None):
    """A valid workbook whose first sheet's XML is written from `sheet_chunks` (an iterable of
    bytes, streamed into the zip), with `parts` ({name: bytes}) added or replaced. Repeated
    chunks compress to almost nothing, so very large sheets cost little to build."""
    source = zipfile.ZipFile(io.BytesIO(xlsx_bytes([row("44021", "Gent", "2025-K1")])))
    parts = dict(parts or {})
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for info in source.infolist():
            if info.filename == "xl/worksheets/sheet1.xml":
                with archive.open(info.filename, "w", force_zip64=True) as sheet:
                    for chunk in sheet_chunks:
                        sheet.write(chunk)
            elif info.filename not in parts:
                archive.writestr(info, source.read(info.filename))
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()

"""Import files for the tests, built in every variant the import accepts."""

import csv
import io

from openpyxl import Workbook

from activation.importing import COLUMNS

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

"""The one export helper: CSV and XLSX downloads with Dutch headers and formula-safe cells.

A CSV cell whose text starts with = + - @ (or a tab or carriage return) could be run as a
formula by a spreadsheet; such text is prefixed with an apostrophe. In XLSX every text is
written as a text cell, which a spreadsheet never runs, so it shows as it is. Numbers stay
numbers, and in XLSX dates are dates (shown as dd-mm-jjjj).
"""

import csv
import datetime
import io
import re
from decimal import Decimal

from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell.cell import TYPE_STRING
from openpyxl.styles import Font

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# What XML 1.0 cannot hold: control characters other than tab, line feed and carriage return,
# surrogates, and U+FFFE/U+FFFF. Text pasted from Word brings its line break (U+000B) along.
_NOT_IN_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(text):
    """Text an XLSX or DOCX file can hold: characters XML refuses become spaces."""
    return _NOT_IN_XML.sub(" ", text)


def neutralise(value):
    """Make a cell value safe to open in a spreadsheet."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, (int, float, Decimal)):
        return value
    text = xml_text(str(value))
    if text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


class Sheet:
    """A titled table: `headers` is a list of Dutch column names, `rows` lists of values."""

    def __init__(self, title, headers, rows):
        self.title = title
        self.headers = list(headers)
        self.rows = [list(row) for row in rows]


def _attachment(response, filename):
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def csv_response(filename, sheet):
    """A CSV download (UTF-8 with BOM and `;`, as Excel in Belgium expects)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([neutralise(h) for h in sheet.headers])
    for row in sheet.rows:
        writer.writerow([_csv_cell(value) for value in row])
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    return _attachment(response, filename)


def _csv_cell(value):
    value = neutralise(value)
    if isinstance(value, float):
        # Decimal comma, as a Flemish spreadsheet reads it.
        return f"{value:.4f}".rstrip("0").rstrip(".").replace(".", ",")
    return value


DATE_FORMAT = "DD-MM-YYYY"
DATETIME_FORMAT = "DD-MM-YYYY HH:MM"


def _xlsx_value(value):
    """(value, number format) of one XLSX cell: text as it is, dates as dates."""
    if value is None:
        return "", None
    if isinstance(value, bool):
        return ("ja" if value else "nee"), None
    if isinstance(value, (int, float, Decimal)):
        return value, None
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.make_naive(value)
        return value, DATETIME_FORMAT
    if isinstance(value, datetime.date):
        return value, DATE_FORMAT
    return xml_text(str(value)), None


def _write_row(worksheet, row_number, values):
    for column, value in enumerate(values, start=1):
        value, number_format = _xlsx_value(value)
        cell = worksheet.cell(row=row_number, column=column, value=value)
        if number_format:
            cell.number_format = number_format
        elif isinstance(cell.value, str):
            # A text cell: "=SUM(A1)" from a user's title is shown, never run.
            cell.data_type = TYPE_STRING


def xlsx_response(filename, sheets):
    """An XLSX download with one worksheet per Sheet."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for sheet in sheets:
        worksheet = workbook.create_sheet(title=sheet.title[:31])
        _write_row(worksheet, 1, sheet.headers)
        for cell in worksheet[1]:
            cell.font = Font(bold=True)
        for row_number, row in enumerate(sheet.rows, start=2):
            _write_row(worksheet, row_number, row)
        for index, header in enumerate(sheet.headers, start=1):
            letter = worksheet.cell(row=1, column=index).column_letter
            worksheet.column_dimensions[letter].width = max(12, min(60, len(str(header)) + 4))
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_CONTENT_TYPE)
    return _attachment(response, filename)

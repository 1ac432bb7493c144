import datetime
import io
import zoneinfo

from openpyxl import load_workbook

from ocmw_portal.exports import Sheet, csv_response, neutralise, xlsx_response


def test_formula_like_text_is_neutralised_numbers_are_not():
    assert neutralise("=SUM(A1:A9)") == "'=SUM(A1:A9)"
    assert neutralise("+32 9 123") == "'+32 9 123"
    assert neutralise("-1+1") == "'-1+1"
    assert neutralise("@cmd") == "'@cmd"
    assert neutralise("Gent") == "Gent"
    assert neutralise(-3) == -3
    assert neutralise(None) == ""


def test_csv_uses_semicolons_decimal_commas_and_a_bom():
    sheet = Sheet("t", ["Gemeente", "Graad"], [["=HYPERLINK()", 0.125], ["Gent", 3]])
    body = csv_response("x.csv", sheet).content.decode("utf-8")
    assert body.startswith("\ufeffGemeente;Graad\r\n")
    assert "'=HYPERLINK();0,125\r\n" in body
    assert "Gent;3\r\n" in body


def test_xlsx_has_one_sheet_per_table_and_text_cells_that_never_run():
    response = xlsx_response(
        "x.xlsx",
        [
            Sheet("Cijfers", ["Gemeente", "Aantal"], [["@evil", 7], ["=SUM(A1:A9)", 2]]),
            Sheet("Uitleg", ["a"], []),
        ],
    )
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Cijfers", "Uitleg"]
    rows = list(workbook["Cijfers"].values)
    # Shown as typed, without an apostrophe; a text cell, never a formula.
    assert rows == [("Gemeente", "Aantal"), ("@evil", 7), ("=SUM(A1:A9)", 2)]
    assert [cell.data_type for cell in workbook["Cijfers"]["A"]] == ["s", "s", "s"]
    assert response["Content-Disposition"] == 'attachment; filename="x.xlsx"'


def test_xlsx_dates_are_dates_shown_the_belgian_way():
    brussels = zoneinfo.ZoneInfo("Europe/Brussels")
    moment = datetime.datetime(2026, 3, 2, 23, 30, tzinfo=datetime.UTC)
    response = xlsx_response(
        "x.xlsx", [Sheet("Periode", ["Van", "Geïmporteerd"], [[datetime.date(2024, 1, 1), moment]])]
    )
    day, imported = load_workbook(io.BytesIO(response.content))["Periode"][2]
    assert day.is_date and day.value == datetime.datetime(2024, 1, 1)
    assert day.number_format == "DD-MM-YYYY"
    # In the portal's time zone: 23:30 UTC on 2 March is 00:30 on 3 March in Brussels.
    assert imported.is_date and imported.number_format == "DD-MM-YYYY HH:MM"
    assert imported.value == moment.astimezone(brussels).replace(tzinfo=None)

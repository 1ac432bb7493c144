import io

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


def test_xlsx_has_one_sheet_per_table_and_safe_cells():
    response = xlsx_response(
        "x.xlsx",
        [Sheet("Cijfers", ["Gemeente", "Aantal"], [["@evil", 7]]), Sheet("Uitleg", ["a"], [])],
    )
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Cijfers", "Uitleg"]
    rows = list(workbook["Cijfers"].values)
    assert rows == [("Gemeente", "Aantal"), ("'@evil", 7)]
    assert response["Content-Disposition"] == 'attachment; filename="x.xlsx"'

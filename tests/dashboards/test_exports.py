"""Downloads hold the figures the page shows, with Dutch headers, safe to open in a spreadsheet."""

import csv
import io

import pytest
from openpyxl import load_workbook

from tests.dashboards.pages import number, table
from tests.dashboards.test_municipality import pajottegem  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db


def read_csv(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def read_xlsx(response):
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    sheets = {}
    for sheet in workbook.worksheets:
        rows = [list(row) for row in sheet.iter_rows(values_only=True)]
        sheets[sheet.title] = [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]
    return sheets


def csv_number(text):
    """A CSV cell as Excel in Belgium reads it: "70,6" → 70.6; an empty cell is unknown."""
    if text == "":
        return None
    try:
        return int(text)
    except ValueError:
        pass
    try:
        return float(text.replace(",", "."))
    except ValueError:
        return text


def page_as_export(row):
    """A row of the page's table with each cell read as a number where it is one."""
    return {
        header.removesuffix(" (%)").removesuffix(" (‰)"): number(value)
        for header, value in row.items()
        if header != "Status"
    }


def export_as_page(row, convert=lambda v: v):
    return {
        header.removesuffix(" (%)").removesuffix(" (‰)"): convert(value)
        for header, value in row.items()
        if header
        not in ("NIS-code", "Lokaal bestuur", "Provincie", "Referentieregio", "Status", "Bron")
    }


def test_municipality_csv_holds_the_numbers_of_the_page(login, nm_oost, demo_results):
    client = login(nm_oost)
    page_rows = table(client.get("/dashboards/44021/").content.decode(), "Cijfers per kwartaal")
    exported = read_csv(client.get("/dashboards/44021/export.csv"))
    assert len(exported) == len(page_rows) == 12
    for shown, row in zip(page_rows, exported, strict=True):
        assert export_as_page(row, csv_number) == page_as_export(shown)
        assert row["Lokaal bestuur"] == "Gent"
        assert row["Status"] == shown["Status"]
        # Every row names the import its figures rest on, with its date.
        assert row["Bron"].startswith("demodata (seed 7) (")


def test_municipality_xlsx_holds_the_numbers_of_the_page(login, nm_oost, demo_results):
    client = login(nm_oost)
    html = client.get("/dashboards/44021/?kwartaal=2024-K3").content.decode()
    sheets = read_xlsx(client.get("/dashboards/44021/export.xlsx?kwartaal=2024-K3"))
    assert list(sheets) == [
        "Cijfers",
        "Kerncijfers 2024-K3",
        "Positie 2024-K3",
        "Definities",
        "Herkomst",
    ]
    page_rows = table(html, "Cijfers per kwartaal")
    assert [export_as_page(row) for row in sheets["Cijfers"]] == [
        page_as_export(row) for row in page_rows
    ]
    positions = table(html, "Uitstroomgraad naar werk: positie in 2024-K3")
    exported = [
        p for p in sheets["Positie 2024-K3"] if p["Indicator"] == "Uitstroomgraad naar werk"
    ]
    assert [
        (p["Groep"], f"{p['Rang']} van {p['Van']}", p["Mediaan (%)"], p["Groepswaarde (%)"])
        for p in exported
    ] == [
        (row["Groep"], row["Rang"], number(row["Mediaan"]), number(row["Groepswaarde"]))
        for row in positions
    ]


def test_the_export_follows_the_sorting_and_quarter_of_the_page(login, nm_oost, demo_results):
    client = login(nm_oost)
    query = "?kwartaal=2023-K2&sort=-uitstroomgraad"
    page_rows = table(client.get(f"/dashboards/44021/{query}").content.decode(), "Cijfers")
    exported = read_csv(client.get(f"/dashboards/44021/export.csv{query}"))
    assert [row["Kwartaal"] for row in exported] == [row["Kwartaal"] for row in page_rows]
    assert exported[0]["Kwartaal"] != "2023-K2"  # sorted on the rate, not on the quarter
    assert max(row["Kwartaal"] for row in exported) == "2023-K2"


def test_the_workbook_explains_the_indicators_and_names_the_import(
    login,
    ocmw_pajottegem,
    pajottegem,  # noqa: F811
):
    sheets = read_xlsx(login(ocmw_pajottegem).get("/dashboards/23106/export.xlsx"))
    definitions = {row["Begrip"]: row for row in sheets["Definities"]}
    assert definitions["Uitstroomgraad naar werk"]["Teller"] == "Uitstroom naar werk"
    assert definitions["Uitstroomgraad naar werk"]["Noemer"] == "Ingeschreven bij VDAB"
    assert "n<10" in definitions
    provenance = sheets["Herkomst"]
    assert {row["Kwartaal"] for row in provenance} == {"2024-K4", "2025-K1"}
    # A file name that a spreadsheet would run as a formula is a text cell, shown as it is.
    assert {row["Importbestand"] for row in provenance} == {"=SOM(A1) kwartaal.csv"}
    assert {row["Door"] for row in provenance} == {"beheerder"}


def test_suppressed_rates_and_merged_sums_are_exported_as_shown(
    login,
    ocmw_pajottegem,
    pajottegem,  # noqa: F811
):
    rows = read_csv(login(ocmw_pajottegem).get("/dashboards/23106/export.csv"))
    k4 = next(row for row in rows if row["Kwartaal"] == "2024-K4")
    assert k4["Leefloongerechtigden"] == "85"
    assert k4["Inschrijvingsgraad (%)"] == "70,6"
    assert k4["Duurzaamheidsgraad (%)"] == "n<10"
    k1 = next(row for row in rows if row["Kwartaal"] == "2025-K1")
    assert k1["Duurzaam aan het werk (na 6 maanden)"] == ""
    assert k1["Status"] == "Voorlopig"


def test_a_formula_in_a_group_name_is_shown_and_never_run(login, ocmw_pajottegem, pajottegem):  # noqa: F811
    from activation.models import BenchmarkGroup

    BenchmarkGroup.objects.filter(code="testregio").update(name="=HYPERLINK(1)")
    response = login(ocmw_pajottegem).get("/dashboards/23106/export.xlsx")
    groups = {row["Groep"] for row in read_xlsx(response)["Positie 2025-K1"]}
    assert "=HYPERLINK(1)" in groups
    workbook = load_workbook(io.BytesIO(response.content))
    kinds = {cell.data_type for sheet in workbook for row in sheet.iter_rows() for cell in row}
    assert "f" not in kinds


def test_overview_export_holds_the_rows_of_the_page(login, nm_oost, demo_results):
    client = login(nm_oost)
    query = "?kwartaal=2024-K2&sort=-inschrijvingsgraad&referentieregio="
    html = client.get(f"/dashboards/{query}").content.decode()
    page_rows = table(html, "Lokale besturen in uw selectie")
    exported = read_csv(client.get(f"/dashboards/export.csv{query}"))
    assert len(page_rows) == len(exported) > 50
    for shown, row in zip(page_rows, exported, strict=True):
        assert row["Lokaal bestuur"] == shown["Lokaal bestuur"]
        assert row["Provincie"] == "Oost-Vlaanderen"
        expected = page_as_export(shown)
        del expected["Lokaal bestuur"]
        assert export_as_page(row, csv_number) == {**expected, "Kwartaal": "2024-K2"}
        assert row["Bron"].startswith("demodata (seed 7) (")
    xlsx = read_xlsx(client.get(f"/dashboards/export.xlsx{query}"))
    assert list(xlsx) == ["Overzicht 2024-K2", "Definities", "Herkomst"]
    assert [row["Lokaal bestuur"] for row in xlsx["Overzicht 2024-K2"]] == [
        row["Lokaal bestuur"] for row in page_rows
    ]


def test_exports_are_recorded_in_the_audit_trail(login, nm_oost, demo_results):
    from ocmw_portal.models import AuditEvent

    login(nm_oost).get("/dashboards/44021/export.xlsx")
    event = AuditEvent.objects.get(action="export")
    assert event.username == "netwerkmanager.oost-vlaanderen"
    assert event.subject == "Dashboard Gent 2025-K2"


@pytest.mark.parametrize("value", ["abc", "2031-K1", "2025-K9"])
def test_a_bad_quarter_in_a_download_gives_404(login, nm_oost, demo_results, value):
    client = login(nm_oost)
    assert client.get(f"/dashboards/44021/export.csv?kwartaal={value}").status_code == 404
    assert client.get(f"/dashboards/export.xlsx?kwartaal={value}").status_code == 404

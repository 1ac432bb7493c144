"""Three errands from start to finish in Chromium, as their users run them: an OCMW looks back at
an earlier quarter and takes its figures along in Excel; a network manager records a meeting and
finds its output in the report and the draft answer; the administrator corrects one figure through
the import and sees the dashboard change. Charts drawing, the keyboard-only meeting form and the
lockout have their own tests."""

import csv
import io
import re
from pathlib import Path

import docx
from openpyxl import load_workbook

from activation.indicators import COUNT_FIELDS, COUNT_LABELS
from tests.e2e.conftest import serious_violations


def number(text):
    """A figure as the portal writes it (3.303 or 8,4) as a number."""
    return float(text.replace(".", "").replace(",", ".").strip(" %"))


def card(page, label):
    """(percentage, numerator, denominator) of a dashboard's indicator card."""
    found = page.locator("article.kpi").filter(has=page.get_by_role("heading", name=label))
    value = found.locator(".kpi__value").inner_text()
    counts = re.fullmatch(r"([\d.]+) van ([\d.]+)", found.locator(".kpi__counts").inner_text())
    return number(value), int(number(counts[1])), int(number(counts[2]))


def download(page, link):
    with page.expect_download() as info:
        page.get_by_role("link", name=link).click()
    return info.value


def rows(sheet):
    values = list(sheet.iter_rows(values_only=True))
    return [dict(zip(values[0], row, strict=True)) for row in values[1:]]


def test_an_ocmw_looks_back_a_year_and_takes_the_figures_along_in_excel(page, log_in):
    log_in("ocmw.gent")
    page.wait_for_selector(".js-plotly-plot .main-svg")
    quarters = page.get_by_label("Kwartaal", exact=True).locator("option").all_inner_texts()
    chosen = quarters[4]  # newest first: the same quarter a year earlier
    page.get_by_label("Kwartaal", exact=True).select_option(chosen)
    with page.expect_navigation():
        page.get_by_role("button", name="Toon").click()
    assert f"kwartaal={chosen}" in page.url
    assert page.get_by_role("heading", level=1).inner_text() == f"Gent {chosen}"
    page.wait_for_selector(".js-plotly-plot .main-svg")
    assert page.locator(".chart .main-svg").count() > 0
    rate, outflow, registered = card(page, "Uitstroomgraad naar werk")

    saved = download(page, "Download Excel")
    assert saved.suggested_filename == f"dashboard-44021-{chosen}.xlsx"
    workbook = load_workbook(io.BytesIO(Path(saved.path()).read_bytes()), read_only=True)
    cards = {row["Indicator"]: row for row in rows(workbook[f"Kerncijfers {chosen}"])}
    assert cards["Uitstroomgraad naar werk"]["Kwartaal"] == chosen
    assert cards["Uitstroomgraad naar werk"]["Waarde (%)"] == rate
    figures = {row["Kwartaal"]: row for row in rows(workbook["Cijfers"])}
    assert figures[chosen]["Uitstroom naar werk"] == outflow
    assert figures[chosen]["Ingeschreven bij VDAB"] == registered
    assert page.csp_errors == []


def test_a_network_manager_records_a_meeting_and_finds_its_output_in_the_draft_answer(page, log_in):
    title = "Jobbeurs leefloongerechtigden Eeklo"
    log_in("netwerkmanager.oost-vlaanderen")
    page.goto("/overleg/vergaderingen/nieuw/")
    page.get_by_label("Overlegorgaan (verplicht)", exact=True).select_option(
        label="Lerend netwerk Oost-Vlaanderen, regio Gent/Eeklo"
    )
    page.get_by_role("button", name="Verder").click()
    # A Saturday, so that the report of that one day holds this meeting alone.
    page.get_by_label("Datum (verplicht)", exact=True).fill("2024-07-27")
    page.get_by_label("Plaats").fill("VDAB Eeklo")
    page.get_by_role("group", name="Aanwezige lokale besturen").get_by_label(
        "Eeklo", exact=True
    ).check()
    page.locator("#id_output-0-kind").select_option(label="Afspraak")
    page.locator("#id_output-0-title").fill(title)
    # An agreement is owned by a person: a portal user who takes part in the body.
    page.locator("#id_output-0-owner_user").select_option(label="Nora Netwerkmanager")
    with page.expect_navigation():
        page.get_by_role("button", name="Vergadering bewaren").click()
    assert page.get_by_text("De vergadering is bewaard.").is_visible()
    output = page.get_by_role("region", name="Output van deze vergadering").locator("tr")
    assert "Nora Netwerkmanager" in output.filter(has_text=title).inner_text()

    page.get_by_role("link", name="Rapport").click()
    page.get_by_label("Van").fill("2024-07-27")
    page.get_by_label("Tot en met").fill("2024-07-27")
    with page.expect_navigation():
        page.get_by_role("button", name="Tonen").click()
    assert page.locator("ul.report-outputs").inner_text() == "Afspraak (1)"
    report_url = page.url
    with page.expect_navigation():
        page.locator("ul.report-outputs").get_by_role("link", name="Afspraak").click()
    assert page.get_by_text("1 output.").is_visible()
    row = page.locator("table tbody tr").filter(has_text=title)
    assert row.get_by_role("link", name=title).is_visible()
    assert "Lerend netwerk Oost-Vlaanderen, regio Gent/Eeklo" in row.inner_text()
    assert "27-07-2024" in row.inner_text()

    page.goto(report_url)
    saved = download(page, "Ontwerpantwoord (DOCX)")
    assert saved.suggested_filename == "overlegmomenten_2024-07-27_2024-07-27.docx"
    text = [paragraph.text for paragraph in docx.Document(saved.path()).paragraphs]
    assert (
        "Ontwerpantwoord op de schriftelijke vraag, periode 27-07-2024 tot en met 27-07-2024"
        in (" ".join(text))
    )
    assert f"{title} (Lerend netwerk Oost-Vlaanderen, regio Gent/Eeklo, 27-07-2024): Open." in text


def test_the_administrator_corrects_a_figure_through_the_import_and_the_dashboard_shows_it(
    page, log_in
):
    log_in("beheerder")
    page.goto("/dashboards/44021/")
    quarter = page.get_by_label("Kwartaal", exact=True).input_value()
    rate, outflow, registered = card(page, "Uitstroomgraad naar werk")
    exported = download(page, "Download CSV")
    with open(exported.path(), encoding="utf-8-sig") as handle:
        current = next(r for r in csv.DictReader(handle, delimiter=";") if r["Kwartaal"] == quarter)
    counts = {name: current[COUNT_LABELS[name]] for name in COUNT_FIELDS}
    assert int(counts["llg_uitstroom_werk"]) == outflow
    corrected = outflow + 7
    counts["llg_uitstroom_werk"] = str(corrected)
    correction = io.StringIO()
    writer = csv.writer(correction, delimiter=";")
    writer.writerow(["nis_code", "gemeente", "kwartaal", *COUNT_FIELDS])
    writer.writerow(["44021", "Gent", quarter, *counts.values()])

    page.goto("/import/")
    page.get_by_label("Bestand met kwartaalresultaten").set_input_files(
        files=[
            {
                "name": "correctie-gent.csv",
                "mimeType": "text/csv",
                "buffer": correction.getvalue().encode(),
            }
        ]
    )
    page.get_by_label("Status van de cijfers").select_option(label=current["Status"])
    with page.expect_navigation():
        page.get_by_role("button", name="Voorbeeld tonen").click()
    assert page.get_by_role("heading", level=1).inner_text() == (
        "Voorbeeld van de import: correctie-gent.csv"
    )
    # The preview shows the one change: the old figure struck through, the new one beside it.
    assert page.locator("del").all_inner_texts() == [f"{outflow:,}".replace(",", ".")]
    assert page.locator("ins").all_inner_texts() == [f"{corrected:,}".replace(",", ".")]
    assert serious_violations(page) == []
    with page.expect_navigation():
        page.get_by_role("button", name="Bevestigen en bewaren").click()
    assert page.get_by_text(
        "De import is verwerkt: 0 nieuw, 1 gewijzigd, 0 ongewijzigd."
    ).is_visible()

    page.goto(f"/dashboards/44021/?kwartaal={quarter}")
    new_rate, new_outflow, new_registered = card(page, "Uitstroomgraad naar werk")
    assert (new_outflow, new_registered) == (corrected, registered)
    assert new_rate == round(100 * corrected / registered, 1) > rate
    page.get_by_text("Herkomst van de cijfers").click()
    assert page.get_by_text(re.compile(r"^correctie-gent\.csv, geïmporteerd op")).is_visible()

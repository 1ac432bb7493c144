"""In Chromium: the administrator fills in three rows of the downloaded template, imports them
without erasing the other 282 municipalities' figures, and undoes the import."""

import csv
import io
import re

from tests.e2e.conftest import serious_violations
from tests.e2e.test_flows import download

FILLED = {"44021": "9999", "41002": "8888", "23106": "7777"}


def exported_counts(page, nis):
    """The municipality's figures per quarter, as its CSV export gives them."""
    page.goto(f"/dashboards/{nis}/")
    exported = download(page, "Download CSV")
    with open(exported.path(), encoding="utf-8-sig") as handle:
        return list(csv.DictReader(handle, delimiter=";"))


def test_a_partly_filled_template_changes_three_municipalities_and_can_be_undone(page, log_in):
    log_in("beheerder")
    before = {nis: exported_counts(page, nis) for nis in ("44021", "11002")}

    page.goto("/import/")
    template = download(page, "Sjabloon CSV")
    with open(template.path(), encoding="utf-8-sig") as handle:
        lines = list(csv.reader(handle, delimiter=";"))
    assert len(lines) == 286
    for line in lines[1:]:
        if line[0] in FILLED:
            line[3] = FILLED[line[0]]
    filled = io.StringIO()
    csv.writer(filled, delimiter=";").writerows(lines)

    page.goto("/import/")
    upload = {"name": "drie-gemeenten.csv", "mimeType": "text/csv", "buffer": filled.getvalue()}
    upload["buffer"] = upload["buffer"].encode()
    page.get_by_label("Bestand met kwartaalresultaten").set_input_files(files=[upload])
    page.get_by_label("Status van de cijfers").select_option(label="Definitief")
    with page.expect_navigation():
        page.get_by_role("button", name="Voorbeeld tonen").click()
    summary = page.locator(".import-summary").inner_text()
    assert "3 gewijzigde waarden in 3 bestaande rijen" in summary
    assert "282 rijen zonder nieuwe waarden, die blijven zoals ze zijn" in summary
    # Every empty cell over a stored figure keeps it, and is listed as what the checkbox erases.
    kept = re.search(r"(\d[\d.]*) bewaarde waarden bij een lege cel, die blijven staan", summary)
    assert kept and int(kept[1].replace(".", "")) > 282 * 3
    assert page.get_by_role("heading", name=f"Te wissen waarden ({kept[1]})").is_visible()
    assert not page.get_by_label("Lege cellen wissen de bewaarde waarde").is_checked()
    assert serious_violations(page) == []
    with page.expect_navigation():
        page.get_by_role("button", name="Bevestigen en bewaren").click()
    # Only its own success: no "already confirmed" above it.
    assert page.locator(".message").all_inner_texts() == [
        "De import is verwerkt: 0 nieuw, 3 gewijzigd, 0 ongewijzigd."
    ]
    imported = page.url

    after = {nis: exported_counts(page, nis) for nis in ("44021", "11002")}
    assert after["11002"] == before["11002"]  # Antwerpen was left empty: nothing changed
    changed = [
        (old, new) for old, new in zip(before["44021"], after["44021"], strict=True) if old != new
    ]
    assert len(changed) == 1
    assert changed[0][1]["Leefloongerechtigden"] == "9999"

    page.goto(imported)
    with page.expect_navigation():
        page.get_by_role("button", name="Import ongedaan maken").click()
    assert page.get_by_text("is ongedaan gemaakt: 3 rijen teruggezet.").is_visible()
    assert page.get_by_role("button", name="Bestand opnieuw inlezen").is_visible()
    assert serious_violations(page) == []
    assert exported_counts(page, "44021") == before["44021"]

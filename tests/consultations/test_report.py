"""The one-click answer: moments per level against targets, outputs per kind and status, and
the CSV, XLSX and DOCX exports of the same period."""

import csv
import datetime
import html
import io
import re

import docx
import openpyxl
import pytest

from activation.models import LocalGovernment
from consultations.report import consultation_report
from consultations.report_period import twelve_months_before
from consultations.selectors import expected_meetings

pytestmark = pytest.mark.django_db

D = datetime.date
PERIOD = "van=2024-01-01&tot=2024-12-31"


def text(response):
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


@pytest.fixture
def year_2024(body, make_meeting, agreement):
    """Fifteen meetings in 2024 (and one in 2023) with five outputs in 2024."""
    macro = body("centrale-werkgroep-lokale-besturen")
    for day in (D(2024, 3, 5), D(2024, 6, 4), D(2024, 10, 1)):
        make_meeting(macro, day, place="Brussel", attendees=["44021", "11002"])
    make_meeting(macro, D(2024, 1, 9), place="Brussel").outputs.create(
        kind="signaal", title="Signaal inschrijving", owner="VDAB", status="doorgegeven"
    )
    make_meeting(
        macro,
        D(2023, 12, 5),
        place="Brussel",
        outputs=[("signaal", "Signaal van 2023", "open")],
    )
    gent_eeklo = body("lerend-netwerk-gent-eeklo")
    make_meeting(
        gent_eeklo,
        D(2024, 2, 6),
        attendees=["44021", "43005"],
        outputs=[("infosessie", "Opleiding Arvastat", "uitgevoerd")],
    )
    make_meeting(gent_eeklo, D(2024, 6, 11), outputs=[("infosessie", "Infosessie IBO", "open")])
    make_meeting(gent_eeklo, D(2024, 11, 19))
    limburg = body("lerend-netwerk-limburg")
    make_meeting(limburg, D(2024, 3, 1), place="Hasselt")
    make_meeting(limburg, D(2024, 9, 1), place="Hasselt")
    make_meeting(body("provinciale-werkgroep-vlaams-brabant"), D(2024, 5, 2), place="Leuven")
    forum = agreement("44021").forum
    for month in (2, 5, 8, 11):
        make_meeting(forum, D(2024, month, 20), attendees=["44021"])
    forum.meetings.first().outputs.create(
        kind="actie", title="Screening niet-ingeschrevenen", owner="OCMW Gent"
    )
    agreement("41002", framework="2025-2030", status="in_voorbereiding")
    make_meeting(body("imc-werk"), D(2024, 12, 10), place="Brussel").outputs.create(
        kind="signaal", title="Fiche asymmetrisch beleid", owner="VDAB", status="werkingskader"
    )


def lines(report):
    return {
        line.name: (line.held, line.due, line.behind)
        for section in report.sections
        for line in section.lines
    }


def test_expected_meetings_follow_the_target_pro_rata_and_the_window():
    assert expected_meetings(4, D(2024, 1, 1), D(2024, 12, 31)) == 4
    assert expected_meetings(3, D(2023, 1, 1), D(2024, 12, 31)) == 6
    assert expected_meetings(4, D(2024, 1, 1), D(2024, 6, 30)) == pytest.approx(4 * 182 / 366)
    assert expected_meetings(None, D(2024, 1, 1), D(2024, 12, 31)) is None
    assert expected_meetings(4, D(2024, 1, 1), D(2024, 12, 31), window=None) == 0
    window = (D(2024, 7, 1), D(2030, 12, 31))
    assert expected_meetings(4, D(2024, 1, 1), D(2024, 12, 31), window) == pytest.approx(
        4 * 184 / 366
    )


def test_the_report_counts_moments_per_level_against_targets(year_2024, beheerder):
    report = consultation_report(beheerder, D(2024, 1, 1), D(2024, 12, 31))
    assert [(s.label, s.held) for s in report.sections] == [
        ("Macro", 4),
        ("Meso", 1),
        ("Micro", 4),
        ("Operationeel", 5),
        ("Interfederaal", 1),
    ]
    found = lines(report)
    assert found["Centrale werkgroep lokale besturen"] == (4, 4, False)
    assert found["Lerend netwerk Oost-Vlaanderen, regio Gent/Eeklo"] == (3, 3, False)
    assert found["Lerend netwerk Limburg"] == (2, 4, True)
    assert found["Lerend netwerk Oost-Vlaanderen, regio Aalst/Oudenaarde"] == (0, 3, True)
    assert found["Werkoverleg OCMW–VDAB Antwerpen"] == (0, None, False)
    assert found["Provinciale werkgroep Vlaams-Brabant"] == (1, None, False)
    assert found["Overlegforum Gent (SO 2020-2025)"] == (4, 4, False)
    assert found["Interministeriële conferentie (IMC) Werk"] == (1, None, False)
    # A forum whose agreement is still in preparation neither met nor had to.
    assert not any(name.startswith("Overlegforum Aalst") for name in found)
    macro = report.sections[0].lines[0]
    assert macro.attending == 2
    assert macro.organiser == "Gedelegeerd bestuurder VDAB"


def test_the_report_counts_outputs_per_kind_and_status(year_2024, beheerder):
    report = consultation_report(beheerder, D(2024, 1, 1), D(2024, 12, 31), list_outputs=True)
    assert report.output_counts == {
        ("signaal", "doorgegeven"): 1,
        ("signaal", "werkingskader"): 1,
        ("infosessie", "uitgevoerd"): 1,
        ("infosessie", "open"): 1,
        ("actie", "open"): 1,
    }
    assert [o.title for o in report.outputs_by_kind["Infosessie"]] == [
        "Opleiding Arvastat",
        "Infosessie IBO",
    ]


def test_a_provincial_network_manager_gets_the_answer_for_its_province(year_2024, nm_oost):
    report = consultation_report(nm_oost, D(2024, 1, 1), D(2024, 12, 31))
    found = lines(report)
    assert "Lerend netwerk Limburg" not in found
    assert "Provinciale werkgroep Vlaams-Brabant" not in found
    assert found["Lerend netwerk Oost-Vlaanderen, regio Gent/Eeklo"] == (3, 3, False)
    assert report.meetings_held == 4 + 4 + 3 + 1


def test_the_report_page_reads_as_the_answer(year_2024, login, nm_vlaanderen):
    response = login(nm_vlaanderen).get(f"/overleg/rapport/?{PERIOD}")
    assert response.status_code == 200
    page = text(response)
    assert (
        "Periode 01-01-2024 tot en met 31-12-2024: 15 overlegmomenten met 5 concrete resultaten"
        in page
    )
    assert "1. Overzicht van de overlegmomenten" in page
    assert "2. Overzicht van de concrete output" in page
    assert "Lerend netwerk Limburg" in page and "achter" in page
    assert "Lerende netwerken, zoals in de tabel van het antwoord" in page
    # A date does not break over two lines, and a region already in the name is not repeated.
    assert '<span class="date">05-03-2024</span>' in response.content.decode()
    assert "Lerend netwerk Oost-Vlaanderen, regio Gent/Eeklo Lerende" not in page
    assert "regio Gent/Eeklo Gent/Eeklo" not in page
    # Each kind of output links to the output list of the same period.
    assert "Infosessie (2)" in page
    assert f"/overleg/output/?soort=infosessie&{PERIOD}" in response.content.decode().replace(
        "&amp;", "&"
    )
    assert f"/overleg/rapport/export.docx?{PERIOD}" in response.content.decode().replace(
        "&amp;", "&"
    )


@pytest.mark.parametrize(
    "query, message",
    [
        ("van=2024-13-01&tot=2024-12-31", "'2024-13-01' is geen geldige datum"),
        ("van=gisteren", "'gisteren' is geen geldige datum"),
        ("van=2024-12-31&tot=2024-01-01", "De einddatum ligt vóór de begindatum"),
    ],
)
@pytest.mark.parametrize("path", ["", "export.csv", "export.xlsx", "export.docx"])
def test_bad_dates_give_a_dutch_message_not_an_error(login, nm_vlaanderen, query, message, path):
    response = login(nm_vlaanderen).get(f"/overleg/rapport/{path}?{query}")
    assert response.status_code == 400
    assert message in text(response)


def test_without_dates_the_report_shows_the_last_twelve_months_with_a_meeting_of_today(
    login, nm_vlaanderen, body, make_meeting
):
    today = datetime.date.today()
    first = twelve_months_before(today)
    macro = body("centrale-werkgroep-lokale-besturen")
    make_meeting(macro, today, place="Brussel")
    make_meeting(macro, first, place="Brussel")
    make_meeting(macro, first - datetime.timedelta(days=1), place="Brussel")
    client = login(nm_vlaanderen)
    page = text(client.get("/overleg/rapport/"))
    assert f"Periode {first:%d-%m-%Y} tot en met {today:%d-%m-%Y}" in page
    response = client.get("/overleg/rapport/export.csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    (line,) = [r for r in rows if r["Overlegorgaan"] == "Centrale werkgroep lokale besturen"]
    # Today's meeting and the one on the first day count; the day before is outside.
    assert line["Vergaderingen in de periode"] == "2"


def test_twelve_months_end_on_the_day_also_after_a_leap_day():
    assert twelve_months_before(D(2026, 12, 2)) == D(2025, 12, 3)
    assert twelve_months_before(D(2026, 1, 1)) == D(2025, 1, 2)
    assert twelve_months_before(D(2028, 2, 29)) == D(2027, 3, 1)


def test_csv_export_holds_both_sections(year_2024, login, nm_vlaanderen):
    response = login(nm_vlaanderen).get(f"/overleg/rapport/export.csv?{PERIOD}")
    assert response["Content-Disposition"] == (
        'attachment; filename="overlegmomenten_2024-01-01_2024-12-31.csv"'
    )
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    moments = {r["Overlegorgaan"]: r for r in rows if r["Onderdeel"] == "1. Overlegmomenten"}
    limburg = moments["Lerend netwerk Limburg"]
    assert (limburg["Vergaderingen in de periode"], limburg["Streefdoel in de periode"]) == (
        "2",
        "4",
    )
    assert limburg["Organen achter op streefdoel"] == "1"
    outputs = {
        (r["Soort output"], r["Opvolgingsstatus"]): r["Aantal output"]
        for r in rows
        if r["Onderdeel"] == "2. Output"
    }
    assert outputs[("Signaal", "Doorgegeven aan VDAB-beleidsorganen")] == "1"
    assert outputs[("Actie", "Open")] == "1"
    assert outputs[("Afspraak", "Open")] == "0"


def test_xlsx_export_has_a_sheet_per_part(year_2024, login, nm_vlaanderen):
    response = login(nm_vlaanderen).get(f"/overleg/rapport/export.xlsx?{PERIOD}")
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == [
        "Overlegmomenten",
        "Output per soort en status",
        "Output",
        "Periode",
    ]
    counts = {
        row[0]: row for row in workbook["Output per soort en status"].iter_rows(values_only=True)
    }
    assert counts["Signaal"][-1] == 2 and counts["Totaal"][-1] == 5
    titles = [row[1] for row in workbook["Output"].iter_rows(min_row=2, values_only=True)]
    assert sorted(titles) == [
        "Fiche asymmetrisch beleid",
        "Infosessie IBO",
        "Opleiding Arvastat",
        "Screening niet-ingeschrevenen",
        "Signaal inschrijving",
    ]


def test_docx_export_is_a_draft_answer_with_both_sections_and_the_table(
    year_2024, login, nm_vlaanderen
):
    response = login(nm_vlaanderen).get(f"/overleg/rapport/export.docx?{PERIOD}")
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.wordprocessingml"
    )
    document = docx.Document(io.BytesIO(response.content))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert "1. Overzicht van de overlegmomenten" in headings
    assert "2. Overzicht van de concrete output" in headings
    assert "3. Evaluatie van het kader: bouwstenen" in headings
    body = "\n".join(p.text for p in document.paragraphs)
    assert "Graag een overzicht van alle overlegmomenten" in body
    assert "Centrale werkgroep lokale besturen kwam 4 keer samen (streefdoel in de periode: 4)" in (
        body
    )
    tables = {tuple(c.text for c in t.rows[0].cells): t for t in document.tables}
    network = tables[
        ("Provincie", "Data/tijdsinterval", "Organisator", "Deelnemers", "Vergaderd in de periode")
    ]
    rows = {r.cells[0].text: [c.text for c in r.cells] for r in network.rows[1:]}
    assert rows["Limburg (Volledige provincie)"][1].startswith("4 x per jaar")
    assert rows["Limburg (Volledige provincie)"][4] == "2 (streefdoel 4)"
    assert (
        rows["Oost-Vlaanderen (Gent/Eeklo)"][2] == "Netwerkmanager van de provincie Oost-Vlaanderen"
    )
    assert "Antwerpen" in rows
    outputs = [t for t in document.tables if t.rows[0].cells[0].text == "Soort"][0]
    last = [c.text for c in outputs.rows[-1].cells]
    assert last[0] == "Totaal" and last[-1] == "5"


def test_exports_are_recorded_in_the_audit_trail(year_2024, login, nm_vlaanderen):
    from ocmw_portal.models import AuditEvent

    login(nm_vlaanderen).get(f"/overleg/rapport/export.docx?{PERIOD}")
    event = AuditEvent.objects.get(action="export")
    assert event.user == nm_vlaanderen
    assert event.details == {"format": "docx", "van": "2024-01-01", "tot": "2024-12-31"}


def test_an_unknown_export_format_is_404(login, nm_vlaanderen):
    assert login(nm_vlaanderen).get(f"/overleg/rapport/export.pdf?{PERIOD}").status_code == 404


def test_the_docx_is_an_a4_document_in_dutch_with_the_portal_as_author(
    year_2024, login, nm_vlaanderen
):
    from docx.oxml.ns import qn
    from docx.shared import Mm

    before = datetime.datetime.now(datetime.UTC).replace(microsecond=0)
    response = login(nm_vlaanderen).get(f"/overleg/rapport/export.docx?{PERIOD}")
    document = docx.Document(io.BytesIO(response.content))
    section = document.sections[0]
    assert (round(section.page_width / Mm(1)), round(section.page_height / Mm(1))) == (210, 297)

    # Word checks the spelling in Dutch (Belgium): every run of text says so, and so does the
    # default every style inherits; no English is left in the styles.
    runs = list(document.element.body.iter(qn("w:r")))
    runs += list(section.footer._element.iter(qn("w:r")))
    assert len(runs) > 100
    languages = {run.find(qn("w:rPr")).find(qn("w:lang")).get(qn("w:val")) for run in runs}
    assert languages == {"nl-BE"}
    styles = document.styles.element
    default = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    assert default.find(qn("w:lang")).get(qn("w:val")) == "nl-BE"
    assert b"en-US" not in response.content and "en-US" not in styles.xml

    properties = document.core_properties
    assert properties.title == (
        "Ontwerpantwoord versterkte activering van het OCMW-cliënteel, "
        "01-01-2024 tot en met 31-12-2024"
    )
    assert properties.author == properties.last_modified_by == "OCMW–VDAB samenwerkingsportaal"
    assert properties.language == "nl-BE"
    assert "python-docx" not in f"{properties.comments} {properties.author}"
    created = properties.created.replace(tzinfo=datetime.UTC)
    assert (
        before - datetime.timedelta(seconds=1) <= created <= before + datetime.timedelta(minutes=1)
    )

    # Page numbers in the footer, headings in Word's heading styles, tables in a table style.
    footer = section.footer._element.xml
    assert 'w:instr="PAGE"' in footer and 'w:instr="NUMPAGES"' in footer
    assert section.footer.paragraphs[0].text.startswith("Pagina ")
    assert {p.style.name for p in document.paragraphs} >= {"Title", "Heading 1", "Heading 2"}
    assert {table.style.name for table in document.tables} == {"Table Grid"}


def test_the_draft_answer_says_a_provinces_forums_met_in_the_plural(agreement, login, nm_oost):
    for lg in LocalGovernment.objects.current().filter(province="40000").order_by("pk")[:11]:
        agreement(lg.pk)
    response = login(nm_oost).get("/overleg/rapport/export.docx?van=2024-01-01&tot=2024-12-31")
    body = "\n".join(p.text for p in docx.Document(io.BytesIO(response.content)).paragraphs)
    assert (
        "Overlegfora van de samenwerkingsovereenkomsten, Oost-Vlaanderen kwamen in deze periode "
        "niet samen" in body
    )

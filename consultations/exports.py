"""The report as CSV and XLSX (through the portal's export helper) and as a DOCX draft answer."""

import datetime
import io

from django.http import HttpResponse
from django.utils import timezone
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

from ocmw_portal.exports import Sheet, csv_response, xlsx_response, xml_text
from ocmw_portal.models import DemoDataset

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

QUESTIONS = [
    "Graag een overzicht van alle overlegmomenten over de versterkte activering van het "
    "OCMW-cliënteel.",
    "Graag een overzicht van de concrete output van die overlegmomenten.",
    "Hoe evalueert de minister het bestaande kader met betrekking tot de versterkte activering "
    "van het OCMW-cliënteel?",
]

MOMENT_HEADERS = [
    "Onderdeel",
    "Niveau",
    "Overlegorgaan",
    "Provincie",
    "Regio",
    "Organisator",
    "Deelnemers",
    "Frequentie (afspraak)",
    "Aantal organen",
    "Vergaderingen in de periode",
    "Streefdoel in de periode",
    "Organen achter op streefdoel",
    "Data",
    "Aanwezige lokale besturen",
    "Deelnemers per rol",
    "Soort output",
    "Opvolgingsstatus",
    "Aantal output",
]


def _date(day):
    return f"{day:%d-%m-%Y}"


def _period(report):
    return f"{_date(report.first)} tot en met {_date(report.last)}"


def _dates(line, limit=12):
    shown = ", ".join(_date(d) for d in line.dates[:limit])
    if len(line.dates) > limit:
        shown += f" en nog {len(line.dates) - limit}"
    return shown


def moment_rows(report):
    for section in report.sections:
        for line in section.lines:
            yield [
                "1. Overlegmomenten",
                section.label,
                line.name,
                line.province,
                line.region,
                line.organiser,
                line.participants,
                line.frequency_note,
                line.bodies,
                line.held,
                line.due,
                line.bodies_behind if line.due is not None else None,
                _dates(line, limit=1000),
                line.attending,
                line.roles_text,
                None,
                None,
                None,
            ]


def output_count_rows(report):
    statuses, rows, _ = report.output_table()
    for kind, counts, _total in rows:
        for status, n in zip(statuses, counts, strict=True):
            yield ["2. Output", *[None] * 14, kind, status, n]


def report_csv(report, filename):
    """One table in long format: the moments per body (1), then the outputs per kind and status
    (2); the column Onderdeel tells them apart."""
    rows = [*moment_rows(report), *output_count_rows(report)]
    return csv_response(filename, Sheet("Overlegrapport", MOMENT_HEADERS, rows))


def _output_rows(report):
    for kind, outputs in report.outputs_by_kind.items():
        for output in outputs:
            yield [
                kind,
                output.title,
                output.meeting.body.name,
                output.meeting.date,
                output.owner_label,
                output.due_date,
                output.get_status_display(),
                output.description,
            ]


def report_xlsx(report, filename):
    statuses, rows, totals = report.output_table()
    moments = Sheet(
        "Overlegmomenten",
        MOMENT_HEADERS[1:15],
        [row[1:15] for row in moment_rows(report)],
    )
    counts = Sheet(
        "Output per soort en status",
        ["Soort output", *statuses, "Totaal"],
        [[kind, *counts, total] for kind, counts, total in rows]
        + [["Totaal", *totals, sum(totals)]],
    )
    outputs = Sheet(
        "Output",
        [
            "Soort",
            "Titel",
            "Overlegorgaan",
            "Vergaderd op",
            "Eigenaar",
            "Uiterste datum",
            "Opvolgingsstatus",
            "Omschrijving",
        ],
        list(_output_rows(report)),
    )
    period = Sheet("Periode", ["Van", "Tot en met"], [[report.first, report.last]])
    return xlsx_response(filename, [moments, counts, outputs, period])


# DOCX -------------------------------------------------------------------------------------------


AUTHOR = "OCMW–VDAB samenwerkingsportaal"
LANGUAGE = "nl-BE"


def _new_document(title):
    """An empty draft on A4 with the portal's styles, in Dutch (Belgium), page numbers below."""
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2.5))
    normal = document.styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(11)
    # The language every style inherits: Word checks the spelling in Dutch.
    defaults = document.styles.element.find(qn("w:docDefaults"))
    run_defaults = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _set_language(run_defaults)
    for style in document.styles.element.findall(qn("w:style")):
        properties = style.find(qn("w:rPr"))
        if properties is not None and properties.find(qn("w:lang")) is not None:
            _set_language(properties)
    _page_numbers(section)
    properties = document.core_properties
    properties.title = title
    properties.subject = "Ontwerpantwoord op een schriftelijke vraag"
    properties.author = AUTHOR
    properties.last_modified_by = AUTHOR
    properties.comments = "Werkdocument uit het OCMW–VDAB samenwerkingsportaal."
    properties.keywords = "overlegmomenten; output; versterkte activering"
    properties.language = LANGUAGE
    properties.category = ""
    properties.revision = 1
    now = timezone.now().replace(microsecond=0)
    properties.created = properties.modified = now
    # Python-docx's template carries dates of its own (2013): none of them stays.
    for stale in properties._element.findall(qn("cp:lastPrinted")):
        properties._element.remove(stale)
    return document


def _set_language(run_properties):
    language = run_properties.find(qn("w:lang"))
    if language is None:
        language = OxmlElement("w:lang")
        run_properties.append(language)
    for attribute in ("w:val", "w:eastAsia", "w:bidi"):
        language.set(qn(attribute), LANGUAGE)


def _field(paragraph, instruction):
    """A field (PAGE, NUMPAGES) that Word fills in when it shows the page."""
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _page_numbers(section):
    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.add_run("Pagina ")
    _field(paragraph, "PAGE")
    paragraph.add_run(" van ")
    _field(paragraph, "NUMPAGES")


def _mark_language(document):
    """nl-BE on every run of text, also those in tables, the footer and the fields."""
    parts = [document.element.body, *(s.footer._element for s in document.sections)]
    for part in parts:
        for run in part.iter(qn("w:r")):
            properties = run.find(qn("w:rPr"))
            if properties is None:
                properties = OxmlElement("w:rPr")
                run.insert(0, properties)
            _set_language(properties)


def _table(document, headers, rows, widths=None):
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    header_row = table.rows[0]
    # The header row repeats on every page a long table takes.
    header_row._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    for cell, header in zip(header_row.cells, headers, strict=True):
        cell.text = ""
        run = cell.paragraphs[0].add_run(xml_text(str(header)))
        run.bold = True
    for row in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, row, strict=True):
            cell.text = "" if value is None else xml_text(str(value))
    return table


def _times(n):
    return "1 keer" if n == 1 else f"{n} keer"


def _held_sentence(line):
    # A province's forums summed are named in the plural: "Overlegfora …, Limburg kwamen".
    verb = "kwamen" if line.bodies > 1 else "kwam"
    if line.held:
        sentence = f"{line.name} {verb} {_times(line.held)} samen"
    else:
        sentence = f"{line.name} {verb} in deze periode niet samen"
    if line.due is not None:
        sentence += f" (streefdoel in de periode: {line.due})"
    if line.bodies > 1:
        behind = f"; {line.bodies_behind} van de {line.bodies} fora haalden hun streefdoel niet"
        sentence += behind if line.bodies_behind else f"; alle {line.bodies} fora haalden het"
    return sentence + "."


def report_docx(report, filename, user=None):
    """A draft answer to the written question, one section per question, for the period."""
    document = _new_document(
        f"Ontwerpantwoord versterkte activering van het OCMW-cliënteel, {_period(report)}"
    )

    document.add_heading("Versterkte activering van het OCMW-cliënteel", level=0)
    intro = document.add_paragraph()
    intro.add_run("Ontwerpantwoord op de schriftelijke vraag, periode ").bold = False
    intro.add_run(_period(report)).bold = True
    intro.add_run(
        xml_text(
            f". Opgemaakt op {_date(datetime.date.today())} uit het OCMW–VDAB portaal"
            + (f" door {user.get_full_name() or user.get_username()}" if user else "")
            + "."
        )
    )
    if DemoDataset.objects.exists():
        warning = document.add_paragraph()
        warning.add_run("Demodata — fictieve cijfers.").bold = True
    document.add_paragraph(
        "Dit ontwerp vat de overlegmomenten en hun output samen zoals ze in het portaal "
        "geregistreerd zijn. Het is een werkdocument: controleer en vul aan voor verzending."
    )

    # Question 1 ---------------------------------------------------------------------------
    document.add_heading("1. Overzicht van de overlegmomenten", level=1)
    document.add_paragraph(QUESTIONS[0], style="Intense Quote")
    document.add_paragraph(
        f"In de periode {_period(report)} vonden {report.meetings_held} overlegmomenten "
        "plaats over de versterkte activering van leefloongerechtigden, op de volgende niveaus."
    )
    for section in report.sections:
        if not section.lines:
            continue
        document.add_heading(f"{section.label}-niveau", level=2)
        if section.level == "operationeel":
            document.add_paragraph(
                "Op operationeel vlak worden over de verschillende provincies en regio's heen "
                "lerende netwerken georganiseerd. Onderstaande tabel geeft een overzicht."
            )
            _learning_network_table(document, report)
            continue
        for line in section.lines:
            paragraph = document.add_paragraph(style="List Bullet")
            paragraph.add_run(xml_text(_held_sentence(line)))
            paragraph.add_run(
                xml_text(f" Organisator: {line.organiser}. Deelnemers: {line.participants}.")
            )
            if line.dates and line.bodies == 1:
                paragraph.add_run(f" Data: {_dates(line)}.")
        if section.level == "micro":
            document.add_paragraph(
                "In de overlegfora worden de resultaten van de activering van "
                "leefloongerechtigden kwartaalgewijs teruggekoppeld via het dashboard lokale "
                "besturen."
            )
    rows = []
    for section in report.sections:
        due_text = "—" if section.due is None else section.due
        rows.append([section.label, section.held, due_text, section.bodies])
    document.add_paragraph("Samenvatting per niveau:")
    _table(document, ["Niveau", "Vergaderingen", "Streefdoel", "Overlegorganen"], rows)

    # Question 2 ---------------------------------------------------------------------------
    document.add_heading("2. Overzicht van de concrete output", level=1)
    document.add_paragraph(QUESTIONS[1], style="Intense Quote")
    statuses, rows, totals = report.output_table()
    document.add_paragraph(
        f"Deze overlegmomenten leverden {report.outputs_total} concrete resultaten op: "
        "signalen, acties, goede praktijken, afspraken en infosessies. Signalen worden "
        "voorgelegd aan de beleidsorganen van VDAB of meegenomen in het aangepaste "
        "werkingskader 'VDAB en Lokale Besturen 2025-2030'."
    )
    _table(
        document,
        ["Soort", *statuses, "Totaal"],
        [[kind, *counts, total] for kind, counts, total in rows]
        + [["Totaal", *totals, sum(totals)]],
    )
    for kind, outputs in report.outputs_by_kind.items():
        if not outputs:
            continue
        document.add_heading(kind, level=2)
        for output in outputs[:25]:
            paragraph = document.add_paragraph(style="List Bullet")
            paragraph.add_run(xml_text(output.title)).bold = True
            paragraph.add_run(
                xml_text(
                    f" ({output.meeting.body.name}, {_date(output.meeting.date)}): "
                    f"{output.get_status_display()}."
                )
            )
        if len(outputs) > 25:
            document.add_paragraph(
                f"En nog {len(outputs) - 25} andere; de volledige lijst staat in de "
                "XLSX-export van dit overzicht."
            )

    # Question 3 ---------------------------------------------------------------------------
    document.add_heading("3. Evaluatie van het kader: bouwstenen", level=1)
    document.add_paragraph(QUESTIONS[2], style="Intense Quote")
    document.add_paragraph(
        "De evaluatie is een beleidsoordeel; het portaal levert de feiten waarop ze steunt."
    )
    agreements = report.agreements
    document.add_paragraph(
        "De versterkte activering van leefloongerechtigden is een operationeel doel in elke "
        f"samenwerkingsovereenkomst. Op {_date(report.last)} liepen "
        f"{agreements['running_on_day']} samenwerkingsovereenkomsten."
    )
    agreement_rows = [
        [framework, *per_status.values()]
        for framework, per_status in agreements["per_framework"].items()
    ]
    first_framework = next(iter(agreements["per_framework"].values()))
    _table(document, ["Werkingskader", *first_framework.keys()], agreement_rows)
    for figures in report.pact:
        sentence = (
            f"{figures.call.name} ({figures.call.get_status_display().lower()}): "
            f"{figures.local_governments_total} lokale besturen in {figures.projects_total} "
            "projecten"
        )
        if figures.local_governments != figures.local_governments_total:
            sentence += f", waarvan {figures.local_governments} in het bereik van dit overzicht"
        document.add_paragraph(xml_text(sentence + "."))

    _mark_language(document)
    buffer = io.BytesIO()
    document.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=DOCX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


LEARNING_NETWORK_HEADERS = [
    "Provincie",
    "Data/tijdsinterval",
    "Organisator",
    "Deelnemers",
    "Vergaderd in de periode",
]


def _learning_network_table(document, report):
    rows = []
    for line in report.learning_networks:
        name = line.province + (f" ({line.region})" if line.region else "")
        held = str(line.held) + (f" (streefdoel {line.due})" if line.due is not None else "")
        rows.append([name, line.frequency_note, line.organiser, line.participants, held])
    table = _table(document, LEARNING_NETWORK_HEADERS, rows)
    for cell in table.rows[0].cells:
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.LEFT
    return table


# The meeting and output lists, with the rows their filters select -------------------------------


def meetings_sheet(meetings):
    return Sheet(
        "Vergaderingen",
        [
            "Datum",
            "Status",
            "Overlegorgaan",
            "Niveau",
            "Provincie",
            "Plaats",
            "Online",
            "Thema's",
            "Aantal output",
            "Adres in het portaal",
        ],
        (
            [
                meeting.date,
                meeting.get_status_display(),
                meeting.body.name,
                meeting.body.get_level_display(),
                meeting.body.province.name if meeting.body.province_id else "Vlaanderen",
                meeting.place,
                meeting.online,
                ", ".join(theme.name for theme in meeting.themes.all()),
                meeting.output_count,
                meeting.get_absolute_url(),
            ]
            for meeting in meetings
        ),
    )


def outputs_sheet(outputs, today):
    return Sheet(
        "Output",
        [
            "Soort",
            "Titel",
            "Opvolgingsstatus",
            "Over tijd",
            "Eigenaar",
            "Uiterste datum",
            "Overlegorgaan",
            "Vergaderd op",
            "Omschrijving",
            "Adres in het portaal",
        ],
        (
            [
                output.get_kind_display(),
                output.title,
                output.get_status_display(),
                output.is_overdue(today),
                output.owner_label,
                output.due_date,
                output.meeting.body.name,
                output.meeting.date,
                output.description,
                output.get_absolute_url(),
            ]
            for output in outputs
        ),
    )


def list_download(fmt, filename, sheet):
    if fmt == "csv":
        return csv_response(f"{filename}.csv", sheet)
    return xlsx_response(f"{filename}.xlsx", [sheet])

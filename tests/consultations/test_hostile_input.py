"""Hostile input in the consultation and cooperation pages: HTML and script in every free-text
field are shown as text, formulas and control characters reach the report's exports harmless, a
zip bomb or a locked archive as attachment is refused without unpacking it, and values beyond any
range get a Dutch message. Oversized attachments and other file types are in
test_meeting_form.py.
"""

import csv
import datetime
import html
import io
import struct
import tracemalloc
import zipfile

import docx
import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from activation.models import ActivationPactCall, CooperationAgreement
from consultations.models import Attachment, ConsultationBody, FollowUp, Meeting, Output, Theme
from tests.consultations.test_meeting_form import URL, counts, form_data

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(1)</script><img src=x onerror=alert(2)>"
SHOWN = "&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;"
PERIOD = "van=2024-01-01&tot=2024-12-31"


@pytest.fixture(autouse=True)
def uploads(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "uploads"
    return settings.MEDIA_ROOT


def assert_inert(response):
    page = response.content.decode()
    assert response.status_code == 200
    assert "<script>alert(1)" not in page and "<img src=x" not in page
    assert SHOWN in page


# HTML and script -------------------------------------------------------------------------------


@pytest.fixture
def everything_with_script(login, nm_oost, body):
    """A meeting, output, follow-up, agreement and pact project recorded through the forms, with
    the script in every free-text field."""
    client = login(nm_oost)
    gent_eeklo = body("lerend-netwerk-gent-eeklo")
    data = form_data(
        place=SCRIPT,
        minutes=f"{SCRIPT}\nTweede regel {SCRIPT}",
        new_themes=SCRIPT,
        attendees=["44021"],
        attachments=[SimpleUploadedFile("<img src=x onerror=alert(2)>.pdf", b"%PDF-1.4 x")],
        **{
            "output-0-title": SCRIPT,
            "output-0-description": SCRIPT,
            "output-0-owner": SCRIPT,
            "output-0-local_governments": ["44021"],
        },
    )
    assert client.post(URL.format(gent_eeklo.pk), data).status_code == 302
    meeting = Meeting.objects.get()
    output = meeting.outputs.get()
    response = client.post(
        f"/overleg/output/{output.pk}/",
        {"to_status": "uitgevoerd", "date": "2024-05-02", "reason": SCRIPT},
    )
    assert response.status_code == 302
    # An edit, so that the history shows the place before and after.
    data["place"] = f"VDAB {SCRIPT}"
    data.pop("attachments")
    data.update(
        {
            "output-INITIAL_FORMS": "1",
            "output-0-id": str(output.pk),
            "deelnemers-INITIAL_FORMS": "1",
            "deelnemers-0-id": str(meeting.participants.get().pk),
        }
    )
    edit = client.post(f"/overleg/vergaderingen/{meeting.pk}/bewerken/", data)
    assert edit.status_code == 302
    response = client.post(
        "/samenwerking/overeenkomsten/nieuw/",
        {
            "local_government": "44021",
            "framework": "2025-2030",
            "status": "lopend",
            "signed_on": "2025-12-01",
            "valid_from": "2026-01-01",
            "valid_until": "2030-12-31",
            "goals": f"Activering\n{SCRIPT}",
        },
    )
    assert response.status_code == 302
    call = ActivationPactCall.objects.create(round=1, name="Ronde 1", status="afgesloten")
    response = client.post(
        "/samenwerking/activeringspact/projecten/nieuw/",
        {"call": call.pk, "title": SCRIPT, "local_governments": ["44021"], "status": "lopend"},
    )
    assert response.status_code == 302
    assert Theme.objects.get().name == SCRIPT
    assert FollowUp.objects.get().reason == SCRIPT
    assert SCRIPT in CooperationAgreement.objects.get(framework="2025-2030").operational_goals
    return {"meeting": meeting, "output": output, "body": gent_eeklo}


@pytest.mark.parametrize(
    "path",
    [
        "/overleg/vergaderingen/{meeting}/",
        "/overleg/vergaderingen/{meeting}/bewerken/",
        "/overleg/vergaderingen/",
        "/overleg/organen/{body}/",
        "/overleg/output/",
        "/overleg/output/{output}/",
        # The report page counts outputs and links here for their titles.
        f"/overleg/output/?{PERIOD}",
        "/samenwerking/",
        "/samenwerking/activeringspact/ronde-1/",
    ],
)
def test_html_in_every_free_text_field_is_shown_as_text(
    login, nm_oost, everything_with_script, path
):
    objects = everything_with_script
    path = path.format(
        meeting=objects["meeting"].pk, output=objects["output"].pk, body=objects["body"].pk
    )
    assert_inert(login(nm_oost).get(path))


def test_every_field_of_the_meeting_shows_the_script_as_text(
    login, nm_oost, everything_with_script
):
    meeting = everything_with_script["meeting"]
    page = login(nm_oost).get(f"/overleg/vergaderingen/{meeting.pk}/").content.decode()
    # Place (and its change in the history), minutes on two lines, theme, output title and
    # owner, and the attachment's name.
    assert page.count(SHOWN) >= 7
    assert f"<p>{SHOWN}<br>Tweede regel {SHOWN}</p>" in page
    assert "&lt;img src=x onerror=alert(2)&gt;.pdf" in page


def test_a_role_that_is_no_choice_is_refused_with_the_value_as_text(login, nm_oost, body):
    before = counts()
    response = login(nm_oost).post(
        URL.format(body("lerend-netwerk-gent-eeklo").pk),
        form_data(**{"deelnemers-0-role": SCRIPT}),
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert f"Selecteer een geldige keuze. {SHOWN} is geen beschikbare keuze." in page
    assert "<script>alert(1)" not in page
    assert counts() == before


# Formulas and control characters in the exports --------------------------------------------


@pytest.fixture
def formulas(body, make_meeting):
    """An output whose title, owner and description a spreadsheet would run as formulas, and a
    body whose organiser and participants would be run too."""
    gent_eeklo = body("lerend-netwerk-gent-eeklo")
    ConsultationBody.objects.filter(pk=gent_eeklo.pk).update(
        organiser='=HYPERLINK("http://x")', participants="@SUM(A1:A9)"
    )
    meeting = make_meeting(gent_eeklo, datetime.date(2024, 3, 12), attendees=["44021"])
    Output.objects.create(
        meeting=meeting,
        kind="actie",
        title="=1+1",
        owner="+32 9 123 45 67",
        description="-2+3",
    )


def read_xlsx(response):
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    return {
        sheet.title: [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]
        for sheet in workbook.worksheets
        for rows in [list(sheet.iter_rows(values_only=True))]
    }


def test_formulas_in_the_report_csv_are_neutralised(login, nm_oost, formulas):
    response = login(nm_oost).get(f"/overleg/rapport/export.csv?{PERIOD}")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    line = next(row for row in rows if row["Overlegorgaan"].startswith("Lerend netwerk"))
    assert line["Organisator"] == '\'=HYPERLINK("http://x")'
    assert line["Deelnemers"] == "'@SUM(A1:A9)"


def test_formulas_in_the_report_xlsx_are_text_cells_shown_as_typed(login, nm_oost, formulas):
    response = login(nm_oost).get(f"/overleg/rapport/export.xlsx?{PERIOD}")
    sheets = read_xlsx(response)
    (output,) = sheets["Output"]
    # Shown exactly as the user typed it, without an apostrophe in front ...
    assert output["Titel"] == "=1+1"
    assert output["Eigenaar"] == "+32 9 123 45 67"
    assert output["Omschrijving"] == "-2+3"
    moment = next(m for m in sheets["Overlegmomenten"] if m["Overlegorgaan"].startswith("Lerend"))
    assert moment["Organisator"] == '=HYPERLINK("http://x")'
    # ... in text cells, which a spreadsheet never runs: no cell of the file is a formula.
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    kinds = {cell.data_type for sheet in workbook for row in sheet.iter_rows() for cell in row}
    assert "f" not in kinds
    titles = [c for row in workbook["Output"].iter_rows() for c in row if c.value == "=1+1"]
    assert [cell.data_type for cell in titles] == ["s"]


def test_formulas_in_the_report_docx_stay_plain_text(login, nm_oost, formulas):
    # Word runs no formula typed as text; only a field code would, and the draft has none.
    response = login(nm_oost).get(f"/overleg/rapport/export.docx?{PERIOD}")
    document = docx.Document(io.BytesIO(response.content))
    texts = [paragraph.text for paragraph in document.paragraphs]
    assert any(text.startswith("=1+1 (Lerend netwerk") for text in texts)
    body = document.element.body.xml
    assert "w:fldSimple" not in body and "w:instrText" not in body


def test_a_line_break_pasted_from_word_does_not_break_the_exports(login, nm_oost, body):
    # Word puts a vertical tab (U+000B) where a line breaks within a paragraph; XML cannot hold it.
    client = login(nm_oost)
    data = form_data(**{"output-0-title": "Opleiding\x0bArvastat"})
    assert client.post(URL.format(body("lerend-netwerk-gent-eeklo").pk), data).status_code == 302
    xlsx = client.get(f"/overleg/rapport/export.xlsx?{PERIOD}")
    assert xlsx.status_code == 200
    assert read_xlsx(xlsx)["Output"][0]["Titel"] == "Opleiding Arvastat"
    document = client.get(f"/overleg/rapport/export.docx?{PERIOD}")
    assert document.status_code == 200
    texts = [p.text for p in docx.Document(io.BytesIO(document.content)).paragraphs]
    assert any(text.startswith("Opleiding Arvastat (") for text in texts)


# Attachments that are archives built to harm -------------------------------------------------


def odt_bytes(mimetype):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mimetype", mimetype)
        archive.writestr("content.xml", "<office:document-content/>")
    return buffer.getvalue()


def with_flag(data, name, flag):
    """The archive with a general-purpose flag set on part `name` (bit 0: encrypted)."""
    patched = bytearray(data)
    for signature, flags, length, start in ((b"PK\x03\x04", 6, 26, 30), (b"PK\x01\x02", 8, 28, 46)):
        at = data.find(signature)
        while at != -1:
            (size,) = struct.unpack("<H", data[at + length : at + length + 2])
            if data[at + start : at + start + size] == name:
                patched[at + flags] |= flag
            at = data.find(signature, at + 4)
    return bytes(patched)


def post_attachment(client, body, name, data):
    return client.post(
        URL.format(body("lerend-netwerk-gent-eeklo").pk),
        form_data(attachments=[SimpleUploadedFile(name, data)]),
    )


def test_an_odt_whose_mimetype_unpacks_to_64_mb_is_refused_without_unpacking_it(
    login, nm_oost, body, uploads
):
    bomb = odt_bytes(b"\0" * (64 * 1024 * 1024))
    assert len(bomb) < 100_000
    client = login(nm_oost)
    before = counts()
    tracemalloc.start()
    try:
        response = post_attachment(client, body, "verslag.odt", bomb)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert response.status_code == 400
    assert "'verslag.odt' is geen geldig OpenDocument-tekst (ODT)-bestand" in html.unescape(
        response.content.decode()
    )
    assert peak < 16 * 1024 * 1024
    assert counts() == before
    assert not uploads.exists() or not any(uploads.rglob("*.odt"))


def test_an_odt_with_a_locked_part_is_refused_in_dutch(login, nm_oost, body):
    locked = with_flag(odt_bytes(b"application/vnd.oasis.opendocument.text"), b"mimetype", 0x1)
    before = counts()
    response = post_attachment(login(nm_oost), body, "verslag.odt", locked)
    assert response.status_code == 400
    assert "is geen geldig OpenDocument-tekst (ODT)-bestand" in html.unescape(
        response.content.decode()
    )
    assert counts() == before


# Values beyond any range ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("override", "message"),
    [
        ({"themes": ["99999999999999999999"]}, "99999999999999999999 is geen beschikbare keuze"),
        ({"themes": ["-1"]}, "-1 is geen beschikbare keuze"),
        ({"deelnemers-0-count": "99999999999999999999"}, "Het aantal is hoogstens 999 per rol"),
        ({"deelnemers-TOTAL_FORMS": "99999999999"}, "Verstuur maximaal 1000 formulieren."),
        ({"date": "0001-01-01"}, "Kies een datum vanaf 2015."),
        ({"date": "9999-99-99"}, "Voer een geldige datum in."),
        ({"attendees": ["99999"]}, "99999 is geen beschikbare keuze"),
        ({"place": "x" * 100_000}, "niet meer dan 150 tekens bevat (het zijn er nu 100000)"),
    ],
    ids=["huge-theme", "negative-theme", "count", "forms", "year-1", "no-date", "nis", "long"],
)
def test_values_beyond_any_range_get_a_dutch_message_and_save_nothing(
    login, nm_oost, body, override, message
):
    before = counts()
    response = login(nm_oost).post(
        URL.format(body("lerend-netwerk-gent-eeklo").pk), form_data(**override)
    )
    assert response.status_code == 400
    assert message in html.unescape(response.content.decode())
    assert counts() == before


def test_removing_an_attachment_that_cannot_exist_is_refused(login, nm_oost, body, make_meeting):
    meeting = make_meeting(body("lerend-netwerk-gent-eeklo"), datetime.date(2024, 3, 12))
    data = form_data(remove_attachments=["99999999999999999999"])
    data.update({"output-TOTAL_FORMS": "0", "deelnemers-TOTAL_FORMS": "0"})
    response = login(nm_oost).post(f"/overleg/vergaderingen/{meeting.pk}/bewerken/", data)
    assert response.status_code == 400
    assert "99999999999999999999 is geen beschikbare keuze" in response.content.decode()
    assert Attachment.objects.count() == 0
    meeting.refresh_from_db()
    assert meeting.place == "VDAB Gent"


def test_more_than_a_hundred_attachments_at_once_is_refused_in_dutch(login, nm_oost, body, uploads):
    files = [SimpleUploadedFile(f"bijlage-{n}.pdf", b"%PDF-1.4 x") for n in range(101)]
    before = counts()
    response = login(nm_oost).post(
        URL.format(body("lerend-netwerk-gent-eeklo").pk), form_data(attachments=files)
    )
    assert response.status_code == 400
    assert "Het portaal kon deze aanvraag niet verwerken." in response.content.decode()
    assert counts() == before
    assert not uploads.exists() or not any(uploads.rglob("*.pdf"))

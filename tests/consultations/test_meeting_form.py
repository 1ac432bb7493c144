"""Recording a meeting: validation in Dutch that saves nothing, attachments, history, labels."""

import datetime
import html
import io
import zipfile
from html.parser import HTMLParser

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from consultations.models import Attachment, Meeting, MeetingRevision, Output, Theme
from ocmw_portal import audit
from ocmw_portal.models import AuditEvent

pytestmark = pytest.mark.django_db

URL = "/overleg/vergaderingen/nieuw/?orgaan={}"


@pytest.fixture(autouse=True)
def uploads(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "uploads"
    return settings.MEDIA_ROOT


def form_data(**overrides):
    data = {
        "date": "2024-03-12",
        "place": "VDAB Gent",
        "minutes": "Toelichting Arvastat.",
        "new_themes": "",
        "deelnemers-TOTAL_FORMS": "1",
        "deelnemers-INITIAL_FORMS": "0",
        "deelnemers-0-role": "ocmw_consulent",
        "deelnemers-0-count": "6",
        "output-TOTAL_FORMS": "1",
        "output-INITIAL_FORMS": "0",
        "output-0-kind": "infosessie",
        "output-0-title": "Opleiding Arvastat voor OCMW-medewerkers",
        "output-0-owner": "Provinciale expert VDAB",
        "output-0-due_date": "2024-06-30",
        "output-0-local_governments": ["43005"],
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def text(response):
    """The page as a user reads it (entities such as &#x27; decoded)."""
    return html.unescape(response.content.decode())


def docx_bytes():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return buffer.getvalue()


def counts():
    return (
        Meeting.objects.count(),
        Output.objects.count(),
        Attachment.objects.count(),
        Theme.objects.count(),
    )


def test_a_network_manager_records_a_meeting_with_everything(login, nm_oost, body, uploads):
    gent_eeklo = body("lerend-netwerk-gent-eeklo")
    client = login(nm_oost)
    data = form_data(
        attendees=["44021", "43005"],
        new_themes="Arvastat, werkplekinstrumenten",
        attachments=[SimpleUploadedFile("verslag.docx", docx_bytes())],
    )
    response = client.post(URL.format(gent_eeklo.pk), data)
    meeting = Meeting.objects.get()
    assert (
        response.status_code == 302
        and response["Location"] == f"/overleg/vergaderingen/{meeting.pk}/"
    )
    assert meeting.body == gent_eeklo
    assert meeting.created_by == nm_oost and meeting.updated_by == nm_oost
    assert sorted(meeting.attendees.values_list("name", flat=True)) == ["Eeklo", "Gent"]
    assert sorted(meeting.themes.values_list("name", flat=True)) == [
        "Arvastat",
        "werkplekinstrumenten",
    ]
    assert list(meeting.participants.values_list("role", "count")) == [("ocmw_consulent", 6)]
    output = meeting.outputs.get()
    assert (output.kind, output.status) == ("infosessie", "open")
    assert list(output.local_governments.values_list("name", flat=True)) == ["Eeklo"]
    attachment = meeting.attachments.get()
    assert attachment.original_name == "verslag.docx"
    assert (uploads / attachment.file.name).is_file()
    assert not attachment.file.name.startswith("static")
    assert meeting.revisions.get().action == "aangemaakt"


def test_themes_are_reused_whatever_their_case(login, nm_oost, body):
    Theme.objects.create(name="Arvastat")
    client = login(nm_oost)
    client.post(URL.format(body("lerend-netwerk-gent-eeklo").pk), form_data(new_themes="ARVASTAT"))
    assert list(Theme.objects.values_list("name", flat=True)) == ["Arvastat"]
    assert Meeting.objects.get().themes.get().name == "Arvastat"


def test_attendance_outside_the_bodys_area_is_refused_and_nothing_is_saved(login, nm_oost, body):
    before = counts()
    response = login(nm_oost).post(
        URL.format(body("lerend-netwerk-gent-eeklo").pk), form_data(attendees=["44021", "41002"])
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert (
        "Aalst valt buiten het werkgebied van Lerend netwerk Oost-Vlaanderen, regio Gent/Eeklo"
        in page
    )
    assert "Het formulier is nog niet bewaard" in page
    assert counts() == before


def test_a_concerned_local_government_outside_the_area_is_refused(login, nm_oost, body):
    before = counts()
    response = login(nm_oost).post(
        URL.format(body("lerend-netwerk-gent-eeklo").pk),
        form_data(**{"output-0-local_governments": ["41002"]}),
    )
    assert response.status_code == 400
    assert "Aalst behoort niet tot het werkgebied" in response.content.decode()
    assert counts() == before


def test_an_oversized_attachment_is_refused_and_nothing_is_saved(login, nm_oost, body, uploads):
    big = SimpleUploadedFile("verslag.pdf", b"%PDF-1.7\n" + b"0" * (10 * 1024 * 1024))
    before = counts()
    response = login(nm_oost).post(
        URL.format(body("lerend-netwerk-gent-eeklo").pk), form_data(attachments=[big])
    )
    assert response.status_code == 400
    assert "'verslag.pdf' is 10,0 MB groot; een bijlage mag hoogstens 10 MB zijn." in text(response)
    assert counts() == before
    assert not uploads.exists() or not any(uploads.rglob("*.pdf"))


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("script.exe", b"MZ\x90\x00", "alleen PDF-, DOCX-, XLSX- en ODT-bestanden zijn toegelaten"),
        ("foto.png", b"\x89PNG\r\n", "alleen PDF-, DOCX-, XLSX- en ODT-bestanden zijn toegelaten"),
        ("verslag.pdf", b"<html>geen pdf</html>", "is geen geldig PDF-bestand"),
        ("lijst.xlsx", docx_bytes(), "is geen geldig Excel (XLSX)-bestand"),
    ],
)
def test_a_wrong_type_of_attachment_is_refused(login, nm_oost, body, name, content, message):
    before = counts()
    response = login(nm_oost).post(
        URL.format(body("lerend-netwerk-gent-eeklo").pk),
        form_data(attachments=[SimpleUploadedFile(name, content)]),
    )
    assert response.status_code == 400
    assert message in text(response)
    assert counts() == before


def test_a_place_or_online_is_required_and_a_future_date_is_refused(login, nm_oost, body):
    tomorrow = (datetime.date.today() + datetime.timedelta(days=1)).isoformat()
    response = login(nm_oost).post(
        URL.format(body("lerend-netwerk-gent-eeklo").pk), form_data(place="", date=tomorrow)
    )
    page = text(response)
    assert "Vul de plaats van de vergadering in, of vink 'online' aan." in page
    assert "Deze datum ligt in de toekomst" in page
    assert Meeting.objects.count() == 0


def test_the_same_role_twice_is_refused(login, nm_oost, body):
    data = form_data(
        **{
            "deelnemers-TOTAL_FORMS": "2",
            "deelnemers-1-role": "ocmw_consulent",
            "deelnemers-1-count": "2",
        }
    )
    response = login(nm_oost).post(URL.format(body("lerend-netwerk-gent-eeklo").pk), data)
    assert "Deze rol staat er al: tel de aantallen samen in één rij per rol." in (
        response.content.decode()
    )
    assert Meeting.objects.count() == 0


def test_an_edit_keeps_the_history_of_what_changed(login, nm_oost, body, make_meeting):
    meeting = make_meeting(body("lerend-netwerk-gent-eeklo"), datetime.date(2024, 3, 12))
    client = login(nm_oost)
    data = form_data(date="2024-03-14", place="VDAB Eeklo", attendees=["43005"])
    data.update({"output-TOTAL_FORMS": "0", "deelnemers-TOTAL_FORMS": "0"})
    response = client.post(f"/overleg/vergaderingen/{meeting.pk}/bewerken/", data)
    assert response.status_code == 302
    revision = MeetingRevision.objects.get(meeting=meeting)
    assert revision.changed_by == nm_oost
    changes = {c["field"]: (c["before"], c["after"]) for c in revision.changes}
    assert changes["Datum"] == ("12-03-2024", "14-03-2024")
    assert changes["Plaats"] == ("VDAB Gent", "VDAB Eeklo")
    assert changes["Aanwezige lokale besturen"] == ("—", "Eeklo")
    page = client.get(f"/overleg/vergaderingen/{meeting.pk}/").content.decode()
    assert "Gewijzigd" in page and "12-03-2024" in page and "14-03-2024" in page
    assert "door netwerkmanager.oost-vlaanderen" in page


def _saved_rows(meeting):
    """The edit form's rows of the meeting's one output and one participant role, kept."""
    return {
        "output-TOTAL_FORMS": "1",
        "output-INITIAL_FORMS": "1",
        "output-0-id": str(meeting.outputs.get().pk),
        "deelnemers-TOTAL_FORMS": "1",
        "deelnemers-INITIAL_FORMS": "1",
        "deelnemers-0-id": str(meeting.participants.get().pk),
    }


def test_a_removed_attachment_is_kept_and_can_be_put_back(
    login, nm_oost, body, ocmw_gent, beheerder
):
    client = login(nm_oost)
    gent_eeklo = body("lerend-netwerk-gent-eeklo")
    client.post(
        URL.format(gent_eeklo.pk),
        form_data(attachments=[SimpleUploadedFile("verslag.pdf", b"%PDF-1.4 verslag")]),
    )
    meeting = Meeting.objects.get()
    attachment = meeting.attachments.get()
    edit = f"/overleg/vergaderingen/{meeting.pk}/bewerken/"
    data = form_data(remove_attachments=[str(attachment.pk)])
    data.update(_saved_rows(meeting))
    assert client.post(edit, data).status_code == 302
    assert meeting.attachments.count() == 0
    assert meeting.outputs.count() == 1
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert attachment.get_absolute_url() not in page
    assert "<del>verslag.pdf</del>" in page  # in the meeting's history
    reader = Client()
    reader.force_login(ocmw_gent)
    assert reader.get(attachment.get_absolute_url()).status_code == 404
    assert attachment.file.storage.exists(attachment.file.name)
    revision = meeting.revisions.order_by("pk").last()
    changes = {c["field"]: (c["before"], c["after"]) for c in revision.changes}
    assert changes["Bijlagen"] == ("verslag.pdf", "—")

    admin = Client()
    admin.force_login(beheerder)
    removed = admin.get("/admin/consultations/removedattachment/").content.decode()
    assert "verslag.pdf" in removed and "netwerkmanager.oost-vlaanderen" in removed

    page = client.get(edit).content.decode()
    assert "Verwijderde bijlagen terugzetten" in page
    data = form_data(restore_attachments=[str(attachment.pk)])
    data.update(_saved_rows(meeting))
    assert client.post(edit, data).status_code == 302
    assert list(meeting.attachments.all()) == [attachment]
    trail = AuditEvent.objects.filter(
        content_type=ContentType.objects.get_for_model(Attachment), object_id=str(attachment.pk)
    ).order_by("pk")
    removed_by = [
        {field: (old, new) for field, old, new in audit.change_rows(event)}.get("verwijderd door")
        for event in trail
    ]
    assert removed_by == [
        None,
        ("", "netwerkmanager.oost-vlaanderen"),
        ("netwerkmanager.oost-vlaanderen", ""),
    ]
    download = reader.get(attachment.get_absolute_url())
    assert b"".join(download.streaming_content) == b"%PDF-1.4 verslag"


def test_an_attachment_still_on_its_meeting_cannot_be_deleted_for_good(
    login, beheerder, nm_oost, body
):
    login(nm_oost).post(
        URL.format(body("lerend-netwerk-gent-eeklo").pk),
        form_data(attachments=[SimpleUploadedFile("verslag.pdf", b"%PDF-1.4 verslag")]),
    )
    attachment = Attachment.objects.get()
    purge = f"/admin/consultations/removedattachment/{attachment.pk}/delete/"
    response = login(beheerder).post(purge, {"post": "yes"})
    assert response.status_code == 302  # the admin says the object does not exist
    assert Attachment.objects.get() == attachment
    assert attachment.file.storage.exists(attachment.file.name)


def test_a_save_that_fails_keeps_the_attachment_it_would_remove(login, nm_oost, body, monkeypatch):
    client = login(nm_oost)
    client.post(
        URL.format(body("lerend-netwerk-gent-eeklo").pk),
        form_data(attachments=[SimpleUploadedFile("verslag.pdf", b"%PDF-1.4 verslag")]),
    )
    meeting = Meeting.objects.get()
    attachment = meeting.attachments.get()
    data = form_data(
        remove_attachments=[str(attachment.pk)],
        attachments=[SimpleUploadedFile("nieuw.pdf", b"%PDF-1.4 nieuw")],
    )
    data.update(_saved_rows(meeting))

    def storage_down(*args, **kwargs):
        raise OSError("the storage does not answer")

    monkeypatch.setattr(FileSystemStorage, "_save", storage_down)
    client.raise_request_exception = False
    response = client.post(f"/overleg/vergaderingen/{meeting.pk}/bewerken/", data)
    assert response.status_code == 500
    assert list(meeting.attachments.all()) == [attachment]
    assert attachment.file.storage.exists(attachment.file.name)
    assert b"".join(client.get(attachment.get_absolute_url()).streaming_content) == (
        b"%PDF-1.4 verslag"
    )


class FormAudit(HTMLParser):
    """Collects the controls of the meeting form, their labels and tabindex values."""

    def __init__(self):
        super().__init__()
        self.controls, self.labels, self.tabindexes, self.submits = [], set(), [], 0
        self.in_form = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("enctype") == "multipart/form-data":
            self.in_form = True
        if "tabindex" in attrs:
            self.tabindexes.append(int(attrs["tabindex"]))
        if not self.in_form:
            return
        if tag == "label" and attrs.get("for"):
            self.labels.add(attrs["for"])
        if tag in ("input", "select", "textarea") and attrs.get("type") != "hidden":
            self.controls.append(attrs.get("id"))
        if tag == "button" and attrs.get("type") == "submit":
            self.submits += 1

    def handle_endtag(self, tag):
        if tag == "form":
            self.in_form = False


@pytest.mark.parametrize(
    "code", ["lerend-netwerk-gent-eeklo", "provinciale-werkgroep-oost-vlaanderen"]
)
def test_every_control_of_the_meeting_form_has_a_label_and_the_keyboard_order_is_natural(
    login, nm_oost, body, code
):
    page = login(nm_oost).get(URL.format(body(code).pk)).content.decode()
    audit = FormAudit()
    audit.feed(page)
    assert len(audit.controls) > 20
    assert None not in audit.controls
    assert [c for c in audit.controls if c not in audit.labels] == []
    assert all(index <= 0 for index in audit.tabindexes)
    assert audit.submits == 1
    assert "<script>" not in page and " style=" not in page and " onclick=" not in page


def test_an_output_with_follow_up_history_cannot_be_deleted(login, nm_oost, body, make_meeting):
    from consultations.services import change_output_status

    meeting = make_meeting(
        body("lerend-netwerk-gent-eeklo"),
        datetime.date(2024, 3, 12),
        outputs=[("actie", "Verwijsformulier vereenvoudigen", "open")],
    )
    output = meeting.outputs.get()
    change_output_status(
        output=output,
        to_status="uitgevoerd",
        reason="Klaar",
        date=datetime.date(2024, 4, 1),
        author=nm_oost,
    )
    data = form_data()
    data.update(
        {
            "deelnemers-TOTAL_FORMS": "0",
            "output-TOTAL_FORMS": "1",
            "output-INITIAL_FORMS": "1",
            "output-0-id": str(output.pk),
            "output-0-kind": "actie",
            "output-0-title": output.title,
            "output-0-owner": output.owner,
            "output-0-DELETE": "on",
            "output-0-local_governments": [],
        }
    )
    response = login(nm_oost).post(f"/overleg/vergaderingen/{meeting.pk}/bewerken/", data)
    assert response.status_code == 400
    assert "'Verwijsformulier vereenvoudigen' heeft al een opvolging en blijft daarom bewaard" in (
        text(response)
    )
    assert Output.objects.filter(pk=output.pk).exists()


def test_an_attachment_is_served_with_the_type_of_its_checked_extension(login, nm_oost, body):
    """Whatever type the browser claimed, a PDF is served as a PDF, never as a web page."""
    client = login(nm_oost)
    upload = SimpleUploadedFile("verslag.pdf", b"%PDF-1.4 verslag", content_type="text/html")
    client.post(URL.format(body("lerend-netwerk-gent-eeklo").pk), form_data(attachments=[upload]))
    attachment = Attachment.objects.get()
    assert attachment.content_type == "application/pdf"
    response = client.get(f"/overleg/bijlagen/{attachment.pk}/")
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == b"%PDF-1.4 verslag"

"""Who sees which meetings, outputs and attachments, and who may change them."""

import datetime

import pytest
from django.core.files.base import ContentFile

from consultations.models import Attachment
from ocmw_portal import access

pytestmark = pytest.mark.django_db

DAY = datetime.date(2024, 5, 14)


@pytest.fixture
def world(body, make_meeting, agreement, settings, tmp_path):
    """Meetings in Oost-Vlaanderen (Gent/Eeklo), Limburg, Vlaams-Brabant (Pajottegem's forum),
    the macro level and the interfederal platform, each with one output."""
    settings.MEDIA_ROOT = tmp_path
    forum = agreement("23106").forum
    meetings = {
        "gent_eeklo": make_meeting(body("lerend-netwerk-gent-eeklo"), DAY, attendees=["44021"]),
        "limburg": make_meeting(body("lerend-netwerk-limburg"), DAY),
        "pajottegem": make_meeting(forum, DAY, attendees=["23106"]),
        "macro": make_meeting(body("centrale-werkgroep-lokale-besturen"), DAY),
        "platform": make_meeting(body("interfederaal-platform"), DAY, place="Brussel"),
    }
    for name, meeting in meetings.items():
        meeting.outputs.create(kind="actie", title=f"Actie {name}", owner="VDAB")
        attachment = Attachment(
            meeting=meeting,
            original_name=f"verslag-{name}.pdf",
            content_type="application/pdf",
            size=9,
        )
        attachment.file.save(f"{name}.pdf", ContentFile(b"%PDF-1.4\n"), save=True)
    return meetings


def visible(user, world):
    pks = set(access.meetings(user).values_list("pk", flat=True))
    return {name for name, meeting in world.items() if meeting.pk in pks}


def test_an_ocmw_user_sees_the_bodies_its_local_government_takes_part_in(world, ocmw_gent):
    assert visible(ocmw_gent, world) == {"gent_eeklo", "macro"}


def test_pajottegem_sees_its_own_forum_but_not_gent_eeklo(world, ocmw_pajottegem):
    assert visible(ocmw_pajottegem, world) == {"pajottegem", "macro"}


def test_a_vdab_user_sees_its_province_and_the_flemish_bodies(world, nm_oost):
    assert visible(nm_oost, world) == {"gent_eeklo", "macro", "platform"}


def test_all_flanders_and_beheerder_see_everything(world, nm_vlaanderen, beheerder):
    assert visible(nm_vlaanderen, world) == set(world)
    assert visible(beheerder, world) == set(world)


def test_nobody_sees_nothing(world, nobody):
    assert visible(nobody, world) == set()


@pytest.mark.parametrize("name", ["limburg", "pajottegem", "platform"])
def test_ocmw_gent_gets_404_for_meetings_outputs_and_attachments_elsewhere(
    world, login, ocmw_gent, name
):
    client = login(ocmw_gent)
    meeting = world[name]
    assert client.get(f"/overleg/vergaderingen/{meeting.pk}/").status_code == 404
    assert client.get(f"/overleg/output/{meeting.outputs.get().pk}/").status_code == 404
    assert client.get(f"/overleg/bijlagen/{meeting.attachments.get().pk}/").status_code == 404
    assert client.get(f"/overleg/organen/{meeting.body_id}/").status_code == 404


def test_ocmw_gent_reads_its_meeting_and_downloads_its_attachment(world, login, ocmw_gent):
    client = login(ocmw_gent)
    meeting = world["gent_eeklo"]
    page = client.get(f"/overleg/vergaderingen/{meeting.pk}/")
    assert page.status_code == 200
    assert "Actie gent_eeklo" in page.content.decode()
    download = client.get(f"/overleg/bijlagen/{meeting.attachments.get().pk}/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"%PDF-1.4\n"
    assert 'filename="verslag-gent_eeklo.pdf"' in download["Content-Disposition"]


def test_lists_leave_out_what_is_outside_the_scope(world, login, ocmw_gent):
    client = login(ocmw_gent)
    meetings = client.get("/overleg/vergaderingen/").content.decode()
    assert "Lerend netwerk Oost-Vlaanderen, regio Gent/Eeklo" in meetings
    assert "Lerend netwerk Limburg" not in meetings
    outputs = client.get("/overleg/output/").content.decode()
    assert "Actie gent_eeklo" in outputs and "Actie macro" in outputs
    assert "Actie limburg" not in outputs and "Actie pajottegem" not in outputs


def test_an_ocmw_user_may_read_but_not_edit_or_change_follow_up(world, login, ocmw_gent):
    client = login(ocmw_gent)
    meeting = world["gent_eeklo"]
    assert client.get(f"/overleg/vergaderingen/{meeting.pk}/bewerken/").status_code == 403
    output = meeting.outputs.get()
    response = client.post(
        f"/overleg/output/{output.pk}/",
        {"to_status": "uitgevoerd", "date": "2024-06-01", "reason": "Gedaan"},
    )
    assert response.status_code == 403
    output.refresh_from_db()
    assert output.status == "open"
    assert client.get("/overleg/vergaderingen/nieuw/").status_code == 403


def test_a_vdab_user_edits_only_bodies_of_its_province(world, login, nm_oost):
    client = login(nm_oost)
    assert (
        client.get(f"/overleg/vergaderingen/{world['gent_eeklo'].pk}/bewerken/").status_code == 200
    )
    # Visible but Flanders-wide: read-only for a provincial network manager.
    assert client.get(f"/overleg/vergaderingen/{world['macro'].pk}/bewerken/").status_code == 403
    # Outside the province: it does not exist for this user.
    assert client.get(f"/overleg/vergaderingen/{world['limburg'].pk}/bewerken/").status_code == 404
    limburg = world["limburg"].body_id
    assert client.get(f"/overleg/vergaderingen/nieuw/?orgaan={limburg}").status_code == 404
    macro = world["macro"].body_id
    assert client.get(f"/overleg/vergaderingen/nieuw/?orgaan={macro}").status_code == 403


def test_the_new_meeting_page_offers_only_editable_bodies(login, nm_oost):
    page = login(nm_oost).get("/overleg/vergaderingen/nieuw/").content.decode()
    assert "Lerend netwerk Oost-Vlaanderen, regio Gent/Eeklo" in page
    assert "Provinciale werkgroep Oost-Vlaanderen" in page
    assert "Lerend netwerk Limburg" not in page
    assert "Centrale werkgroep lokale besturen" not in page


def test_the_bodies_page_lists_what_the_user_takes_part_in(login, ocmw_aalst):
    page = login(ocmw_aalst).get("/overleg/").content.decode()
    assert "Lerend netwerk Oost-Vlaanderen, regio Aalst/Oudenaarde" in page
    assert "Provinciale werkgroep Oost-Vlaanderen" in page
    assert "Lerend netwerk Oost-Vlaanderen, regio Gent/Eeklo" not in page
    assert "Interfederaal platform" not in page

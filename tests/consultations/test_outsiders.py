"""Every consultation and cooperation URL: anonymous users go to the login page, users without
the right scope get 404 (single objects) or 403 (pages for VDAB staff only)."""

import datetime

import pytest
from django.core.files.base import ContentFile

from activation.cooperation.services import save_pact_project
from activation.models import ActivationPactCall, ActivationPactProject, LocalGovernment
from consultations.models import Attachment

pytestmark = pytest.mark.django_db


@pytest.fixture
def limburg(body, make_meeting, agreement, settings, tmp_path):
    """Objects in Limburg: a learning-network meeting with an output and an attachment, an
    agreement of Hasselt and a pact project of Genk."""
    settings.MEDIA_ROOT = tmp_path
    meeting = make_meeting(
        body("lerend-netwerk-limburg"),
        datetime.date(2024, 3, 1),
        outputs=[("actie", "Actie Limburg", "open")],
    )
    attachment = Attachment(
        meeting=meeting, original_name="a.pdf", content_type="application/pdf", size=5
    )
    attachment.file.save("a.pdf", ContentFile(b"%PDF-"), save=True)
    call = ActivationPactCall.objects.create(round=1, name="Oproep 1", status="afgesloten")
    project = save_pact_project(
        project=ActivationPactProject(call=call, title="Genk activeert", status="lopend"),
        local_governments=LocalGovernment.objects.filter(name="Genk", valid_until__isnull=True),
    )
    return {
        "meeting": meeting,
        "output": meeting.outputs.get(),
        "attachment": attachment,
        "body": meeting.body,
        "agreement": agreement("71072"),
        "project": project,
    }


LIST_URLS = [
    "/overleg/",
    "/overleg/vergaderingen/",
    "/overleg/output/",
    "/overleg/rapport/?van=2024-01-01&tot=2024-12-31",
    "/overleg/rapport/export.csv?van=2024-01-01&tot=2024-12-31",
    "/overleg/rapport/export.xlsx?van=2024-01-01&tot=2024-12-31",
    "/overleg/rapport/export.docx?van=2024-01-01&tot=2024-12-31",
    "/samenwerking/",
    "/samenwerking/activeringspact/ronde-1/",
]
OBJECT_URLS = [
    "/overleg/organen/{body.pk}/",
    "/overleg/vergaderingen/{meeting.pk}/",
    "/overleg/vergaderingen/{meeting.pk}/bewerken/",
    "/overleg/bijlagen/{attachment.pk}/",
    "/overleg/output/{output.pk}/",
    "/samenwerking/overeenkomsten/{agreement.pk}/bewerken/",
    "/samenwerking/activeringspact/projecten/{project.pk}/bewerken/",
]
VDAB_ONLY_URLS = [
    "/overleg/vergaderingen/nieuw/",
    "/samenwerking/overeenkomsten/nieuw/",
    "/samenwerking/activeringspact/projecten/nieuw/",
]


NEW_MEETING_FOR_BODY = "/overleg/vergaderingen/nieuw/?orgaan={body.pk}"


@pytest.mark.parametrize("url", [*LIST_URLS, *OBJECT_URLS, *VDAB_ONLY_URLS, NEW_MEETING_FOR_BODY])
def test_anonymous_users_go_to_the_login_page(client, limburg, url):
    response = client.get(url.format(**limburg))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


@pytest.mark.parametrize("url", OBJECT_URLS)
@pytest.mark.parametrize("persona", ["ocmw_gent", "nm_oost", "nobody"])
def test_single_objects_outside_the_scope_do_not_exist(login, request, limburg, url, persona):
    response = login(request.getfixturevalue(persona)).get(url.format(**limburg))
    assert response.status_code == 404


@pytest.mark.parametrize("url", VDAB_ONLY_URLS)
@pytest.mark.parametrize("persona", ["ocmw_gent", "nobody"])
def test_pages_for_recording_are_forbidden_to_others(login, request, url, persona):
    assert login(request.getfixturevalue(persona)).get(url).status_code == 403


@pytest.mark.parametrize("persona, status", [("nm_oost", 404), ("ocmw_gent", 403), ("nobody", 403)])
def test_a_new_meeting_for_a_body_outside_the_scope(login, request, limburg, persona, status):
    client = login(request.getfixturevalue(persona))
    assert client.get(NEW_MEETING_FOR_BODY.format(**limburg)).status_code == status


@pytest.mark.parametrize("url", LIST_URLS)
def test_list_pages_show_a_user_without_role_nothing(login, nobody, limburg, url):
    response = login(nobody).get(url)
    assert response.status_code == 200
    if "export" not in url:
        assert "Lerend netwerk Limburg" not in response.content.decode()
        assert "Genk activeert" not in response.content.decode()


@pytest.mark.parametrize("url", OBJECT_URLS)
def test_the_vdab_user_for_all_flanders_reaches_every_object(login, nm_vlaanderen, limburg, url):
    assert login(nm_vlaanderen).get(url.format(**limburg)).status_code == 200


def test_posting_follow_up_outside_the_scope_is_404_and_changes_nothing(login, nm_oost, limburg):
    output = limburg["output"]
    response = login(nm_oost).post(
        f"/overleg/output/{output.pk}/",
        {"to_status": "uitgevoerd", "date": "2024-05-01", "reason": "Klaar"},
    )
    assert response.status_code == 404
    output.refresh_from_db()
    assert output.status == "open"

"""Every change in the admin leaves who, when, the client's address and the old and new values in
the one audit trail, deletions and many-to-many changes included; the administrator filters the
trail and exports it as CSV.

Each change is a real admin POST: the change form as the admin renders it, one field changed,
sent back as a browser sends it.
"""

import csv
import datetime
import io

import pytest
from django.contrib.auth.models import Group, User
from django.contrib.contenttypes.models import ContentType

from activation.cooperation.services import save_agreement
from activation.models import (
    ActivationPactCall,
    ActivationPactProject,
    BenchmarkGroup,
    CooperationAgreement,
    LocalGovernment,
    Merger,
)
from consultations.models import ConsultationBody, Meeting, MeetingRevision, Theme
from ocmw_portal import audit
from ocmw_portal.models import AuditEvent, UserScope
from tests.forms import ADMIN_ADDRESS as ADDRESS
from tests.forms import admin_change, admin_delete

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(login, beheerder):
    return login(beheerder)


def events(obj, action=None):
    found = AuditEvent.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk)
    )
    return list(found.filter(action=action) if action else found)


def changed(obj, action="gewijzigd"):
    """{field: (old, new)} over the administrator's events of `action` on the object, as the
    trail shows them (the test's own setup writes events without a user)."""
    by_admin = [event for event in events(obj, action) if event.user_id is not None]
    assert by_admin
    rows = {}
    for event in reversed(by_admin):
        assert event.username == "beheerder"
        assert event.ip_address == ADDRESS
        for field, old, new in audit.change_rows(event):
            # A set of members is saved as a removal and an addition: read them together.
            before, after = rows.get(field, ("", ""))
            rows[field] = (old or before, new or after)
    return rows


def test_a_users_name_groups_and_scope_changed_in_the_admin(admin_client, ocmw_gent):
    vdab = Group.objects.get(name="vdab")
    admin_change(
        admin_client,
        ocmw_gent,
        first_name="Greta",
        groups=[str(vdab.pk)],
        **{"scope-0-local_governments": ["44021", "41002"]},
    )
    rows = changed(ocmw_gent)
    assert rows["voornaam"] == ("", "Greta")
    assert rows["groepen"] == ("− ocmw", "+ vdab")
    scope = UserScope.objects.get(user=ocmw_gent)
    assert changed(scope)["lokale besturen"] == ("", "+ Aalst (41002)")


def test_a_user_deleted_in_the_admin(admin_client, ocmw_gent):
    scope = ocmw_gent.scope
    admin_delete(admin_client, ocmw_gent)
    rows = changed(ocmw_gent, "verwijderd")
    assert rows["gebruikersnaam"] == ("ocmw.gent", "")
    assert rows["wachtwoord"] == ("(verborgen)", "")
    assert events(scope, "verwijderd")


def test_a_group_changed_and_deleted_in_the_admin(admin_client):
    group = Group.objects.create(name="lezers")
    admin_change(admin_client, group, name="lezers-oost")
    assert changed(group)["naam"] == ("lezers", "lezers-oost")
    admin_delete(admin_client, group)
    assert changed(group, "verwijderd")["naam"] == ("lezers-oost", "")


def test_a_benchmark_groups_members_changed_and_the_group_deleted(admin_client):
    group = BenchmarkGroup.objects.create(code="regie-oost", name="Regiegebied", kind="eigen")
    group.members.set(["44021"])
    admin_change(admin_client, group, name="Regiegebied Oost", members=["44021", "41002"])
    rows = changed(group)
    assert rows["naam"] == ("Regiegebied", "Regiegebied Oost")
    assert rows["leden"] == ("", "+ Aalst (41002)")
    admin_delete(admin_client, group)
    assert changed(group, "verwijderd")["naam"] == ("Regiegebied Oost", "")


def test_a_local_government_changed_and_deleted_in_the_admin(admin_client):
    gent = LocalGovernment.objects.get(pk="44021")
    admin_change(admin_client, gent, population="265000")
    assert changed(gent)["bevolking (1 jan 2020)"] == (f"{gent.population}", "265000")
    test_municipality = LocalGovernment.objects.create(
        nis_code="99998", name="Proefgemeente", province_id="40000"
    )
    admin_delete(admin_client, test_municipality)
    rows = changed(test_municipality, "verwijderd")
    assert rows["naam"] == ("Proefgemeente", "")
    assert rows["provincie"] == ("Oost-Vlaanderen", "")


def test_a_merger_changed_and_deleted_in_the_admin(admin_client):
    merger = Merger.objects.get(predecessor="23023")  # Galmaarden → Pajottegem
    admin_change(admin_client, merger, date="02-01-2025")
    assert changed(merger)["fusiedatum"] == ("01-01-2025", "02-01-2025")
    admin_delete(admin_client, merger)
    rows = changed(merger, "verwijderd")
    assert rows["voorganger"] == ("Galmaarden (23023)", "")
    assert rows["opvolger"] == ("Pajottegem (23106)", "")


def test_a_consultation_body_changed_and_deleted_in_the_admin(admin_client):
    body = ConsultationBody.objects.get(code="lerend-netwerk-gent-eeklo")
    old_name = body.name
    areas = [str(pk) for pk in body.local_governments.values_list("pk", flat=True)]
    admin_change(
        admin_client, body, name="Lerend netwerk Gent", local_governments=[*areas, "41002"]
    )
    rows = changed(body)
    assert rows["naam"] == (old_name, "Lerend netwerk Gent")
    assert rows["lokale besturen in het werkgebied"] == ("", "+ Aalst (41002)")
    admin_delete(admin_client, body)
    assert changed(body, "verwijderd")["naam"] == ("Lerend netwerk Gent", "")


def test_a_meeting_changed_in_the_admin_keeps_its_history_and_is_audited(admin_client, beheerder):
    body = ConsultationBody.objects.get(code="lerend-netwerk-gent-eeklo")
    meeting = Meeting.objects.create(body=body, date=datetime.date(2024, 5, 14), place="Gent")
    theme = Theme.objects.create(name="Arvastat")
    admin_change(
        admin_client, meeting, place="Eeklo", minutes="Afspraken over Arvastat.", themes=[theme.pk]
    )
    rows = changed(meeting)
    assert rows["plaats"] == ("Gent", "Eeklo")
    assert rows["verslag"] == ("", "Afspraken over Arvastat.")
    assert rows["thema's"] == ("", "+ Arvastat")
    revision = MeetingRevision.objects.get(meeting=meeting)
    assert revision.changed_by == beheerder
    history = {c["field"]: (c["before"], c["after"]) for c in revision.changes}
    assert history["Plaats"] == ("Gent", "Eeklo")
    assert history["Thema's"] == ("—", "Arvastat")
    page = admin_client.get(f"/overleg/vergaderingen/{meeting.pk}/").content.decode()
    assert "door beheerder" in page
    admin_delete(admin_client, meeting)
    assert changed(meeting, "verwijderd")["plaats"] == ("Eeklo", "")


def test_an_agreement_changed_and_deleted_in_the_admin(admin_client):
    agreement = save_agreement(
        agreement=CooperationAgreement(
            local_government_id="44021",
            framework="2025-2030",
            status="in_voorbereiding",
            valid_from=datetime.date(2026, 1, 1),
            valid_until=datetime.date(2030, 12, 31),
        ),
        goals=[],
    )
    forum = agreement.forum
    admin_change(admin_client, agreement, status="lopend", signed_on="15-12-2025")
    rows = changed(agreement)
    assert rows["status"] == ("In voorbereiding", "Lopend")
    assert rows["ondertekend op"] == ("", "15-12-2025")
    admin_delete(admin_client, agreement)
    assert changed(agreement, "verwijderd")["status"] == ("Lopend", "")
    assert events(forum, "verwijderd")  # its overlegforum went with it


def test_a_pact_project_changed_and_deleted_in_the_admin(admin_client):
    call = ActivationPactCall.objects.create(round=1, name="Ronde 1", status="afgesloten")
    region = BenchmarkGroup.objects.get(kind="referentieregio", members="44021")
    project = ActivationPactProject.objects.create(
        call=call, title="Gent activeert", status="lopend", reference_region=region
    )
    participation = project.participations.create(local_government_id="44021", call=call)
    admin_change(admin_client, project, title="Gent activeert samen", target_reached="120")
    rows = changed(project)
    assert rows["titel"] == ("Gent activeert", "Gent activeert samen")
    assert rows["streefdoel bereikte leefloongerechtigden"] == ("", "120")
    admin_delete(admin_client, project)
    assert changed(project, "verwijderd")["titel"] == ("Gent activeert samen", "")
    assert events(participation, "verwijderd")


def test_a_change_through_a_service_is_audited_with_the_user_and_address(login, nm_oost):
    """The same trail for changes outside the admin: here a meeting recorded on its form."""
    body = ConsultationBody.objects.get(code="lerend-netwerk-gent-eeklo")
    response = login(nm_oost).post(
        f"/overleg/vergaderingen/nieuw/?orgaan={body.pk}",
        {
            "date": "2024-03-12",
            "place": "VDAB Gent",
            "attendees": ["44021"],
            "deelnemers-TOTAL_FORMS": "0",
            "deelnemers-INITIAL_FORMS": "0",
            "output-TOTAL_FORMS": "0",
            "output-INITIAL_FORMS": "0",
        },
        REMOTE_ADDR=ADDRESS,
    )
    assert response.status_code == 302
    meeting = Meeting.objects.get()
    created = events(meeting, "aangemaakt")[0]
    assert (created.username, created.ip_address) == ("netwerkmanager.oost-vlaanderen", ADDRESS)
    rows = {field: new for field, _, new in audit.change_rows(created)}
    assert rows["plaats"] == "VDAB Gent"
    attendees = [audit.change_rows(e) for e in events(meeting, "gewijzigd")]
    assert [("aanwezige lokale besturen", "", "+ Gent (44021)")] in attendees


# Reading the trail ------------------------------------------------------------------------------


@pytest.fixture
def trail(admin_client, ocmw_gent, ocmw_aalst):
    AuditEvent.objects.all().delete()
    admin_change(admin_client, ocmw_gent, first_name="Greta")
    admin_change(admin_client, ocmw_aalst, last_name="=Aalst+1")
    gent = LocalGovernment.objects.get(pk="44021")
    admin_change(admin_client, gent, name="Stad Gent")
    return {"gent_user": ocmw_gent, "aalst_user": ocmw_aalst, "gent": gent}


def listing(client, query=""):
    response = client.get(f"/admin/ocmw_portal/auditevent/{query}")
    assert response.status_code == 200
    return [str(event) for event in response.context["cl"].result_list]


def test_the_administrator_filters_the_trail_by_object_type_object_user_and_period(
    admin_client, trail, beheerder
):
    users = ContentType.objects.get_for_model(User)
    by_type = admin_client.get(
        f"/admin/ocmw_portal/auditevent/?content_type__id__exact={users.pk}"
    ).context["cl"]
    assert {e.subject for e in by_type.result_list} == {"ocmw.gent", "ocmw.aalst"}
    by_object = admin_client.get(
        f"/admin/ocmw_portal/auditevent/?content_type__id__exact={users.pk}"
        f"&object_id={trail['gent_user'].pk}"
    ).context["cl"]
    assert [audit.change_rows(e) for e in by_object.result_list] == [[("voornaam", "", "Greta")]]
    by_user = admin_client.get(f"/admin/ocmw_portal/auditevent/?user__id__exact={beheerder.pk}")
    assert by_user.context["cl"].result_count == 3
    today = datetime.date.today()
    yesterday = today - datetime.timedelta(days=1)
    in_period = admin_client.get(
        f"/admin/ocmw_portal/auditevent/?created_at__date__gte={today:%Y-%m-%d}"
    ).context["cl"]
    assert in_period.result_count == 3
    before = admin_client.get(
        f"/admin/ocmw_portal/auditevent/?created_at__date__lte={yesterday:%Y-%m-%d}"
    ).context["cl"]
    assert before.result_count == 0
    page = admin_client.get(
        f"/admin/ocmw_portal/auditevent/?content_type__id__exact={users.pk}"
    ).content.decode()
    assert "voornaam: — → Greta" in page
    assert "Exporteren als CSV" in page


def test_the_trail_is_exported_as_csv_with_the_filters_of_the_list(admin_client, trail):
    users = ContentType.objects.get_for_model(User)
    response = admin_client.get(
        f"/admin/ocmw_portal/auditevent/export.csv?content_type__id__exact={users.pk}"
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="audittrail.csv"' in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == [
        "tijdstip",
        "gebruiker",
        "IP-adres",
        "handeling",
        "soort object",
        "object-id",
        "onderwerp",
        "veld",
        "oud",
        "nieuw",
    ]
    body = {(r[1], r[2], r[3], r[6], r[7], r[8], r[9]) for r in rows[1:]}
    assert body == {
        ("beheerder", ADDRESS, "Gewijzigd", "ocmw.gent", "voornaam", "", "Greta"),
        # A value that a spreadsheet would run as a formula is neutralised.
        ("beheerder", ADDRESS, "Gewijzigd", "ocmw.aalst", "achternaam", "", "'=Aalst+1"),
    }
    assert AuditEvent.objects.filter(action="export", subject="audittrail (CSV)").exists()


def test_only_the_administrator_opens_or_exports_the_trail(login, nm_vlaanderen, trail):
    client = login(nm_vlaanderen)
    response = client.get("/admin/ocmw_portal/auditevent/export.csv")
    assert response.status_code == 302  # to the admin's login address, which refuses them
    assert client.get(response["Location"]).status_code == 403

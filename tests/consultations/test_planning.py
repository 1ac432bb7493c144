"""Planned meetings: VDAB plans and invites, an invited OCMW answers per person and proposes an
agenda item, the organiser then records the meeting; deleting sets a meeting aside until a
beheerder restores it. What each persona may do is the access module's (ocmw_portal.access)."""

import datetime
import html
import re

import pytest
from django.contrib.contenttypes.models import ContentType

from consultations.models import AttendanceReply, Meeting
from ocmw_portal import audit
from ocmw_portal.models import AuditEvent

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()
SOON = TODAY + datetime.timedelta(days=14)


def text(response):
    return html.unescape(response.content.decode())


@pytest.fixture
def gent_forum(agreement):
    """The forum of Gent's running agreement (2025–2030)."""
    return agreement("44021", framework="2025-2030").forum


@pytest.fixture
def planned(gent_forum, nm_oost):
    from consultations.planning import services

    return services.plan_meeting(
        meeting=None,
        body=gent_forum,
        date=SOON,
        start_time=datetime.time(9, 30),
        end_time=datetime.time(11, 0),
        place="VDAB Gent, Kongostraat",
        online=False,
        online_link="",
        agenda="Opvolging acties\nCijfers van het laatste kwartaal",
        invited=gent_forum.local_governments.all(),
        user=nm_oost,
    )


def plan_data(**overrides):
    data = {
        "date": SOON.isoformat(),
        "start_time": "09:30",
        "end_time": "11:00",
        "place": "VDAB Gent",
        "agenda": "Opvolging acties\nDashboard",
        "invited": ["44021"],
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_vdab_plans_a_meeting_and_the_body_area_is_invited(login, nm_oost, gent_forum):
    client = login(nm_oost)
    form = client.get(f"/overleg/vergaderingen/plannen/?orgaan={gent_forum.pk}")
    assert form.status_code == 200
    assert 'value="44021"' in form.content.decode() and "checked" in form.content.decode()

    response = client.post(f"/overleg/vergaderingen/plannen/?orgaan={gent_forum.pk}", plan_data())
    meeting = Meeting.objects.get(body=gent_forum)
    assert response.status_code == 302 and response["Location"] == meeting.get_absolute_url()
    assert meeting.status == "gepland" and meeting.date == SOON
    assert meeting.start_time == datetime.time(9, 30)
    assert meeting.agenda_items() == ["Opvolging acties", "Dashboard"]
    assert list(meeting.invited.values_list("pk", flat=True)) == ["44021"]
    page = text(client.get(meeting.get_absolute_url()))
    assert "Gepland" in page and "09:30–11:00" in page
    assert "<li>Opvolging acties</li>" in page


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"date": "2020-01-01"}, "date", "Deze datum ligt in het verleden"),
        ({"date": "morgen"}, "date", "Voer een geldige datum in."),
        ({"place": "", "online": None}, "place", "Vul de plaats van de vergadering in"),
        ({"end_time": "08:00"}, "end_time", "Het einduur ligt na het beginuur."),
        ({"invited": ["41002"]}, "invited", "Aalst: niet in het werkgebied van Overlegforum Gent"),
        ({"online_link": "https://teams.example/x"}, "online", "Vink 'online' aan"),
    ],
)
def test_a_refused_plan_says_why_in_dutch_and_writes_nothing(
    login, nm_oost, gent_forum, overrides, field, message
):
    response = login(nm_oost).post(
        f"/overleg/vergaderingen/plannen/?orgaan={gent_forum.pk}", plan_data(**overrides)
    )
    assert response.status_code == 400
    assert f'href="#veld-{field}"' in response.content.decode()
    assert message in text(response)
    assert not Meeting.objects.filter(body=gent_forum).exists()


def test_an_invited_ocmw_confirms_per_person_and_a_second_answer_replaces_the_first(
    login, ocmw_gent, planned
):
    client = login(ocmw_gent)
    page = text(client.get(planned.get_absolute_url()))
    assert "Komt u?" in page
    url = f"/overleg/vergaderingen/{planned.pk}/antwoord/"
    data = {"local_government": "44021", "name": "An Peeters", "function": "Trajectbegeleider"}
    assert client.post(url, {**data, "answer": "komt"}).status_code == 302
    client.post(url, {**data, "name": "Bart Claes", "answer": "komt_niet"})
    client.post(url, {**data, "name": "an  peeters", "answer": "komt_niet"})
    answers = {r.name: r.answer for r in AttendanceReply.objects.filter(meeting=planned)}
    assert answers == {"an peeters": "komt_niet", "Bart Claes": "komt_niet"}

    refused = client.post(url, {**data, "name": " ", "answer": "komt"})
    assert refused.status_code == 400
    assert "Vul de naam in" in text(refused) or "Dit veld is verplicht" in text(refused)

    client.post(
        f"/overleg/vergaderingen/{planned.pk}/voorstel/",
        {"local_government": "44021", "text": "Graag ook de jobbeurs bespreken."},
    )
    assert planned.proposals.get().text == "Graag ook de jobbeurs bespreken."
    page = text(client.get(planned.get_absolute_url()))
    assert "Graag ook de jobbeurs bespreken." in page and "Bart Claes" in page


def test_who_may_answer_and_who_sees_the_meeting(
    login, client, ocmw_gent, ocmw_aalst, ocmw_pajottegem, nm_oost, planned
):
    url = f"/overleg/vergaderingen/{planned.pk}/antwoord/"
    data = {"local_government": "44021", "name": "X", "answer": "komt"}
    # Aalst does not take part in Gent's forum: the meeting does not exist for it.
    assert login(ocmw_aalst).get(planned.get_absolute_url()).status_code == 404
    assert login(ocmw_aalst).post(url, data).status_code == 404
    assert login(ocmw_pajottegem).post(url, data).status_code == 404
    # VDAB sees it, but answers nothing: it organises.
    assert login(nm_oost).post(url, data).status_code == 403
    # Gent cannot answer for a local government it does not work for.
    refused = login(ocmw_gent).post(url, {**data, "local_government": "41002"})
    assert refused.status_code == 400
    assert not AttendanceReply.objects.exists()


def test_another_province_never_sees_a_planned_meeting(login, ocmw_pajottegem, planned):
    client = login(ocmw_pajottegem)
    assert planned.get_absolute_url() not in client.get("/overleg/vergaderingen/").content.decode()
    assert "Overlegforum Gent" not in client.get("/overleg/").content.decode()
    assert client.get(f"/overleg/vergaderingen/{planned.pk}/bewerken/").status_code == 404


def test_the_bodies_page_lists_the_upcoming_meetings_of_the_user(login, ocmw_gent, planned):
    page = text(login(ocmw_gent).get("/overleg/"))
    assert "Geplande vergaderingen" in page and planned.get_absolute_url() in page


def test_a_cancelled_meeting_refuses_answers_and_stays_as_cancelled(
    login, ocmw_gent, nm_oost, planned
):
    assert login(nm_oost).post(f"/overleg/vergaderingen/{planned.pk}/annuleren/").status_code == 302
    planned.refresh_from_db()
    assert planned.status == "geannuleerd" and planned.sequence == 1
    client = login(ocmw_gent)
    assert "Komt u?" not in text(client.get(planned.get_absolute_url()))
    answer = client.post(
        f"/overleg/vergaderingen/{planned.pk}/antwoord/",
        {"local_government": "44021", "name": "An", "answer": "komt"},
    )
    assert answer.status_code == 403


def test_a_change_of_a_planned_meeting_raises_its_version_and_is_in_its_history(
    login, nm_oost, planned
):
    client = login(nm_oost)
    later = SOON + datetime.timedelta(days=1)
    form = client.get(f"/overleg/vergaderingen/{planned.pk}/bewerken/")
    assert "Geplande vergadering wijzigen" in text(form)
    client.post(f"/overleg/vergaderingen/{planned.pk}/bewerken/", plan_data(date=later.isoformat()))
    planned.refresh_from_db()
    assert planned.date == later and planned.sequence == 1
    change = planned.revisions.filter(action="gewijzigd").get()
    assert {"field": "Datum", "before": f"{SOON:%d-%m-%Y}", "after": f"{later:%d-%m-%Y}"} in (
        change.changes
    )


def test_recording_a_planned_meeting_starts_from_the_confirmations(
    login, ocmw_gent, nm_oost, gent_forum
):
    from consultations.planning import services

    meeting = Meeting.objects.create(
        body=gent_forum, status="gepland", date=TODAY, place="VDAB Gent", created_by=nm_oost
    )
    meeting.invited.set(["44021"])
    services.reply(
        meeting=meeting,
        local_government=meeting.invited.get(),
        name="An Peeters",
        function="",
        answer="komt",
        user=ocmw_gent,
    )
    client = login(nm_oost)
    page = client.get(f"/overleg/vergaderingen/{meeting.pk}/bewerken/").content.decode()
    assert 'name="attendees" value="44021"' in page
    checkbox = page[page.index('name="attendees" value="44021"') - 80 :][:200]
    assert "checked" in checkbox
    data = {
        "date": TODAY.isoformat(),
        "place": "VDAB Gent",
        "minutes": "Besproken: de cijfers.",
        "attendees": ["44021"],
        "deelnemers-TOTAL_FORMS": "0",
        "deelnemers-INITIAL_FORMS": "0",
        "output-TOTAL_FORMS": "0",
        "output-INITIAL_FORMS": "0",
    }
    assert client.post(f"/overleg/vergaderingen/{meeting.pk}/bewerken/", data).status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == "verslag_klaar"
    assert list(meeting.attendees.values_list("pk", flat=True)) == ["44021"]


def test_only_held_meetings_count_in_the_report(login, nm_oost, planned, make_meeting):
    past = make_meeting(planned.body, datetime.date(2026, 3, 3))
    client = login(nm_oost)
    first, last = datetime.date(2026, 1, 1), SOON + datetime.timedelta(days=30)
    report = client.get(f"/overleg/rapport/?van={first}&tot={last}&niveau=micro")
    from consultations.report import consultation_report

    data = consultation_report(nm_oost, first, last)
    assert data.meetings_held == 1, "the planned meeting is not counted as held"
    assert report.status_code == 200 and past.pk


def test_attendance_lists_the_local_governments_of_the_meeting_date(
    login, nm_oost, nm_vlaanderen, body
):
    """Pajottegem exists since 2025; in 2024 Galmaarden, Gooik and Herne were there instead."""
    working_group = body("provinciale-werkgroep-vlaams-brabant")
    old = Meeting.objects.create(body=working_group, date=datetime.date(2024, 5, 7), place="Leuven")
    new = Meeting.objects.create(body=working_group, date=datetime.date(2025, 5, 6), place="Leuven")
    client = login(nm_vlaanderen)
    page_2024 = text(client.get(f"/overleg/vergaderingen/{old.pk}/bewerken/"))
    page_2025 = text(client.get(f"/overleg/vergaderingen/{new.pk}/bewerken/"))

    def attendance(page):
        return set(re.findall(r'for="id_attendees_\d+">([^<]+)</label>', page))

    for former in ("Galmaarden", "Gooik", "Herne"):
        assert former in attendance(page_2024) and former not in attendance(page_2025)
    assert "Pajottegem" in attendance(page_2025) and "Pajottegem" not in attendance(page_2024)


def test_deleting_sets_a_meeting_aside_with_its_reason_and_a_beheerder_restores_it(
    login, nm_oost, ocmw_gent, beheerder, make_meeting, body
):
    from ocmw_portal.models import AuditEvent

    meeting = make_meeting(
        body("lerend-netwerk-gent-eeklo"),
        datetime.date(2024, 3, 5),
        outputs=[("actie", "Screening", "open")],
    )
    client = login(nm_oost)
    refused = client.post(f"/overleg/vergaderingen/{meeting.pk}/verwijderen/", {"reason": " "})
    assert refused.status_code == 400 and "Geef een reden" in text(refused)
    response = client.post(
        f"/overleg/vergaderingen/{meeting.pk}/verwijderen/", {"reason": "Dubbel geregistreerd"}
    )
    assert response.status_code == 302
    assert client.get(meeting.get_absolute_url()).status_code == 404
    assert "Screening" not in text(client.get("/overleg/output/"))
    stored = Meeting.with_deleted.get(pk=meeting.pk)
    assert stored.deletion_reason == "Dubbel geregistreerd" and stored.outputs.count() == 1
    assert AuditEvent.objects.filter(action="verwijderd", object_id=str(meeting.pk)).exists()
    # Only a beheerder restores.
    assert client.post(f"/overleg/vergaderingen/{meeting.pk}/herstellen/").status_code == 403
    assert login(ocmw_gent).get("/overleg/vergaderingen/verwijderd/").status_code == 403
    admin = login(beheerder)
    assert "Dubbel geregistreerd" in text(admin.get("/overleg/vergaderingen/verwijderd/"))
    assert admin.post(f"/overleg/vergaderingen/{meeting.pk}/herstellen/").status_code == 302
    assert admin.get(meeting.get_absolute_url()).status_code == 200
    assert "Screening" in text(admin.get("/overleg/output/"))


def test_an_ocmw_user_may_not_delete(login, ocmw_gent, make_meeting, body):
    meeting = make_meeting(body("lerend-netwerk-gent-eeklo"), datetime.date(2024, 3, 5))
    response = login(ocmw_gent).post(
        f"/overleg/vergaderingen/{meeting.pk}/verwijderen/", {"reason": "weg"}
    )
    assert response.status_code == 403
    assert Meeting.objects.filter(pk=meeting.pk).exists()


def test_the_dashboard_of_an_invited_municipality_shows_the_planned_meeting(
    login, ocmw_gent, ocmw_aalst, planned
):
    from consultations.selectors import municipality_consultation_summary

    gent = planned.invited.get()
    summary = municipality_consultation_summary(ocmw_gent, gent)
    assert summary["upcoming_meetings"] == [planned]
    aalst = ocmw_aalst.scope.local_governments.get()
    assert municipality_consultation_summary(ocmw_aalst, aalst)["upcoming_meetings"] == []


def test_an_ended_forum_is_not_planned(login, nm_oost, agreement):
    ended = agreement("44021", framework="2020-2025").forum  # ran until 31-12-2025
    response = login(nm_oost).post(
        f"/overleg/vergaderingen/plannen/?orgaan={ended.pk}", plan_data()
    )
    assert response.status_code == 400
    assert "komt niet meer samen na 31-12-2025" in text(response)
    assert not Meeting.objects.filter(body=ended).exists()


def test_gent_gets_404_for_a_meeting_of_another_province(login, ocmw_gent, body, nm_vlaanderen):
    limburg = Meeting.objects.create(
        body=body("provinciale-werkgroep-limburg"), status="gepland", date=SOON, place="Hasselt"
    )
    limburg.invited.set(body("provinciale-werkgroep-limburg").local_governments.all())
    client = login(ocmw_gent)
    for path in ("", "bewerken/", "verwijderen/"):
        assert client.get(f"/overleg/vergaderingen/{limburg.pk}/{path}").status_code == 404
    assert client.post(f"/overleg/vergaderingen/{limburg.pk}/antwoord/", {}).status_code == 404
    assert login(nm_vlaanderen).get(limburg.get_absolute_url()).status_code == 200


def test_a_replaced_answer_stays_in_the_audit_trail(login, ocmw_gent, planned):
    client = login(ocmw_gent)
    url = f"/overleg/vergaderingen/{planned.pk}/antwoord/"
    data = {"local_government": "44021", "name": "An Peeters", "function": "Trajectbegeleider"}
    client.post(url, {**data, "answer": "komt"})
    client.post(url, {**data, "function": "Maatschappelijk werker", "answer": "komt_niet"})
    reply = AttendanceReply.objects.get(meeting=planned)
    trail = AuditEvent.objects.filter(
        content_type=ContentType.objects.get_for_model(AttendanceReply), object_id=str(reply.pk)
    ).order_by("pk")
    assert [(event.action, event.user) for event in trail] == [
        (AuditEvent.Action.CREATE, ocmw_gent),
        (AuditEvent.Action.CHANGE, ocmw_gent),
    ]
    replaced = {field: (old, new) for field, old, new in audit.change_rows(trail[1])}
    assert replaced == {
        "antwoord": ("Komt", "Komt niet"),
        "functie": ("Trajectbegeleider", "Maatschappelijk werker"),
    }

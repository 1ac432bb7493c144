"""The personal iCal feed: read without a session, exactly the meetings its owner may see,
cancelled meetings as cancelled events, and gone at once after a reset."""

import datetime

import pytest
from icalendar import Calendar

from consultations.models import CalendarFeed, Meeting

pytestmark = pytest.mark.django_db

SOON = datetime.date.today() + datetime.timedelta(days=10)


@pytest.fixture
def meetings(body, agreement):
    gent_forum = agreement("44021", framework="2025-2030").forum
    planned = Meeting.objects.create(
        body=gent_forum,
        status="gepland",
        date=SOON,
        start_time=datetime.time(9, 30),
        end_time=datetime.time(11, 0),
        place="VDAB Gent",
        agenda="Cijfers\nActies",
    )
    cancelled = Meeting.objects.create(
        body=gent_forum, status="geannuleerd", date=SOON, place="VDAB Gent", sequence=2
    )
    held = Meeting.objects.create(
        body=body("lerend-netwerk-gent-eeklo"), date=datetime.date(2024, 3, 5), place="Eeklo"
    )
    elsewhere = Meeting.objects.create(
        body=body("lerend-netwerk-limburg"), date=datetime.date(2024, 3, 6), place="Hasselt"
    )
    return planned, cancelled, held, elsewhere


def feed_url(client):
    page = client.post("/overleg/meldingen/", {"actie": "agenda"}).content.decode()
    start = page.index("http://testserver/overleg/agenda/")
    return page[start : page.index('"', start)].removeprefix("http://testserver")


def events(response):
    calendar = Calendar.from_ical(response.content)
    return {str(e["UID"]): e for e in calendar.walk("VEVENT")}


def test_the_feed_holds_the_meetings_the_user_may_see_and_nothing_else(
    client, login, ocmw_gent, meetings
):
    planned, cancelled, held, elsewhere = meetings
    url = feed_url(login(ocmw_gent))
    client.logout()
    response = client.get(url)  # a calendar client, without a session
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    found = events(response)
    assert set(found) == {f"vergadering-{m.pk}@testserver" for m in (planned, cancelled, held)}, (
        "Limburg's meeting is outside Gent's scope"
    )
    event = found[f"vergadering-{planned.pk}@testserver"]
    assert event.decoded("DTSTART") == datetime.datetime.combine(
        SOON, datetime.time(9, 30), tzinfo=event.decoded("DTSTART").tzinfo
    )
    assert str(event.decoded("DTSTART").tzinfo) == "Europe/Brussels"
    assert "- Cijfers" in str(event["DESCRIPTION"])
    assert str(event["URL"]) == f"http://testserver{planned.get_absolute_url()}"
    gone = found[f"vergadering-{cancelled.pk}@testserver"]
    assert str(gone["STATUS"]) == "CANCELLED" and int(gone["SEQUENCE"]) == 2
    whole_day = found[f"vergadering-{held.pk}@testserver"]
    assert whole_day.decoded("DTSTART") == datetime.date(2024, 3, 5)


def test_a_reset_ends_the_old_feed_at_once_and_only_a_hash_is_stored(
    client, login, ocmw_gent, meetings
):
    signed_in = login(ocmw_gent)
    old = feed_url(signed_in)
    new = feed_url(signed_in)
    assert old != new
    token = new.rsplit("/", 1)[1].removesuffix(".ics")
    assert len(token) >= 40
    assert CalendarFeed.objects.get(user=ocmw_gent).token_hash != token
    client.logout()
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200
    login(ocmw_gent).post("/overleg/meldingen/", {"actie": "agenda_stoppen"})
    client.logout()
    assert client.get(new).status_code == 404


def test_an_unknown_token_or_a_deactivated_user_gets_404(client, login, ocmw_gent, meetings):
    url = feed_url(login(ocmw_gent))
    client.logout()
    assert client.get("/overleg/agenda/verzonnen.ics").status_code == 404
    ocmw_gent.is_active = False
    ocmw_gent.save()
    assert client.get(url).status_code == 404

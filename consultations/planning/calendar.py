"""The personal iCal feed (/overleg/agenda/<token>.ics): the meetings a user may see, planned,
held and cancelled, as a calendar client reads them."""

import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth.models import User
from django.urls import reverse
from icalendar import Calendar, Event

from consultations.models import Meeting
from ocmw_portal import access

ZONE = ZoneInfo(settings.TIME_ZONE)
# Without an hour, a meeting fills its day; without an end, it lasts this long.
DEFAULT_LENGTH = datetime.timedelta(hours=2)
# iCal's STATUS: a meeting is CONFIRMED unless it was cancelled.
STATUS: dict[str, str] = {Meeting.Status.CANCELLED.value: "CANCELLED"}


def feed_path(token: str) -> str:
    return reverse("consultations:calendar_feed", args=[token])


def _event(meeting: Meeting, base_url: str, host: str) -> Event:
    event = Event()
    event.add("uid", f"vergadering-{meeting.pk}@{host}")
    event.add("dtstamp", meeting.updated_at)
    event.add("last-modified", meeting.updated_at)
    event.add("sequence", meeting.sequence)
    summary = meeting.body.name
    if meeting.is_cancelled:
        summary = f"Geannuleerd: {summary}"
    event.add("summary", summary)
    if meeting.start_time:
        start = datetime.datetime.combine(meeting.date, meeting.start_time, tzinfo=ZONE)
        end = (
            datetime.datetime.combine(meeting.date, meeting.end_time, tzinfo=ZONE)
            if meeting.end_time
            else start + DEFAULT_LENGTH
        )
        event.add("dtstart", start)
        event.add("dtend", end)
    else:
        event.add("dtstart", meeting.date)
        event.add("dtend", meeting.date + datetime.timedelta(days=1))
    event.add("location", meeting.location)
    url = base_url.rstrip("/") + meeting.get_absolute_url()
    event.add("url", url)
    lines = [f"Status: {meeting.get_status_display()}"]
    if meeting.online_link:
        lines.append(f"Online deelnemen: {meeting.online_link}")
    if items := meeting.agenda_items():
        lines += ["", "Agenda:", *(f"- {item}" for item in items)]
    lines += ["", f"In het portaal: {url}"]
    event.add("description", "\n".join(lines))
    event.add("status", STATUS.get(meeting.status, "CONFIRMED"))
    return event


def feed(user: User, *, base_url: str) -> bytes:
    """The iCal text of every meeting `user` may see."""
    host = base_url.split("//", 1)[-1].strip("/").split(":")[0] or "portaal"
    calendar = Calendar()
    calendar.add("prodid", "-//OCMW–VDAB samenwerkingsportaal//Overleg//NL")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", "Overleg OCMW–VDAB")
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    meetings = access.meetings(user).select_related("body").order_by("date", "pk")
    for meeting in meetings.iterator(chunk_size=500):
        calendar.add_component(_event(meeting, base_url, host))
    calendar.add_missing_timezones()
    return calendar.to_ical()

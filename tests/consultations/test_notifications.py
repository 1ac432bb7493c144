"""manage.py send_notifications, through a real SMTP server on localhost (aiosmtpd): each
message once, in Dutch, plain text and HTML with a link to its page; nothing out of scope; the
minutes reminders after 3 and 7 days with a fixed clock; a second run sends nothing new."""

import datetime
import email
import email.policy
import socket
from email.message import EmailMessage

import pytest
from aiosmtpd.controller import Controller
from django.core.management import call_command
from django.utils import timezone

from activation.demo import create_demo_results
from activation.quarters import Quarter
from consultations.models import Meeting, NotificationOptOut, Output
from consultations.planning.notifications import send_notifications

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 12, 7)
NOW = timezone.make_aware(datetime.datetime(2026, 12, 7, 9, 0))


class Inbox:
    """What the SMTP server received: one EmailMessage per recipient and message."""

    def __init__(self):
        self.messages: list[EmailMessage] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        for recipient in envelope.rcpt_tos:
            message["X-Envelope-To"] = recipient
            self.messages.append(message)
        return "250 OK"

    def take(self):
        taken, self.messages = self.messages, []
        return [(m["X-Envelope-To"], str(m["Subject"])) for m in taken], taken


@pytest.fixture
def smtp(settings):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.PORTAL_BASE_URL = "https://portaal.example"
    yield inbox
    controller.stop()


@pytest.fixture
def people(ocmw_gent, ocmw_aalst, ocmw_pajottegem, nm_oost, nm_vlaanderen):
    for user in (ocmw_gent, ocmw_aalst, ocmw_pajottegem, nm_oost, nm_vlaanderen):
        user.email = f"{user.username}@example.be"
        user.save()
    return ocmw_gent, ocmw_aalst, ocmw_pajottegem, nm_oost, nm_vlaanderen


@pytest.fixture
def situation(people, agreement, body):
    """A planned Gent forum, a Limburg meeting planned too, a meeting without minutes three
    days ago, and an action of the network manager due in five days."""
    ocmw_gent, _, _, nm_oost, _ = people
    gent_forum = agreement("44021", framework="2025-2030").forum
    planned = Meeting.objects.create(
        body=gent_forum,
        status="gepland",
        date=TODAY + datetime.timedelta(days=10),
        start_time=datetime.time(9, 30),
        place="VDAB Gent",
        agenda="Cijfers van het kwartaal",
        created_by=nm_oost,
    )
    planned.invited.set(["44021"])
    limburg = Meeting.objects.create(
        body=body("provinciale-werkgroep-limburg"),
        status="gepland",
        date=TODAY + datetime.timedelta(days=12),
        place="Hasselt",
    )
    limburg.invited.set(body("provinciale-werkgroep-limburg").local_governments.all())
    held = Meeting.objects.create(
        body=body("lerend-netwerk-gent-eeklo"),
        status="gehouden",
        date=TODAY - datetime.timedelta(days=3),
        place="Eeklo",
        created_by=nm_oost,
    )
    Output.objects.create(
        meeting=held,
        kind="actie",
        title="Screening niet-ingeschrevenen",
        owner_user=nm_oost,
        due_date=TODAY + datetime.timedelta(days=5),
    )
    return planned, held


def test_one_run_sends_each_message_once_and_a_second_run_sends_nothing(smtp, situation):
    planned, held = situation
    send_notifications(today=TODAY, now=NOW)
    sent, messages = smtp.take()
    assert sorted(sent) == [
        (
            "netwerkmanager.oost-vlaanderen@example.be",
            "Herinnering: het verslag van Lerend netwerk Oost-Vlaanderen, regio Gent/Eeklo "
            "(04-12-2026)",
        ),
        (
            "netwerkmanager.oost-vlaanderen@example.be",
            "Uw acties: 0 over tijd, 1 binnen 7 dagen",
        ),
        (
            "ocmw.gent@example.be",
            "Uitnodiging: Overlegforum Gent (SO 2025-2030) op 17-12-2026",
        ),
    ], "nobody else: Aalst and Pajottegem are not invited, Limburg is no one's here"
    invitation = next(m for m in messages if "Uitnodiging" in str(m["Subject"]))
    text = invitation.get_body(("plain",)).get_content()
    html = invitation.get_body(("html",)).get_content()
    link = f"https://portaal.example/overleg/vergaderingen/{planned.pk}/"
    assert "U bent uitgenodigd op een vergadering van Overlegforum Gent" in text
    assert "donderdag 17 december 2026, 09:30" in text and link in text
    assert f'href="{link}"' in html and 'lang="nl"' in html
    reminder = next(m for m in messages if "Herinnering" in str(m["Subject"]))
    assert (
        f"/overleg/vergaderingen/{held.pk}/bewerken/" in reminder.get_body(("plain",)).get_content()
    )

    send_notifications(today=TODAY, now=NOW)
    assert smtp.take()[0] == []


def test_the_minutes_reminder_comes_after_3_and_after_7_days_and_stops_with_the_minutes(
    smtp, situation
):
    _, held = situation
    reminders = []
    for day in range(0, 10):
        send_notifications(today=TODAY + datetime.timedelta(days=day), now=NOW)
        reminders += [(day, s) for _, s in smtp.take()[0] if s.startswith("Herinnering")]
    assert [day for day, _ in reminders] == [0, 4], "3 days after the meeting, then 7"
    # A meeting whose minutes are in gets no reminder.
    Meeting.objects.create(
        body=held.body,
        status="verslag_klaar",
        minutes="Verslag",
        date=TODAY,
        place="Eeklo",
        created_by=held.created_by,
    )
    send_notifications(today=TODAY + datetime.timedelta(days=3), now=NOW)
    assert not [s for _, s in smtp.take()[0] if s.startswith("Herinnering")]


def test_a_change_and_a_cancellation_are_sent_again_to_the_invited(smtp, situation, people):
    from consultations.planning import services

    planned, _ = situation
    nm_oost = people[3]
    send_notifications(today=TODAY, now=NOW)
    smtp.take()
    services.plan_meeting(
        meeting=planned,
        body=planned.body,
        date=planned.date,
        start_time=datetime.time(10, 0),
        end_time=None,
        place="VDAB Gent, zaal 2",
        online=False,
        online_link="",
        agenda=planned.agenda,
        invited=planned.invited.all(),
        user=nm_oost,
    )
    send_notifications(today=TODAY, now=NOW)
    assert smtp.take()[0] == [
        ("ocmw.gent@example.be", "Gewijzigd: Overlegforum Gent (SO 2025-2030) op 17-12-2026")
    ]
    planned.refresh_from_db()
    services.cancel_meeting(meeting=planned, user=nm_oost)
    send_notifications(today=TODAY, now=NOW)
    assert smtp.take()[0] == [
        ("ocmw.gent@example.be", "Geannuleerd: Overlegforum Gent (SO 2025-2030) op 17-12-2026")
    ]


def test_a_user_who_turned_a_kind_off_does_not_get_it(smtp, situation, people, login):
    ocmw_gent = people[0]
    response = login(ocmw_gent).post(
        "/overleg/meldingen/", {"actie": "meldingen", "kinds": ["acties", "kwartaal"]}
    )
    assert response.status_code == 302
    assert set(NotificationOptOut.objects.values_list("kind", flat=True)) == {
        "uitnodiging",
        "verslag",
    }
    send_notifications(today=TODAY, now=NOW)
    assert "ocmw.gent@example.be" not in {to for to, _ in smtp.take()[0]}


def test_a_confirmed_import_of_a_new_quarter_is_announced_to_the_ocmws_with_figures(smtp, people):
    create_demo_results(seed=1, last=Quarter(2021, 2))
    call_command("send_notifications")
    sent = smtp.take()[0]
    assert sorted(sent) == [
        ("ocmw.aalst@example.be", "Nieuwe cijfers: 2021-K2"),
        ("ocmw.gent@example.be", "Nieuwe cijfers: 2021-K2"),
        ("ocmw.pajottegem@example.be", "Nieuwe cijfers: 2021-K2"),
    ]
    call_command("send_notifications")
    assert smtp.take()[0] == []


def test_the_dry_run_lists_and_sends_nothing(smtp, situation, capsys):
    call_command("send_notifications", "--dry-run")
    out = capsys.readouterr().out
    assert "ocmw.gent@example.be: Uitnodiging: Overlegforum Gent" in out
    assert smtp.take()[0] == []

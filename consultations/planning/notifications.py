"""The e-mails of manage.py send_notifications, meant to run from cron every 15 minutes.

Each message is about one thing (its key): an invitation or a change of a planned meeting, a
reminder to file the minutes 3 and 7 days after a meeting, the weekly list of a user's actions
that are due within 7 days or overdue, and the figures of a new quarter. A message is sent
once per user and key: SentNotification remembers it, so a second run sends nothing new. A user
who turned a kind off on "Meldingen" does not get it; a user without an e-mail address gets
nothing.
"""

import datetime
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.models import User
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from activation.models import CurrentResult, ImportBatch, QuarterlyResult
from consultations.models import (
    Meeting,
    NotificationKind,
    NotificationOptOut,
    Output,
    SentNotification,
)
from consultations.planning.selectors import invited_users
from ocmw_portal import access

REMINDER_DAYS = (3, 7)
# A meeting without minutes is reminded of until this many days after it.
REMINDER_UNTIL = 14
ACTIONS_AHEAD = datetime.timedelta(days=7)
# An import of a new quarter is announced when it was confirmed this recently.
NEW_QUARTER_WITHIN = datetime.timedelta(days=14)


@dataclass
class Message:
    user: User
    kind: str
    key: str
    subject: str
    template: str
    context: dict


@dataclass
class Summary:
    sent: Counter = field(default_factory=Counter)
    skipped: int = 0

    @property
    def total(self) -> int:
        return sum(self.sent.values())


def _link(path: str) -> str:
    return settings.PORTAL_BASE_URL + path


def _invitations(today: datetime.date) -> Iterator[Message]:
    meetings = (
        Meeting.objects.filter(
            status__in=[Meeting.Status.PLANNED, Meeting.Status.CANCELLED], date__gte=today
        )
        .select_related("body")
        .prefetch_related("invited")
        .order_by("date", "pk")
    )
    for meeting in meetings:
        if meeting.is_cancelled:
            key, subject = f"vergadering:{meeting.pk}:geannuleerd", "Geannuleerd"
        elif meeting.sequence:
            key, subject = f"vergadering:{meeting.pk}:v{meeting.sequence}", "Gewijzigd"
        else:
            key, subject = f"vergadering:{meeting.pk}:v0", "Uitnodiging"
        for user in invited_users(meeting):
            yield Message(
                user,
                NotificationKind.INVITATION,
                key,
                f"{subject}: {meeting.body.name} op {meeting.date:%d-%m-%Y}",
                "invitation",
                {"meeting": meeting, "heading": subject, "url": _link(meeting.get_absolute_url())},
            )


def _minutes_reminders(today: datetime.date) -> Iterator[Message]:
    first = today - datetime.timedelta(days=REMINDER_UNTIL)
    last = today - datetime.timedelta(days=REMINDER_DAYS[0])
    meetings = (
        Meeting.objects.filter(
            status__in=[Meeting.Status.PLANNED, Meeting.Status.HELD],
            date__range=(first, last),
            created_by__isnull=False,
            created_by__is_active=True,
        )
        .select_related("body", "created_by")
        .order_by("date", "pk")
    )
    for meeting in meetings:
        days = (today - meeting.date).days
        step = max(d for d in REMINDER_DAYS if d <= days)
        organiser = meeting.created_by
        if not access.may_edit_body(organiser, meeting.body):
            continue
        yield Message(
            organiser,
            NotificationKind.MINUTES_REMINDER,
            f"verslag:{meeting.pk}:{step}",
            f"Herinnering: het verslag van {meeting.body.name} ({meeting.date:%d-%m-%Y})",
            "minutes_reminder",
            {
                "meeting": meeting,
                "days": days,
                "url": _link(reverse("consultations:meeting_edit", args=[meeting.pk])),
            },
        )


def _action_reminders(today: datetime.date) -> Iterator[Message]:
    year, week, _ = today.isocalendar()
    outputs = (
        Output.objects.filter(
            owner_user__isnull=False,
            owner_user__is_active=True,
            status=Output.Status.OPEN,
            due_date__lte=today + ACTIONS_AHEAD,
            meeting__deleted_at__isnull=True,
        )
        .select_related("owner_user", "meeting", "meeting__body")
        .order_by("owner_user", "due_date", "pk")
    )
    by_owner: dict[User, list[Output]] = {}
    for output in outputs:
        if output.owner_user is not None and output.due_date is not None:
            by_owner.setdefault(output.owner_user, []).append(output)
    for owner, owned in by_owner.items():
        visible = set(
            access.outputs(owner).filter(pk__in=[o.pk for o in owned]).values_list("pk", flat=True)
        )
        owned = [o for o in owned if o.pk in visible]
        if not owned:
            continue
        overdue = [o for o in owned if o.due_date and o.due_date < today]
        yield Message(
            owner,
            NotificationKind.ACTION_REMINDER,
            f"acties:{year}-W{week:02}",
            f"Uw acties: {len(overdue)} over tijd, {len(owned) - len(overdue)} binnen 7 dagen",
            "action_reminder",
            {
                "overdue": [(o, _link(o.get_absolute_url())) for o in overdue],
                "soon": [(o, _link(o.get_absolute_url())) for o in owned if o not in overdue],
                "url": _link(reverse("consultations:my_actions")),
            },
        )


def _new_quarter(now: datetime.datetime) -> Iterator[Message]:
    newest = CurrentResult.objects.order_by("-quarter").values_list("quarter", flat=True).first()
    if newest is None:
        return
    confirmed = QuarterlyResult.objects.filter(
        quarter=newest,
        import_batch__status=ImportBatch.Status.COMMITTED,
        import_batch__created_at__gte=now - NEW_QUARTER_WITHIN,
    )
    if not confirmed.exists():
        return
    key = f"kwartaal:{newest}"
    with_figures = set(
        CurrentResult.objects.filter(quarter=newest).values_list("local_government", flat=True)
    )
    told = SentNotification.objects.filter(kind=NotificationKind.NEW_QUARTER, key=key)
    users = access.ocmw_users_of(with_figures).exclude(pk__in=told.values("user"))
    for user in users.select_related("scope").order_by("pk"):
        own = [lg for lg in access.own_local_government_list(user) if lg.pk in with_figures]
        if not own:
            continue
        yield Message(
            user,
            NotificationKind.NEW_QUARTER,
            key,
            f"Nieuwe cijfers: {newest}",
            "new_quarter",
            {
                "quarter": newest,
                "dashboards": [
                    (lg, _link(reverse("dashboards:municipality", args=[lg.pk]))) for lg in own
                ],
            },
        )


def pending(*, today: datetime.date, now: datetime.datetime) -> Iterator[Message]:
    """Every message that is due and not sent yet, for users who want it and have an address."""
    sent = set(SentNotification.objects.values_list("user", "kind", "key"))
    opted_out = set(NotificationOptOut.objects.values_list("user", "kind"))
    for message in (
        *_invitations(today),
        *_minutes_reminders(today),
        *_action_reminders(today),
        *_new_quarter(now),
    ):
        user = message.user
        if not user.email or (user.pk, message.kind) in opted_out:
            continue
        if (user.pk, message.kind, message.key) in sent:
            continue
        yield message


def _email(message: Message, connection: BaseEmailBackend) -> EmailMultiAlternatives:
    context = {
        **message.context,
        "user": message.user,
        "subject": message.subject,
        "settings_url": _link(reverse("consultations:notifications")),
    }
    text = render_to_string(f"emails/{message.template}.txt", context)
    html = render_to_string(f"emails/{message.template}.html", context)
    email = EmailMultiAlternatives(
        subject=message.subject,
        body=text,
        to=[message.user.email],
        connection=connection,
        headers={"Auto-Submitted": "auto-generated"},
    )
    email.attach_alternative(html, "text/html")
    return email


def send_notifications(
    *,
    today: datetime.date | None = None,
    now: datetime.datetime | None = None,
    dry_run: bool = False,
) -> tuple[Summary, list[Message]]:
    """Send what is due. Each message is marked as sent in the same transaction that sends
    it: a failed send is tried again on the next run."""
    now = now or timezone.now()
    today = today or timezone.localdate(now)
    summary = Summary()
    messages = list(pending(today=today, now=now))
    if dry_run:
        return summary, messages
    with get_connection() as connection:
        for message in messages:
            with transaction.atomic():
                _, created = SentNotification.objects.get_or_create(
                    user=message.user, kind=message.kind, key=message.key
                )
                if not created:  # another run sent it meanwhile
                    summary.skipped += 1
                    continue
                _email(message, connection).send()
            summary.sent[message.kind] += 1
    return summary, messages

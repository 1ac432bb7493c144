"""Writes of planned meetings: planning and changing them, replies and proposals of invited
OCMWs, cancelling, deleting and restoring, and the calendar feed's token."""

import datetime
import hashlib
import secrets
from collections.abc import Iterable

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.functions import Lower
from django.utils import timezone

from activation.models import LocalGovernment
from consultations.models import (
    AgendaProposal,
    AttendanceReply,
    CalendarFeed,
    ConsultationBody,
    Meeting,
    NotificationKind,
    NotificationOptOut,
)
from consultations.services import meeting_snapshot, record_revision

NOT_PLANNED = "Deze vergadering is niet (meer) gepland: antwoorden kan niet meer."
ALREADY_DELETED = "Deze vergadering is al verwijderd."
REASON_REQUIRED = "Geef een reden: ze wordt bewaard bij de verwijderde vergadering."


@transaction.atomic
def plan_meeting(
    *,
    meeting: Meeting | None,
    body: ConsultationBody,
    date: datetime.date,
    start_time: datetime.time | None,
    end_time: datetime.time | None,
    place: str,
    online: bool,
    online_link: str,
    agenda: str,
    invited: Iterable[LocalGovernment],
    user: User,
) -> Meeting:
    """Plan a meeting (`meeting` None) or change a planned one. Every change raises its
    sequence, so calendars update and the invited get a mail about the change."""
    before = None
    if meeting is None:
        meeting = Meeting(created_by=user, status=Meeting.Status.PLANNED, body=body)
    else:
        # Compared with what is stored: the form has already put its values on its instance.
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        before = meeting_snapshot(meeting)
        if meeting.status != Meeting.Status.PLANNED:
            raise ValidationError("Alleen een geplande vergadering kan zo gewijzigd worden.")
    values = {
        "date": date,
        "start_time": start_time,
        "end_time": end_time,
        "place": place,
        "online": online,
        "online_link": online_link,
        "agenda": agenda,
    }
    invited = list(invited)
    invited_changed = meeting.pk is None or set(meeting.invited.values_list("pk", flat=True)) != {
        lg.pk for lg in invited
    }
    changed = [name for name, value in values.items() if getattr(meeting, name) != value]
    if meeting.pk is not None and not changed and not invited_changed:
        return meeting
    for name in changed:
        setattr(meeting, name, values[name])
    if meeting.pk is not None:
        meeting.sequence += 1
    meeting.updated_by = user
    meeting.save()
    meeting.invited.set(invited)
    meeting.refresh_search_text()
    record_revision(meeting, before=before, user=user)
    return meeting


@transaction.atomic
def cancel_meeting(*, meeting: Meeting, user: User) -> Meeting:
    """A planned meeting that will not take place: it stays, as cancelled, in the feeds."""
    if meeting.status != Meeting.Status.PLANNED:
        raise ValidationError(NOT_PLANNED)
    before = meeting_snapshot(meeting)
    meeting.status = Meeting.Status.CANCELLED
    meeting.sequence += 1
    meeting.updated_by = user
    meeting.save(update_fields=["status", "sequence", "updated_by", "updated_at"])
    record_revision(meeting, before=before, user=user)
    return meeting


@transaction.atomic
def reply(
    *,
    meeting: Meeting,
    local_government: LocalGovernment,
    name: str,
    function: str,
    answer: str,
    user: User,
) -> AttendanceReply:
    """One person's answer to an invitation; a second answer for the same name replaces it,
    and the audit trail keeps the first (who answered what, and when)."""
    if meeting.status != Meeting.Status.PLANNED:
        raise ValidationError(NOT_PLANNED)
    name = " ".join(name.split())
    existing = (
        AttendanceReply.objects.select_for_update()
        .annotate(lower_name=Lower("name"))
        .filter(meeting=meeting, local_government=local_government, lower_name=name.lower())
        .first()
    )
    answer_row = existing or AttendanceReply(meeting=meeting, local_government=local_government)
    answer_row.name = name
    answer_row.function = function.strip()
    answer_row.answer = answer
    answer_row.answered_by = user
    answer_row.save()
    return answer_row


def propose(
    *, meeting: Meeting, local_government: LocalGovernment, text: str, user: User
) -> AgendaProposal:
    if meeting.status != Meeting.Status.PLANNED:
        raise ValidationError(NOT_PLANNED)
    return AgendaProposal.objects.create(
        meeting=meeting, local_government=local_government, text=text.strip(), author=user
    )


@transaction.atomic
def delete_meeting(*, meeting: Meeting, reason: str, user: User) -> Meeting:
    """Set a meeting aside with its reason: nothing of it is erased, a beheerder can restore it."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": REASON_REQUIRED})
    meeting = Meeting.with_deleted.select_for_update().get(pk=meeting.pk)
    if meeting.deleted_at is not None:
        raise ValidationError(ALREADY_DELETED)
    meeting.deleted_at = timezone.now()
    meeting.deleted_by = user
    meeting.deletion_reason = reason
    meeting.save(update_fields=["deleted_at", "deleted_by", "deletion_reason", "updated_at"])
    return meeting


@transaction.atomic
def restore_meeting(*, meeting: Meeting, user: User) -> Meeting:
    meeting = Meeting.with_deleted.select_for_update().get(pk=meeting.pk)
    if meeting.deleted_at is None:
        raise ValidationError("Deze vergadering is niet verwijderd.")
    meeting.deleted_at = None
    meeting.deleted_by = None
    meeting.deletion_reason = ""
    meeting.updated_by = user
    meeting.save(
        update_fields=["deleted_at", "deleted_by", "deletion_reason", "updated_by", "updated_at"]
    )
    return meeting


# The personal calendar feed ---------------------------------------------------------------------


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def reset_calendar_token(*, user: User) -> str:
    """A new feed token for `user`; the old one stops working at once. Only its hash is kept,
    so the token is shown once, right after the reset."""
    token = secrets.token_urlsafe(32)
    CalendarFeed.objects.update_or_create(user=user, defaults={"token_hash": token_hash(token)})
    return token


def stop_calendar_feed(*, user: User) -> None:
    CalendarFeed.objects.filter(user=user).delete()


# Notification choices ---------------------------------------------------------------------------


@transaction.atomic
def set_notification_choices(*, user: User, wanted: Iterable[str]) -> None:
    """Keep the kinds of e-mail in `wanted` on for `user`, and turn the others off."""
    wanted = set(wanted)
    NotificationOptOut.objects.filter(user=user, kind__in=wanted).delete()
    for kind in NotificationKind.values:
        if kind not in wanted:
            NotificationOptOut.objects.get_or_create(user=user, kind=kind)

"""Reads for taking part: a body's area on a date, the upcoming meetings a user may see, the
users a planned meeting concerns, and a user's open actions."""

import datetime
from collections import Counter

from django.contrib.auth.models import User
from django.db.models import Q, QuerySet

from activation.models import LocalGovernment
from consultations.models import AttendanceReply, ConsultationBody, Meeting, Output
from ocmw_portal import access


def area_on(body: ConsultationBody, day: datetime.date) -> list[LocalGovernment]:
    """The local governments of the body's area as they existed on `day`, in name order: for
    a meeting of 2024 Galmaarden, Gooik and Herne rather than Pajottegem."""
    codes = access.with_predecessors(body.local_governments.values_list("pk", flat=True))
    return list(
        LocalGovernment.objects.filter(pk__in=codes)
        .valid_on(day)
        .select_related("province")
        .order_by("name")
    )


def upcoming(user: access.PortalUser, today: datetime.date) -> QuerySet[Meeting]:
    """The planned meetings from today on that the user may see, the nearest first."""
    return (
        Meeting.objects.upcoming(today)
        .filter(body__in=access.bodies(user))
        .select_related("body", "body__province")
    )


def invited_users(meeting: Meeting) -> list[User]:
    """The OCMW users of the local governments invited to `meeting` who may see it."""
    codes = [lg.pk for lg in meeting.invited.all()]
    return [
        user
        for user in access.ocmw_users_of(codes).select_related("scope").order_by("pk")
        if access.meetings(user).filter(pk=meeting.pk).exists()
    ]


def open_actions(user: User) -> QuerySet[Output]:
    """The open actions and agreements a user owns, the soonest due first, within their scope."""
    return (
        access.outputs(user)
        .filter(
            owner_user=user,
            status=Output.Status.OPEN,
            kind__in=[Output.Kind.ACTION, Output.Kind.AGREEMENT],
        )
        .select_related("meeting", "meeting__body")
        .order_by("due_date", "pk")
    )


def owner_candidates(body: ConsultationBody) -> list[User]:
    """The portal users who take part in a body: VDAB staff who see it and OCMW staff of its
    local governments. An output's owner is one of them."""
    area = body.local_governments.values_list("pk", flat=True)
    taking_part = Q(pk__in=access.vdab_users_of(body).values("pk")) | Q(
        pk__in=access.ocmw_users_of(area).values("pk")
    )
    return list(User.objects.filter(taking_part).order_by("last_name", "first_name", "username"))


def reply_counts(meeting: Meeting) -> list[tuple[LocalGovernment, int, int]]:
    """Per invited local government: how many come and how many do not, in name order."""
    coming: Counter[str] = Counter()
    not_coming: Counter[str] = Counter()
    for code, answer in meeting.replies.values_list("local_government", "answer"):
        (coming if answer == AttendanceReply.Answer.COMING else not_coming)[code] += 1
    return [(lg, coming[lg.pk], not_coming[lg.pk]) for lg in meeting.invited.all()]

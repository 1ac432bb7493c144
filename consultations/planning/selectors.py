"""Reads for taking part: a body's area on a date, the upcoming meetings a user may see, the
users a planned meeting concerns, and a user's open actions."""

import datetime
from collections import Counter
from collections.abc import Iterable

from django.contrib.auth.models import User
from django.db.models import Q, QuerySet

from activation.models import LocalGovernment, Merger
from consultations.models import AttendanceReply, ConsultationBody, Meeting, Output
from ocmw_portal import access

# 2019 and 2025: some successors of 2019 merged again.
MERGER_DEPTH = 2


def area_on(body: ConsultationBody, day: datetime.date) -> list[LocalGovernment]:
    """The local governments of the body's area as they existed on `day`, in name order: for
    a meeting of 2024 Galmaarden, Gooik and Herne rather than Pajottegem."""
    codes = set(body.local_governments.values_list("pk", flat=True))
    layer = codes
    for _ in range(MERGER_DEPTH):
        predecessors = Merger.objects.filter(successor__in=layer)
        layer = set(predecessors.values_list("predecessor", flat=True))
        codes |= layer
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


def users_with_role(role: str) -> QuerySet[User]:
    return User.objects.filter(is_active=True, groups__name=role).order_by("pk").distinct()


def invited_users(meeting: Meeting, candidates: Iterable[User]) -> list[User]:
    """The OCMW users among `candidates` who work for a local government invited to `meeting`
    and may see the meeting."""
    invited = {lg.pk for lg in meeting.invited.all()}
    return [
        user
        for user in candidates
        if invited & {lg.pk for lg in access.own_local_government_list(user)}
        and access.meetings(user).filter(pk=meeting.pk).exists()
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
    """The portal users who take part in a body: VDAB staff whose scope covers it and OCMW staff
    of its local governments. An output's owner is one of them."""
    area = set(body.local_governments.values_list("pk", flat=True))
    users = User.objects.filter(is_active=True).filter(
        Q(groups__name=access.VDAB) | Q(groups__name=access.OCMW)
    )
    chosen = []
    for user in users.distinct().select_related("scope").order_by("last_name", "username"):
        if access.role_of(user) == access.VDAB:
            if access.bodies(user).filter(pk=body.pk).exists():
                chosen.append(user)
        elif area & {lg.pk for lg in access.own_local_government_list(user)}:
            chosen.append(user)
    return chosen


def reply_counts(meeting: Meeting) -> list[tuple[LocalGovernment, int, int]]:
    """Per invited local government: how many come and how many do not, in name order."""
    coming: Counter[str] = Counter()
    not_coming: Counter[str] = Counter()
    for code, answer in meeting.replies.values_list("local_government", "answer"):
        (coming if answer == AttendanceReply.Answer.COMING else not_coming)[code] += 1
    return [(lg, coming[lg.pk], not_coming[lg.pk]) for lg in meeting.invited.all()]

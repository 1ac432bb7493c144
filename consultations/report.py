"""The period report: which consultation moments took place in a period and what they produced,
the answer to the parliamentary question, with the cooperation figures of
activation.cooperation.selectors.

consultation_report() reads through ocmw_portal.access, so each user gets the answer for their own
scope. The meetings, attendance and roles are counted in the database per body; the outputs are
listed one by one only for the exports.
"""

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from django.db.models import Count, Sum
from django.urls import reverse

from activation.cooperation.selectors import (
    AgreementFigures,
    PactCallFigures,
    agreement_figures,
    pact_figures,
)
from consultations import reference as ref
from consultations.models import (
    HELD_STATUSES,
    LEVEL_ORDER,
    Level,
    Meeting,
    Output,
    ParticipantRole,
    forum_window,
)
from consultations.selectors import FORUMS_LISTED_ONE_BY_ONE, due, expected_meetings
from ocmw_portal import access


@dataclass
class MomentLine:
    """One row of answer 1: a body (or the forums of a province summed) in the period."""

    level: str
    name: str
    organiser: str
    participants: str
    frequency_note: str
    province: str = ""
    region: str = ""
    held: int = 0
    due: int | None = None
    dates: list[datetime.date] = field(default_factory=list)
    attending: int = 0
    roles: Counter[str] = field(default_factory=Counter)  # {role label: people}
    bodies: int = 1
    bodies_behind: int = 0
    url: str = ""  # the body's page; empty for the forums summed per province

    @property
    def behind(self) -> bool:
        return self.bodies_behind > 0

    @property
    def region_note(self) -> str:
        """The region under the name, unless the name already says it."""
        return "" if self.region in self.name else self.region

    @property
    def roles_text(self) -> str:
        return ", ".join(f"{n} × {label}" for label, n in self.roles.most_common())


@dataclass
class LevelSection:
    level: str
    label: str
    lines: list[MomentLine]

    @property
    def held(self) -> int:
        return sum(line.held for line in self.lines)

    @property
    def due(self) -> int | None:
        dues = [line.due for line in self.lines if line.due is not None]
        return sum(dues) if dues else None

    @property
    def bodies(self) -> int:
        return sum(line.bodies for line in self.lines)


@dataclass
class Report:
    first: datetime.date
    last: datetime.date
    sections: list[LevelSection]
    output_counts: dict[tuple[str, str], int]  # {(kind, status): n}
    outputs_by_kind: dict[str, list[Output]] | None  # {kind label: [Output]}, for the exports
    learning_networks: list[MomentLine]  # of the operational level, for the answer's table
    agreements: AgreementFigures
    pact: list[PactCallFigures]

    @property
    def meetings_held(self) -> int:
        return sum(section.held for section in self.sections)

    @property
    def outputs_total(self) -> int:
        return sum(self.output_counts.values())

    def kinds_found(self) -> list[tuple[str, str, int]]:
        """(kind, label, count) of each kind of output the period produced."""
        found = []
        for kind in Output.Kind:
            n = sum(self.output_counts.get((kind.value, s.value), 0) for s in Output.Status)
            if n:
                found.append((kind.value, kind.label, n))
        return found

    def output_table(self) -> tuple[list[str], list[tuple[str, list[int], int]], list[int]]:
        """Rows (kind label, [count per status], total) and the totals per status."""
        statuses = list(Output.Status)
        rows = []
        for kind in Output.Kind:
            counts = [self.output_counts.get((kind.value, s.value), 0) for s in statuses]
            rows.append((kind.label, counts, sum(counts)))
        totals = [sum(row[1][i] for row in rows) for i in range(len(statuses))]
        return [s.label for s in statuses], rows, totals


# The fields of a body that its row in the report shows or counts with.
_BODY_FIELDS = {
    "pk": "pk",
    "level": "level",
    "name": "name",
    "organiser": "organiser",
    "participants": "participants",
    "frequency_note": "frequency_note",
    "province": "province__name",
    "region": "region",
    "target_per_year": "target_per_year",
    "agreement": "agreement_id",
    "agreement_status": "agreement__status",
    "valid_from": "agreement__valid_from",
    "valid_until": "agreement__valid_until",
}


class _Body(NamedTuple):
    """A body as the report reads it; the fields in the order of _BODY_FIELDS."""

    pk: int
    level: str
    name: str
    organiser: str
    participants: str
    frequency_note: str
    province: str | None
    region: str
    target_per_year: int | None
    agreement: int | None
    agreement_status: str | None
    valid_from: datetime.date | None
    valid_until: datetime.date | None


def _report_bodies(user: access.PortalUser) -> list[_Body]:
    """The bodies in the user's scope, as plain rows in the report's order."""
    rows = (
        access.bodies(user)
        .order_by("sort_order", "province__name", "name")
        .values_list(*_BODY_FIELDS.values())
    )
    return [_Body(*row) for row in rows]


def _line_for(
    body: _Body, meetings: "_Held", first: datetime.date, last: datetime.date, *, listed: bool
) -> MomentLine:
    """The row of one body; `meetings` holds what its meetings add up to in the period."""
    window = (
        forum_window(body.agreement_status, body.valid_from, body.valid_until)
        if body.agreement
        else (None, None)
    )
    line = MomentLine(
        level=body.level,
        name=body.name,
        organiser=body.organiser,
        participants=body.participants,
        frequency_note=body.frequency_note,
        province=body.province or "Vlaanderen",
        region=body.region,
        held=meetings.held,
        due=due(expected_meetings(body.target_per_year, first, last, window)),
        dates=meetings.dates,
        attending=meetings.attending,
        roles=meetings.roles,
        url=reverse("consultations:body", args=[body.pk]) if listed else "",
    )
    line.bodies_behind = int(line.due is not None and line.held < line.due)
    return line


@dataclass
class _Held:
    """What one body's meetings in the period add up to."""

    held: int = 0
    attending: int = 0
    dates: list[datetime.date] = field(default_factory=list)
    roles: Counter[str] = field(default_factory=Counter)


def _held_per_body(
    user: access.PortalUser, first: datetime.date, last: datetime.date, *, dated: list[int]
) -> dict[int, _Held]:
    """{body pk: _Held} for the meetings from `first` to `last` that the user may see, summed
    in the database.

    Meeting dates are read only for the bodies in `dated`: the forums summed per province are
    not listed one by one, and there can be thousands of their meetings in a long period.
    """
    held: defaultdict[int, _Held] = defaultdict(_Held)
    meetings = access.meetings(user).filter(status__in=HELD_STATUSES, date__range=(first, last))
    in_meetings: dict[str, Any] = {
        "meeting__body__in": access.bodies(user),
        "meeting__date__range": (first, last),
        "meeting__status__in": HELD_STATUSES,
        "meeting__deleted_at__isnull": True,
    }
    rows = meetings.order_by().values_list("body_id").annotate(n=Count("pk"))
    for body_id, n in rows:
        held[body_id].held = n
    dates = meetings.filter(body__in=dated).order_by("date").values_list("body_id", "date")
    for body_id, day in dates:
        held[body_id].dates.append(day)
    attendance = (
        Meeting.attendees.through.objects.filter(**in_meetings)
        .order_by()
        .values_list("meeting__body_id")
        .annotate(n=Count("localgovernment_id", distinct=True))
    )
    for body_id, n in attendance:
        held[body_id].attending = n
    role_labels = dict(ParticipantRole.Role.choices)
    roles = (
        ParticipantRole.objects.filter(**in_meetings)
        .order_by("role")
        .values_list("meeting__body_id", "role")
        .annotate(n=Sum("count"))
    )
    for body_id, role, n in roles:
        held[body_id].roles[role_labels[role]] += n
    return held


def _summed_forums(lines: list[MomentLine], province: str) -> MomentLine:
    total = MomentLine(
        level=Level.MICRO,
        name=f"Overlegfora van de samenwerkingsovereenkomsten, {province}",
        organiser=ref.FORUM_ORGANISER,
        participants=ref.FORUM_PARTICIPANTS,
        frequency_note=ref.FORUM_FREQUENCY,
        province=province,
        bodies=len(lines),
    )
    dues = [line.due for line in lines if line.due is not None]
    total.due = sum(dues) if dues else None
    for line in lines:
        total.held += line.held
        total.attending += line.attending
        total.roles.update(line.roles)
        total.bodies_behind += line.bodies_behind
    return total


def consultation_report(
    user: access.PortalUser,
    first: datetime.date,
    last: datetime.date,
    today: datetime.date | None = None,
    *,
    list_outputs: bool = False,
) -> Report:
    """Answer 1 and 2 of the parliamentary question for `first`–`last`, in the user's scope.

    What the meetings add up to is counted in the database. The outputs themselves are listed
    only with `list_outputs` (the exports); the page links to the output list for them.
    """
    today = today or datetime.date.today()
    expected_until = min(last, today)
    bodies = _report_bodies(user)
    forums = [body for body in bodies if body.level == Level.MICRO]
    forums_summed = len(forums) > FORUMS_LISTED_ONE_BY_ONE
    listed = [body for body in bodies if not (forums_summed and body.level == Level.MICRO)]
    held = _held_per_body(user, first, last, dated=[body.pk for body in listed])

    lines: defaultdict[str, list[MomentLine]] = defaultdict(list)
    for body in bodies:
        line = _line_for(
            body,
            held.get(body.pk, _Held()),
            first,
            expected_until,
            listed=not (forums_summed and body.level == Level.MICRO),
        )
        if body.level == Level.MICRO and not line.held and not line.due:
            continue  # a forum that neither met nor had to meet in the period
        lines[body.level].append(line)
    if forums_summed:
        per_province: defaultdict[str, list[MomentLine]] = defaultdict(list)
        for line in lines[Level.MICRO]:
            per_province[line.province].append(line)
        lines[Level.MICRO] = [_summed_forums(ls, p) for p, ls in sorted(per_province.items())]

    sections = [LevelSection(level, Level(level).label, lines[level]) for level in LEVEL_ORDER]
    outputs = access.outputs(user).filter(
        meeting__date__range=(first, last), meeting__status__in=HELD_STATUSES
    )
    output_counts = {
        (kind, status): n
        for kind, status, n in outputs.order_by()
        .values_list("kind", "status")
        .annotate(n=Count("pk"))
    }
    outputs_by_kind = None
    if list_outputs:
        by_kind: defaultdict[str, list[Output]] = defaultdict(list)
        for output in outputs.select_related(
            "meeting", "meeting__body", "owner_user", "owner_local_government"
        ).order_by("kind", "meeting__date", "pk"):
            by_kind[output.kind].append(output)
        outputs_by_kind = {kind.label: by_kind.get(kind.value, []) for kind in Output.Kind}
    return Report(
        first=first,
        last=last,
        sections=sections,
        output_counts=output_counts,
        outputs_by_kind=outputs_by_kind,
        learning_networks=lines[Level.OPERATIONAL],
        agreements=agreement_figures(user, last),
        pact=pact_figures(user),
    )

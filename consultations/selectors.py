"""Reads across relations: cadence against targets, the period report (the parliamentary
question's answer, with the cooperation figures of activation.cooperation.selectors), the
municipality's consultation summary, and the bodies page's forum summaries.

Every function takes the user and reads through ocmw_portal.access, so each user gets the answer
for their own scope.
"""

import datetime
import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple, TypeAlias, TypedDict

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import ExtractYear
from django.urls import reverse

from activation.cooperation.selectors import (
    AgreementFigures,
    PactCallFigures,
    agreement_figures,
    pact_figures,
)
from activation.models import LocalGovernment, Province
from consultations import reference as ref
from consultations.models import (
    LEVEL_ORDER,
    ConsultationBody,
    Level,
    Meeting,
    Output,
    ParticipantRole,
    forum_window,
)
from ocmw_portal import access

# Up to this many forums are listed one by one in the report; more are summed per province.
FORUMS_LISTED_ONE_BY_ONE = 10

# ConsultationBody.active_window(): (first day, last day), open-ended as None; None when the
# body is not expected to meet at all.
Window: TypeAlias = tuple[datetime.date | None, datetime.date | None] | None


def expected_meetings(
    target_per_year: int | None,
    first: datetime.date,
    last: datetime.date,
    window: Window = (None, None),
) -> float | None:
    """How many meetings a yearly target asks for from `first` to `last` (inclusive).

    Pro rata per calendar year, limited to the body's active window. None without a target;
    0.0 when the body is not expected to meet in the period (an agreement in preparation).
    """
    if target_per_year is None:
        return None
    if window is None:
        return 0.0
    start = max(first, window[0]) if window[0] else first
    end = min(last, window[1]) if window[1] else last
    if start > end:
        return 0.0
    years = 0.0
    for year in range(start.year, end.year + 1):
        year_start, year_end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
        days = (min(end, year_end) - max(start, year_start)).days + 1
        years += days / ((year_end - year_start).days + 1)
    return target_per_year * years


def due(expected: float | None) -> int | None:
    """The expected number of meetings as a whole number (half rounds up); None stays None."""
    return None if expected is None else math.floor(expected + 0.5)


@dataclass
class CadenceCell:
    year: int
    held: int
    due: int | None  # None: no target

    @property
    def behind(self) -> bool:
        return self.due is not None and self.held < self.due


@dataclass
class BodyCadence:
    body: ConsultationBody
    cells: list[CadenceCell]

    @property
    def behind(self) -> bool:
        return any(cell.behind for cell in self.cells)


def cadence(
    bodies: QuerySet[ConsultationBody] | Iterable[ConsultationBody],
    years: Sequence[int],
    today: datetime.date | None = None,
) -> list[BodyCadence]:
    """Per body and year: meetings held against the target (the current year up to today)."""
    today = today or datetime.date.today()
    listed = list(bodies)
    # A queryset is read as a subquery: the list of all forums is too long for query parameters.
    ids = (
        bodies.values_list("pk", flat=True)
        if isinstance(bodies, QuerySet)
        else [b.pk for b in listed]
    )
    counts: Counter[tuple[int, int]] = Counter()
    rows = (
        Meeting.objects.filter(body__in=ids, date__year__in=years)
        .order_by()
        .annotate(year=ExtractYear("date"))
        .values_list("body_id", "year")
        .annotate(n=Count("pk"))
    )
    for body_id, year, n in rows:
        counts[body_id, year] = n
    result = []
    for body in listed:
        cells = []
        for year in years:
            last = min(datetime.date(year, 12, 31), today)
            first = datetime.date(year, 1, 1)
            expected = (
                expected_meetings(body.target_per_year, first, last, body.active_window())
                if first <= today
                else None
            )
            cells.append(CadenceCell(year, counts[body.pk, year], due(expected)))
        result.append(BodyCadence(body, cells))
    return result


def cadence_years(today: datetime.date | None = None, span: int = 4) -> list[int]:
    today = today or datetime.date.today()
    return list(range(today.year - span + 1, today.year + 1))


def visible_bodies(
    user: access.PortalUser, *, level: str = "", province: str = ""
) -> QuerySet[ConsultationBody]:
    qs = access.bodies(user).select_related("province", "agreement", "agreement__local_government")
    if level:
        qs = qs.filter(level=level)
    if province:
        qs = qs.filter(province__code=province)
    return qs.order_by("sort_order", "name")


# The report -------------------------------------------------------------------------------------


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
    meetings = access.meetings(user).filter(date__range=(first, last))
    in_meetings: dict[str, Any] = {
        "meeting__body__in": access.bodies(user),
        "meeting__date__range": (first, last),
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
    outputs = access.outputs(user).filter(meeting__date__range=(first, last))
    output_counts = {
        (kind, status): n
        for kind, status, n in outputs.order_by()
        .values_list("kind", "status")
        .annotate(n=Count("pk"))
    }
    outputs_by_kind = None
    if list_outputs:
        by_kind: defaultdict[str, list[Output]] = defaultdict(list)
        for output in outputs.select_related("meeting", "meeting__body").order_by(
            "kind", "meeting__date", "pk"
        ):
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


# The municipality dashboard ---------------------------------------------------------------------


class ConsultationSummary(TypedDict):
    local_government: LocalGovernment
    recent_meetings: list[Meeting]
    open_outputs: list[Output]
    open_count: int
    overdue_count: int
    today: datetime.date


def municipality_consultation_summary(
    user: access.PortalUser,
    local_government: LocalGovernment,
    today: datetime.date | None = None,
    limit: int = 5,
) -> ConsultationSummary:
    """Recent meetings and open actions of one municipality, for its dashboard.

    Recent meetings: meetings up to today that the municipality attended or that its own forum
    held. Open actions: open outputs that concern the municipality or come from its forum, the
    soonest due first. Only what the user may see.
    """
    today = today or datetime.date.today()
    # The bodies the user may see, read once: both lists below filter on them.
    visible = list(access.bodies(user).values_list("pk", flat=True))
    attended = Meeting.attendees.through.objects.filter(
        meeting=OuterRef("pk"), localgovernment=local_government
    )
    meetings = (
        Meeting.objects.filter(body__in=visible, date__lte=today)
        .filter(Exists(attended) | Q(body__agreement__local_government=local_government))
        .select_related("body")
        .order_by("-date", "-pk")
    )
    concerned = Output.local_governments.through.objects.filter(
        output=OuterRef("pk"), localgovernment=local_government
    )
    open_outputs = list(
        Output.objects.filter(meeting__body__in=visible, status=Output.Status.OPEN)
        .filter(Exists(concerned) | Q(meeting__body__agreement__local_government=local_government))
        .select_related("meeting", "meeting__body")
        .order_by(F("due_date").asc(nulls_last=True), "meeting__date", "pk")
    )
    return {
        "local_government": local_government,
        "recent_meetings": list(meetings[:limit]),
        "open_outputs": open_outputs[: limit * 2],
        "open_count": len(open_outputs),
        "overdue_count": sum(
            1 for output in open_outputs if output.due_date and output.due_date < today
        ),
        "today": today,
    }


# The bodies page --------------------------------------------------------------------------------


@dataclass
class ForumSummary:
    """The forums of one province summed per year: meetings held, due, and forums behind."""

    province: Province | None
    forums: int
    cells: list[tuple[int, int, int | None, int]]  # [(year, held, due, forums behind)]

    @property
    def behind(self) -> bool:
        return any(cell[3] for cell in self.cells)


def summarise_forums(rows: Iterable[BodyCadence], years: Sequence[int]) -> list[ForumSummary]:
    per_province: defaultdict[Province | None, list[BodyCadence]] = defaultdict(list)
    for row in rows:
        per_province[row.body.province].append(row)
    summaries = []
    for province, forum_rows in sorted(
        per_province.items(), key=lambda item: item[0].name if item[0] else ""
    ):
        cells: list[tuple[int, int, int | None, int]] = []
        for index, year in enumerate(years):
            year_cells = [row.cells[index] for row in forum_rows]
            dues = [c.due for c in year_cells if c.due is not None]
            cells.append(
                (
                    year,
                    sum(c.held for c in year_cells),
                    sum(dues) if dues else None,
                    sum(1 for c in year_cells if c.behind),
                )
            )
        summaries.append(ForumSummary(province, len(forum_rows), cells))
    return summaries


def bodies_by_level(
    rows: Iterable[BodyCadence], forum_summaries: list[ForumSummary] | None = None
) -> list[tuple[str, str, list[BodyCadence], list[ForumSummary] | None]]:
    """[(label, level, rows, forum summaries)] in the order of the levels, empty levels left out."""
    grouped: dict[str, list[BodyCadence]] = {level: [] for level in LEVEL_ORDER}
    for row in rows:
        grouped[row.body.level].append(row)
    result = []
    for level, items in grouped.items():
        summaries = forum_summaries if level == Level.MICRO else None
        if items or summaries:
            result.append((Level(level).label, level, items, summaries))
    return result

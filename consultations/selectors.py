"""Reads across relations: cadence against targets, the bodies in a user's scope, the
municipality's consultation summary, and the bodies page's forum summaries. The period report,
which builds on the cadence, is in consultations.report.

Every function takes the user and reads through ocmw_portal.access, so each user gets the answer
for their own scope.
"""

import datetime
import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TypeAlias, TypedDict

from django.db import models
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.db.models.functions import ExtractYear

from activation.models import LocalGovernment, Province
from consultations.models import (
    LEVEL_ORDER,
    ConsultationBody,
    Level,
    Meeting,
    Output,
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
    # False for a year outside the body's active window: a forum before its agreement ran.
    active: bool = True

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
        Meeting.objects.held()
        .filter(body__in=ids, date__year__in=years)
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
        window = body.active_window()
        for year in years:
            last = min(datetime.date(year, 12, 31), today)
            first = datetime.date(year, 1, 1)
            expected = (
                expected_meetings(body.target_per_year, first, last, window)
                if first <= today
                else None
            )
            active = window is not None and _overlaps(window, first, last)
            cells.append(CadenceCell(year, counts[body.pk, year], due(expected), active))
        result.append(BodyCadence(body, cells))
    return result


def _overlaps(
    window: tuple[datetime.date | None, datetime.date | None],
    first: datetime.date,
    last: datetime.date,
) -> bool:
    start, end = window
    return (start is None or start <= last) and (end is None or end >= first)


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


# The municipality dashboard ---------------------------------------------------------------------


class ConsultationSummary(TypedDict):
    local_government: LocalGovernment
    upcoming_meetings: list[Meeting]
    recent_meetings: list[Meeting]
    open_outputs: Sequence[Output]
    open_count: int
    overdue_count: int
    today: datetime.date


def municipality_consultation_summary(
    user: access.PortalUser,
    local_government: LocalGovernment,
    today: datetime.date | None = None,
    limit: int = 5,
) -> ConsultationSummary:
    """Upcoming and recent meetings and open actions of one municipality, for its dashboard.

    Upcoming meetings: planned ones the municipality is invited to. Recent meetings: meetings
    up to today that the municipality attended or that its own forum held. Open actions: open
    outputs that concern the municipality or come from its forum, the soonest due first. Only
    what the user may see.
    """
    today = today or datetime.date.today()
    # The bodies the user may see, read once: the three lists below filter on them.
    visible = list(access.bodies(user).values_list("pk", flat=True))
    attended = Meeting.attendees.through.objects.filter(
        meeting=OuterRef("pk"), localgovernment=local_government
    )
    # A meeting in these lists shows its date, time and body: only those columns are read (the
    # minutes, the agenda and the search text stay in the database).
    meeting_columns = ("pk", "date", "start_time", "body__name")
    recent = (
        Meeting.objects.held()
        .filter(body__in=visible, date__lte=today)
        .filter(Exists(attended) | Q(body__agreement__local_government=local_government))
        .select_related("body")
        .only(*meeting_columns)
        .order_by("-date", "-pk")
    )
    upcoming = (
        Meeting.objects.upcoming(today)
        .filter(body__in=visible, invited=local_government)
        .select_related("body")
        .only(*meeting_columns)
    )
    concerned = Output.local_governments.through.objects.filter(
        output=OuterRef("pk"), localgovernment=local_government
    )
    # The first open actions, with how many are open and overdue in all, in one query.
    open_outputs = list(
        Output.objects.filter(
            meeting__body__in=visible,
            meeting__deleted_at__isnull=True,
            status=Output.Status.OPEN,
        )
        .filter(Exists(concerned) | Q(meeting__body__agreement__local_government=local_government))
        .only("pk", "kind", "title", "due_date")
        .annotate(
            open_total=models.Window(Count("pk")),
            overdue_total=models.Window(Count("pk", filter=Q(due_date__lt=today))),
        )
        .order_by(F("due_date").asc(nulls_last=True), "meeting__date", "pk")[: limit * 2]
    )
    first = open_outputs[0] if open_outputs else None
    return {
        "local_government": local_government,
        "upcoming_meetings": list(upcoming[:limit]),
        "recent_meetings": list(recent[:limit]),
        "open_outputs": open_outputs,
        "open_count": first.open_total if first else 0,
        "overdue_count": first.overdue_total if first else 0,
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

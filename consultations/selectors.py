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

from django.db.models import Count, QuerySet
from django.db.models.functions import ExtractYear

from activation.models import CooperationAgreement, LocalGovernment, Province
from consultations.models import (
    HELD_STATUSES,
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


# The summary is on every municipality dashboard, the page opened most. Its three lists are
# written in SQL: the same lists through the ORM cost twice the time, most of it in building the
# queries (the dashboard's load test). Each reads one table's own columns, so that raw() converts
# them as the ORM would; `{visible}` is the list of the bodies the user may see (access.bodies),
# `{held}` the states of a meeting that took place.
_TABLES = {
    "meeting": Meeting._meta.db_table,
    "body": ConsultationBody._meta.db_table,
    "agreement": CooperationAgreement._meta.db_table,
    "attendee": Meeting.attendees.through._meta.db_table,
    "invitee": Meeting.invited.through._meta.db_table,
    "output": Output._meta.db_table,
    "concerned": Output.local_governments.through._meta.db_table,
}
# The municipality's own forum: the body of its cooperation agreement.
_OWN_FORUM = "b.agreement_id IN (SELECT a.id FROM {agreement} a WHERE a.local_government_id = %s)"
# Meetings up to today that the municipality attended or that its own forum held, latest first.
_RECENT_MEETINGS = (
    "SELECT m.id, m.date, m.start_time, m.body_id, b.name AS body_name"
    " FROM {meeting} m JOIN {body} b ON b.id = m.body_id"
    " WHERE m.deleted_at IS NULL AND m.status IN {held} AND m.date <= %s AND m.body_id IN {visible}"
    " AND (EXISTS (SELECT 1 FROM {attendee} t"
    " WHERE t.meeting_id = m.id AND t.localgovernment_id = %s) OR " + _OWN_FORUM + ")"
    " ORDER BY m.date DESC, m.id DESC LIMIT %s"
)
# Planned meetings from today on that the municipality is invited to, the nearest first.
_UPCOMING_MEETINGS = (
    "SELECT m.id, m.date, m.start_time, m.body_id, b.name AS body_name"
    " FROM {meeting} m JOIN {body} b ON b.id = m.body_id"
    " WHERE m.deleted_at IS NULL AND m.status = %s AND m.date >= %s AND m.body_id IN {visible}"
    " AND EXISTS (SELECT 1 FROM {invitee} t"
    " WHERE t.meeting_id = m.id AND t.localgovernment_id = %s)"
    " ORDER BY m.date, m.start_time, m.id LIMIT %s"
)
# Open outputs that concern the municipality or come from its forum, the soonest due first (no
# due date last), with how many are open and overdue in all.
_OPEN_OUTPUTS = (
    "SELECT o.id, o.kind, o.title, o.due_date, COUNT(*) OVER () AS open_total,"
    " COUNT(CASE WHEN o.due_date < %s THEN 1 END) OVER () AS overdue_total"
    " FROM {output} o JOIN {meeting} m ON m.id = o.meeting_id JOIN {body} b ON b.id = m.body_id"
    " WHERE m.deleted_at IS NULL AND o.status = %s AND m.body_id IN {visible}"
    " AND (EXISTS (SELECT 1 FROM {concerned} t"
    " WHERE t.output_id = o.id AND t.localgovernment_id = %s) OR " + _OWN_FORUM + ")"
    " ORDER BY o.due_date IS NULL, o.due_date, m.date, o.id LIMIT %s"
)


def _placeholders(values: Sequence[object]) -> str:
    return "(" + ", ".join(["%s"] * len(values)) + ")"


def _with_bodies(meetings: Iterable[Meeting]) -> list[Meeting]:
    """The meetings, each with its body as far as read (its name; the rest is read on use)."""
    result = list(meetings)
    for meeting in result:
        values = [meeting.body_id, meeting.body_name]  # type: ignore[attr-defined]
        meeting.body = ConsultationBody.from_db(meeting._state.db, ["id", "name"], values)
    return result


def municipality_consultation_summary(
    user: access.PortalUser,
    local_government: LocalGovernment,
    today: datetime.date | None = None,
    limit: int = 5,
) -> ConsultationSummary:
    """Upcoming and recent meetings and open actions of one municipality, for its dashboard.

    Upcoming meetings: planned ones the municipality is invited to. Recent meetings: meetings
    up to today that the municipality attended or that its own forum held. Open actions: open
    outputs that concern the municipality or come from its forum, the soonest due first (the
    first 2 × `limit`). Only what the user may see.
    """
    today = today or datetime.date.today()
    # The bodies the user may see, read once: the three lists below filter on them.
    visible = list(access.bodies(user).values_list("pk", flat=True))
    summary: ConsultationSummary = {
        "local_government": local_government,
        "upcoming_meetings": [],
        "recent_meetings": [],
        "open_outputs": [],
        "open_count": 0,
        "overdue_count": 0,
        "today": today,
    }
    if not visible:
        return summary
    tables = {**_TABLES, "visible": _placeholders(visible), "held": _placeholders(HELD_STATUSES)}
    code = local_government.pk
    summary["upcoming_meetings"] = _with_bodies(
        Meeting.objects.raw(
            _UPCOMING_MEETINGS.format(**tables),
            [Meeting.Status.PLANNED, today, *visible, code, limit],
        )
    )
    summary["recent_meetings"] = _with_bodies(
        Meeting.objects.raw(
            _RECENT_MEETINGS.format(**tables),
            [*HELD_STATUSES, today, *visible, code, code, limit],
        )
    )
    outputs = list(
        Output.objects.raw(
            _OPEN_OUTPUTS.format(**tables),
            [today, Output.Status.OPEN, *visible, code, code, limit * 2],
        )
    )
    if outputs:
        summary["open_outputs"] = outputs
        summary["open_count"] = outputs[0].open_total  # type: ignore[attr-defined]
        summary["overdue_count"] = outputs[0].overdue_total  # type: ignore[attr-defined]
    return summary


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

"""Reads for the dashboards: the stored figures (activation.figures writes them), comparison
groups, members, mergers and imports. Each is one query, whatever the number of quarters."""

import datetime
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

from django.db import connection
from django.db.models import Exists, F, Max, Min, OuterRef, Q, QuerySet, Window
from django.db.models.functions import Rank

from activation import figures
from activation.indicators import INDICATORS, Indicator
from activation.models import (
    BenchmarkGroup,
    CurrentResult,
    GroupFigure,
    ImportBatch,
    LocalGovernment,
    Merger,
)
from activation.quarters import Quarter

Kind = BenchmarkGroup.Kind

# The order in which a municipality's comparison groups are shown: nearest first.
GROUP_ORDER: list[str] = [
    Kind.PROVINCE,
    Kind.REFERENCE_REGION,
    Kind.NEIGHBOURS,
    Kind.SIMILAR,
    Kind.CENTRE_CITIES,
    Kind.FLANDERS,
    Kind.UPLOADED,
]


def _quarter(value: Quarter | int | None) -> Quarter | None:
    if value is None or isinstance(value, Quarter):
        return value
    return Quarter.from_index(value)


def figures_span() -> tuple[Quarter | None, Quarter | None]:
    """(first, last): the first and last quarter with stored figures, or (None, None)."""
    span = CurrentResult.objects.aggregate(first=Min("quarter"), last=Max("quarter"))
    return _quarter(span["first"]), _quarter(span["last"])


def comparison_groups(local_government: LocalGovernment) -> list[tuple[BenchmarkGroup, bool]]:
    """[(group, is_member)] that `local_government` is compared with, nearest first.

    A neighbours or vergelijkbaar group does not hold the municipality it is anchored on
    (is_member False).
    Groups without members are no comparison (BenchmarkGroup.objects.compared_with).
    """
    through = BenchmarkGroup.members.through
    member = through.objects.filter(benchmarkgroup=OuterRef("pk"), localgovernment=local_government)
    groups = BenchmarkGroup.objects.compared_with([local_government.pk]).annotate(
        is_member=Exists(member)
    )
    ordered = sorted(groups, key=lambda g: (GROUP_ORDER.index(g.kind), g.name))
    return [(group, group.is_member) for group in ordered]


# A municipality's figures as the pages read them: named rows of CurrentResult's fields. The
# overview reads all 285 of a quarter, and model instances would cost more than the query.
_RESULT_FIELDS = figures.CURRENT_FIELDS


class CurrentResultRow(Protocol):
    """A row of values_list(*_RESULT_FIELDS, named=True): CurrentResult's fields, read-only.

    Its counts and rates (activation.indicators) are read by name, with getattr."""

    @property
    def local_government_id(self) -> str: ...
    @property
    def quarter(self) -> Quarter: ...
    @property
    def status(self) -> str | None: ...
    @property
    def sources(self) -> list[int]: ...
    @property
    def parts(self) -> list[str]: ...


def series(
    local_government: LocalGovernment, quarters: Sequence[Quarter]
) -> dict[Quarter, CurrentResultRow]:
    """{Quarter: figures} of one municipality over `quarters` (consecutive)."""
    rows = CurrentResult.objects.filter(
        local_government=local_government, quarter__gte=quarters[0], quarter__lte=quarters[-1]
    ).order_by()
    return {row.quarter: row for row in rows.values_list(*_RESULT_FIELDS, named=True)}


def results_at(quarter: Quarter) -> dict[str, CurrentResultRow]:
    """{NIS code: figures} of every current municipality with figures for `quarter`."""
    rows = CurrentResult.objects.filter(quarter=quarter).order_by()
    return {row.local_government_id: row for row in rows.values_list(*_RESULT_FIELDS, named=True)}


# A group figure as the pages read it: a named row of GroupFigure's fields. A dashboard reads a
# few hundred, and model instances would cost more than the query.
_FIGURE_FIELDS = figures.GROUP_FIELDS


class GroupFigureRow(Protocol):
    """A row of values_list(*_FIGURE_FIELDS, named=True): GroupFigure's fields, read-only."""

    @property
    def group_id(self) -> int: ...
    @property
    def quarter(self) -> Quarter: ...
    @property
    def indicator(self) -> str: ...
    @property
    def numerator(self) -> int | None: ...
    @property
    def denominator(self) -> int | None: ...
    @property
    def rate(self) -> float | None: ...
    @property
    def median(self) -> float | None: ...
    @property
    def members_reporting(self) -> int: ...
    @property
    def members_total(self) -> int: ...
    @property
    def withheld(self) -> str: ...
    @property
    def status(self) -> str | None: ...
    @property
    def sources(self) -> list[int]: ...


def group_figures(
    group_ids: Iterable[int], quarters: Sequence[Quarter]
) -> dict[tuple[int, str], dict[Quarter, GroupFigureRow]]:
    """{(group pk, indicator code): {Quarter: figure}} over `quarters` (consecutive)."""
    rows = GroupFigure.objects.filter(
        group__in=group_ids, quarter__gte=quarters[0], quarter__lte=quarters[-1]
    ).order_by()
    result: defaultdict[tuple[int, str], dict[Quarter, GroupFigureRow]] = defaultdict(dict)
    for figure in rows.values_list(*_FIGURE_FIELDS, named=True):
        result[figure.group_id, figure.indicator][figure.quarter] = figure
    return result


def group_figures_at(code: str, quarter: Quarter) -> dict[str, GroupFigureRow]:
    """{indicator code: figure} of the group with `code` for one quarter."""
    rows = GroupFigure.objects.filter(group__code=code, quarter=quarter).order_by()
    return {figure.indicator: figure for figure in rows.values_list(*_FIGURE_FIELDS, named=True)}


@dataclass(frozen=True)
class Standing:
    """How a rate compares with a group's members' shown rates in one quarter."""

    better: int  # members with a higher rate (a lower one when lower is better)
    equal: int  # members with the same rate as shown
    ranked: int  # members with a shown rate


def standings(
    group_ids: Iterable[int], quarter: Quarter, own: CurrentResultRow | None
) -> dict[tuple[int, str], Standing]:
    """{(group pk, indicator code): Standing} of the rates of `own` (a CurrentResult) among the
    members of each group, counted in SQL in one query. Equal rates as shown share a rank.

    Written in SQL: on every municipality dashboard, and through the ORM its dozen conditional
    counts cost three times as long to build as to run."""
    group_ids = list(group_ids)
    if not group_ids:
        return {}
    # Per indicator: members with a shown rate, with a better one, with the same one. The
    # indicators' codes are CurrentResult's column names.
    columns = []
    rates: list[float] = []
    for indicator in INDICATORS:
        code = indicator.code
        columns.append(f"COUNT(r.{code})")
        value = getattr(own, code, None) if own else None
        if value is None:
            columns += ["0", "0"]
            continue
        better = ">" if indicator.higher_is_better else "<"
        columns += [
            f"COUNT(CASE WHEN r.{code} {better} %s THEN 1 END)",
            f"COUNT(CASE WHEN r.{code} = %s THEN 1 END)",
        ]
        rates += [value, value]
    members = BenchmarkGroup.members.through._meta.db_table
    sql = (
        f"SELECT m.benchmarkgroup_id, {', '.join(columns)}"
        f" FROM {CurrentResult._meta.db_table} r"
        f" JOIN {members} m ON m.localgovernment_id = r.local_government_id"
        f" WHERE r.quarter = %s AND m.benchmarkgroup_id IN ({', '.join(['%s'] * len(group_ids))})"
        " GROUP BY m.benchmarkgroup_id"
    )
    params = [*rates, quarter.index, *group_ids]
    result: dict[tuple[int, str], Standing] = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for group_id, *counts in cursor.fetchall():
            for number, indicator in enumerate(INDICATORS):
                ranked, better, equal = counts[3 * number : 3 * number + 3]
                result[group_id, indicator.code] = Standing(better, equal, ranked)
    return result


def ranked_members(
    group: BenchmarkGroup, quarter: Quarter, indicator: Indicator
) -> dict[str, tuple[CurrentResult, int | None]]:
    """{NIS code: (CurrentResult, rank)} of a group's members with figures for `quarter`.

    The rank comes from a window function over the members' shown rates (equal rates share a
    rank, 1 being the best); a member whose rate is unknown or withheld has rank None.
    """
    code = indicator.code
    order = (
        F(code).desc(nulls_last=True)
        if indicator.higher_is_better
        else F(code).asc(nulls_last=True)
    )
    rows = CurrentResult.objects.filter(
        quarter=quarter, local_government__benchmark_groups=group
    ).annotate(rank=Window(Rank(), order_by=order))
    return {
        row.local_government_id: (row, row.rank if getattr(row, code) is not None else None)
        for row in rows
    }


def scope_rows(
    local_governments: QuerySet[LocalGovernment],
) -> list[tuple[str, str, str, str]]:
    """[(NIS code, name, province code, province name)] of a queryset of local governments."""
    return list(
        local_governments.order_by("name").values_list(
            "nis_code", "name", "province_id", "province__name"
        )
    )


def group_members(group: BenchmarkGroup) -> list[tuple[str, str, str]]:
    """[(NIS code, name, province name)] of a group's members, in name order."""
    return list(group.members.order_by("name").values_list("nis_code", "name", "province__name"))


def memberships(kinds: Iterable[str]) -> list[tuple[str, str, str, str]]:
    """[(NIS code, group code, group name, group kind)] for the groups of `kinds`."""
    through = BenchmarkGroup.members.through
    return list(
        through.objects.filter(benchmarkgroup__kind__in=kinds).values_list(
            "localgovernment_id",
            "benchmarkgroup__code",
            "benchmarkgroup__name",
            "benchmarkgroup__kind",
        )
    )


def merger_history(local_government: LocalGovernment) -> list[Merger]:
    """The mergers that formed this municipality, and those that formed its parts, oldest first.

    Two generations cover the mergers of 2019 and 2025.
    """
    mergers = Merger.objects.filter(
        Q(successor=local_government) | Q(successor__merged_into__successor=local_government)
    ).select_related("predecessor", "successor")
    return sorted(mergers, key=lambda m: (m.date, m.successor.name, m.predecessor.name))


@dataclass(frozen=True)
class ImportRecord:
    """An import that figures shown rest on, and when it was made (the source of a figure)."""

    pk: int
    file_name: str
    created_at: datetime.datetime
    username: str


def import_batches(batch_ids: Iterable[int]) -> dict[int, ImportRecord]:
    """{pk: ImportRecord} of the imports that the figures shown rest on, oldest first."""
    rows = (
        ImportBatch.objects.filter(pk__in=batch_ids)
        .order_by("created_at", "pk")
        .values_list("pk", "file_name", "created_at", "uploaded_by__username")
    )
    return {pk: ImportRecord(pk, name, at, username or "") for pk, name, at, username in rows}

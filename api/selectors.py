"""The API's reads: the stored figures (activation.figures writes them) as the API shows them,
with the disclosure rule of the pages.

Inside the user's scope (access.seen_in_full) a municipality's figures come in full; outside
it, only its rates, as on the overview's map and in the rankings (access.sees_rankings): its
counts are null. A withheld rate ("n<10") and a withheld group figure ("te weinig gemeenten")
are null with their marker, as the stored figures hold them. A group's sums of counts come
only to a user who sees every member of the group in full.
"""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from django.db.models import QuerySet

from activation.indicators import COUNT_FIELDS, INDICATORS, PER_THOUSAND
from activation.models import BenchmarkGroup, CurrentResult, GroupFigure
from activation.quarters import Quarter
from dashboards.formatting import FEW_MEMBERS, suppressed_label
from ocmw_portal import access

# The columns of a CurrentResult that the API reads, in this order.
CURRENT_COLUMNS = (
    "local_government_id",
    "local_government__name",
    "quarter",
    *COUNT_FIELDS,
    *(name for indicator in INDICATORS for name in (indicator.code, f"{indicator.code}_small")),
    PER_THOUSAND.code,
    "status",
    "sources",
    "parts",
)
GROUP_COLUMNS = (
    "group__code",
    "group__name",
    "group_id",
    "quarter",
    "indicator",
    "numerator",
    "denominator",
    "rate",
    "median",
    "members_reporting",
    "members_total",
    "withheld",
    "status",
    "sources",
)


def in_quarters(rows: QuerySet[Any], first: Quarter | None, last: Quarter | None) -> QuerySet[Any]:
    if first is not None:
        rows = rows.filter(quarter__gte=first)
    if last is not None:
        rows = rows.filter(quarter__lte=last)
    return rows


def current_results(user: access.PortalUser) -> QuerySet[CurrentResult]:
    """The stored figures the user may see: every current municipality's for a user who sees
    rates in rankings and maps, else those of the scope; by quarter, then NIS code."""
    rows = CurrentResult.objects.filter(local_government__valid_until__isnull=True)
    if not access.sees_rankings(user):
        rows = rows.filter(local_government__in=access.local_governments(user))
    return rows.order_by("quarter", "local_government_id")


def figure_rows(user: access.PortalUser, rows: Sequence[tuple[Any, ...]]) -> list[dict[str, Any]]:
    """CurrentResult rows (values_list of CURRENT_COLUMNS) as the API shows them to `user`."""
    full = access.seen_in_full(user, {row[0] for row in rows})
    marker = suppressed_label()
    counts = range(3, 3 + len(COUNT_FIELDS))
    first_rate = 3 + len(COUNT_FIELDS)
    result = []
    for row in rows:
        shown = row[0] in full
        item: dict[str, Any] = {
            "nis_code": row[0],
            "gemeente": row[1],
            "kwartaal": str(row[2]),
            "volledig": shown,
        }
        for name, position in zip(COUNT_FIELDS, counts, strict=True):
            item[name] = row[position] if shown else None
        for offset, indicator in enumerate(INDICATORS):
            value, small = row[first_rate + 2 * offset], row[first_rate + 2 * offset + 1]
            item[indicator.code] = {"waarde": value, "niet_getoond": marker if small else None}
        # A rate of the population, shown beside the others on every page and map.
        item[PER_THOUSAND.code] = row[-4]
        item["status"], item["bronnen"], item["delen"] = row[-3], row[-2], row[-1]
        result.append(item)
    return result


def group_figures(groups: QuerySet[BenchmarkGroup]) -> QuerySet[GroupFigure]:
    return GroupFigure.objects.filter(group__in=groups).order_by(
        "quarter", "group__code", "indicator"
    )


def _members(group_ids: Iterable[int]) -> dict[int, set[str]]:
    through = BenchmarkGroup.members.through
    members: defaultdict[int, set[str]] = defaultdict(set)
    rows = through.objects.filter(benchmarkgroup__in=set(group_ids)).order_by()
    for group_id, code in rows.values_list("benchmarkgroup_id", "localgovernment_id"):
        members[group_id].add(code)
    return members


def group_figure_rows(
    user: access.PortalUser, rows: Sequence[tuple[Any, ...]]
) -> list[dict[str, Any]]:
    """GroupFigure rows (values_list of GROUP_COLUMNS) as the API shows them to `user`."""
    if access.covers_all_flanders(user):
        complete = {row[2] for row in rows}
    else:
        members = _members(row[2] for row in rows)
        full = access.seen_in_full(user, set().union(*members.values()))
        complete = {group for group, codes in members.items() if codes <= full}
    marker = suppressed_label()
    result = []
    for (
        code,
        name,
        group_id,
        quarter,
        indicator,
        numerator,
        denominator,
        rate,
        median,
        reporting,
        total,
        withheld,
        status,
        sources,
    ) in rows:
        sums = group_id in complete
        result.append(
            {
                "groep": code,
                "groep_naam": name,
                "kwartaal": str(quarter),
                "indicator": indicator,
                "waarde": rate,
                "mediaan": median,
                "teller": numerator if sums else None,
                "noemer": denominator if sums else None,
                "gemeenten_met_cijfers": reporting,
                "gemeenten_in_groep": total,
                "niet_getoond": {
                    GroupFigure.Withheld.FEW_MEMBERS: FEW_MEMBERS,
                    GroupFigure.Withheld.SMALL_DENOMINATOR: marker,
                }.get(withheld),
                "status": status,
                "bronnen": sources,
            }
        )
    return result

"""The one service that writes the derived figures, and the one disclosure rule.

Figures are computed when their inputs change and stored (DESIGN.md section 5):
- CurrentResult: each current local government's counts per quarter in current borders, with its
  rates as shown, its status and the imports it rests on;
- GroupFigure: each benchmark group's sums, pooled rate, median, members reporting against
  members in total, status and imports, per quarter and indicator.

Entry points, each running inside the caller's transaction (a savepoint of its own):
- rebuild(quarters=None): everything, or only the given quarters (an import confirmed or
  undone: the quarters its rows are in);
- rebuild_groups(groups): every quarter of some groups (their members changed);
- refresh_similar(): the vergelijkbaar groups and the figures of those whose members changed;
- differences(): the stored figures against a fresh computation (`rebuild_figures --check`).

The vergelijkbaar groups (activation.similar) are derived from the figures in current borders:
rebuild() recomputes their members before it computes the group figures, and rebuilds every
quarter of the groups whose members changed.

The disclosure rule is applied here, once, as the figures are stored: a rate whose denominator is
below PORTAL_MIN_DENOMINATOR (0 included) is withheld ("n<10"); a group figure from fewer than
MIN_REPORTING members is withheld ("te weinig gemeenten") with its counts and median. Pages,
exports and charts show what is stored, the same for every viewer.
"""

import statistics
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, TypeAlias, cast

from django.conf import settings
from django.db import transaction

from activation import bulk, similar
from activation.indicators import COUNT_FIELDS, INDICATORS, PER_THOUSAND, Indicator, per_thousand
from activation.models import (
    BenchmarkGroup,
    CurrentResult,
    GroupFigure,
    LocalGovernment,
    Merger,
    QuarterlyResult,
    ResultStatus,
)
from activation.quarters import Quarter

# A group figure needs at least this many members reporting before it is shown.
MIN_REPORTING = 3

# The fields rebuild writes and differences() compares, in order.
CURRENT_FIELDS = [
    "local_government_id",
    "quarter",
    *COUNT_FIELDS,
    *(name for ind in INDICATORS for name in (ind.code, f"{ind.code}_small")),
    PER_THOUSAND.code,
    "status",
    "sources",
    "parts",
]
GROUP_FIELDS = [
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
]


# The values of a CurrentResult or GroupFigure in CURRENT_FIELDS or GROUP_FIELDS order: counts,
# rates, flags, codes, a quarter and JSON lists side by side.
CurrentRow: TypeAlias = tuple[Any, ...]
GroupRow: TypeAlias = tuple[Any, ...]
# A GroupFigure's values after (group, quarter, indicator): numerator, denominator, rate, median,
# members reporting, members in total, withheld, status, sources.
GroupValues: TypeAlias = tuple[
    int | None, int | None, float | None, float | None, int, int, str, str | None, list[int]
]
# A member's (numerator, denominator, shown rate) of one indicator.
Reporting: TypeAlias = tuple[int, int, float | None]


def min_denominator() -> int:
    """The smallest denominator whose rate is shown; never below 1, so 0 is always withheld."""
    return max(settings.PORTAL_MIN_DENOMINATOR, 1)


def percent(numerator: int, denominator: int) -> float:
    """numerator / denominator as a percentage rounded to one decimal, as every output shows it."""
    return round(100 * numerator / denominator, 1)


def shown_rate(
    numerator: int | None, denominator: int | None, minimum: int
) -> tuple[float | None, bool]:
    """(rate as shown, withheld as n<10) of one municipality; (None, False) when unknown."""
    if numerator is None or denominator is None:
        return None, False
    if denominator < minimum:
        return None, True
    return percent(numerator, denominator), False


def _status(statuses: Iterable[str | None]) -> str | None:
    """Definitief when every known status is, voorlopig when one is not, None when none is known."""
    known = set(statuses)
    known.discard(None)
    if not known:
        return None
    if known == {ResultStatus.FINAL}:
        return ResultStatus.FINAL
    return ResultStatus.PROVISIONAL


def _sources(lists: Iterable[Iterable[int]]) -> list[int]:
    """The imports behind several figures: the sorted union of their sources."""
    return sorted(set[int]().union(*lists))


def _group_figure(
    reporting: Sequence[Reporting],
    status: str | None,
    sources: list[int],
    members_total: int,
    minimum: int,
) -> GroupValues:
    """The GroupFigure values after (group, quarter, indicator), in GROUP_FIELDS order.

    `reporting`: (numerator, denominator, shown rate) of each member that reports both counts
    of the indicator; `status` and `sources`: those members' together. The sums, the pooled
    rate and the median of the members' shown rates, with the disclosure rule.
    """
    count = len(reporting)
    if count < MIN_REPORTING:
        withheld = GroupFigure.Withheld.FEW_MEMBERS
        return None, None, None, None, count, members_total, withheld, status, sources
    numerators, denominators, rates = zip(*reporting, strict=True)
    numerator, denominator = sum(numerators), sum(denominators)
    if denominator < minimum:
        withheld = GroupFigure.Withheld.SMALL_DENOMINATOR
        return None, None, None, None, count, members_total, withheld, status, sources
    shown = [rate for rate in rates if rate is not None]
    median = round(statistics.median(shown), 1) if shown else None
    rate = percent(numerator, denominator)
    withheld = GroupFigure.Withheld.NO
    return numerator, denominator, rate, median, count, members_total, withheld, status, sources


def pooled(
    indicator: Indicator,
    members: Iterable[CurrentResult | None],
    members_total: int,
    minimum: int,
) -> dict[str, object]:
    """The GroupFigure fields of one indicator over `members` (CurrentResult-like objects of one
    quarter; None for a member without figures), as a dict: what a stored group figure of these
    members holds (an ad-hoc selection of municipalities is pooled the same way)."""
    reporting = [
        member
        for member in members
        if member is not None
        and getattr(member, indicator.numerator) is not None
        and getattr(member, indicator.denominator) is not None
    ]
    values = _group_figure(
        [
            (
                getattr(member, indicator.numerator),
                getattr(member, indicator.denominator),
                getattr(member, indicator.code),
            )
            for member in reporting
        ],
        _status(member.status for member in reporting),
        _sources(member.sources for member in reporting),
        members_total,
        minimum,
    )
    return dict(zip(GROUP_FIELDS[3:], values, strict=True))


# --- Computing --------------------------------------------------------------------------------
#
# Figures are computed as plain tuples in CURRENT_FIELDS and GROUP_FIELDS order: a full rebuild
# makes some 60,000 of them, and model instances would cost more than the computation.

_STATUS = CURRENT_FIELDS.index("status")
_SOURCES = CURRENT_FIELDS.index("sources")
# Per indicator, where its numerator, denominator and shown rate are in a CurrentResult tuple.
_POSITIONS = [
    (
        CURRENT_FIELDS.index(indicator.numerator),
        CURRENT_FIELDS.index(indicator.denominator),
        CURRENT_FIELDS.index(indicator.code),
    )
    for indicator in INDICATORS
]


def _borders() -> tuple[dict[str, list[str]], dict[str, LocalGovernment]]:
    """({current code: [codes of its parts, itself included]}, {code: LocalGovernment})."""
    lifetimes = LocalGovernment.objects.only(
        "nis_code", "valid_from", "valid_until", "population"
    ).in_bulk()
    successor_of = dict(Merger.objects.values_list("predecessor_id", "successor_id"))
    parts: defaultdict[str, list[str]] = defaultdict(list)
    for code in lifetimes:
        final, seen = code, {code}
        while final in successor_of and successor_of[final] not in seen:
            final = successor_of[final]
            seen.add(final)
        parts[final].append(code)
    return parts, lifetimes


def compute_current(quarters: Iterable[Quarter] | None = None) -> list[CurrentRow]:
    """CurrentResult tuples (CURRENT_FIELDS) for `quarters` (None: every quarter with figures)."""
    parts_of, lifetimes = _borders()
    final_of = {code: final for final, parts in parts_of.items() for code in parts}
    rows = QuarterlyResult.objects.order_by()
    if quarters is not None:
        rows = rows.filter(quarter__in=list(quarters))
    columns = ("local_government_id", "quarter", "status", "import_batch_id", *COUNT_FIELDS)
    grouped: defaultdict[tuple[str, Quarter], list[tuple[Any, ...]]] = defaultdict(list)
    for row in rows.values_list(*columns):
        grouped[final_of[row[0]], row[1]].append(row)

    minimum = min_denominator()
    count_positions = range(4, 4 + len(COUNT_FIELDS))
    results: list[CurrentRow] = []
    for (final, quarter), found in sorted(
        grouped.items(), key=lambda item: (item[0][1], item[0][0])
    ):
        counts: Sequence[int | None]
        if len(found) == 1 and len(parts_of[final]) == 1:
            # No merger behind it: the municipality's own row.
            counts = found[0][4:]
        else:
            day = quarter.first_day
            expected = {code for code in parts_of[final] if lifetimes[code].exists_on(day)}
            complete = expected <= {row[0] for row in found}
            summed: list[int | None] = []
            for position in count_positions:
                values = [row[position] for row in found]
                known = complete and all(value is not None for value in values)
                summed.append(sum(values) if known else None)
            counts = summed
        by_name = dict(zip(COUNT_FIELDS, counts, strict=True))
        rates: list[float | bool | None] = []
        for indicator in INDICATORS:
            rates += shown_rate(
                by_name[indicator.numerator], by_name[indicator.denominator], minimum
            )
        known = any(value is not None for value in counts)
        results.append(
            (
                final,
                quarter,
                *counts,
                *rates,
                per_thousand(by_name["llg_totaal"], lifetimes[final].population),
                _status(row[2] for row in found) if known else None,
                sorted({row[3] for row in found if row[3]}),
                sorted({row[0] for row in found}),
            )
        )
    return results


def _members(groups: Iterable[BenchmarkGroup] | None = None) -> dict[int, list[str]]:
    """{group pk: [member codes]} of `groups` (None: every group)."""
    through = BenchmarkGroup.members.through
    rows = through.objects.order_by()
    if groups is not None:
        rows = rows.filter(benchmarkgroup__in=[group.pk for group in groups])
    members: defaultdict[int, list[str]] = defaultdict(list)
    for group_id, code in rows.values_list("benchmarkgroup_id", "localgovernment_id"):
        members[group_id].append(code)
    return members


def compute_groups(
    current: Iterable[CurrentRow],
    quarters: Iterable[Quarter],
    group_ids: Iterable[int],
    members: Mapping[int, Sequence[str]],
) -> list[GroupRow]:
    """GroupFigure tuples (GROUP_FIELDS) of `group_ids` for `quarters`, from CurrentResult tuples
    (CURRENT_FIELDS)."""
    by_quarter: defaultdict[Quarter, list[CurrentRow]] = defaultdict(list)
    for result in current:
        by_quarter[result[1]].append(result)
    minimum = min_denominator()
    figures: list[GroupRow] = []
    for quarter in sorted(quarters):
        # Per municipality with figures: per indicator (numerator, denominator, shown rate), or
        # None where a count is unknown; whether it reports every indicator; status; sources.
        entries: dict[str, tuple[tuple[Reporting | None, ...], bool, str | None, list[int]]] = {}
        for result in by_quarter[quarter]:
            per_indicator = tuple(
                (result[n], result[d], result[r])
                if result[n] is not None and result[d] is not None
                else None
                for n, d, r in _POSITIONS
            )
            entries[result[0]] = (
                per_indicator,
                None not in per_indicator,
                result[_STATUS],
                result[_SOURCES],
            )
        for group_id in group_ids:
            codes = members.get(group_id, ())
            found = [entries[code] for code in codes if code in entries]
            # Usually every member with figures reports every indicator: one status and one
            # set of sources for the four.
            complete = all(entry[1] for entry in found)
            if complete:
                status = _status(entry[2] for entry in found)
                sources = _sources(entry[3] for entry in found)
            for position, indicator in enumerate(INDICATORS):
                reporting: list[Reporting]
                if complete:
                    # No member's entry is None for any indicator.
                    reporting = cast(list[Reporting], [entry[0][position] for entry in found])
                else:
                    subset = [entry for entry in found if entry[0][position] is not None]
                    reporting = [
                        shown for entry in subset if (shown := entry[0][position]) is not None
                    ]
                    status = _status(entry[2] for entry in subset)
                    sources = _sources(entry[3] for entry in subset)
                figures.append(
                    (
                        group_id,
                        quarter,
                        indicator.code,
                        *_group_figure(reporting, status, sources, len(codes), minimum),
                    )
                )
    return figures


def _all_groups() -> list[int]:
    return list(BenchmarkGroup.objects.order_by("pk").values_list("pk", flat=True))


def _quarters_of(current: Iterable[CurrentRow]) -> set[Quarter]:
    return {result[1] for result in current}


_LLG_TOTAAL = CURRENT_FIELDS.index("llg_totaal")


def _llg_totals(
    current: Iterable[CurrentRow], stored_except: Iterable[Quarter] | None = None
) -> dict[str, dict[Quarter, int]]:
    """{code: {quarter: llg_totaal}} of the known llg_totaal in `current` (CurrentResult
    tuples), and, unless `stored_except` is None, of the stored CurrentResult outside those
    quarters: the figures as they are once `current` is written."""
    totals: defaultdict[str, dict[Quarter, int]] = defaultdict(dict)
    if stored_except is not None:
        stored = (
            CurrentResult.objects.exclude(quarter__in=list(stored_except))
            .filter(llg_totaal__isnull=False)
            .order_by()
            .values_list("local_government_id", "quarter", "llg_totaal")
        )
        for code, quarter, value in stored:
            if value is not None:  # filtered in SQL; for the type checker
                totals[code][quarter] = value
    for result in current:
        if result[_LLG_TOTAAL] is not None:
            totals[result[0]][result[1]] = result[_LLG_TOTAAL]
    return totals


def _similar_groups(llg: Mapping[str, Mapping[Quarter, int]]) -> dict[str, list[str]]:
    """{anchor code: member codes} of the vergelijkbaar groups as `llg` makes them."""
    return similar.nearest(similar.contexts(llg))


# --- Writing ----------------------------------------------------------------------------------


def rebuild(*, quarters: Iterable[Quarter] | None = None) -> tuple[int, int]:
    """Rebuild the stored figures of `quarters` (an iterable of Quarter; None: everything).

    For an import confirmed or undone, pass the quarters of the rows it wrote: the figures of
    other quarters do not depend on them. Borders (local governments, mergers) and groups
    change every quarter: pass None. Returns (current results, group figures) written.
    """
    if quarters is not None:
        quarters = sorted(set(quarters))
        if not quarters:
            return 0, 0
    with transaction.atomic():
        current = compute_current(quarters)
        # The vergelijkbaar groups first, so that their figures are computed with their members.
        changed = similar.write_groups(_similar_groups(_llg_totals(current, quarters)))
        members = _members()
        groups = compute_groups(current, _quarters_of(current), _all_groups(), members)
        elsewhere: list[GroupRow] = []
        if quarters is not None and changed:
            # The groups whose members changed, in the quarters this rebuild leaves alone.
            elsewhere = _figures_outside(changed, quarters, members)
        # Derived rows, not audited: deleted and inserted in a few statements (activation.bulk).
        for model in (CurrentResult, GroupFigure):
            if quarters is None:
                bulk.delete_rows(model)
            else:
                bulk.delete_rows(model, "quarter", quarters)
        if elsewhere:
            bulk.delete_rows(GroupFigure, "group", [group.pk for group in changed])
        bulk.insert_rows(CurrentResult, CURRENT_FIELDS, current)
        bulk.insert_rows(GroupFigure, GROUP_FIELDS, groups)
        bulk.insert_rows(GroupFigure, GROUP_FIELDS, elsewhere)
    return len(current), len(groups) + len(elsewhere)


def _figures_outside(
    groups: Sequence[BenchmarkGroup], quarters: Iterable[Quarter], members: Mapping[int, list[str]]
) -> list[GroupRow]:
    """GroupFigure tuples of `groups` for every stored quarter outside `quarters`, from the
    stored CurrentResult of their `members` ({group pk: codes})."""
    quarters = list(quarters)
    ids = [group.pk for group in groups]
    codes = {code for pk in ids for code in members.get(pk, ())}
    other = CurrentResult.objects.exclude(quarter__in=quarters).order_by()
    outside = set(other.values_list("quarter", flat=True).distinct())
    if not outside:
        return []
    current = list(other.filter(local_government__in=codes).values_list(*CURRENT_FIELDS))
    return compute_groups(current, outside, ids, members)


def rebuild_groups(groups: Iterable[BenchmarkGroup]) -> int:
    """Rebuild every quarter of the figures of `groups` (BenchmarkGroup objects), after their
    members changed. Reads the stored CurrentResult of their members."""
    groups = list(groups)
    if not groups:
        return 0
    with transaction.atomic():
        if any(group.kind == BenchmarkGroup.Kind.CENTRE_CITIES for group in groups):
            # Being a centrumstad is one of the variables of the vergelijkbaar groups.
            groups += similar.write_groups(_similar_groups(_llg_totals([], ())))
        members = _members(groups)
        codes = {code for group_codes in members.values() for code in group_codes}
        current = list(
            CurrentResult.objects.filter(local_government__in=codes)
            .order_by()
            .values_list(*CURRENT_FIELDS)
        )
        # Every quarter with figures, as rebuild() writes them, also where no member has any.
        quarters = set(
            CurrentResult.objects.order_by().values_list("quarter", flat=True).distinct()
        )
        ids = [group.pk for group in groups]
        figures = compute_groups(current, quarters, ids, members)
        bulk.delete_rows(GroupFigure, "group", ids)
        bulk.insert_rows(GroupFigure, GROUP_FIELDS, figures)
    return len(figures)


def refresh_similar() -> list[BenchmarkGroup]:
    """Bring the vergelijkbaar groups up to date with the stored figures and reference data,
    and rebuild the figures of those whose members changed (none: nothing is written). For a
    database whose figures were built before the groups existed; rebuild() does this itself."""
    with transaction.atomic():
        changed = similar.write_groups(_similar_groups(_llg_totals([], ())))
        rebuild_groups(changed)
    return changed


# --- Checking ---------------------------------------------------------------------------------


def _rows(rows: Iterable[Sequence[Any]], key_length: int) -> dict[tuple[Any, ...], tuple[Any, ...]]:
    return {tuple(row[:key_length]): tuple(row) for row in rows}


def differences() -> list[
    tuple[str, tuple[Any, ...], tuple[Any, ...] | None, tuple[Any, ...] | None]
]:
    """[(table, key, stored, fresh)] where the stored figures differ from a fresh computation;
    the members of the vergelijkbaar groups ("Vergelijkbare gemeenten", keyed by anchor) count
    as figures too."""
    current = compute_current()
    groups = compute_groups(current, _quarters_of(current), _all_groups(), _members())
    similar_fresh = _similar_groups(_llg_totals(current))
    fresh = {
        "CurrentResult": _rows(current, 2),
        "GroupFigure": _rows(groups, 3),
        "Vergelijkbare gemeenten": _rows(
            ((anchor, *sorted(codes)) for anchor, codes in similar_fresh.items()), 1
        ),
    }
    stored = {
        "CurrentResult": _rows(CurrentResult.objects.values_list(*CURRENT_FIELDS), 2),
        "GroupFigure": _rows(GroupFigure.objects.values_list(*GROUP_FIELDS), 3),
        "Vergelijkbare gemeenten": _rows(
            ((anchor, *codes) for anchor, codes in similar.stored_members().items()), 1
        ),
    }
    found = []
    for table in fresh:
        for key in sorted(fresh[table].keys() | stored[table].keys(), key=repr):
            old, new = stored[table].get(key), fresh[table].get(key)
            if old != new:
                found.append((table, key, old, new))
    return found

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
- differences(): the stored figures against a fresh computation (`rebuild_figures --check`).

The disclosure rule is applied here, once, as the figures are stored: a rate whose denominator is
below PORTAL_MIN_DENOMINATOR (0 included) is withheld ("n<10"); a group figure from fewer than
MIN_REPORTING members is withheld ("te weinig gemeenten") with its counts and median. Pages,
exports and charts show what is stored, the same for every viewer.
"""

import statistics
from collections import defaultdict

from django.conf import settings
from django.db import connection, models, transaction

from activation.fields import QuarterField
from activation.indicators import COUNT_FIELDS, INDICATORS
from activation.models import (
    BenchmarkGroup,
    CurrentResult,
    GroupFigure,
    LocalGovernment,
    Merger,
    QuarterlyResult,
    ResultStatus,
)

# A group figure needs at least this many members reporting before it is shown.
MIN_REPORTING = 3

# The fields rebuild writes and differences() compares, in order.
CURRENT_FIELDS = [
    "local_government_id",
    "quarter",
    *COUNT_FIELDS,
    *(name for ind in INDICATORS for name in (ind.code, f"{ind.code}_small")),
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


def min_denominator():
    """The smallest denominator whose rate is shown; never below 1, so 0 is always withheld."""
    return max(settings.PORTAL_MIN_DENOMINATOR, 1)


def percent(numerator, denominator):
    """numerator / denominator as a percentage rounded to one decimal, as every output shows it."""
    return round(100 * numerator / denominator, 1)


def shown_rate(numerator, denominator, minimum):
    """(rate as shown, withheld as n<10) of one municipality; (None, False) when unknown."""
    if numerator is None or denominator is None:
        return None, False
    if denominator < minimum:
        return None, True
    return percent(numerator, denominator), False


def _status(statuses):
    statuses = [s for s in statuses if s]
    if not statuses:
        return None
    if all(s == ResultStatus.FINAL for s in statuses):
        return ResultStatus.FINAL
    return ResultStatus.PROVISIONAL


def pooled(indicator, members, members_total, minimum):
    """The GroupFigure fields of one indicator over `members` (CurrentResult-like objects of one
    quarter; None for a member without figures): sums over the members that report both counts,
    the pooled rate and the median of the members' shown rates, with the disclosure rule."""
    reporting = [
        member
        for member in members
        if member is not None
        and getattr(member, indicator.numerator) is not None
        and getattr(member, indicator.denominator) is not None
    ]
    figure = {
        "numerator": None,
        "denominator": None,
        "rate": None,
        "median": None,
        "members_reporting": len(reporting),
        "members_total": members_total,
        "withheld": GroupFigure.Withheld.NO,
        "status": _status(member.status for member in reporting),
        "sources": sorted({batch for member in reporting for batch in member.sources}),
    }
    if len(reporting) < MIN_REPORTING:
        figure["withheld"] = GroupFigure.Withheld.FEW_MEMBERS
        return figure
    numerator = sum(getattr(member, indicator.numerator) for member in reporting)
    denominator = sum(getattr(member, indicator.denominator) for member in reporting)
    if denominator < minimum:
        figure["withheld"] = GroupFigure.Withheld.SMALL_DENOMINATOR
        return figure
    rates = [
        getattr(m, indicator.code) for m in reporting if getattr(m, indicator.code) is not None
    ]
    figure.update(
        numerator=numerator,
        denominator=denominator,
        rate=percent(numerator, denominator),
        median=round(statistics.median(rates), 1) if rates else None,
    )
    return figure


# --- Computing --------------------------------------------------------------------------------


def _borders():
    """({current code: [codes of its parts, itself included]}, {code: LocalGovernment})."""
    lifetimes = LocalGovernment.objects.only("nis_code", "valid_from", "valid_until").in_bulk()
    successor_of = dict(Merger.objects.values_list("predecessor_id", "successor_id"))
    parts = defaultdict(list)
    for code in lifetimes:
        final, seen = code, {code}
        while final in successor_of and successor_of[final] not in seen:
            final = successor_of[final]
            seen.add(final)
        parts[final].append(code)
    return parts, lifetimes


def compute_current(quarters=None):
    """[CurrentResult] (unsaved) for `quarters` (None: every quarter with figures)."""
    parts_of, lifetimes = _borders()
    final_of = {code: final for final, parts in parts_of.items() for code in parts}
    rows = QuarterlyResult.objects.order_by()
    if quarters is not None:
        rows = rows.filter(quarter__in=list(quarters))
    columns = ("local_government_id", "quarter", "status", "import_batch_id", *COUNT_FIELDS)
    grouped = defaultdict(list)
    for row in rows.values_list(*columns):
        grouped[final_of[row[0]], row[1]].append(row)

    minimum = min_denominator()
    results = []
    for (final, quarter), found in sorted(
        grouped.items(), key=lambda item: (item[0][1], item[0][0])
    ):
        day = quarter.first_day
        expected = {code for code in parts_of[final] if lifetimes[code].exists_on(day)}
        present = {row[0] for row in found}
        complete = expected <= present
        counts = {}
        for position, name in enumerate(COUNT_FIELDS, start=4):
            values = [row[position] for row in found]
            known = complete and all(value is not None for value in values)
            counts[name] = sum(values) if known else None
        result = CurrentResult(
            local_government_id=final,
            quarter=quarter,
            **counts,
            status=(
                _status(row[2] for row in found)
                if any(value is not None for value in counts.values())
                else None
            ),
            sources=sorted({row[3] for row in found if row[3]}),
            parts=sorted(present),
        )
        for indicator in INDICATORS:
            rate, small = shown_rate(
                counts[indicator.numerator], counts[indicator.denominator], minimum
            )
            setattr(result, indicator.code, rate)
            setattr(result, f"{indicator.code}_small", small)
        results.append(result)
    return results


def _members(groups=None):
    """{group pk: [member codes]} of `groups` (None: every group)."""
    through = BenchmarkGroup.members.through
    rows = through.objects.order_by()
    if groups is not None:
        rows = rows.filter(benchmarkgroup__in=[group.pk for group in groups])
    members = defaultdict(list)
    for group_id, code in rows.values_list("benchmarkgroup_id", "localgovernment_id"):
        members[group_id].append(code)
    return members


def compute_groups(current, quarters, group_ids, members):
    """[GroupFigure] (unsaved) of `group_ids` for `quarters`, from `current` ([CurrentResult])."""
    by_quarter = defaultdict(dict)
    for result in current:
        by_quarter[result.quarter][result.local_government_id] = result
    minimum = min_denominator()
    figures = []
    for quarter in sorted(quarters):
        at_quarter = by_quarter[quarter]
        for group_id in group_ids:
            codes = members.get(group_id, [])
            found = [at_quarter.get(code) for code in codes]
            for indicator in INDICATORS:
                figures.append(
                    GroupFigure(
                        group_id=group_id,
                        quarter=quarter,
                        indicator=indicator.code,
                        **pooled(indicator, found, len(codes), minimum),
                    )
                )
    return figures


def _all_groups():
    return list(BenchmarkGroup.objects.order_by("pk").values_list("pk", flat=True))


def _quarters_of(current):
    return {result.quarter for result in current}


# --- Writing ----------------------------------------------------------------------------------


def rebuild(*, quarters=None):
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
        groups = compute_groups(current, _quarters_of(current), _all_groups(), _members())
        stored_current = CurrentResult.objects.all()
        stored_groups = GroupFigure.objects.all()
        if quarters is not None:
            stored_current = stored_current.filter(quarter__in=quarters)
            stored_groups = stored_groups.filter(quarter__in=quarters)
        stored_current.delete()
        stored_groups.delete()
        _insert(CurrentResult, current)
        _insert(GroupFigure, groups)
    return len(current), len(groups)


INSERT_CHUNK = 500


def _insert(model, objects):
    """Insert unsaved `objects` of `model`, one multi-row INSERT per chunk of rows.

    A rebuild writes tens of thousands of rows; bulk_create spends most of its time preparing
    each object in Python, where the values here need only the fields' own conversion (the
    quarter's number, JSON, text choices) and none for plain numbers and booleans.
    """
    fields = [field for field in model._meta.concrete_fields if not field.primary_key]
    plain = (models.IntegerField, models.FloatField, models.BooleanField)
    converters = [
        None
        if isinstance(field, plain) and not isinstance(field, QuarterField) or field.is_relation
        else field
        for field in fields
    ]
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    row = "(" + ", ".join(["%s"] * len(fields)) + ")"
    with connection.cursor() as cursor:
        for start in range(0, len(objects), INSERT_CHUNK):
            chunk = objects[start : start + INSERT_CHUNK]
            values = []
            for obj in chunk:
                for field, converter in zip(fields, converters, strict=True):
                    value = getattr(obj, field.attname)
                    if converter is not None:
                        value = converter.get_db_prep_save(value, connection)
                    values.append(value)
            cursor.execute(
                f"INSERT INTO {table} ({columns}) VALUES {', '.join([row] * len(chunk))}",
                values,
            )


def rebuild_groups(groups):
    """Rebuild every quarter of the figures of `groups` (BenchmarkGroup objects), after their
    members changed. Reads the stored CurrentResult of their members."""
    groups = list(groups)
    if not groups:
        return 0
    with transaction.atomic():
        members = _members(groups)
        codes = {code for group_codes in members.values() for code in group_codes}
        current = CurrentResult.objects.filter(local_government__in=codes).only(
            "local_government", "quarter", "status", "sources", *COUNT_FIELDS,
            *(indicator.code for indicator in INDICATORS),
        )  # fmt: skip
        # Every quarter with figures, as rebuild() writes them, also where no member has any.
        quarters = set(CurrentResult.objects.values_list("quarter", flat=True).distinct())
        ids = [group.pk for group in groups]
        figures = compute_groups(current, quarters, ids, members)
        GroupFigure.objects.filter(group__in=ids).delete()
        GroupFigure.objects.bulk_create(figures, batch_size=2000)
    return len(figures)


# --- Checking ---------------------------------------------------------------------------------


def _rows(objects, fields, key_length):
    rows = {}
    for obj in objects:
        values = tuple(getattr(obj, name) for name in fields)
        rows[values[:key_length]] = values
    return rows


def differences():
    """[(table, key, stored, fresh)] where the stored figures differ from a fresh computation."""
    current = compute_current()
    groups = compute_groups(current, _quarters_of(current), _all_groups(), _members())
    fresh = {
        "CurrentResult": _rows(current, CURRENT_FIELDS, 2),
        "GroupFigure": _rows(groups, GROUP_FIELDS, 3),
    }
    stored = {
        "CurrentResult": _rows(CurrentResult.objects.all(), CURRENT_FIELDS, 2),
        "GroupFigure": _rows(GroupFigure.objects.all(), GROUP_FIELDS, 3),
    }
    found = []
    for table in fresh:
        for key in sorted(fresh[table].keys() | stored[table].keys(), key=repr):
            old, new = stored[table].get(key), fresh[table].get(key)
            if old != new:
                found.append((table, key, old, new))
    return found

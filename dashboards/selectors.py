"""Reads for the dashboards: comparison groups, quarters with results, mergers, imports.

Quarterly figures themselves come from activation.selectors.results_in_current_borders.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.db import connection
from django.db.models import Q

from activation.models import BenchmarkGroup, ImportBatch, Merger, QuarterlyResult
from activation.quarters import Quarter

Kind = BenchmarkGroup.Kind

# The order in which a municipality's comparison groups are shown: nearest first.
GROUP_ORDER = [
    Kind.PROVINCE,
    Kind.REFERENCE_REGION,
    Kind.NEIGHBOURS,
    Kind.CENTRE_CITIES,
    Kind.FLANDERS,
    Kind.UPLOADED,
]


def groups_compared_with(local_governments):
    """The benchmark groups that any of `local_governments` (codes or a queryset) is compared with.

    A municipality is compared with its province, its referentieregio, its neighbours (the
    `buren` group anchored on it), the centrumsteden, Vlaanderen, and the uploaded groups it
    belongs to (DESIGN.md section 4).
    """
    memberships = BenchmarkGroup.members.through.objects.filter(
        localgovernment__in=local_governments
    ).values("benchmarkgroup_id")
    return BenchmarkGroup.objects.filter(
        Q(kind__in=[Kind.FLANDERS, Kind.CENTRE_CITIES])
        | Q(kind=Kind.NEIGHBOURS, anchor__in=local_governments)
        | Q(kind__in=[Kind.PROVINCE, Kind.REFERENCE_REGION, Kind.UPLOADED], pk__in=memberships)
    )


def member_codes(groups):
    """{group pk: [NIS codes of its members]} in one query."""
    through = BenchmarkGroup.members.through
    result = defaultdict(list)
    rows = through.objects.filter(benchmarkgroup__in=[g.pk for g in groups]).values_list(
        "benchmarkgroup_id", "localgovernment_id"
    )
    for group_id, code in rows:
        result[group_id].append(code)
    return result


def comparison_groups(local_government):
    """[(group, [member codes])] that `local_government` is compared with, nearest first."""
    groups = sorted(
        groups_compared_with([local_government.pk]),
        key=lambda g: (GROUP_ORDER.index(g.kind), g.name),
    )
    members = member_codes(groups)
    return [(group, sorted(members[group.pk])) for group in groups]


@dataclass(frozen=True)
class FiguresState:
    """The quarters that have figures, and a version that changes whenever figures change."""

    first: Quarter | None
    last: Quarter | None
    version: str


def figures_state():
    """One query: the first and last quarter with figures, and the figures' version.

    The version changes when an import adds rows (the highest id) or corrects them (the rows
    then point to the new, higher import): both are read from indexes, so the query costs the
    same however many figures there are. dashboards.summaries keys its cache on it.
    """
    meta = QuarterlyResult._meta
    table = connection.ops.quote_name(meta.db_table)
    quarter, pk, batch = (
        connection.ops.quote_name(meta.get_field(name).column)
        for name in ("quarter", "id", "import_batch")
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT (SELECT MIN({quarter}) FROM {table}), (SELECT MAX({quarter}) FROM {table}), "
            f"(SELECT MAX({pk}) FROM {table}), (SELECT MAX({batch}) FROM {table})"
        )
        first, last, last_id, last_batch = cursor.fetchone()
    return FiguresState(
        first=None if first is None else Quarter.from_index(first),
        last=None if last is None else Quarter.from_index(last),
        version=f"{last_id or 0}.{last_batch or 0}",
    )


def scope_rows(local_governments):
    """[(NIS code, name, province code, province name)] of a queryset of local governments."""
    return list(
        local_governments.order_by("name").values_list(
            "nis_code", "name", "province_id", "province__name"
        )
    )


def memberships(kinds):
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


def merger_history(local_government):
    """The mergers that formed this municipality, and those that formed its parts, oldest first.

    Two generations cover the mergers of 2019 and 2025.
    """
    mergers = Merger.objects.filter(
        Q(successor=local_government) | Q(successor__merged_into__successor=local_government)
    ).select_related("predecessor", "successor")
    return sorted(mergers, key=lambda m: (m.date, m.successor.name, m.predecessor.name))


def import_batches(batch_ids):
    """The imports that last changed the figures shown, oldest first."""
    return list(
        ImportBatch.objects.filter(pk__in=batch_ids)
        .select_related("uploaded_by")
        # The uploaded file and the validation report are not needed here.
        .defer("upload", "report")
        .order_by("created_at", "pk")
    )

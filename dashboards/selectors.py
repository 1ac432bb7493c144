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
    """The quarters that have figures, and versions that change when figures or groups change."""

    first: Quarter | None
    last: Quarter | None
    version: str
    groups_version: str = ""


def figures_state():
    """One query: the first and last quarter with figures, the figures' and the groups' version.

    The figures' version changes when an import adds rows (the highest id) or corrects them (the
    rows then point to the new, higher import); the groups' version when a group is added or its
    members change. All are read from indexes or small tables, so the query costs the same
    however many figures there are. dashboards.summaries keys its cache on them.
    """
    quote = connection.ops.quote_name
    results = QuarterlyResult._meta
    table = quote(results.db_table)
    quarter, pk, batch = (
        quote(results.get_field(name).column) for name in ("quarter", "id", "import_batch")
    )
    groups = quote(BenchmarkGroup._meta.db_table)
    members = quote(BenchmarkGroup.members.through._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT (SELECT MIN({quarter}) FROM {table}), (SELECT MAX({quarter}) FROM {table}), "
            f"(SELECT MAX({pk}) FROM {table}), (SELECT MAX({batch}) FROM {table}), "
            f"(SELECT MAX(id) FROM {groups}), (SELECT MAX(id) FROM {members}), "
            f"(SELECT COUNT(*) FROM {members})"
        )
        first, last, last_id, last_batch, last_group, last_member, member_count = cursor.fetchone()
    return FiguresState(
        first=None if first is None else Quarter.from_index(first),
        last=None if last is None else Quarter.from_index(last),
        version=f"{last_id or 0}.{last_batch or 0}",
        groups_version=f"{last_group or 0}.{last_member or 0}.{member_count}",
    )


def scope_rows(local_governments):
    """[(NIS code, name, province code, province name)] of a queryset of local governments."""
    return list(
        local_governments.order_by("name").values_list(
            "nis_code", "name", "province_id", "province__name"
        )
    )


def group_members(group):
    """[(NIS code, name, province name)] of a group's members, in name order."""
    return list(group.members.order_by("name").values_list("nis_code", "name", "province__name"))


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


@dataclass(frozen=True)
class ImportRecord:
    """Which import last changed figures shown, and when (the provenance of a dashboard)."""

    pk: int
    file_name: str
    created_at: object
    username: str


def import_batches(batch_ids):
    """The imports that last changed the figures shown, oldest first."""
    rows = (
        ImportBatch.objects.filter(pk__in=batch_ids)
        .order_by("created_at", "pk")
        .values_list("pk", "file_name", "created_at", "uploaded_by__username")
    )
    return [ImportRecord(pk, name, at, username or "") for pk, name, at, username in rows]

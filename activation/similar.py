"""Vergelijkbare gemeenten: for each current municipality, the municipalities most like it.

Each municipality is described by three context variables:
1. its population on 1 January 2020 (LocalGovernment.population; a municipality of the 2025
   mergers holds the sum of its parts), taken as a natural logarithm: populations run from under
   1,000 to 530,000, and on a plain scale Antwerpen and Gent would stand so far apart that the
   population would tell the other 283 apart hardly at all;
2. leefloongerechtigden per 1,000 inhabitants: the mean llg_totaal (in current borders) of its
   last four quarters with a known llg_totaal (of the quarters there are, when fewer are known),
   divided by that population, times 1,000;
3. centrumstad: 1 for a member of the centrumsteden group, else 0.

Each variable is standardised to z-scores over the current municipalities: (value − mean) /
standard deviation, the population standard deviation (the 285 are all municipalities there
are, not a sample). A municipality whose value is unknown (no llg_totaal in any quarter, no
population) gets z = 0 for that variable, the mean, so that the gap pulls it towards no one in
particular; a variable without spread (no llg_totaal known anywhere yet) is 0 for everyone. A
municipality's group holds the K municipalities nearest to it by Euclidean distance over the
z-scores, never itself, the nearest first; an equal distance goes to the lower NIS code.

`nearest` computes the groups from plain data. `write_groups` stores them: the groups are
figures derived from the quarterly results, and activation.figures.rebuild recomputes them in
the transaction that changes their inputs, before it computes the group figures.
"""

import math
import statistics
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from activation import bulk
from activation.models import BenchmarkGroup, LocalGovernment
from activation.quarters import Quarter

# The size of every group.
K = 10
# How many of a municipality's last quarters with a known llg_totaal are averaged.
QUARTERS = 4
# Distances are compared to this many decimals (z-scores are of the order of 1).
DECIMALS = 9

Kind = BenchmarkGroup.Kind


@dataclass(frozen=True)
class Context:
    """A municipality's context variables, as `nearest` reads them."""

    code: str
    population: int | None
    llg_per_1000: float | None
    centre_city: bool


def llg_per_1000(population: int | None, llg_by_quarter: Mapping[Quarter, int]) -> float | None:
    """Leefloongerechtigden per 1,000 inhabitants: the mean of the last QUARTERS values of
    `llg_by_quarter` ({Quarter: llg_totaal}, known values only) over `population`. None when
    either is unknown."""
    if not population or not llg_by_quarter:
        return None
    last = [llg_by_quarter[quarter] for quarter in sorted(llg_by_quarter)[-QUARTERS:]]
    return statistics.fmean(last) / population * 1000


def z_scores(values: Sequence[float | None]) -> list[float]:
    """Each value's z-score among the known ones (population standard deviation); 0 for an
    unknown value, and for every value when the known ones do not differ."""
    known = [value for value in values if value is not None]
    if len(known) < 2:
        return [0.0] * len(values)
    mean = statistics.fmean(known)
    spread = statistics.pstdev(known, mean)
    if spread == 0:
        return [0.0] * len(values)
    return [0.0 if value is None else (value - mean) / spread for value in values]


def nearest(contexts: Sequence[Context], k: int = K) -> dict[str, list[str]]:
    """{code: the codes of the k municipalities nearest to it, nearest first} over `contexts`.

    Pure: plain data in and out. The distance is Euclidean over the z-scores of ln(population),
    leefloongerechtigden per 1,000 inhabitants and centrumstad (0 or 1); ties go to the lower
    code (distances compared to DECIMALS decimals). A municipality is never its own neighbour;
    with fewer than k others, all of them.
    """
    columns = [
        z_scores([math.log(c.population) if c.population else None for c in contexts]),
        z_scores([c.llg_per_1000 for c in contexts]),
        z_scores([1.0 if c.centre_city else 0.0 for c in contexts]),
    ]
    points = [(c.code, tuple(column[i] for column in columns)) for i, c in enumerate(contexts)]
    result: dict[str, list[str]] = {}
    for code, point in points:
        # Rounded, so that equal distances are equal whatever the order of the arithmetic, and
        # the NIS code decides between them rather than the last bits of a float.
        distances = sorted(
            (round(math.dist(point, other), DECIMALS), other_code)
            for other_code, other in points
            if other_code != code
        )
        result[code] = [other_code for _, other_code in distances[:k]]
    return result


# --- Reading and writing ----------------------------------------------------------------------


def contexts(llg: Mapping[str, Mapping[Quarter, int]]) -> list[Context]:
    """The Context of every current municipality, from `llg` ({code: {quarter: llg_totaal}}
    of the figures in current borders, known values only) and the reference data: two queries."""
    centre_cities = set(
        BenchmarkGroup.members.through.objects.filter(
            benchmarkgroup__kind=Kind.CENTRE_CITIES
        ).values_list("localgovernment_id", flat=True)
    )
    rows = (
        LocalGovernment.objects.current().order_by("nis_code").values_list("nis_code", "population")
    )
    return [
        Context(
            code, population, llg_per_1000(population, llg.get(code, {})), code in centre_cities
        )
        for code, population in rows
    ]


def group_code(nis_code: str) -> str:
    return f"vergelijkbaar-{nis_code}"


def description() -> str:
    return (
        f"De {K} gemeenten die het meest lijken op deze gemeente in bevolking, "
        "leefloongerechtigden per 1.000 inwoners en centrumstad of niet; "
        "herberekend met de cijfers."
    )


def stored_members() -> dict[str, list[str]]:
    """{anchor code: sorted member codes} of the stored vergelijkbaar groups (one query)."""
    members: dict[str, list[str]] = {}
    for anchor in BenchmarkGroup.objects.filter(kind=Kind.SIMILAR).values_list(
        "anchor_id", flat=True
    ):
        members[anchor] = []
    through = BenchmarkGroup.members.through
    rows = through.objects.filter(benchmarkgroup__kind=Kind.SIMILAR).values_list(
        "benchmarkgroup__anchor_id", "localgovernment_id"
    )
    for anchor, code in rows:
        members.setdefault(anchor, []).append(code)
    return {anchor: sorted(codes) for anchor, codes in members.items()}


def write_groups(wanted: Mapping[str, Iterable[str]]) -> list[BenchmarkGroup]:
    """Make the vergelijkbaar groups exactly `wanted` ({anchor code: member codes}): create the
    missing groups, name them after their municipality, delete those of municipalities no longer
    in `wanted`, and replace the members of the groups whose members differ. Returns the groups
    whose members changed (new ones included), whose figures need rebuilding.

    The memberships are derived figures, like the stored results: written in few statements
    without signals, so not in the audit trail (the import or change that caused them is).
    """
    names = dict(LocalGovernment.objects.filter(pk__in=list(wanted)).values_list("pk", "name"))
    groups = _by_anchor(BenchmarkGroup.objects.filter(kind=Kind.SIMILAR))
    gone = [group.pk for anchor, group in groups.items() if anchor not in wanted]
    if gone:
        BenchmarkGroup.objects.filter(pk__in=gone).delete()
    text = description()
    new = [
        BenchmarkGroup(
            code=group_code(anchor),
            name=f"Vergelijkbaar met {names[anchor]}",
            kind=Kind.SIMILAR,
            anchor_id=anchor,
            description=text,
        )
        for anchor in sorted(wanted)
        if anchor not in groups
    ]
    if new:
        BenchmarkGroup.objects.bulk_create(new)
        # Read back for their primary keys, which not every database returns from bulk_create.
        created = BenchmarkGroup.objects.filter(
            kind=Kind.SIMILAR, anchor__in=[group.anchor_id for group in new]
        )
        groups.update(_by_anchor(created))
    renamed = []
    for anchor, group in groups.items():
        name = f"Vergelijkbaar met {names.get(anchor, anchor)}"
        if anchor in wanted and (group.name != name or group.description != text):
            group.name, group.description = name, text
            renamed.append(group)
    if renamed:
        BenchmarkGroup.objects.bulk_update(renamed, ["name", "description"])

    present = stored_members()
    changed = [
        (groups[anchor], sorted(members))
        for anchor, members in sorted(wanted.items())
        if present.get(anchor) != sorted(members)
    ]
    if changed:
        through = BenchmarkGroup.members.through
        bulk.delete_rows(through, "benchmarkgroup", [group.pk for group, _ in changed])
        rows = [(group.pk, code) for group, members in changed for code in members]
        bulk.insert_rows(through, ["benchmarkgroup_id", "localgovernment_id"], rows)
    return [group for group, _ in changed]


def _by_anchor(groups: Iterable[BenchmarkGroup]) -> dict[str, BenchmarkGroup]:
    return {group.anchor_id: group for group in groups if group.anchor_id is not None}

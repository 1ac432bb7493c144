"""Reads across relations: municipalities in current borders, and their quarterly figures."""

from collections import defaultdict
from dataclasses import dataclass, field

from activation.indicators import COUNT_FIELDS
from activation.models import LocalGovernment, Merger, QuarterlyResult, ResultStatus


@dataclass
class Figures:
    """One municipality's counts for one quarter, in current borders.

    A count is None when it is unknown for any part of the municipality in that quarter.
    """

    counts: dict
    status: str
    batch_ids: set = field(default_factory=set)
    parts: tuple = ()

    def __getitem__(self, name):
        return self.counts[name]

    @property
    def is_final(self):
        return self.status == ResultStatus.FINAL


def current_successors(local_governments=None):
    """{NIS code: NIS code of the current local government it is now part of}.

    Follows mergers transitively (a 2019 predecessor of a 2025 merger ends at the 2025 code);
    current codes map to themselves.
    """
    successor_of = dict(Merger.objects.values_list("predecessor_id", "successor_id"))
    if local_governments is None:
        local_governments = LocalGovernment.objects.values_list("pk", flat=True)
    result = {}
    for code in local_governments:
        final = code
        while final in successor_of:
            final = successor_of[final]
        result[code] = final
    return result


def results_in_current_borders(nis_codes=None, first=None, last=None):
    """{current NIS code: {Quarter: Figures}} for the quarters from `first` to `last`.

    Figures are stored in the borders of their quarter; a current municipality's value for a
    quarter before its merger is the sum of the rows of all its parts that existed then. When
    a part's row is missing, the counts for that quarter are unknown (None), so that a partial
    sum never passes for a whole. Three queries, whatever the number of quarters or places.
    """
    lifetimes = LocalGovernment.objects.only("nis_code", "valid_from", "valid_until").in_bulk()
    successors = current_successors(lifetimes)
    wanted = None if nis_codes is None else set(nis_codes)
    parts_by_final = defaultdict(list)
    for code, final in successors.items():
        if wanted is None or final in wanted:
            parts_by_final[final].append(code)
    codes = [code for parts in parts_by_final.values() for code in parts]
    rows = QuarterlyResult.objects.filter(local_government__in=codes)
    if first is not None:
        rows = rows.filter(quarter__gte=first)
    if last is not None:
        rows = rows.filter(quarter__lte=last)
    grouped = defaultdict(lambda: defaultdict(list))
    columns = ("local_government_id", "quarter", "status", "import_batch_id", *COUNT_FIELDS)
    for row in rows.values(*columns):
        grouped[successors[row["local_government_id"]]][row["quarter"]].append(row)

    result = {}
    for final, by_quarter in grouped.items():
        series = {}
        for quarter, parts in by_quarter.items():
            expected = {
                code
                for code in parts_by_final[final]
                if lifetimes[code].exists_on(quarter.first_day)
            }
            present = {row["local_government_id"] for row in parts}
            complete = expected <= present
            counts = {}
            for name in COUNT_FIELDS:
                values = [row[name] for row in parts]
                counts[name] = (
                    sum(values) if complete and all(v is not None for v in values) else None
                )
            status = (
                ResultStatus.FINAL
                if all(row["status"] == ResultStatus.FINAL for row in parts)
                else ResultStatus.PROVISIONAL
            )
            series[quarter] = Figures(
                counts=counts,
                status=status,
                batch_ids={row["import_batch_id"] for row in parts if row["import_batch_id"]},
                parts=tuple(sorted(present)),
            )
        result[final] = dict(sorted(series.items()))
    return result


def series_in_current_borders(local_government, first=None, last=None):
    """{Quarter: Figures} for one current municipality (see results_in_current_borders)."""
    return results_in_current_borders([local_government.pk], first, last).get(
        local_government.pk, {}
    )

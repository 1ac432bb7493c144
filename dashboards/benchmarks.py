"""Benchmark computations for display: rates, suppression, pooled group values, medians, ranks.

Pure functions over plain data: `counts` is a dict of the count columns of one municipality and
quarter (activation.selectors.Figures.counts), None meaning unknown. Rates are fractions (0.123);
formatting is left to dashboards.formatting. The rules (DESIGN.md section 5):

- a group's value is pooled: Σ numerators / Σ denominators over the members that have both;
- a rate whose denominator is below the minimum (settings.PORTAL_MIN_DENOMINATOR) is suppressed:
  shown as "n<10" and left out of rankings, medians and the map, but still counted in the
  pooled sums;
- the median is the unweighted median of the members' rates that are not suppressed;
- a rank is "x of n" among the rates that are not suppressed, 1 being the best; equal rates share
  a rank (1, 2, 2, 4).
"""

import statistics
from dataclasses import dataclass
from typing import NamedTuple


class Rate(NamedTuple):
    """One municipality's rate for one indicator and quarter (a tuple: pages make thousands)."""

    numerator: int | None
    denominator: int | None
    value: float | None
    suppressed: bool = False

    @property
    def shown(self):
        """The rate that may be shown, ranked and mapped; None when unknown or suppressed."""
        return None if self.suppressed else self.value


def rate(indicator, counts, min_denominator):
    numerator = counts.get(indicator.numerator) if counts else None
    denominator = counts.get(indicator.denominator) if counts else None
    value = indicator.rate(numerator, denominator)
    # Only a rate that exists can be suppressed: an unknown one stays unknown ("—").
    suppressed = value is not None and denominator < min_denominator
    return Rate(numerator, denominator, value, suppressed)


def pooled(indicator, counts_list):
    """Σ numerators / Σ denominators over the counts that have both; None without any."""
    numerators = denominators = 0
    for counts in counts_list:
        if not counts:
            continue
        numerator, denominator = counts.get(indicator.numerator), counts.get(indicator.denominator)
        if numerator is None or denominator is None:
            continue
        numerators += numerator
        denominators += denominator
    return numerators / denominators if denominators else None


def shown_rates(indicator, counts_by_member, min_denominator):
    """{member: rate} for the members whose rate may be shown (known and not suppressed).

    The same rule as rate(...).shown, written out: dashboards compute it for every member of
    every group.
    """
    numerator_name, denominator_name = indicator.numerator, indicator.denominator
    result = {}
    for member, counts in counts_by_member.items():
        if not counts:
            continue
        numerator, denominator = counts.get(numerator_name), counts.get(denominator_name)
        if numerator is None or not denominator or denominator < min_denominator:
            continue
        result[member] = numerator / denominator
    return result


def median(values):
    values = list(values)
    return statistics.median(values) if values else None


def rank(value, values, higher_is_better=True):
    """The competition rank (1 = best) of `value` among `values`; None if `value` is None."""
    if value is None:
        return None
    if higher_is_better:
        return 1 + sum(1 for other in values if other > value)
    return 1 + sum(1 for other in values if other < value)


def ranks(rates, higher_is_better=True):
    """{member: rank} for every member of `rates` ({member: shown rate})."""
    ordered = sorted(rates.values(), reverse=higher_is_better)
    result = {}
    for member, value in rates.items():
        # The first position of the value in the ordered list, plus one: ties share a rank.
        position = next(i for i, other in enumerate(ordered) if other == value)
        result[member] = position + 1
    return result


@dataclass(frozen=True)
class Summary:
    """A group's figures for one indicator and quarter."""

    pooled: float | None
    median: float | None
    rates: tuple  # the members' shown rates, best first (suppressed and unknown ones left out)


def summarise(indicator, counts_by_member, min_denominator):
    rates = shown_rates(indicator, counts_by_member, min_denominator).values()
    return Summary(
        pooled=pooled(indicator, counts_by_member.values()),
        median=median(rates),
        rates=tuple(sorted(rates, reverse=indicator.higher_is_better)),
    )


@dataclass(frozen=True)
class Position:
    """A municipality's place in one benchmark group for one indicator and quarter."""

    pooled: float | None
    median: float | None
    rank: int | None
    ranked: int


def position_in(summary, indicator, own_rate, is_member):
    """The municipality's rank among the group's members, beside the group's value and median.

    A neighbours group does not hold the municipality it is anchored on; the rank is then
    counted among the members and the municipality itself, while the pooled value and the
    median stay those of the members. `own_rate` is the municipality's shown rate (None when
    unknown or suppressed: then it has no rank); `is_member` tells whether the group holds it
    (its rate is then among the summary's rates already).
    """
    competitors = len(summary.rates)
    if own_rate is not None and not is_member:
        competitors += 1
    return Position(
        pooled=summary.pooled,
        median=summary.median,
        rank=rank(own_rate, summary.rates, indicator.higher_is_better),
        ranked=competitors,
    )


def position(indicator, counts_by_member, own_code, own_counts, min_denominator):
    """position_in() straight from counts: {member: counts} and the municipality's own counts."""
    summary = summarise(indicator, counts_by_member, min_denominator)
    own_rate = rate(indicator, own_counts, min_denominator).shown
    return position_in(summary, indicator, own_rate, own_code in counts_by_member)


def change(current, earlier):
    """The difference of two rates (in fractions, so 0.012 is 1,2 procentpunt), or None."""
    if current is None or earlier is None:
        return None
    return current - earlier

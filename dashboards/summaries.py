"""Benchmark figures of groups and quarters, computed once and kept until the figures change.

Every municipality's dashboard compares it with Vlaanderen, its province, the centrumsteden and
more: groups that many municipalities share. Their pooled values, medians and member rates per
quarter are computed from all members' figures, and kept in the "dashboards" cache under the
version of the figures (dashboards.selectors.figures_state), the group's members and the
minimum denominator. An import (new rows or corrected ones) or a change of members gives new
keys, so a page shows the figures of the last import at once. A change made outside the import
(a fix in the database itself, a group or municipality renamed) shows after at most
CACHE_SECONDS.

What is kept is plain data (numbers, strings, tuples): a page reads it from the cache on every
request, and plain data is quick to read back.
"""

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import caches

from activation.indicators import INDICATORS
from activation.selectors import results_in_current_borders
from dashboards import benchmarks, selectors
from dashboards.formatting import percent_value

CACHE_SECONDS = 15 * 60


def _cache():
    return caches["dashboards"]


def _digest(codes):
    return hashlib.blake2b(",".join(sorted(codes)).encode(), digest_size=8).hexdigest()


def kept(key, compute):
    """The value kept under `key` in the dashboards cache; compute() and keep it when missing."""
    cache = _cache()
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, CACHE_SECONDS)
    return value


def counts_at(results, codes, quarter):
    """{member: counts} of the members that have figures for `quarter`."""
    found = {}
    for code in codes:
        figures = results.get(code, {}).get(quarter)
        if figures is not None:
            found[code] = figures.counts
    return found


@dataclass(frozen=True)
class GroupSeries:
    """A group's figures for one indicator over the quarters of a window, oldest first.

    `pooled` and `median` are fractions (None where unknown), `pooled_chart` and `median_chart`
    the same as the rounded percentages the charts show; `last` is the summary of the window's
    last quarter, with the members' rates its ranks are counted among.
    """

    pooled: tuple
    median: tuple
    pooled_chart: tuple
    median_chart: tuple
    last: benchmarks.Summary


def _group_entry(results, members, quarters, min_denominator):
    """What the cache keeps of one group: {indicator code: the fields of its GroupSeries}."""
    per_quarter = [counts_at(results, members, quarter) for quarter in quarters]
    entry = {}
    for indicator in INDICATORS:
        summaries = [
            benchmarks.summarise(indicator, counts, min_denominator) for counts in per_quarter
        ]
        pooled = tuple(s.pooled for s in summaries)
        median = tuple(s.median for s in summaries)
        entry[indicator.code] = (
            pooled,
            median,
            tuple(percent_value(v) for v in pooled),
            tuple(percent_value(v) for v in median),
            summaries[-1].rates,
        )
    return entry


def _group_series(entry):
    return {
        code: GroupSeries(
            pooled,
            median,
            pooled_chart,
            median_chart,
            benchmarks.Summary(pooled[-1], median[-1], rates),
        )
        for code, (pooled, median, pooled_chart, median_chart, rates) in entry.items()
    }


def group_summaries(groups, quarters, state):
    """{group pk: {indicator code: GroupSeries}} for consecutive `quarters`.

    `groups` is [(group, [member codes])]. What the cache lacks is computed from one read of the
    members' figures (activation.selectors.results_in_current_borders) and stored, one entry
    per group for these quarters.
    """
    min_denominator = settings.PORTAL_MIN_DENOMINATOR
    keys = {
        group.pk: (
            f"dashboards:summary:{state.version}:{group.pk}:{_digest(members)}:"
            f"{quarters[0].index}:{quarters[-1].index}:{min_denominator}"
        )
        for group, members in groups
    }
    cache = _cache()
    found = cache.get_many(keys.values())
    missing = [(group, members) for group, members in groups if keys[group.pk] not in found]
    if missing:
        codes = {code for _, members in missing for code in members}
        results = results_in_current_borders(codes, quarters[0], quarters[-1])
        # The members' own series come along: their dashboards need them next.
        computed = {_series_key(state, code, quarters): series for code, series in results.items()}
        for group, members in missing:
            computed[keys[group.pk]] = _group_entry(results, members, quarters, min_denominator)
        cache.set_many(computed, CACHE_SECONDS)
        found.update(computed)
    return {group.pk: _group_series(found[keys[group.pk]]) for group, _ in groups}


def _series_key(state, code, quarters):
    return f"dashboards:series:{state.version}:{code}:{quarters[0].index}:{quarters[-1].index}"


def series_of(local_government, quarters, state):
    """{Quarter: Figures} of one municipality from the first to the last of `quarters`."""
    return kept(
        _series_key(state, local_government.pk, quarters),
        lambda: results_in_current_borders([local_government.pk], quarters[0], quarters[-1]).get(
            local_government.pk, {}
        ),
    )


def comparison_groups(local_government, state):
    """dashboards.selectors.comparison_groups(), kept until a group or its members change."""
    return kept(
        f"dashboards:groups:{state.groups_version}:{local_government.pk}",
        lambda: selectors.comparison_groups(local_government),
    )


def group_members(group, state):
    """dashboards.selectors.group_members(), kept until a group or its members change."""
    return kept(
        f"dashboards:members:{state.groups_version}:{group.pk}",
        lambda: selectors.group_members(group),
    )


def memberships(kinds, state):
    """dashboards.selectors.memberships(), kept until a group or its members change."""
    return kept(
        f"dashboards:memberships:{state.groups_version}:{','.join(sorted(kinds))}",
        lambda: selectors.memberships(kinds),
    )


def import_batches(batch_ids, state):
    """dashboards.selectors.import_batches(), kept until the figures change."""
    return kept(
        f"dashboards:imports:{state.version}:{_digest(map(str, batch_ids))}",
        lambda: selectors.import_batches(batch_ids),
    )


def figures_at(quarter, state):
    """{NIS code: Figures} of every current municipality for one quarter (not kept: see
    dashboards.reports.quarter_rows, which keeps what the pages show of them)."""
    results = results_in_current_borders(None, quarter, quarter)
    return {code: series[quarter] for code, series in results.items() if quarter in series}

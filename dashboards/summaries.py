"""Benchmark figures of groups and quarters, computed once and kept until the figures change.

Every municipality's dashboard compares it with Vlaanderen, its province, the centrumsteden and
more: groups that many municipalities share. Their pooled values, medians and member rates per
quarter are computed from all members' figures, and kept in the "dashboards" cache under the
version of the figures (dashboards.selectors.figures_state), the group's members and the
minimum denominator. An import (new rows or corrected ones) or a change of members gives new
keys, so a page shows the figures of the last import at once. A change made outside the import
(a fix in the database itself, a group renamed) shows after at most CACHE_SECONDS.
"""

import hashlib

from django.conf import settings
from django.core.cache import caches

from activation.indicators import INDICATORS
from activation.selectors import results_in_current_borders
from dashboards import benchmarks, selectors

CACHE_SECONDS = 15 * 60


def _cache():
    return caches["dashboards"]


def _digest(codes):
    return hashlib.blake2b(",".join(sorted(codes)).encode(), digest_size=8).hexdigest()


def counts_at(results, codes, quarter):
    """{member: counts} of the members that have figures for `quarter`."""
    found = {}
    for code in codes:
        figures = results.get(code, {}).get(quarter)
        if figures is not None:
            found[code] = figures.counts
    return found


def group_summaries(groups, quarters, state):
    """{(group pk, quarter): {indicator code: benchmarks.Summary}} for consecutive `quarters`.

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
            computed[keys[group.pk]] = [
                {
                    indicator.code: benchmarks.summarise(
                        indicator, counts_at(results, members, quarter), min_denominator
                    )
                    for indicator in INDICATORS
                }
                for quarter in quarters
            ]
        cache.set_many(computed, CACHE_SECONDS)
        found.update(computed)
    return {
        (group.pk, quarter): found[keys[group.pk]][position]
        for group, _ in groups
        for position, quarter in enumerate(quarters)
    }


def _series_key(state, code, quarters):
    return f"dashboards:series:{state.version}:{code}:{quarters[0].index}:{quarters[-1].index}"


def series_of(local_government, quarters, state):
    """{Quarter: Figures} of one municipality from the first to the last of `quarters`."""
    key = _series_key(state, local_government.pk, quarters)
    cache = _cache()
    series = cache.get(key)
    if series is None:
        series = results_in_current_borders([local_government.pk], quarters[0], quarters[-1]).get(
            local_government.pk, {}
        )
        cache.set(key, series, CACHE_SECONDS)
    return series


def comparison_groups(local_government, state):
    """dashboards.selectors.comparison_groups(), kept until a group or its members change."""
    key = f"dashboards:groups:{state.groups_version}:{local_government.pk}"
    cache = _cache()
    groups = cache.get(key)
    if groups is None:
        groups = selectors.comparison_groups(local_government)
        cache.set(key, groups, CACHE_SECONDS)
    return groups


def import_batches(batch_ids, state):
    """dashboards.selectors.import_batches(), kept until the figures change."""
    key = f"dashboards:imports:{state.version}:{_digest(map(str, batch_ids))}"
    cache = _cache()
    batches = cache.get(key)
    if batches is None:
        batches = selectors.import_batches(batch_ids)
        cache.set(key, batches, CACHE_SECONDS)
    return batches


def figures_at(quarter, state):
    """{NIS code: Figures} of every current municipality for one quarter (cached like above)."""
    key = f"dashboards:quarter:{state.version}:{quarter.index}"
    cache = _cache()
    figures = cache.get(key)
    if figures is None:
        results = results_in_current_borders(None, quarter, quarter)
        figures = {code: series[quarter] for code, series in results.items() if quarter in series}
        cache.set(key, figures, CACHE_SECONDS)
    return figures

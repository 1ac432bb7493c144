"""What each dashboard page shows, read from the stored figures, for the page, its charts and its
exports alike.

The pages and the downloads read the same report object, so an export holds exactly the figures
the page shows. Every figure comes from the tables activation.figures writes (with the
disclosure rule applied there); reads go through dashboards.selectors, formats through
dashboards.formatting.
"""

import datetime
from types import SimpleNamespace

from django.urls import reverse

from activation import figures
from activation.indicators import INDICATORS, PER_THOUSAND, POPULATION_YEAR
from dashboards import formatting, selectors
from dashboards.formatting import MISSING, percent
from dashboards.report_parts import (
    STATUS_LABELS,
    Card,
    Comparison,
    Panel,
    chart,
    chart_line,
    group_points,
    position_in_group,
    rate_of,
    result_row,
    source_text,
    status_label,
    window,
)
from ocmw_portal.dutch import dutch_date, dutch_list


class MunicipalityReport:
    """The municipality dashboard for one quarter."""

    def __init__(self, local_government, quarter, first, *, all_quarters=False):
        self.local_government = local_government
        self.quarter = quarter
        self.quarters = window(quarter, first, all_quarters=all_quarters)
        self.groups = selectors.comparison_groups(local_government)
        group_ids = [group.pk for group, _ in self.groups]
        self.series = selectors.series(local_government, self.quarters)
        group_figures = selectors.group_figures(group_ids, self.quarters)
        own = self.series.get(quarter)
        standings = selectors.standings(group_ids, quarter, own) if own else {}

        self.has_figures = own is not None
        # The funnel's context: leefloongerechtigden per 1.000 inwoners, now and a year earlier.
        year_earlier = self.series.get(quarter.year_earlier())
        self.per_thousand = getattr(own, PER_THOUSAND.code) if own else None
        self.per_thousand_year_earlier = (
            getattr(year_earlier, PER_THOUSAND.code) if year_earlier else None
        )
        self.population = local_government.population
        self.status = own.status if own else None
        self.status_label = status_label(self.status)

        self.panels = []
        charts = []
        self.batch_ids = set()
        sources_at = {q: set(result.sources) for q, result in self.series.items()}
        group_urls = {
            group.pk: reverse("dashboards:group", args=[group.code]) for group, _ in self.groups
        }
        for indicator in INDICATORS:
            code = indicator.code
            card = Card(
                indicator=indicator,
                rate=rate_of(own, indicator),
                previous=rate_of(self.series.get(quarter.previous()), indicator),
                year_earlier=rate_of(self.series.get(quarter.year_earlier()), indicator),
                previous_quarter=quarter.previous(),
                year_quarter=quarter.year_earlier(),
                status=own.status if own else None,
            )
            panel = Panel(indicator, card)
            own_points = [
                (getattr(self.series[q], code), self.series[q].status)
                if q in self.series
                else (None, None)
                for q in self.quarters
            ]
            lines = [chart_line(local_government.name, "own", own_points)]
            for number, (group, is_member) in enumerate(self.groups):
                by_quarter = group_figures.get((group.pk, code), {})
                figure = by_quarter.get(quarter)
                rank, ranked, shared = position_in_group(
                    standings.get((group.pk, code)), figure, card.rate.value, is_member
                )
                url = group_urls[group.pk]
                panel.comparisons.append(
                    Comparison(
                        group,
                        figure,
                        rank,
                        ranked,
                        shared,
                        f"{url}?kwartaal={quarter}&indicator={code}",
                    )
                )
                lines.append(
                    chart_line(
                        group.name,
                        "pooled",
                        group_points(by_quarter, self.quarters, "rate"),
                        number,
                    )
                )
                lines.append(
                    chart_line(
                        f"Mediaan {group.name}",
                        "median",
                        group_points(by_quarter, self.quarters, "median"),
                        number,
                    )
                )
                for q, group_figure in by_quarter.items():
                    sources_at.setdefault(q, set()).update(group_figure.sources)
            panel.chart = chart(panel.chart_id, indicator.label, lines)
            self.panels.append(panel)
            charts.append(panel.chart)
        self.chart_data = {"quarters": [str(q) for q in self.quarters], "charts": charts}
        self.rows = [
            result_row(q, self.series[q]) for q in reversed(self.quarters) if q in self.series
        ]
        # Which imports the figures of each quarter shown rest on: own and groups' figures.
        self.provenance = []
        for q in reversed(self.quarters):
            if sources_at.get(q):
                result = self.series.get(q)
                self.provenance.append(
                    (q, status_label(result.status) if result else "", sorted(sources_at[q]))
                )
                self.batch_ids |= sources_at[q]

    def set_sources(self, batches):
        """Names the imports behind each card, once they are read ({pk: ImportRecord})."""
        self.batches = batches
        own = self.series.get(self.quarter)
        for panel in self.panels:
            panel.card.sources = source_text(own.sources if own else (), batches)

    population_year = POPULATION_YEAR
    context_indicator = PER_THOUSAND

    @property
    def cards(self):
        return [panel.card for panel in self.panels]

    @property
    def shows_merged_quarters(self):
        """Whether a quarter shown is the sum of former municipalities (before a merger)."""
        own = [self.local_government.pk]
        return any(result.parts != own for result in self.series.values())


def _summary_item(indicator, figure, *, single=None):
    """A card of the overview's summary: a group figure's value, coverage and status; or, for
    a selection of one municipality, its own rate as its dashboard shows it."""
    if single is not None:
        result = single
        return {
            "value": formatting.rate_text(rate_of(result, indicator)),
            "coverage": "",
            "status": status_label(result.status) if result else "",
        }
    return {
        "value": formatting.group_value(figure),
        "coverage": formatting.coverage(figure),
        "status": status_label(figure.status) if figure else "",
    }


class OverviewReport:
    """The overview: the municipalities in scope for one quarter, and the map of Flanders.

    `local_governments` is [(NIS code, name, province name)] of the municipalities in the table.
    """

    def __init__(
        self,
        local_governments,
        quarter,
        indicator,
        *,
        regions,
        names,
        highlight,
        openable=(),
        framed_on_scope=False,
    ):
        """`openable`: the codes whose dashboard the user may open (their scope);
        `framed_on_scope`: whether the map is framed on them rather than on all Flanders."""
        self.quarter = quarter
        self.indicator = indicator
        # The map shows every municipality, so the figures of the whole quarter are read.
        at_quarter = selectors.results_at(quarter) if quarter else {}
        self.rows = [
            {
                **result_row(quarter, at_quarter.get(code)),
                "nis_code": code,
                "name": name,
                "province": province,
                "region": regions.get(code, ""),
            }
            for code, name, province in local_governments
        ]
        codes = [code for code, _, _ in local_governments]
        flanders = selectors.group_figures_at("vlaanderen", quarter) if quarter else {}
        minimum = figures.min_denominator()
        self.summary = []
        self.batch_ids = set()
        for row in self.rows:
            self.batch_ids.update(row["sources"])
        for ind in INDICATORS:
            if len(codes) == 1:
                selection = _summary_item(ind, None, single=at_quarter.get(codes[0]))
            else:
                members = [at_quarter.get(code) for code in codes]
                pooled = SimpleNamespace(**figures.pooled(ind, members, len(codes), minimum))
                selection = _summary_item(ind, pooled)
            flanders_figure = flanders.get(ind.code)
            if flanders_figure:
                self.batch_ids.update(flanders_figure.sources)
            self.summary.append(
                {
                    "indicator": ind,
                    "selection": selection,
                    "flanders": _summary_item(ind, flanders_figure),
                }
            )
        code = indicator.code
        rates = {c: r for c, r in at_quarter.items() if getattr(r, code) is not None}
        ordered = sorted(names.items(), key=lambda item: item[1])
        shown = [(c, name) for c, name in ordered if c in rates]
        missing = [(c, name) for c, name in ordered if c not in rates]
        values = [getattr(rates[c], code) for c, _ in shown]
        statuses = [status_label(rates[c].status) for c, _ in shown]
        # The colour scale runs from the lowest to the highest rate shown; the page's legend
        # names both ends.
        self.scale = (min(values), max(values)) if values else (None, None)
        self.map_status = {
            label: statuses.count(label) for label in STATUS_LABELS.values() if label in statuses
        }
        self.map_data = {
            "indicator": indicator.label,
            "unit": indicator.unit,
            "quarter": str(quarter),
            "scale": list(self.scale),
            "locations": [c for c, _ in shown],
            "values": values,
            "statuses": statuses,
            "names": [name for _, name in shown],
            "missing": [c for c, _ in missing],
            "missingNames": [name for _, name in missing],
            "highlight": sorted(highlight),
            "openable": sorted(openable),
            "frame": sorted(openable) if framed_on_scope and openable else sorted(names),
        }
        self.shown_count = len(shown)


class GroupReport:
    """A benchmark group: its pooled series and median, and its members ranked."""

    def __init__(self, group, members, quarter, first, indicator, linkable, *, all_quarters=False):
        """`members`: [(NIS code, name, province name)]; `linkable`: the codes the user may open."""
        self.group = group
        self.quarter = quarter
        self.indicator = indicator
        self.quarters = window(quarter, first, all_quarters=all_quarters)
        group_figures = selectors.group_figures([group.pk], self.quarters)
        ranked = selectors.ranked_members(group, quarter, indicator)
        self.cards = []
        charts = []
        self.batch_ids = set()
        for ind in INDICATORS:
            by_quarter = group_figures.get((group.pk, ind.code), {})
            figure = by_quarter.get(quarter)
            previous = by_quarter.get(quarter.previous())
            for shown in by_quarter.values():
                self.batch_ids.update(shown.sources)
            self.cards.append(
                {
                    "indicator": ind,
                    "figure": figure,
                    "value": formatting.group_value(figure),
                    "median": percent(figure.median) if figure else MISSING,
                    "coverage": formatting.coverage(figure),
                    "status": figure.status if figure else None,
                    "status_label": status_label(figure.status) if figure else "",
                    "ranked": sum(
                        1 for r, _ in ranked.values() if getattr(r, ind.code) is not None
                    ),
                    "change_previous": formatting.change(
                        figure.rate if figure else None, previous.rate if previous else None
                    ),
                }
            )
            charts.append(
                chart(
                    f"grafiek-{ind.code}",
                    ind.label,
                    [
                        chart_line(
                            group.name, "pooled", group_points(by_quarter, self.quarters, "rate")
                        ),
                        chart_line(
                            f"Mediaan {group.name}",
                            "median",
                            group_points(by_quarter, self.quarters, "median"),
                        ),
                    ],
                )
            )
        self.chart_data = {"quarters": [str(q) for q in self.quarters], "charts": charts}

        ranks = {code: rank for code, (_, rank) in ranked.items() if rank is not None}
        tied = {rank for rank in ranks.values() if list(ranks.values()).count(rank) > 1}
        self.rows = []
        for nis_code, name, province in members:
            result, rank = ranked.get(nis_code, (None, None))
            self.rows.append(
                {
                    **result_row(quarter, result),
                    "nis_code": nis_code,
                    "name": name,
                    "province": province,
                    "rank": None
                    if rank is None
                    else f"{rank}{' (gedeeld)' if rank in tied else ''}",
                    "rank_sort": (rank is None, rank or 0),
                    "linkable": nis_code in linkable,
                }
            )
        self.rows.sort(key=lambda row: (row["rank_sort"], row["name"]))
        self.ranked = len(ranks)


def merger_notes(history):
    """Dutch sentences on how a merged municipality's earlier quarters are composed.

    `history` is dashboards.selectors.merger_history(local_government).
    """
    formed = {}
    for merger in history:
        formed.setdefault((merger.date, merger.successor), []).append(merger.predecessor.name)
    notes = []
    for (date, successor), names in sorted(formed.items(), key=lambda item: item[0][0]):
        day = dutch_date(date)
        names = sorted(names)
        if successor.exists_on(date - datetime.timedelta(days=1)):
            verb = "maakt" if len(names) == 1 else "maken"
            notes.append(
                f"{dutch_list(names)} {verb} sinds {day} deel uit van {successor.name}. "
                f"Voor de kwartalen vóór {day} is elk cijfer de som van "
                f"{dutch_list([successor.name, *names])}."
            )
        else:
            notes.append(
                f"{successor.name} bestaat sinds {day} en is gevormd uit {dutch_list(names)}. "
                f"Voor de kwartalen vóór {day} is elk cijfer de som van die gemeenten."
            )
    if notes:
        notes.append(
            "Zo gaan alle kwartalen over hetzelfde grondgebied. Ontbreekt het cijfer van een van "
            "die gemeenten, dan blijft het kwartaal leeg."
        )
    return notes

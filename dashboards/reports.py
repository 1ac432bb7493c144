"""What each dashboard page shows, computed once for the page, its charts and its exports.

The pages and the downloads read the same report object, so an export holds exactly the figures
the page shows. Reads go through dashboards.selectors, dashboards.summaries (group figures,
cached) and activation.selectors; the benchmark rules live in dashboards.benchmarks.
"""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.urls import reverse
from django.utils.formats import date_format

from activation.indicators import COUNT_FIELDS, INDICATORS
from activation.models import ResultStatus
from activation.quarters import Quarter
from dashboards import benchmarks, summaries, tables
from dashboards.formatting import MISSING, percent, percent_value

# Charts and the table of a municipality or group cover this many quarters, ending at the
# chosen one: three years, enough to compare with a year earlier and to see a trend. It also
# keeps a page's work the same however many quarters the database holds.
WINDOW = 12

STATUS_LABELS = dict(ResultStatus.choices)


def window(quarter, first):
    """The quarters shown for `quarter`: up to WINDOW quarters, not before the first with data."""
    start = Quarter.from_index(quarter.index - WINDOW + 1)
    if first is not None and start < first <= quarter:
        start = first
    return start.until(quarter)


@dataclass(frozen=True)
class Trend:
    """How a change reads: an arrow, words for screen readers, and a class for its colour."""

    arrow: str
    words: str
    css: str

    @classmethod
    def of(cls, difference, higher_is_better=True):
        if difference is None:
            return cls("", "geen vergelijking", "")
        if round(difference * 100, 1) == 0:
            return cls("=", "gelijk", "")
        better = (difference > 0) == higher_is_better
        css = "up" if better else "down"
        if difference > 0:
            return cls("▲", "gestegen", css)
        return cls("▼", "gedaald", css)


@dataclass
class Card:
    """One indicator of a municipality for the chosen quarter, with its changes."""

    indicator: object
    rate: benchmarks.Rate
    previous: benchmarks.Rate
    year_earlier: benchmarks.Rate
    previous_quarter: Quarter
    year_quarter: Quarter
    status: str | None

    @property
    def change_previous(self):
        return benchmarks.change(self.rate.shown, self.previous.shown)

    @property
    def change_year(self):
        return benchmarks.change(self.rate.shown, self.year_earlier.shown)

    @property
    def status_label(self):
        return STATUS_LABELS.get(self.status, "")

    @property
    def trend_previous(self):
        return Trend.of(self.change_previous, self.indicator.higher_is_better)

    @property
    def trend_year(self):
        return Trend.of(self.change_year, self.indicator.higher_is_better)


def _card(indicator, series, quarter, min_denominator):
    def rate_at(q):
        figures = series.get(q)
        return benchmarks.rate(indicator, figures.counts if figures else None, min_denominator)

    figures = series.get(quarter)
    return Card(
        indicator=indicator,
        rate=rate_at(quarter),
        previous=rate_at(quarter.previous()),
        year_earlier=rate_at(quarter.year_earlier()),
        previous_quarter=quarter.previous(),
        year_quarter=quarter.year_earlier(),
        status=figures.status if figures else None,
    )


def result_row(quarter, figures, min_denominator, **extra):
    """A table row: the counts and rates of one municipality for one quarter."""
    counts = figures.counts if figures else {}
    row = {
        "quarter": str(quarter) if quarter else "",
        "quarter_index": quarter.index if quarter else 0,
        "status": STATUS_LABELS.get(figures.status, "") if figures else "",
        **{name: counts.get(name) for name in COUNT_FIELDS},
        **extra,
    }
    for indicator in INDICATORS:
        rate = benchmarks.rate(indicator, counts, min_denominator)
        row[indicator.code] = rate
        # Sorting puts unknown and suppressed rates after the known ones.
        row[f"{indicator.code}_sort"] = (rate.shown is None, rate.shown or 0.0)
    return row


def quarter_rows(quarter, state):
    """{NIS code: result_row()} of every current municipality with figures for `quarter`.

    Each row also holds the imports behind its figures (`batch_ids`) and the cells of its counts,
    rates and status as the tables write them (`cells`, dashboards.tables.figure_cells). The
    overview and the group pages show up to 285 of them, so they are made once per quarter and
    version of the figures and kept in the cache. Which rows a user sees is decided per request.
    """
    min_denominator = settings.PORTAL_MIN_DENOMINATOR

    def compute():
        rows = {}
        for code, figures in summaries.figures_at(quarter, state).items():
            row = result_row(
                quarter, figures, min_denominator, batch_ids=tuple(sorted(figures.batch_ids))
            )
            row["cells"] = tables.figure_cells(row)
            rows[code] = row
        return rows

    key = f"dashboards:rows:{state.version}:{quarter.index}:{min_denominator}"
    return summaries.kept(key, compute)


def _chart(chart_id, title, lines):
    return {"id": chart_id, "title": title, "lines": lines}


def _line(name, role, values, colour=0):
    return {"name": name, "role": role, "colour": colour, "values": values}


@dataclass
class Comparison:
    """A row of a position table: the group, and the municipality's place in it as shown."""

    group: object
    position: benchmarks.Position
    url: str = ""

    def __post_init__(self):
        self.name = self.group.name
        position = self.position
        self.rank = f"{position.rank} van {position.ranked}" if position.rank else MISSING
        self.median = percent(position.median)
        self.pooled = percent(position.pooled)


@dataclass
class Panel:
    """One indicator on the municipality dashboard: its card, chart and positions in the groups."""

    indicator: object
    card: Card
    comparisons: list = field(default_factory=list)

    @property
    def chart_id(self):
        return f"grafiek-{self.indicator.code}"


class MunicipalityReport:
    """The municipality dashboard for one quarter."""

    def __init__(self, local_government, quarter, state):
        min_denominator = settings.PORTAL_MIN_DENOMINATOR
        self.local_government = local_government
        self.quarter = quarter
        self.quarters = window(quarter, state.first)
        self.groups = summaries.comparison_groups(local_government, state)
        group_figures = summaries.group_summaries(self.groups, self.quarters, state)
        self.series = summaries.series_of(local_government, self.quarters, state)

        figures = self.series.get(quarter)
        self.has_figures = figures is not None
        self.status = figures.status if figures else None
        self.status_label = STATUS_LABELS.get(self.status, "")

        groups = [
            (
                group,
                local_government.pk in members,
                reverse("dashboards:group", args=[group.code]) + f"?kwartaal={quarter}&indicator=",
            )
            for group, members in self.groups
        ]
        self.panels = []
        charts = []
        for indicator in INDICATORS:
            card = _card(indicator, self.series, quarter, min_denominator)
            panel = Panel(indicator, card)
            own = [
                benchmarks.rate(
                    indicator, self.series[q].counts if q in self.series else None, min_denominator
                ).shown
                for q in self.quarters
            ]
            lines = [_line(local_government.name, "own", [percent_value(v) for v in own])]
            for number, (group, is_member, url) in enumerate(groups):
                series = group_figures[group.pk][indicator.code]
                position = benchmarks.position_in(
                    series.last, indicator, card.rate.shown, is_member
                )
                panel.comparisons.append(Comparison(group, position, url + indicator.code))
                lines.append(_line(group.name, "pooled", list(series.pooled_chart), number))
                lines.append(
                    _line(f"Mediaan {group.name}", "median", list(series.median_chart), number)
                )
            self.panels.append(panel)
            charts.append(_chart(panel.chart_id, indicator.label, lines))
        self.chart_data = {"quarters": [str(q) for q in self.quarters], "charts": charts}
        self.rows = [
            result_row(q, self.series[q], min_denominator)
            for q in reversed(self.quarters)
            if q in self.series
        ]
        self.provenance = []
        self.batch_ids = set()
        for q in reversed(self.quarters):
            if q in self.series:
                figures = self.series[q]
                self.provenance.append(
                    (q, STATUS_LABELS.get(figures.status, ""), sorted(figures.batch_ids))
                )
                self.batch_ids |= figures.batch_ids

    @property
    def cards(self):
        return [panel.card for panel in self.panels]

    @property
    def shows_merged_quarters(self):
        """Whether a quarter shown is the sum of former municipalities (before a merger)."""
        own = (self.local_government.pk,)
        return any(figures.parts != own for figures in self.series.values())


class OverviewReport:
    """The overview: the municipalities in scope for one quarter, and the map of Flanders.

    `local_governments` is [(NIS code, name, province name)] of the municipalities in the table.
    """

    def __init__(self, local_governments, quarter, indicator, state, *, regions, names, highlight):
        min_denominator = settings.PORTAL_MIN_DENOMINATOR
        self.quarter = quarter
        self.indicator = indicator
        # The map shows every municipality, so the figures of the whole quarter are read.
        # A row holds its counts under their names, so it serves as the counts of pooled().
        at_quarter = quarter_rows(quarter, state) if quarter else {}
        self.rows = [
            {
                **(at_quarter.get(code) or result_row(quarter, None, min_denominator)),
                "nis_code": code,
                "name": name,
                "province": province,
                "region": regions.get(code, ""),
            }
            for code, name, province in local_governments
        ]
        selected = [at_quarter[code] for code, _, _ in local_governments if code in at_quarter]
        self.batch_ids = set().union(*(row["batch_ids"] for row in selected))
        self.summary = [
            {
                "indicator": ind,
                "selection": benchmarks.pooled(ind, selected),
                "flanders": benchmarks.pooled(ind, at_quarter.values()),
            }
            for ind in INDICATORS
        ]
        rates = benchmarks.shown_rates(indicator, at_quarter, min_denominator)
        ordered = sorted(names.items(), key=lambda item: item[1])
        shown = [(code, name) for code, name in ordered if code in rates]
        missing = [(code, name) for code, name in ordered if code not in rates]
        values = [percent_value(rates[code]) for code, _ in shown]
        # The colour scale runs from the lowest to the highest rate shown; the page's legend
        # names both ends.
        self.scale = (min(values), max(values)) if values else (None, None)
        self.map_data = {
            "indicator": indicator.label,
            "quarter": str(quarter),
            "scale": list(self.scale),
            "locations": [code for code, _ in shown],
            "values": values,
            "names": [name for _, name in shown],
            "missing": [code for code, _ in missing],
            "missingNames": [name for _, name in missing],
            "highlight": sorted(highlight),
        }
        self.shown_count = len(shown)


class GroupReport:
    """A benchmark group: its pooled series and median, and its members ranked."""

    def __init__(self, group, members, quarter, state, indicator, linkable):
        """`members`: [(NIS code, name, province name)]; `linkable`: the codes the user may open."""
        min_denominator = settings.PORTAL_MIN_DENOMINATOR
        self.group = group
        self.quarter = quarter
        self.indicator = indicator
        self.quarters = window(quarter, state.first)
        codes = [nis_code for nis_code, _, _ in members]
        group_figures = summaries.group_summaries([(group, codes)], self.quarters, state)
        self.cards = []
        charts = []
        for ind in INDICATORS:
            series = group_figures[group.pk][ind.code]
            last = series.last
            previous = series.pooled[-2] if len(series.pooled) > 1 else None
            self.cards.append(
                {
                    "indicator": ind,
                    "pooled": last.pooled,
                    "median": last.median,
                    "ranked": len(last.rates),
                    "change_previous": benchmarks.change(last.pooled, previous),
                }
            )
            charts.append(
                _chart(
                    f"grafiek-{ind.code}",
                    ind.label,
                    [
                        _line(group.name, "pooled", list(series.pooled_chart)),
                        _line(f"Mediaan {group.name}", "median", list(series.median_chart)),
                    ],
                )
            )
        self.chart_data = {"quarters": [str(q) for q in self.quarters], "charts": charts}

        at_quarter = quarter_rows(quarter, state)
        member_rows = {code: at_quarter[code] for code in codes if code in at_quarter}
        rates = benchmarks.shown_rates(indicator, member_rows, min_denominator)
        ranks = benchmarks.ranks(rates, indicator.higher_is_better)
        self.rows = [
            {
                **(member_rows.get(nis_code) or result_row(quarter, None, min_denominator)),
                "nis_code": nis_code,
                "name": name,
                "province": province,
                "rank": ranks.get(nis_code),
                "rank_sort": (nis_code not in ranks, ranks.get(nis_code, 0)),
                "linkable": nis_code in linkable,
            }
            for nis_code, name, province in members
        ]
        self.rows.sort(key=lambda row: (row["rank_sort"], row["name"]))
        self.ranked = len(rates)


def _names(names):
    names = list(names)
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} en {names[-1]}"


def merger_notes(history):
    """Dutch sentences on how a merged municipality's earlier quarters are composed.

    `history` is dashboards.selectors.merger_history(local_government).
    """
    formed = {}
    for merger in history:
        formed.setdefault((merger.date, merger.successor), []).append(merger.predecessor.name)
    notes = []
    for (date, successor), names in sorted(formed.items(), key=lambda item: item[0][0]):
        day = date_format(date, "j F Y")
        names = sorted(names)
        if successor.exists_on(date - datetime.timedelta(days=1)):
            verb = "maakt" if len(names) == 1 else "maken"
            notes.append(
                f"{_names(names)} {verb} sinds {day} deel uit van {successor.name}. "
                f"Voor de kwartalen vóór {day} is elk cijfer de som van "
                f"{_names([successor.name, *names])}."
            )
        else:
            notes.append(
                f"{successor.name} bestaat sinds {day} en is gevormd uit {_names(names)}. "
                f"Voor de kwartalen vóór {day} is elk cijfer de som van die gemeenten."
            )
    if notes:
        notes.append(
            "Zo gaan alle kwartalen over hetzelfde grondgebied. Ontbreekt het cijfer van een van "
            "die gemeenten, dan blijft het kwartaal leeg."
        )
    return notes

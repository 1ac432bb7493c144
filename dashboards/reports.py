"""What each dashboard page shows, read from the stored figures, for the page, its charts and its
exports alike.

The pages and the downloads read the same report object, so an export holds exactly the figures
the page shows. Every figure comes from the tables activation.figures writes (with the
disclosure rule applied there); reads go through dashboards.selectors, formats through
dashboards.formatting.
"""

import datetime
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import NamedTuple

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from activation import figures
from activation.indicators import COUNT_FIELDS, INDICATORS
from activation.models import GroupFigure, ResultStatus
from activation.quarters import Quarter
from dashboards import formatting, selectors
from dashboards.formatting import MISSING, percent

# Charts and the table of a municipality or group cover this many quarters, ending at the
# chosen one: three years, enough to compare with a year earlier and to see a trend. It also
# keeps a page's work the same however many quarters the database holds.
WINDOW = 12

STATUS_LABELS = dict(ResultStatus.choices)
FEW = GroupFigure.Withheld.FEW_MEMBERS


def window(quarter, first):
    """The quarters shown for `quarter`: up to WINDOW quarters, not before the first with data."""
    start = Quarter.from_index(quarter.index - WINDOW + 1)
    if first is not None and start < first <= quarter:
        start = first
    return start.until(quarter)


def status_label(status):
    return STATUS_LABELS.get(status, "")


def source_text(batch_ids, batches):
    """ "demo.csv (01-12-2026); correctie.csv (02-12-2026)": the imports a figure rests on."""
    found = [batches[pk] for pk in batch_ids if pk in batches]
    return "; ".join(
        f"{batch.file_name} ({timezone.localtime(batch.created_at):%d-%m-%Y})" for batch in found
    )


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
        if difference == 0:
            return cls("=", "gelijk", "")
        better = (difference > 0) == higher_is_better
        css = "up" if better else "down"
        if difference > 0:
            return cls("▲", "gestegen", css)
        return cls("▼", "gedaald", css)


class Rate(NamedTuple):
    """One municipality's rate as stored: its counts, the percentage shown (None when unknown or
    withheld) and whether it is withheld as n<10."""

    numerator: int | None
    denominator: int | None
    value: float | None
    small: bool = False


def rate_of(result, indicator):
    if result is None:
        return Rate(None, None, None, False)
    return Rate(
        getattr(result, indicator.numerator),
        getattr(result, indicator.denominator),
        getattr(result, indicator.code),
        getattr(result, f"{indicator.code}_small"),
    )


@dataclass
class Card:
    """One indicator of a municipality for the chosen quarter, with its changes."""

    indicator: object
    rate: Rate
    previous: Rate
    year_earlier: Rate
    previous_quarter: Quarter
    year_quarter: Quarter
    status: str | None
    sources: str = ""

    @property
    def change_previous(self):
        return formatting.change(self.rate.value, self.previous.value)

    @property
    def change_year(self):
        return formatting.change(self.rate.value, self.year_earlier.value)

    @property
    def status_label(self):
        return status_label(self.status)

    @property
    def not_known_yet(self):
        """The rate is unknown although its denominator is known (durable work comes later)."""
        return self.rate.value is None and not self.rate.small and bool(self.rate.denominator)

    @property
    def trend_previous(self):
        return Trend.of(self.change_previous, self.indicator.higher_is_better)

    @property
    def trend_year(self):
        return Trend.of(self.change_year, self.indicator.higher_is_better)


def result_row(quarter, result, **extra):
    """A table row: the counts, rates, status and sources of one municipality for one quarter."""
    row = {
        "quarter": str(quarter) if quarter else "",
        "quarter_index": quarter.index if quarter else 0,
        "status": status_label(result.status) if result else "",
        "sources": tuple(result.sources) if result else (),
        **{name: getattr(result, name) if result else None for name in COUNT_FIELDS},
        **extra,
    }
    for indicator in INDICATORS:
        rate = rate_of(result, indicator)
        row[indicator.code] = rate
        # Sorting puts unknown and withheld rates after the known ones.
        row[f"{indicator.code}_sort"] = (rate.value is None, rate.value or 0.0)
    return row


def _chart(chart_id, title, lines):
    return {"id": chart_id, "title": title, "lines": lines}


def _line(name, role, points, colour=0):
    """A chart line: the values as shown (None where unknown or withheld) and their status."""
    return {
        "name": name,
        "role": role,
        "colour": colour,
        "values": [value for value, _ in points],
        "statuses": [status_label(status) for _, status in points],
    }


def _group_points(by_quarter, quarters, attribute):
    points = []
    for quarter in quarters:
        figure = by_quarter.get(quarter)
        points.append((getattr(figure, attribute), figure.status) if figure else (None, None))
    return points


@dataclass
class Comparison:
    """A row of a position table: the group, its figure and the municipality's place in it."""

    group: object
    figure: object  # GroupFigure of the chosen quarter, or None
    rank: int | None
    ranked: int
    shared: bool = False
    url: str = ""

    def __post_init__(self):
        figure = self.figure
        self.name = self.group.name
        if self.rank:
            self.rank_text = f"{self.rank} van {self.ranked}" + (
                " (gedeeld)" if self.shared else ""
            )
        else:
            self.rank_text = MISSING
        self.value = formatting.group_value(figure)
        self.median = percent(figure.median) if figure else MISSING
        self.coverage = formatting.coverage(figure)
        self.status = status_label(figure.status) if figure else ""


@dataclass
class Panel:
    """One indicator on the municipality dashboard: its card, chart and positions in the groups."""

    indicator: object
    card: Card
    comparisons: list = field(default_factory=list)

    @property
    def chart_id(self):
        return f"grafiek-{self.indicator.code}"


def _position(standing, figure, own_rate, is_member):
    """(rank, ranked, shared) of the municipality's shown rate among a group's members.

    A neighbours group does not hold its anchor: the rank is then counted among the members and
    the municipality itself. A group figure withheld for too few members has no ranking.
    """
    if figure is None or figure.withheld == FEW:
        return None, 0, False
    standing = standing or selectors.Standing(0, 0, 0)
    if own_rate is None:
        return None, standing.ranked, False
    ranked = standing.ranked + (0 if is_member else 1)
    equal = standing.equal - (1 if is_member else 0)
    return standing.better + 1, ranked, equal > 0


class MunicipalityReport:
    """The municipality dashboard for one quarter."""

    def __init__(self, local_government, quarter, first):
        self.local_government = local_government
        self.quarter = quarter
        self.quarters = window(quarter, first)
        self.groups = selectors.comparison_groups(local_government)
        group_ids = [group.pk for group, _ in self.groups]
        self.series = selectors.series(local_government, self.quarters)
        group_figures = selectors.group_figures(group_ids, self.quarters)
        own = self.series.get(quarter)
        standings = selectors.standings(group_ids, quarter, own) if own else {}

        self.has_figures = own is not None
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
            lines = [_line(local_government.name, "own", own_points)]
            for number, (group, is_member) in enumerate(self.groups):
                by_quarter = group_figures.get((group.pk, code), {})
                figure = by_quarter.get(quarter)
                rank, ranked, shared = _position(
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
                    _line(
                        group.name,
                        "pooled",
                        _group_points(by_quarter, self.quarters, "rate"),
                        number,
                    )
                )
                lines.append(
                    _line(
                        f"Mediaan {group.name}",
                        "median",
                        _group_points(by_quarter, self.quarters, "median"),
                        number,
                    )
                )
                for q, group_figure in by_quarter.items():
                    sources_at.setdefault(q, set()).update(group_figure.sources)
            self.panels.append(panel)
            charts.append(_chart(panel.chart_id, indicator.label, lines))
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

    def __init__(self, local_governments, quarter, indicator, *, regions, names, highlight):
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
            "quarter": str(quarter),
            "scale": list(self.scale),
            "locations": [c for c, _ in shown],
            "values": values,
            "statuses": statuses,
            "names": [name for _, name in shown],
            "missing": [c for c, _ in missing],
            "missingNames": [name for _, name in missing],
            "highlight": sorted(highlight),
        }
        self.shown_count = len(shown)


class GroupReport:
    """A benchmark group: its pooled series and median, and its members ranked."""

    def __init__(self, group, members, quarter, first, indicator, linkable):
        """`members`: [(NIS code, name, province name)]; `linkable`: the codes the user may open."""
        self.group = group
        self.quarter = quarter
        self.indicator = indicator
        self.quarters = window(quarter, first)
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
                _chart(
                    f"grafiek-{ind.code}",
                    ind.label,
                    [
                        _line(
                            group.name, "pooled", _group_points(by_quarter, self.quarters, "rate")
                        ),
                        _line(
                            f"Mediaan {group.name}",
                            "median",
                            _group_points(by_quarter, self.quarters, "median"),
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

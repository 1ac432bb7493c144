"""The pieces the dashboard reports are built of: the quarters shown, a municipality's rate and
card with its trends, table rows, chart lines, and a group comparison with the municipality's
place in it. dashboards.reports puts them together per page.
"""

from dataclasses import dataclass, field
from typing import NamedTuple

from django.utils import timezone

from activation.indicators import COUNT_FIELDS, INDICATORS, PER_THOUSAND
from activation.models import GroupFigure, ResultStatus
from activation.quarters import Quarter
from dashboards import formatting, selectors
from dashboards.formatting import MISSING, percent

# Charts and the table of a municipality or group cover this many quarters by default, ending
# at the chosen one: three years, enough to compare with a year earlier and to see a trend. The
# user may ask for all quarters instead (?kwartalen=alle, SERIES_CHOICES).
WINDOW = 12

# The choice of series on the dashboards: ?kwartalen= value → its label.
SERIES_CHOICES = {"12": f"Laatste {WINDOW} kwartalen", "alle": "Alle kwartalen"}
DEFAULT_SERIES = "12"

STATUS_LABELS = dict(ResultStatus.choices)
FEW = GroupFigure.Withheld.FEW_MEMBERS


def window(quarter, first, *, all_quarters=False):
    """The quarters shown for `quarter`: up to WINDOW quarters (or all of them), not before the
    first with data."""
    start = Quarter.from_index(quarter.index - WINDOW + 1)
    if first is not None and first <= quarter and (all_quarters or start < first):
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
    per_1000 = getattr(result, PER_THOUSAND.code) if result else None
    row[PER_THOUSAND.code] = per_1000
    row[f"{PER_THOUSAND.code}_sort"] = (per_1000 is None, per_1000 or 0.0)
    return row


def chart(chart_id, title, lines):
    return {"id": chart_id, "title": title, "lines": lines}


def chart_line(name, role, points, colour=0):
    """A chart line: the values as shown (None where unknown or withheld) and their status."""
    return {
        "name": name,
        "role": role,
        "colour": colour,
        "values": [value for value, _ in points],
        "statuses": [status_label(status) for _, status in points],
    }


def group_points(by_quarter, quarters, attribute):
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
    chart: dict = field(default_factory=dict)  # the chart's data, as the page's JSON holds it

    @property
    def chart_id(self):
        return f"grafiek-{self.indicator.code}"


def position_in_group(standing, figure, own_rate, is_member):
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

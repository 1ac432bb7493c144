"""Sortable tables (django-tables2) of the dashboards; their rows come from dashboards.reports
(built with dashboards.report_parts).

django-tables2 gives the columns, the sort links and the ordering of the rows. The header and
the cells are written in Python in one pass (DashboardTable.head and .body), because tables2's
own per-cell rendering, and even a template loop over the headers, took most of the time of a
page with all 285 municipalities (about 3,000 cells).
"""

import copy
import html

import django_tables2 as tables
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.safestring import SafeData, mark_safe
from django_tables2.utils import OrderBy

from activation.indicators import COUNT_FIELDS, COUNT_LABELS, INDICATORS, PER_THOUSAND
from dashboards import formatting

NUMBER = {"th": {"class": "num"}, "td": {"class": "num"}}
RATE_CODES = [indicator.code for indicator in INDICATORS]


def _escape(value):
    """conditional_escape() without its lazy-string machinery: cells are plain text or safe HTML."""
    return value if isinstance(value, SafeData) else html.escape(str(value))


class TextColumn(tables.Column):
    """A column whose cell text comes from the row in one call; body() escapes it."""

    def __init__(self, *args, numeric=False, **kwargs):
        if numeric:
            kwargs.setdefault("attrs", NUMBER)
        super().__init__(*args, **kwargs)
        self.numeric = numeric

    def __deepcopy__(self, memo):
        # Every table copies its class's columns (tables2 deep-copies them); these columns hold
        # no state of a table or request, so a shallow copy does, at a fraction of the cost.
        return copy.copy(self)

    def cell(self, record, accessor):
        """The <td> of this column for one row, escaped."""
        css = ' class="num"' if self.numeric else ""
        return f"<td{css}>{_escape(self.text(record, accessor))}</td>"

    def text(self, record, accessor):
        value = record.get(accessor)
        return formatting.MISSING if value in (None, "") else value

    def is_missing(self, record, accessor):
        return record.get(accessor) in (None, "")


# Soft hyphens let long Dutch words in a header break on a narrow screen.
SHORT_HEADERS = {
    "llg_totaal": "Leefloon\u00adgerechtigden",
    "inschrijvingsgraad": "Inschrijvings\u00adgraad",
    "trajectgraad": "Traject\u00adgraad",
    "uitstroomgraad": "Uitstroom\u00adgraad naar werk",
    "duurzaamheidsgraad": "Duurzaamheids\u00adgraad",
}


class CountColumn(TextColumn):
    def __init__(self, name, **kwargs):
        verbose_name = SHORT_HEADERS.get(name, COUNT_LABELS[name])
        super().__init__(accessor=name, verbose_name=verbose_name, numeric=True, **kwargs)

    def text(self, record, accessor):
        return formatting.count(record.get(accessor))


class RateColumn(TextColumn):
    def __init__(self, indicator, **kwargs):
        super().__init__(
            accessor=indicator.code,
            verbose_name=SHORT_HEADERS.get(indicator.code, indicator.label),
            order_by=f"{indicator.code}_sort",
            numeric=True,
            **kwargs,
        )

    def text(self, record, accessor):
        return formatting.rate_text(record[accessor])

    def is_missing(self, record, accessor):
        return record[accessor].value is None


class PerThousandColumn(TextColumn):
    """Leefloongerechtigden per 1.000 inwoners: the funnel's context, beside its rates."""

    def __init__(self, **kwargs):
        super().__init__(
            accessor=PER_THOUSAND.code,
            verbose_name="Leefloon\u00adgerechtigden per 1.000 inwoners",
            order_by=f"{PER_THOUSAND.code}_sort",
            numeric=True,
            **kwargs,
        )

    def text(self, record, accessor):
        return formatting.per_mille(record[accessor])


class MunicipalityColumn(TextColumn):
    """The municipality's name, linked to its dashboard when the user may open it."""

    def __init__(self, **kwargs):
        super().__init__(accessor="name", verbose_name="Lokaal bestuur", **kwargs)
        self.url_pattern = None

    def text(self, record, accessor):
        return mark_safe(self._link(record))

    def cell(self, record, accessor):
        return f"<td>{self._link(record)}</td>"

    def _link(self, record):
        name = html.escape(record["name"])
        if not record.get("linkable", True):
            return name
        if self.url_pattern is None:
            # One reverse() for the whole table; every NIS code has five digits.
            self.url_pattern = reverse("dashboards:municipality", args=["00000"])
        url = html.escape(self.url_pattern.replace("00000", record["nis_code"]))
        return f'<a href="{url}">{name}</a>'


def _figure_columns():
    return {
        **{field: CountColumn(field) for field in COUNT_FIELDS},
        **{indicator.code: RateColumn(indicator) for indicator in INDICATORS},
        PER_THOUSAND.code: PerThousandColumn(),
        "status": TextColumn(verbose_name="Status"),
    }


class DashboardTable(tables.Table):
    class Meta:
        template_name = "dashboards/table.html"
        attrs = {"class": "table"}
        orderable = True
        empty_text = "Geen lokale besturen of cijfers voor deze selectie."

    def __init__(self, *args, caption="", **kwargs):
        super().__init__(*args, **kwargs)
        self.caption = caption

    def records(self):
        """The rows in the order the user chose; rows without a value in the sorted column last.

        A rate shown as "n<10" or unknown has no place in an order from high to low (nor from
        low to high), so it follows the others either way.
        """
        records = list(self.data)
        if self.order_by:
            bound = self.columns[OrderBy(self.order_by[0]).bare]
            accessor = str(bound.accessor)
            missing = [r for r in records if bound.column.is_missing(r, accessor)]
            if missing:
                records = [r for r in records if not bound.column.is_missing(r, accessor)]
                records += missing
        return records

    def head(self):
        """The header cells, each a link that sorts the table on its column (or back)."""
        request = getattr(self, "request", None)
        params = dict(request.GET) if request else {}
        field = self.prefixed_order_by_field
        cells = []
        for bound in self.columns:
            # The classes tables2 gives a header: the column's own, orderable, asc or desc.
            classes = ["num"] if bound.column.numeric else []
            aria = ""
            if bound.orderable:
                classes.append("orderable")
            if bound.is_ordered:
                descending = bound.order_by_alias.is_descending
                classes.append("desc" if descending else "asc")
                aria = f' aria-sort="{"descending" if descending else "ascending"}"'
            css = f' class="{" ".join(classes)}"' if classes else ""
            header = _escape(bound.header)
            if bound.orderable:
                params[field] = bound.order_by_alias.next
                query = html.escape("?" + urlencode(params, doseq=True))
                header = f'<a href="{query}">{header}</a>'
            cells.append(f'<th scope="col"{css}{aria}>{header}</th>')
        return mark_safe("\n".join(cells))

    def body(self):
        """The table's rows as HTML, in the order the user chose, written in one pass."""
        columns = [(bound.column, str(bound.accessor)) for bound in self.columns]
        rows = []
        for record in self.records():
            rows.append(
                "<tr>"
                + "".join(column.cell(record, accessor) for column, accessor in columns)
                + "</tr>"
            )
        # Every cell is escaped by TextColumn.cell().
        return mark_safe("\n".join(rows))


def _table(name, columns, *, counts=True):
    """A DashboardTable class with `columns` (name → column), then counts, rates and status."""
    attrs = dict(columns)
    figures = _figure_columns()
    if not counts:
        for field in COUNT_FIELDS:
            del figures[field]
    attrs.update(figures)
    sequence = [
        *columns,
        *(COUNT_FIELDS if counts else []),
        *RATE_CODES,
        PER_THOUSAND.code,
        "status",
    ]
    attrs["Meta"] = type("Meta", (DashboardTable.Meta,), {"sequence": sequence})
    return type(name, (DashboardTable,), attrs)


MunicipalityResultsTable = _table(
    "MunicipalityResultsTable",
    {"quarter": TextColumn(verbose_name="Kwartaal", order_by="quarter_index")},
)

# The province is a filter of the overview and a column of its download; on the page it would
# push the rates out of sight on a laptop.
OverviewTable = _table("OverviewTable", {"name": MunicipalityColumn()})

GroupMembersTable = _table(
    "GroupMembersTable",
    {
        "rank": TextColumn(verbose_name="Rang", order_by="rank_sort", numeric=True),
        "name": MunicipalityColumn(),
        "province": TextColumn(verbose_name="Provincie"),
    },
    counts=False,
)

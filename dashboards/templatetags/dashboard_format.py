"""Template filters for the dashboards' Dutch number formats (see dashboards.formatting)."""

from html import escape

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from dashboards import formatting

register = template.Library()


@register.filter
def pct(value):
    """12.3 → "12,3 %"."""
    return formatting.percent(value)


@register.filter
def per_mille(value):
    """12.3 (per 1.000) → "12,3 ‰"."""
    return formatting.per_mille(value)


@register.filter
def rate(value):
    """A Rate → "12,3 %", "n<10" or "—"."""
    return formatting.rate_text(value)


@register.filter
def pp(difference):
    """A difference of rates → "+1,2" (procentpunt)."""
    return formatting.points(difference)


@register.filter
def count(number):
    """1234 → "1.234"."""
    return formatting.count(number)


@register.filter
def decimal(number):
    """12.3 → "12,3"."""
    return formatting.decimal(number)


# A card holds two changes and a municipality's page four panels of six groups: written in one
# pass each, they keep the page to a few hundred template nodes instead of a thousand.


@register.simple_tag
def change(difference, trend):
    """The <dd> of a card's change: arrow, difference in procentpunt, words for screen readers."""
    if difference is None:
        return format_html(
            '<dd class="{}">—<span class="visually-hidden"> (geen vergelijking)</span></dd>',
            trend.css,
        )
    return format_html(
        '<dd class="{}"><span aria-hidden="true">{}</span> {} <abbr title="procentpunt">pp</abbr>'
        '<span class="visually-hidden"> ({})</span></dd>',
        trend.css,
        trend.arrow,
        formatting.points(difference),
        trend.words,
    )


@register.simple_tag
def position_rows(comparisons):
    """The rows of a panel's position table: the group (linked), rank, median, pooled value,
    the members it covers and its status."""
    return format_html_join(
        "\n",
        '<tr><th scope="row"><a href="{}">{}</a></th><td class="num">{}</td>'
        '<td class="num">{}</td><td class="num">{}</td><td class="num">{}</td><td>{}</td></tr>',
        (
            (
                comparison.url,
                comparison.name,
                comparison.rank_text,
                comparison.median,
                comparison.value,
                comparison.coverage,
                comparison.status,
            )
            for comparison in comparisons
        ),
    )


@register.simple_tag
def chart_table(chart, quarters):
    """A chart's "Tabelweergave": its figures per quarter (rows) and line (columns), the very
    values the chart draws (the page's JSON), in a folded table that a keyboard can scroll.

    A municipality's page holds four of these with a dozen lines over a dozen quarters or more:
    the cells are joined as plain strings, each name and value escaped once."""
    lines = chart["lines"]
    head = "".join(f'<th scope="col" class="num">{escape(line["name"])}</th>' for line in lines)
    rows = "\n".join(
        f'<tr><th scope="row">{escape(str(quarter))}</th>'
        + "".join(
            f'<td class="num">{escape(formatting.percent(line["values"][index]))}</td>'
            for line in lines
        )
        + "</tr>"
        for index, quarter in enumerate(quarters)
    )
    caption = escape(
        f"{chart['title']}: de cijfers van de grafiek, {quarters[0]} tot {quarters[-1]}"
    )
    return mark_safe(  # noqa: S308 - every value above is escaped
        '<details class="chart-table no-print"><summary>Tabelweergave</summary>'
        f'<div class="table-wrap" tabindex="0" role="region" aria-label="{caption}">'
        f'<table class="table table--compact"><caption>{caption}</caption>'
        f'<thead><tr><th scope="col">Kwartaal</th>{head}</tr></thead><tbody>{rows}</tbody></table>'
        '</div><p class="muted">— : geen cijfer, of niet getoond (noemer onder de drempel of te '
        "weinig gemeenten met cijfers).</p></details>"
    )

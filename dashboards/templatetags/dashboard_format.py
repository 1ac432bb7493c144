"""Template filters for the dashboards' Dutch number formats (see dashboards.formatting)."""

from django import template
from django.utils.html import format_html, format_html_join

from dashboards import formatting

register = template.Library()


@register.filter
def pct(value):
    """12.3 → "12,3 %"."""
    return formatting.percent(value)


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
    values the chart draws (the page's JSON), in a folded table that a keyboard can scroll."""
    head = format_html_join(
        "", '<th scope="col" class="num">{}</th>', ((line["name"],) for line in chart["lines"])
    )
    rows = format_html_join(
        "\n",
        '<tr><th scope="row">{}</th>{}</tr>',
        (
            (
                quarter,
                format_html_join(
                    "",
                    '<td class="num">{}</td>',
                    ((formatting.percent(line["values"][index]),) for line in chart["lines"]),
                ),
            )
            for index, quarter in enumerate(quarters)
        ),
    )
    caption = f"{chart['title']}: de cijfers van de grafiek, {quarters[0]} tot {quarters[-1]}"
    return format_html(
        '<details class="chart-table no-print"><summary>Tabelweergave</summary>'
        '<div class="table-wrap" tabindex="0" role="region" aria-label="{}">'
        '<table class="table table--compact"><caption>{}</caption>'
        '<thead><tr><th scope="col">Kwartaal</th>{}</tr></thead><tbody>{}</tbody></table>'
        '</div><p class="muted">— : geen cijfer, of niet getoond (noemer onder de drempel of te '
        "weinig gemeenten met cijfers).</p></details>",
        caption,
        caption,
        head,
        rows,
    )

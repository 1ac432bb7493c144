"""Template filters for the dashboards' Dutch number formats (see dashboards.formatting)."""

from django import template

from dashboards import formatting

register = template.Library()


@register.filter
def pct(fraction):
    """0.1234 → "12,3 %"."""
    return formatting.percent(fraction)


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

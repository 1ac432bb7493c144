"""Formatting of the consultation pages."""

from django import template
from django.utils.html import format_html_join

register = template.Library()


@register.filter
def dates_list(days):
    """Meeting dates as DD-MM-YYYY, each kept on one line; "—" without any."""
    if not days:
        return "—"
    return format_html_join(
        ", ", '<span class="date">{}</span>', ((day.strftime("%d-%m-%Y"),) for day in days)
    )

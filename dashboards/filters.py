"""The overview's filters (django-filter): province, referentieregio and group.

The choices offer only what the user's scope holds. They are built from two reads the overview
needs anyway (dashboards.selectors.scope_rows and memberships), rather than from a query per
choice list.
"""

import django_filters
from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join

from activation.models import BenchmarkGroup, LocalGovernment

Kind = BenchmarkGroup.Kind
# The kinds of group the overview filters on, besides the province.
REGION_KINDS = [Kind.REFERENCE_REGION]
GROUP_KINDS = [Kind.CENTRE_CITIES, Kind.UPLOADED]


class Select(forms.Select):
    """Django's <select>, written in one pass rather than through the form templates.

    The form templates include a template per option; for the overview's three lists that took
    a tenth of the page's time. The markup is the same.
    """

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        if any(group_name for group_name, _, _ in widget["optgroups"]):
            return super().render(name, value, attrs, renderer)
        options = format_html_join(
            "",
            '\n  <option value="{}"{}>{}</option>',
            (
                (option["value"], flatatt(option["attrs"]), option["label"])
                for _, group, _ in widget["optgroups"]
                for option in group
            ),
        )
        return format_html(
            '<select name="{}"{}>{}\n</select>', widget["name"], flatatt(widget["attrs"]), options
        )


class LocalGovernmentFilter(django_filters.FilterSet):
    provincie = django_filters.ChoiceFilter(
        field_name="province", label="Provincie", empty_label="Alle", widget=Select
    )
    referentieregio = django_filters.ChoiceFilter(
        field_name="benchmark_groups__code",
        label="Referentieregio",
        empty_label="Alle",
        widget=Select,
    )
    groep = django_filters.ChoiceFilter(
        field_name="benchmark_groups__code", label="Groep", empty_label="Alle", widget=Select
    )

    class Meta:
        model = LocalGovernment
        fields = ["provincie", "referentieregio", "groep"]

    def __init__(self, data, queryset, *, scope_rows, memberships, **kwargs):
        """`scope_rows`: [(NIS code, name, province code, province name)] of the scope;
        `memberships`: [(NIS code, group code, group name, group kind)]."""
        super().__init__(data, queryset, **kwargs)
        in_scope = {row[0] for row in scope_rows}
        provinces = sorted({(row[2], row[3]) for row in scope_rows}, key=lambda item: item[1])
        self.filters["provincie"].extra["choices"] = provinces

        def groups(kinds):
            found = {
                (code, name, kind)
                for nis, code, name, kind in memberships
                if nis in in_scope and kind in kinds
            }
            return [(code, name) for code, name, kind in sorted(found, key=_group_order)]

        self.filters["referentieregio"].extra["choices"] = groups(REGION_KINDS)
        self.filters["groep"].extra["choices"] = groups(GROUP_KINDS)


def _group_order(group):
    code, name, kind = group
    return (kind != Kind.CENTRE_CITIES, name)

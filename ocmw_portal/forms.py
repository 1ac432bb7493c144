"""Form pieces every app's forms use (the date widget, choices grouped under headings), and
the form of the page API-sleutels."""

from django import forms


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


def grouped_choices(local_governments, group_by):
    """Choices grouped under a heading, e.g. per province: [(heading, [(pk, name), ...]), ...]."""
    groups = {}
    for lg in local_governments:
        groups.setdefault(group_by(lg), []).append((lg.pk, lg.name))
    if len(groups) == 1:
        return next(iter(groups.values()))
    return [(heading, items) for heading, items in sorted(groups.items())]


class ApiTokenForm(forms.Form):
    """A new API token's name (the page API-sleutels)."""

    name = forms.CharField(
        label="Naam",
        max_length=100,
        help_text="Waarvoor u de sleutel gebruikt, bv. „Power BI provincie” of „analyse VVSG”.",
    )

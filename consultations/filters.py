"""Filters of the meeting and output lists, on querysets already scoped by access."""

import datetime

import django_filters
from django import forms

from activation.models import Province
from consultations.models import ConsultationBody, Level, Meeting, Output, Theme
from ocmw_portal.forms import DateInput


class PeriodForm(forms.Form):
    def clean(self):
        cleaned = super().clean()
        first, last = cleaned.get("van"), cleaned.get("tot")
        if first and last and first > last:
            self.add_error("tot", "De einddatum ligt vóór de begindatum: draai ze om.")
        return cleaned


class PeriodFilterSet(django_filters.FilterSet):
    van = django_filters.DateFilter(
        field_name="date", lookup_expr="gte", label="Van", widget=DateInput()
    )
    tot = django_filters.DateFilter(
        field_name="date", lookup_expr="lte", label="Tot en met", widget=DateInput()
    )
    niveau = django_filters.ChoiceFilter(
        field_name="body__level", label="Niveau", choices=Level.choices, empty_label="Alle"
    )
    provincie = django_filters.ModelChoiceFilter(
        field_name="body__province",
        label="Provincie",
        queryset=Province.objects.all(),
        empty_label="Alle",
    )


class MeetingFilter(PeriodFilterSet):
    orgaan = django_filters.ModelChoiceFilter(
        field_name="body", label="Overlegorgaan", queryset=ConsultationBody.objects.none()
    )
    thema = django_filters.ModelChoiceFilter(
        field_name="themes", label="Thema", queryset=Theme.objects.all(), empty_label="Alle"
    )
    status = django_filters.ChoiceFilter(
        field_name="status", label="Status", choices=Meeting.Status.choices, empty_label="Alle"
    )

    class Meta:
        model = Meeting
        fields = []
        form = PeriodForm

    def __init__(self, *args, bodies, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["orgaan"].queryset = bodies
        self.form.fields["orgaan"].empty_label = "Alle"


class OutputFilter(PeriodFilterSet):
    soort = django_filters.ChoiceFilter(
        field_name="kind", label="Soort", choices=Output.Kind.choices, empty_label="Alle"
    )
    status = django_filters.ChoiceFilter(
        field_name="status",
        label="Opvolgingsstatus",
        choices=Output.Status.choices,
        empty_label="Alle",
    )
    achterstallig = django_filters.BooleanFilter(
        label="Alleen over tijd",
        method="filter_overdue",
        widget=forms.CheckboxInput,
    )

    class Meta:
        model = Output
        fields = []
        form = PeriodForm

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("van", "tot", "niveau", "provincie"):
            self.filters[name].field_name = "meeting__" + self.filters[name].field_name
        self.filters["van"].label = "Vergaderd van"

    def filter_overdue(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(status=Output.Status.OPEN, due_date__lt=datetime.date.today())

"""The filter of the agreement list, on a queryset already scoped by access."""

import django_filters

from activation.models import CooperationAgreement, Province


class AgreementFilter(django_filters.FilterSet):
    kader = django_filters.ChoiceFilter(
        field_name="framework",
        label="Werkingskader",
        choices=CooperationAgreement.Framework.choices,
        empty_label="Alle",
    )
    status = django_filters.ChoiceFilter(
        field_name="status",
        label="Status",
        choices=CooperationAgreement.Status.choices,
        empty_label="Alle",
    )
    provincie = django_filters.ModelChoiceFilter(
        field_name="local_government__province",
        label="Provincie",
        queryset=Province.objects.all(),
        empty_label="Alle",
    )
    zoek = django_filters.CharFilter(
        field_name="local_government__name", lookup_expr="icontains", label="Lokaal bestuur"
    )

    class Meta:
        model = CooperationAgreement
        fields = []

"""The overview's filters (django-filter): province, referentieregio and group."""

import django_filters

from activation.models import BenchmarkGroup, LocalGovernment, Province
from ocmw_portal import access

Kind = BenchmarkGroup.Kind


def _provinces(request):
    scope = access.local_governments(request.user)
    return Province.objects.filter(local_governments__in=scope).distinct().order_by("name")


def _regions(request):
    scope = access.local_governments(request.user)
    return (
        BenchmarkGroup.objects.filter(kind=Kind.REFERENCE_REGION, members__in=scope)
        .distinct()
        .order_by("name")
    )


def _groups(request):
    scope = access.local_governments(request.user)
    return (
        BenchmarkGroup.objects.filter(
            kind__in=[Kind.CENTRE_CITIES, Kind.UPLOADED], members__in=scope
        )
        .distinct()
        .order_by("kind", "name")
    )


class LocalGovernmentFilter(django_filters.FilterSet):
    """Narrows the municipalities in the user's scope; choices only offer what is in scope."""

    provincie = django_filters.ModelChoiceFilter(
        field_name="province", queryset=_provinces, label="Provincie", empty_label="Alle"
    )
    referentieregio = django_filters.ModelChoiceFilter(
        field_name="benchmark_groups",
        to_field_name="code",
        queryset=_regions,
        label="Referentieregio",
        empty_label="Alle",
    )
    groep = django_filters.ModelChoiceFilter(
        field_name="benchmark_groups",
        to_field_name="code",
        queryset=_groups,
        label="Groep",
        empty_label="Alle",
    )

    class Meta:
        model = LocalGovernment
        fields = ["provincie", "referentieregio", "groep"]

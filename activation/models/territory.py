"""Local governments, the mergers between them and the groups they are compared with."""

import datetime
from collections.abc import Iterable
from typing import Self

from django.db import models
from django.db.models import Q


class Province(models.Model):
    code = models.CharField("NIS-code", max_length=5, primary_key=True)
    name = models.CharField("naam", max_length=50, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "provincie"
        verbose_name_plural = "provincies"

    def __str__(self):
        return self.name


class LocalGovernmentQuerySet(models.QuerySet["LocalGovernment"]):
    def valid_on(self, day: datetime.date) -> Self:
        """The local governments that existed on `day` (in the borders of that day)."""
        return self.filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=day),
            Q(valid_until__isnull=True) | Q(valid_until__gte=day),
        )

    def current(self) -> Self:
        return self.filter(valid_until__isnull=True)


class LocalGovernment(models.Model):
    """A Flemish local government (municipality + OCMW), identified by its REFNIS code."""

    nis_code = models.CharField("NIS-code", max_length=5, primary_key=True)
    name = models.CharField("naam", max_length=100)
    province = models.ForeignKey(
        Province,
        on_delete=models.PROTECT,
        related_name="local_governments",
        verbose_name="provincie",
    )
    population = models.PositiveIntegerField(
        "bevolking (1 jan 2020)",
        null=True,
        blank=True,
        help_text="Voor fusiegemeenten van 2025: de som van de deelgemeenten.",
    )
    valid_from = models.DateField("bestaat sinds", null=True, blank=True)
    valid_until = models.DateField("bestaat tot en met", null=True, blank=True)

    objects = LocalGovernmentQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = "lokaal bestuur"
        verbose_name_plural = "lokale besturen"
        constraints = [
            models.CheckConstraint(
                condition=Q(nis_code__regex=r"^[0-9]{5}$"), name="local_government_nis_five_digits"
            ),
            models.CheckConstraint(
                condition=Q(valid_from__isnull=True)
                | Q(valid_until__isnull=True)
                | Q(valid_from__lte=models.F("valid_until")),
                name="local_government_valid_period",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.nis_code})"

    def exists_on(self, day: datetime.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_until is None or day <= self.valid_until
        )


class Merger(models.Model):
    """A predecessor that became (part of) a successor on `date`.

    Antwerpen kept its code when it absorbed Borsbeek in 2025, so only Borsbeek → Antwerpen is
    recorded for that merger.
    """

    predecessor = models.ForeignKey(
        LocalGovernment,
        on_delete=models.CASCADE,
        related_name="merged_into",
        verbose_name="voorganger",
    )
    successor = models.ForeignKey(
        LocalGovernment,
        on_delete=models.CASCADE,
        related_name="merged_from",
        verbose_name="opvolger",
    )
    date = models.DateField("fusiedatum")

    class Meta:
        ordering = ["date", "successor", "predecessor"]
        verbose_name = "fusie"
        verbose_name_plural = "fusies"
        constraints = [
            models.UniqueConstraint(fields=["predecessor"], name="merger_one_successor"),
            models.CheckConstraint(
                condition=~Q(predecessor=models.F("successor")), name="merger_not_into_itself"
            ),
        ]

    def __str__(self):
        return f"{self.predecessor.name} → {self.successor.name} ({self.date:%d-%m-%Y})"


class BenchmarkGroupQuerySet(models.QuerySet["BenchmarkGroup"]):
    def compared_with(
        self, local_governments: Iterable[str] | models.QuerySet["LocalGovernment"]
    ) -> Self:
        """The groups with members that any of `local_governments` (codes or a queryset) is
        compared with: its province, referentieregio, neighbours and similar municipalities (the
        `buren` and `vergelijkbaar` groups anchored on it), the centrumsteden, Vlaanderen, and
        the uploaded groups it belongs to (DESIGN.md section 4). A group without members (the
        neighbours of Voeren) is no comparison."""
        Kind = BenchmarkGroup.Kind
        through = BenchmarkGroup.members.through
        memberships = through.objects.filter(localgovernment__in=local_governments).values(
            "benchmarkgroup_id"
        )
        has_members = models.Exists(through.objects.filter(benchmarkgroup=models.OuterRef("pk")))
        return self.filter(
            Q(kind__in=[Kind.FLANDERS, Kind.CENTRE_CITIES])
            | Q(kind__in=[Kind.NEIGHBOURS, Kind.SIMILAR], anchor__in=local_governments)
            | Q(kind__in=[Kind.PROVINCE, Kind.REFERENCE_REGION, Kind.UPLOADED], pk__in=memberships),
            has_members,
        )


class BenchmarkGroup(models.Model):
    """A set of local governments that a municipality's figures are compared with."""

    class Kind(models.TextChoices):
        FLANDERS = "vlaanderen", "Vlaanderen"
        PROVINCE = "provincie", "Provincie"
        REFERENCE_REGION = "referentieregio", "Referentieregio"
        CENTRE_CITIES = "centrumsteden", "Centrumsteden"
        NEIGHBOURS = "buren", "Aangrenzende gemeenten"
        SIMILAR = "vergelijkbaar", "Vergelijkbare gemeenten"
        UPLOADED = "eigen", "Eigen groep"

    code = models.SlugField("code", max_length=40, unique=True)
    name = models.CharField("naam", max_length=150)
    kind = models.CharField("soort", max_length=20, choices=Kind.choices)
    # For a neighbours or similar-municipalities group: the municipality whose neighbours, or
    # the municipalities most like it, are the members (it is not a member itself).
    anchor = models.ForeignKey(
        LocalGovernment,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="anchored_groups",
        verbose_name="gemeente",
    )
    description = models.TextField("omschrijving", blank=True)
    members = models.ManyToManyField(
        LocalGovernment, related_name="benchmark_groups", verbose_name="leden", blank=True
    )

    objects = BenchmarkGroupQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = "benchmarkgroep"
        verbose_name_plural = "benchmarkgroepen"
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["buren", "vergelijkbaar"], anchor__isnull=False)
                | (~Q(kind__in=["buren", "vergelijkbaar"]) & Q(anchor__isnull=True)),
                name="benchmark_group_anchor_only_for_anchored_kinds",
            ),
            # One group of each anchored kind per municipality; also serves compared_with's
            # lookup by anchor.
            models.UniqueConstraint(
                fields=["anchor", "kind"], name="benchmark_group_one_per_anchor_and_kind"
            ),
        ]

    def __str__(self):
        return self.name

from django.db import models
from django.db.models import Q

from activation.fields import QuarterField
from activation.indicators import COUNT_RULES


class Province(models.Model):
    code = models.CharField("NIS-code", max_length=5, primary_key=True)
    name = models.CharField("naam", max_length=50, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "provincie"
        verbose_name_plural = "provincies"

    def __str__(self):
        return self.name


class LocalGovernmentQuerySet(models.QuerySet):
    def valid_on(self, day):
        """The local governments that existed on `day` (in the borders of that day)."""
        return self.filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=day),
            Q(valid_until__isnull=True) | Q(valid_until__gte=day),
        )

    def current(self):
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

    def exists_on(self, day):
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


class BenchmarkGroup(models.Model):
    """A set of local governments that a municipality's figures are compared with."""

    class Kind(models.TextChoices):
        FLANDERS = "vlaanderen", "Vlaanderen"
        PROVINCE = "provincie", "Provincie"
        REFERENCE_REGION = "referentieregio", "Referentieregio"
        CENTRE_CITIES = "centrumsteden", "Centrumsteden"
        NEIGHBOURS = "buren", "Aangrenzende gemeenten"
        UPLOADED = "eigen", "Eigen groep"

    code = models.SlugField("code", max_length=40, unique=True)
    name = models.CharField("naam", max_length=150)
    kind = models.CharField("soort", max_length=20, choices=Kind.choices)
    # For a neighbours group: the municipality whose neighbours are the members.
    anchor = models.OneToOneField(
        LocalGovernment,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="neighbour_group",
        verbose_name="gemeente",
    )
    description = models.TextField("omschrijving", blank=True)
    members = models.ManyToManyField(
        LocalGovernment, related_name="benchmark_groups", verbose_name="leden", blank=True
    )

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = "benchmarkgroep"
        verbose_name_plural = "benchmarkgroepen"
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="buren", anchor__isnull=False)
                | (~Q(kind="buren") & Q(anchor__isnull=True)),
                name="benchmark_group_anchor_only_for_neighbours",
            ),
        ]

    def __str__(self):
        return self.name


class ResultStatus(models.TextChoices):
    PROVISIONAL = "voorlopig", "Voorlopig"
    FINAL = "definitief", "Definitief"


class ImportBatch(models.Model):
    """One upload or command run of a quarterly results file."""

    class Status(models.TextChoices):
        PREVIEW = "voorbeeld", "Wacht op bevestiging"
        COMMITTED = "verwerkt", "Verwerkt"
        REFUSED = "geweigerd", "Geweigerd"
        DRY_RUN = "proef", "Proefverwerking"

    uploaded_by = models.ForeignKey(
        "auth.User",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="door",
    )
    created_at = models.DateTimeField("tijdstip", auto_now_add=True)
    file_name = models.CharField("bestandsnaam", max_length=255)
    sha256 = models.CharField("SHA-256", max_length=64)
    status = models.CharField("status", max_length=12, choices=Status.choices)
    result_status = models.CharField(
        "status van de cijfers", max_length=12, choices=ResultStatus.choices
    )
    rows_total = models.PositiveIntegerField("rijen", default=0)
    rows_new = models.PositiveIntegerField("nieuw", default=0)
    rows_changed = models.PositiveIntegerField("gewijzigd", default=0)
    rows_unchanged = models.PositiveIntegerField("ongewijzigd", default=0)
    error_count = models.PositiveIntegerField("fouten", default=0)
    warning_count = models.PositiveIntegerField("waarschuwingen", default=0)
    report = models.JSONField("verslag", default=dict, blank=True)
    # The uploaded file, kept until the preview is confirmed; the confirmation validates it again
    # against the database as it is then, so a stale preview never writes stale data.
    upload = models.BinaryField("bestand", null=True, blank=True, editable=False)
    preview_digest = models.CharField("controlegetal voorbeeld", max_length=64, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "import"
        verbose_name_plural = "imports"

    def __str__(self):
        return f"{self.file_name} ({self.created_at:%d-%m-%Y %H:%M})"


class QuarterlyResult(models.Model):
    """The counts of one local government for one quarter, in the borders of that quarter.

    Empty means unknown, never 0. Rates are derived (activation.indicators), never stored.
    """

    local_government = models.ForeignKey(
        LocalGovernment,
        on_delete=models.PROTECT,
        related_name="results",
        verbose_name="lokaal bestuur",
    )
    quarter = QuarterField("kwartaal")
    llg_totaal = models.PositiveIntegerField("leefloongerechtigden", null=True, blank=True)
    llg_ingeschreven = models.PositiveIntegerField("ingeschreven bij VDAB", null=True, blank=True)
    llg_in_traject = models.PositiveIntegerField("in traject", null=True, blank=True)
    llg_uitstroom_werk = models.PositiveIntegerField("uitstroom naar werk", null=True, blank=True)
    llg_duurzaam_werk = models.PositiveIntegerField("duurzaam werk", null=True, blank=True)
    status = models.CharField(
        "status", max_length=12, choices=ResultStatus.choices, default=ResultStatus.PROVISIONAL
    )
    import_batch = models.ForeignKey(
        ImportBatch,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="results",
        verbose_name="laatst gewijzigd door import",
    )
    updated_at = models.DateTimeField("laatst gewijzigd", auto_now=True)

    class Meta:
        ordering = ["local_government", "quarter"]
        verbose_name = "kwartaalresultaat"
        verbose_name_plural = "kwartaalresultaten"
        constraints = [
            models.UniqueConstraint(
                fields=["local_government", "quarter"], name="result_one_per_quarter"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["voorlopig", "definitief"]), name="result_status_known"
            ),
        ] + [
            models.CheckConstraint(
                condition=Q(**{f"{small}__isnull": True})
                | Q(**{f"{large}__isnull": True})
                | Q(**{f"{small}__lte": models.F(large)}),
                name=f"result_{small}_le_{large}",
            )
            for small, large in COUNT_RULES
        ]
        indexes = [
            # Dashboards read whole quarters across all municipalities.
            models.Index(fields=["quarter"], name="result_quarter_idx"),
        ]

    def __str__(self):
        return f"{self.local_government.name} {self.quarter}"


class ResultRevision(models.Model):
    """The values a QuarterlyResult had before an import changed them."""

    result = models.ForeignKey(
        QuarterlyResult,
        on_delete=models.CASCADE,
        related_name="revisions",
        verbose_name="resultaat",
    )
    values = models.JSONField("vorige waarden")
    previous_batch = models.ForeignKey(
        ImportBatch,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="vorige import",
    )
    replaced_by = models.ForeignKey(
        ImportBatch,
        on_delete=models.PROTECT,
        related_name="revisions",
        verbose_name="vervangen door import",
    )
    changed_by = models.ForeignKey(
        "auth.User",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="gewijzigd door",
    )
    changed_at = models.DateTimeField("gewijzigd op", auto_now_add=True)

    class Meta:
        ordering = ["-changed_at", "-pk"]
        verbose_name = "revisie"
        verbose_name_plural = "revisies"

    def __str__(self):
        return f"Revisie van {self.result} ({self.changed_at:%d-%m-%Y})"

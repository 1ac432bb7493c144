"""Quarterly results as imported, the revisions an import made, and the figures derived from
them."""

from django.db import models
from django.db.models import Q

from activation.fields import QuarterField
from activation.indicators import COUNT_RULES
from activation.models.territory import BenchmarkGroup, LocalGovernment


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
        UNDONE = "ongedaan", "Ongedaan gemaakt"

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
    erase_empty = models.BooleanField(
        "lege cellen wissen", default=False, help_text="Lege cellen wisten de bewaarde waarde."
    )
    undone_at = models.DateTimeField("ongedaan gemaakt op", null=True, blank=True)
    undone_by = models.ForeignKey(
        "auth.User",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="ongedaan gemaakt door",
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "import"
        verbose_name_plural = "imports"
        constraints = [
            models.CheckConstraint(
                condition=Q(status="ongedaan", undone_at__isnull=False)
                | (~Q(status="ongedaan") & Q(undone_at__isnull=True)),
                name="import_undone_has_time",
            ),
        ]

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
    # The columns (and "status") this import changed on the row: an undo restores exactly these,
    # and is refused when a later import changed one of them too.
    changed_fields = models.JSONField("gewijzigde kolommen", default=list)
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


# Derived figures: written by activation.figures whenever their inputs change, read by every
# page, export and chart. Never edited by hand; `manage.py rebuild_figures --check` proves them
# equal to a fresh computation.


class CurrentResult(models.Model):
    """A current local government's counts for one quarter, in current borders.

    The sum of the QuarterlyResult rows of its parts that existed in that quarter; a count is
    unknown (None) when a part's row or value is missing. The rates are stored as they are shown:
    a percentage rounded to one decimal, None when unknown or withheld; `<indicator>_small` says
    that it is withheld because its denominator is below PORTAL_MIN_DENOMINATOR (0 included).
    """

    local_government = models.ForeignKey(
        LocalGovernment,
        on_delete=models.CASCADE,
        related_name="current_results",
        verbose_name="lokaal bestuur",
    )
    quarter = QuarterField("kwartaal")
    llg_totaal = models.PositiveIntegerField("leefloongerechtigden", null=True)
    llg_ingeschreven = models.PositiveIntegerField("ingeschreven bij VDAB", null=True)
    llg_in_traject = models.PositiveIntegerField("in traject", null=True)
    llg_uitstroom_werk = models.PositiveIntegerField("uitstroom naar werk", null=True)
    llg_duurzaam_werk = models.PositiveIntegerField("duurzaam werk", null=True)
    inschrijvingsgraad = models.FloatField("inschrijvingsgraad (%)", null=True)
    inschrijvingsgraad_small = models.BooleanField("inschrijvingsgraad n<10", default=False)
    trajectgraad = models.FloatField("trajectgraad (%)", null=True)
    trajectgraad_small = models.BooleanField("trajectgraad n<10", default=False)
    uitstroomgraad = models.FloatField("uitstroomgraad (%)", null=True)
    uitstroomgraad_small = models.BooleanField("uitstroomgraad n<10", default=False)
    duurzaamheidsgraad = models.FloatField("duurzaamheidsgraad (%)", null=True)
    duurzaamheidsgraad_small = models.BooleanField("duurzaamheidsgraad n<10", default=False)
    # The context of the funnel (activation.indicators.PER_THOUSAND): llg_totaal per 1,000
    # inhabitants of the current municipality, rounded to one decimal; None when unknown.
    llg_per_1000 = models.FloatField("leefloongerechtigden per 1.000 inwoners", null=True)
    # Definitief only when every part is; None when every count is unknown.
    status = models.CharField("status", max_length=12, choices=ResultStatus.choices, null=True)
    sources = models.JSONField("imports", default=list)
    parts = models.JSONField("delen", default=list)

    class Meta:
        ordering = ["local_government", "quarter"]
        verbose_name = "resultaat in huidige grenzen"
        verbose_name_plural = "resultaten in huidige grenzen"
        constraints = [
            models.UniqueConstraint(
                fields=["local_government", "quarter"], name="current_result_one_per_quarter"
            ),
        ]
        indexes = [
            # The overview, the map and a group's ranking read one quarter of every municipality.
            models.Index(fields=["quarter"], name="current_result_quarter_idx"),
        ]

    def __str__(self):
        return f"{self.local_government_id} {self.quarter}"


class GroupFigure(models.Model):
    """A benchmark group's figure for one quarter and indicator, disclosure applied.

    `numerator` and `denominator` are the sums over the members that report both counts
    (`members_reporting` of `members_total`), `rate` the pooled percentage and `median` the median
    of the members' shown rates, each rounded to one decimal. A withheld figure keeps none of them.
    """

    class Withheld(models.TextChoices):
        NO = "", "Getoond"
        SMALL_DENOMINATOR = "noemer", "Noemer onder de drempel"
        FEW_MEMBERS = "leden", "Te weinig gemeenten"

    group = models.ForeignKey(
        BenchmarkGroup, on_delete=models.CASCADE, related_name="figures", verbose_name="groep"
    )
    quarter = QuarterField("kwartaal")
    indicator = models.CharField("indicator", max_length=30)
    numerator = models.PositiveIntegerField("som tellers", null=True)
    denominator = models.PositiveIntegerField("som noemers", null=True)
    rate = models.FloatField("groepswaarde (%)", null=True)
    median = models.FloatField("mediaan (%)", null=True)
    members_reporting = models.PositiveIntegerField("leden met cijfers")
    members_total = models.PositiveIntegerField("leden")
    withheld = models.CharField(
        "niet getoond", max_length=8, choices=Withheld.choices, blank=True, default=""
    )
    status = models.CharField("status", max_length=12, choices=ResultStatus.choices, null=True)
    sources = models.JSONField("imports", default=list)

    class Meta:
        ordering = ["group", "quarter", "indicator"]
        verbose_name = "groepscijfer"
        verbose_name_plural = "groepscijfers"
        constraints = [
            models.UniqueConstraint(
                fields=["group", "quarter", "indicator"], name="group_figure_one_per_indicator"
            ),
            models.CheckConstraint(
                condition=Q(withheld="") | Q(rate__isnull=True, median__isnull=True),
                name="group_figure_withheld_has_no_value",
            ),
        ]
        indexes = [
            # A dashboard reads its comparison groups' figures over a window of quarters.
            models.Index(fields=["quarter"], name="group_figure_quarter_idx"),
        ]

    def __str__(self):
        return f"{self.group_id} {self.quarter} {self.indicator}"

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


class BenchmarkGroupQuerySet(models.QuerySet):
    def compared_with(self, local_governments):
        """The groups with members that any of `local_governments` (codes or a queryset) is
        compared with: its province, referentieregio and neighbours (the `buren` group anchored
        on it), the centrumsteden, Vlaanderen, and the uploaded groups it belongs to (DESIGN.md
        section 4). A group without members (the neighbours of Voeren) is no comparison."""
        Kind = BenchmarkGroup.Kind
        through = BenchmarkGroup.members.through
        memberships = through.objects.filter(localgovernment__in=local_governments).values(
            "benchmarkgroup_id"
        )
        has_members = models.Exists(through.objects.filter(benchmarkgroup=models.OuterRef("pk")))
        return self.filter(
            Q(kind__in=[Kind.FLANDERS, Kind.CENTRE_CITIES])
            | Q(kind=Kind.NEIGHBOURS, anchor__in=local_governments)
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

    objects = BenchmarkGroupQuerySet.as_manager()

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


# Cooperation between VDAB and each local government, and the Lokaal ActiveringsPact.

LLG_GOAL = "Versterkte activering van leefloongerechtigden"


class CooperationAgreement(models.Model):
    """A samenwerkingsovereenkomst (SO) between VDAB and one local government.

    Its overlegforum (the micro-level consultation body) is `agreement.forum`, created with it.
    """

    class Framework(models.TextChoices):
        FRAMEWORK_2020 = "2020-2025", "Werkingskader 2020–2025"
        FRAMEWORK_2025 = "2025-2030", "Werkingskader 2025–2030"

    class Status(models.TextChoices):
        IN_PREPARATION = "in_voorbereiding", "In voorbereiding"
        RUNNING = "lopend", "Lopend"
        ENDED = "afgelopen", "Afgelopen"

    local_government = models.ForeignKey(
        LocalGovernment,
        on_delete=models.PROTECT,
        related_name="cooperation_agreements",
        verbose_name="lokaal bestuur",
    )
    framework = models.CharField("werkingskader", max_length=9, choices=Framework.choices)
    status = models.CharField("status", max_length=16, choices=Status.choices)
    signed_on = models.DateField("ondertekend op", null=True, blank=True)
    valid_from = models.DateField("loopt van")
    valid_until = models.DateField("loopt tot en met")
    operational_goals = models.JSONField(
        "operationele doelen",
        default=list,
        help_text=f"Eén doel per regel; '{LLG_GOAL}' staat in elke overeenkomst.",
    )
    updated_at = models.DateTimeField("laatst gewijzigd", auto_now=True)

    class Meta:
        ordering = ["local_government__name", "-valid_from"]
        verbose_name = "samenwerkingsovereenkomst"
        verbose_name_plural = "samenwerkingsovereenkomsten"
        constraints = [
            models.UniqueConstraint(
                fields=["local_government", "framework"], name="agreement_one_per_framework"
            ),
            models.CheckConstraint(
                condition=Q(valid_from__lte=models.F("valid_until")), name="agreement_valid_period"
            ),
            models.CheckConstraint(
                condition=Q(status="in_voorbereiding") | Q(signed_on__isnull=False),
                name="agreement_signed_unless_in_preparation",
            ),
        ]

    def __str__(self):
        return f"SO {self.local_government.name} ({self.get_framework_display()})"

    def clean(self):
        from django.core.exceptions import ValidationError

        if LLG_GOAL not in (self.operational_goals or []):
            message = f"Elke samenwerkingsovereenkomst bevat het doel '{LLG_GOAL}'."
            raise ValidationError({"operational_goals": message})


class ActivationPactCall(models.Model):
    """A project call of the Lokaal ActiveringsPact (round 1 in autumn 2023, round 2 after it)."""

    class Status(models.TextChoices):
        IN_PREPARATION = "in_voorbereiding", "In voorbereiding"
        OPEN = "open", "Open voor indiening"
        CLOSED = "afgesloten", "Afgesloten"

    round = models.PositiveSmallIntegerField("ronde", unique=True)
    name = models.CharField("naam", max_length=150)
    launched_on = models.DateField("gelanceerd op", null=True, blank=True)
    deadline = models.DateField("indienen tot", null=True, blank=True)
    status = models.CharField("status", max_length=16, choices=Status.choices)
    description = models.TextField("omschrijving", blank=True)

    class Meta:
        ordering = ["round"]
        verbose_name = "projectoproep Lokaal ActiveringsPact"
        verbose_name_plural = "projectoproepen Lokaal ActiveringsPact"

    def __str__(self):
        return self.name


class ActivationPactProject(models.Model):
    """A plan of one or more local governments, all in one referentieregio, within a call."""

    class Status(models.TextChoices):
        SUBMITTED = "ingediend", "Ingediend"
        APPROVED = "goedgekeurd", "Goedgekeurd"
        RUNNING = "lopend", "Lopend"
        COMPLETED = "afgerond", "Afgerond"
        STOPPED = "stopgezet", "Stopgezet"

    call = models.ForeignKey(
        ActivationPactCall,
        on_delete=models.PROTECT,
        related_name="projects",
        verbose_name="projectoproep",
    )
    title = models.CharField("titel", max_length=200)
    reference_region = models.ForeignKey(
        BenchmarkGroup,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": "referentieregio"},
        verbose_name="referentieregio",
    )
    local_governments = models.ManyToManyField(
        LocalGovernment,
        through="ActivationPactParticipation",
        related_name="pact_projects",
        verbose_name="lokale besturen",
    )
    target_reached = models.PositiveIntegerField(
        "streefdoel bereikte leefloongerechtigden", null=True, blank=True
    )
    target_outflow = models.PositiveIntegerField(
        "streefdoel duurzame uitstroom naar werk", null=True, blank=True
    )
    status = models.CharField("status", max_length=12, choices=Status.choices)
    updated_at = models.DateTimeField("laatst gewijzigd", auto_now=True)

    class Meta:
        ordering = ["call", "reference_region__name", "title"]
        verbose_name = "ActiveringsPact-project"
        verbose_name_plural = "ActiveringsPact-projecten"
        constraints = [
            models.CheckConstraint(
                condition=Q(target_outflow__isnull=True)
                | Q(target_reached__isnull=True)
                | Q(target_outflow__lte=models.F("target_reached")),
                name="pact_outflow_le_reached",
            ),
        ]

    def __str__(self):
        return self.title


class ActivationPactParticipation(models.Model):
    """A local government in a pact project; it takes part in at most one project per call."""

    project = models.ForeignKey(
        ActivationPactProject, on_delete=models.CASCADE, related_name="participations"
    )
    local_government = models.ForeignKey(
        LocalGovernment, on_delete=models.PROTECT, related_name="pact_participations"
    )
    # Copied from the project so that the database can refuse a second project in one call.
    call = models.ForeignKey(ActivationPactCall, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "deelname aan het ActiveringsPact"
        verbose_name_plural = "deelnames aan het ActiveringsPact"
        constraints = [
            models.UniqueConstraint(
                fields=["call", "local_government"], name="pact_one_project_per_call"
            ),
        ]

    def __str__(self):
        return f"{self.local_government.name} in {self.project}"

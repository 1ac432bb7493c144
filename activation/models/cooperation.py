"""Cooperation between VDAB and each local government, and the Lokaal ActiveringsPact."""

from django.db import models
from django.db.models import Q

from activation.models.territory import BenchmarkGroup, LocalGovernment

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

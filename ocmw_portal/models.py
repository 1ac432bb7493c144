from django.conf import settings
from django.db import models


class UserScope(models.Model):
    """What a user may see: local governments for OCMW staff, provinces or all Flanders for VDAB.

    The role itself is the user's Django group (ocmw, vdab, beheerder); see ocmw_portal.access.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="scope",
        verbose_name="gebruiker",
    )
    local_governments = models.ManyToManyField(
        "activation.LocalGovernment",
        blank=True,
        related_name="+",
        verbose_name="lokale besturen",
        help_text="Voor OCMW-medewerkers: de lokale besturen waarvoor ze werken.",
    )
    provinces = models.ManyToManyField(
        "activation.Province",
        blank=True,
        related_name="+",
        verbose_name="provincies",
        help_text="Voor VDAB-medewerkers: de provincies waarvoor ze bevoegd zijn.",
    )
    all_flanders = models.BooleanField(
        "heel Vlaanderen",
        default=False,
        help_text="Voor VDAB-medewerkers die voor heel Vlaanderen bevoegd zijn.",
    )

    class Meta:
        verbose_name = "bereik"
        verbose_name_plural = "bereik"

    def __str__(self):
        return f"Bereik van {self.user}"


class DemoDataset(models.Model):
    """Present when `seed_demo` has filled the database with synthetic data.

    Every page then carries the banner "Demodata — fictieve cijfers".
    """

    seed = models.IntegerField("seed")
    created_at = models.DateTimeField("aangemaakt op", auto_now_add=True)

    class Meta:
        verbose_name = "demodataset"
        verbose_name_plural = "demodatasets"

    def __str__(self):
        return f"Demodata (seed {self.seed}, {self.created_at:%d-%m-%Y})"


class AuditEvent(models.Model):
    """Who did what, when: logins, imports, edits of meetings and outputs, exports."""

    class Action(models.TextChoices):
        LOGIN = "login", "Aangemeld"
        LOGIN_FAILED = "login_mislukt", "Aanmelden mislukt"
        LOGOUT = "afgemeld", "Afgemeld"
        IMPORT = "import", "Import"
        UNDO_IMPORT = "import_ongedaan", "Import ongedaan gemaakt"
        CREATE = "aangemaakt", "Aangemaakt"
        CHANGE = "gewijzigd", "Gewijzigd"
        DELETE = "verwijderd", "Verwijderd"
        EXPORT = "export", "Export"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="gebruiker",
    )
    username = models.CharField("gebruikersnaam", max_length=150, blank=True)
    action = models.CharField("handeling", max_length=20, choices=Action.choices)
    # The changed object, for changes of the models in ocmw_portal.audit.TRACKED.
    content_type = models.ForeignKey(
        "contenttypes.ContentType",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="soort object",
    )
    object_id = models.CharField("object-id", max_length=64, blank=True)
    subject = models.CharField("onderwerp", max_length=255, blank=True)
    # {"changes": [{"field", "before", "after"} or {"field", "added", "removed"}], ...}
    details = models.JSONField("details", default=dict, blank=True)
    ip_address = models.GenericIPAddressField("IP-adres", null=True, blank=True)
    created_at = models.DateTimeField("tijdstip", auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "auditgebeurtenis"
        verbose_name_plural = "audittrail"
        indexes = [
            # The administrator's filter on one object: its whole history.
            models.Index(fields=["content_type", "object_id"], name="audit_object_idx"),
        ]

    def __str__(self):
        return f"{self.created_at:%d-%m-%Y %H:%M} {self.username} {self.get_action_display()}"

import datetime
import hashlib

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


# Aanmelden bij de Vlaamse overheid (ACM/IDM): who an organisation and a role are -------------


class AcmOrganisation(models.Model):
    """An organisation code of ACM/IDM (`vo_orgcode`, a KBO number for a local government) and
    what it stands for in the portal: local governments for OCMW staff, provinces or all
    Flanders for VDAB staff. Read again at every ACM login."""

    class Kind(models.TextChoices):
        LOCAL_GOVERNMENT = "lokaal_bestuur", "Lokaal bestuur (OCMW)"
        VDAB = "vdab", "VDAB"

    code = models.CharField(
        "organisatiecode", max_length=40, unique=True, help_text="Bv. het KBO-nummer 0207451227."
    )
    name = models.CharField("naam", max_length=150)
    kind = models.CharField("soort", max_length=16, choices=Kind.choices)
    local_governments = models.ManyToManyField(
        "activation.LocalGovernment",
        blank=True,
        related_name="+",
        verbose_name="lokale besturen",
        help_text="Voor een lokaal bestuur: het bestuur (of de besturen) van deze code.",
    )
    provinces = models.ManyToManyField(
        "activation.Province",
        blank=True,
        related_name="+",
        verbose_name="provincies",
        help_text="Voor VDAB: de provincies van deze dienst.",
    )
    all_flanders = models.BooleanField("heel Vlaanderen", default=False)

    class Meta:
        ordering = ["name"]
        verbose_name = "ACM-organisatie"
        verbose_name_plural = "ACM-organisaties"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind="vdab") | models.Q(all_flanders=False),
                name="acm_organisation_flanders_only_for_vdab",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.code})"


class AcmRole(models.Model):
    """A value of the portal's role claim in ACM/IDM (e.g. `OCMWPortaalGebruiker`) and the
    portal role it gives."""

    value = models.CharField("waarde in ACM", max_length=100, unique=True)
    role = models.CharField(
        "rol in het portaal",
        max_length=10,
        choices=[("ocmw", "OCMW"), ("vdab", "VDAB"), ("beheerder", "Beheerder")],
    )

    class Meta:
        ordering = ["value"]
        verbose_name = "ACM-rol"
        verbose_name_plural = "ACM-rollen"

    def __str__(self):
        return f"{self.value} → {self.get_role_display()}"


class AcmAccount(models.Model):
    """The ACM/IDM identity (issuer and subject) behind a portal user made by an ACM login."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="acm_account",
        verbose_name="gebruiker",
    )
    issuer = models.CharField("uitgever", max_length=255)
    subject = models.CharField("subject", max_length=255)
    claims = models.JSONField("laatste claims", default=dict, blank=True)
    last_login = models.DateTimeField("laatst aangemeld", null=True, blank=True)

    class Meta:
        verbose_name = "ACM-account"
        verbose_name_plural = "ACM-accounts"
        constraints = [
            models.UniqueConstraint(fields=["issuer", "subject"], name="acm_account_once"),
        ]

    def __str__(self):
        return f"{self.user} ({self.subject})"


# Personal API tokens: the read API at /api/v1/ (the api app) ------------------------------------


class ApiToken(models.Model):
    """A personal bearer token for the read API, named by its owner.

    Only the token's SHA-256 hash is kept, with its first characters to recognise it in a
    list: the token itself is shown once, when it is made. A request with it sees what its
    owner sees; it stops working when it is revoked, or when its owner is deactivated or loses
    the role. `minute` and `minute_count` count its uses in the current minute, for the rate
    limit (PORTAL_API_RATE_PER_MINUTE), in the database that every application server shares.
    """

    PREFIX = "ocmw_"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="api_tokens",
        verbose_name="gebruiker",
    )
    name = models.CharField("naam", max_length=100)
    prefix = models.CharField("begin van de sleutel", max_length=8)
    token_hash = models.CharField("SHA-256 van de sleutel", max_length=64, unique=True)
    created_at = models.DateTimeField("aangemaakt op", auto_now_add=True)
    last_used_at = models.DateTimeField("laatst gebruikt op", null=True, blank=True)
    use_count = models.PositiveBigIntegerField("aantal keer gebruikt", default=0)
    revoked_at = models.DateTimeField("ingetrokken op", null=True, blank=True)
    # Minutes since the epoch of the last use, and the uses in that minute.
    minute = models.PositiveBigIntegerField("minuut van het laatste gebruik", default=0)
    minute_count = models.PositiveIntegerField("gebruik in die minuut", default=0)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "API-sleutel"
        verbose_name_plural = "API-sleutels"
        constraints = [
            models.CheckConstraint(condition=~models.Q(name=""), name="api_token_has_name"),
            models.CheckConstraint(
                condition=models.Q(prefix__startswith="ocmw_"), name="api_token_prefix"
            ),
            models.CheckConstraint(
                condition=models.Q(revoked_at__isnull=True)
                | models.Q(revoked_at__gte=models.F("created_at")),
                name="api_token_revoked_after_created",
            ),
        ]
        indexes = [
            # The API-sleutels page lists a user's tokens, newest first.
            models.Index(fields=["user", "-created_at"], name="api_token_user_idx"),
        ]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def digest(token: str) -> str:
        """The hash under which a token is kept and looked up."""
        return hashlib.sha256(token.encode()).hexdigest()

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    def record_use(self, *, now: datetime.datetime, limit: int) -> bool:
        """Count one use at `now`, unless the token was used `limit` times in that minute
        already: one UPDATE, so that concurrent requests on several servers count right.
        False when the limit is reached (nothing is counted then)."""
        minute = int(now.timestamp()) // 60
        within = ~models.Q(minute=minute) | models.Q(minute_count__lt=limit)
        updated = (
            ApiToken.objects.filter(pk=self.pk)
            .filter(within)
            .update(
                use_count=models.F("use_count") + 1,
                last_used_at=now,
                # The right-hand sides read the row as it was: a new minute starts at 1.
                minute_count=models.Case(
                    models.When(minute=minute, then=models.F("minute_count") + 1),
                    default=models.Value(1),
                ),
                minute=minute,
            )
        )
        return updated == 1

"""Consultation bodies at every level, their meetings, and what those meetings produce."""

import datetime
import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse

from activation.models import CooperationAgreement, LocalGovernment, Province


class Level(models.TextChoices):
    """The levels of the minister's answer, from the top down."""

    MACRO = "macro", "Macro"
    MESO = "meso", "Meso"
    MICRO = "micro", "Micro"
    OPERATIONAL = "operationeel", "Operationeel"
    INTERFEDERAL = "interfederaal", "Interfederaal"


LEVEL_ORDER = [level.value for level in Level]


class ConsultationBody(models.Model):
    """A body that meets about the activation of leefloon recipients.

    `local_governments` are the local governments the body covers: they may attend its meetings,
    and OCMW staff of those local governments see its meetings and outputs.
    """

    class Kind(models.TextChoices):
        CENTRAL_WORKING_GROUP = "centrale_werkgroep", "Centrale werkgroep lokale besturen"
        PROVINCIAL_WORKING_GROUP = "provinciale_werkgroep", "Provinciale werkgroep"
        FORUM = "overlegforum", "Overlegforum samenwerkingsovereenkomst"
        LEARNING_NETWORK = "lerend_netwerk", "Lerend netwerk"
        WORK_MEETING = "werkoverleg", "Werkoverleg"
        IMC = "imc", "Interministeriële conferentie"
        PLATFORM = "platform", "Interfederaal platform"

    code = models.SlugField("code", max_length=60, unique=True)
    name = models.CharField("naam", max_length=150)
    level = models.CharField("niveau", max_length=14, choices=Level.choices)
    kind = models.CharField("soort", max_length=22, choices=Kind.choices)
    province = models.ForeignKey(
        Province,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="consultation_bodies",
        verbose_name="provincie",
        help_text="Leeg voor organen die voor heel Vlaanderen of interfederaal werken.",
    )
    region = models.CharField("regio", max_length=100, blank=True)
    organiser = models.CharField("organisator", max_length=255)
    participants = models.TextField("deelnemers")
    target_per_year = models.PositiveSmallIntegerField(
        "streefdoel per jaar",
        null=True,
        blank=True,
        help_text="Aantal vergaderingen per jaar; leeg wanneer er geen streefdoel is.",
    )
    frequency_note = models.CharField("frequentie (zoals afgesproken)", max_length=255, blank=True)
    description = models.TextField("toelichting", blank=True)
    agreement = models.OneToOneField(
        CooperationAgreement,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="forum",
        verbose_name="samenwerkingsovereenkomst",
    )
    local_governments = models.ManyToManyField(
        LocalGovernment,
        blank=True,
        related_name="consultation_bodies",
        verbose_name="lokale besturen in het werkgebied",
    )
    sort_order = models.PositiveSmallIntegerField("volgorde", default=100)

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = "overlegorgaan"
        verbose_name_plural = "overlegorganen"
        constraints = [
            models.CheckConstraint(
                condition=Q(agreement__isnull=True) | Q(level="micro"),
                name="consultation_body_agreement_only_for_forum",
            ),
        ]
        indexes = [
            # The bodies page and the report filter on level and province.
            models.Index(fields=["level", "province"], name="body_level_province_idx"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("consultations:body", args=[self.pk])

    def active_window(self):
        """(first day, last day) in which the body is expected to meet, open-ended as None.

        A forum meets while its agreement runs. None when no meetings are expected at all: the
        forum of an agreement that is still in preparation.
        """
        if not self.agreement_id:
            return (None, None)
        agreement = self.agreement
        return forum_window(agreement.status, agreement.valid_from, agreement.valid_until)


def forum_window(status, valid_from, valid_until):
    """ConsultationBody.active_window of a forum, from its agreement's status and dates."""
    if status == CooperationAgreement.Status.IN_PREPARATION:
        return None
    return (valid_from, valid_until)


class Theme(models.Model):
    """A reusable tag for meetings, such as "Arvastat" or "werkplekinstrumenten"."""

    name = models.CharField("naam", max_length=80)

    class Meta:
        ordering = [Lower("name")]
        verbose_name = "thema"
        verbose_name_plural = "thema's"
        constraints = [
            models.UniqueConstraint(Lower("name"), name="theme_name_unique_ignoring_case"),
        ]

    def __str__(self):
        return self.name


class MeetingQuerySet(models.QuerySet):
    def held(self):
        """The meetings that took place: what the report and the cadence count."""
        return self.filter(status__in=HELD_STATUSES)

    def upcoming(self, today):
        """Planned meetings from `today` on, the nearest first."""
        return self.filter(status=Meeting.Status.PLANNED, date__gte=today).order_by(
            "date", "start_time", "pk"
        )


# The states of a meeting that took place.
HELD_STATUSES = ("gehouden", "verslag_klaar")


class LiveMeetingManager(models.Manager.from_queryset(MeetingQuerySet)):
    """Meetings that are not deleted: what every page, export and feed reads."""

    def get_queryset(self):
        return super().get_queryset().filter(deleted_at__isnull=True)


class Meeting(models.Model):
    """One consultation moment of a body: planned, held, then with its minutes filed.

    A deleted meeting keeps its row (`deleted_at`, with who and why) until a beheerder restores
    it; `Meeting.objects` leaves it out, `Meeting.with_deleted` reads it.
    """

    class Status(models.TextChoices):
        PLANNED = "gepland", "Gepland"
        HELD = "gehouden", "Gehouden"
        REPORTED = "verslag_klaar", "Verslag klaar"
        CANCELLED = "geannuleerd", "Geannuleerd"

    body = models.ForeignKey(
        ConsultationBody,
        on_delete=models.PROTECT,
        related_name="meetings",
        verbose_name="overlegorgaan",
    )
    status = models.CharField(
        "status", max_length=14, choices=Status.choices, default=Status.REPORTED
    )
    date = models.DateField("datum")
    start_time = models.TimeField("beginuur", null=True, blank=True)
    end_time = models.TimeField("einduur", null=True, blank=True)
    place = models.CharField("plaats", max_length=150, blank=True)
    online = models.BooleanField("online", default=False)
    online_link = models.URLField("link voor online deelname", max_length=300, blank=True)
    agenda = models.TextField("agenda", blank=True, help_text="Eén agendapunt per regel.")
    invited = models.ManyToManyField(
        LocalGovernment,
        blank=True,
        related_name="invited_meetings",
        verbose_name="uitgenodigde lokale besturen",
    )
    # Raised on every change of a planned meeting: calendars and invitation mails follow it.
    sequence = models.PositiveIntegerField("versie", default=0)
    themes = models.ManyToManyField(
        Theme, blank=True, related_name="meetings", verbose_name="thema's"
    )
    attendees = models.ManyToManyField(
        LocalGovernment,
        blank=True,
        related_name="attended_meetings",
        verbose_name="aanwezige lokale besturen",
    )
    minutes = models.TextField("verslag", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name="aangemaakt door",
    )
    created_at = models.DateTimeField("aangemaakt op", auto_now_add=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name="laatst gewijzigd door",
    )
    updated_at = models.DateTimeField("laatst gewijzigd op", auto_now=True)
    deleted_at = models.DateTimeField("verwijderd op", null=True, blank=True)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="verwijderd door",
    )
    deletion_reason = models.TextField("reden van verwijdering", blank=True)
    # What search reads: the body's name, themes, agenda, minutes and attachment names, kept by
    # refresh_search_text() whenever one of them changes.
    search_text = models.TextField("zoektekst", blank=True, editable=False)

    objects = LiveMeetingManager()
    with_deleted = models.Manager.from_queryset(MeetingQuerySet)()

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = "vergadering"
        verbose_name_plural = "vergaderingen"
        base_manager_name = "with_deleted"
        constraints = [
            models.CheckConstraint(
                condition=Q(online=True) | ~Q(place=""), name="meeting_place_or_online"
            ),
            models.CheckConstraint(
                condition=Q(deleted_at__isnull=True) | ~Q(deletion_reason=""),
                name="meeting_deleted_with_reason",
            ),
            models.CheckConstraint(
                condition=Q(end_time__isnull=True)
                | (Q(start_time__isnull=False) & Q(end_time__gt=models.F("start_time"))),
                name="meeting_ends_after_start",
            ),
        ]
        indexes = [
            # The cadence counts meetings per body and year; the report reads a period.
            models.Index(fields=["body", "date"], name="meeting_body_date_idx"),
            models.Index(fields=["date"], name="meeting_date_idx"),
        ]

    def __str__(self):
        return f"{self.body.name}, {self.date:%d-%m-%Y}"

    def get_absolute_url(self):
        return reverse("consultations:meeting", args=[self.pk])

    @property
    def location(self):
        if self.online and self.place:
            return f"{self.place} en online"
        return self.place or "Online"

    @property
    def is_planned(self):
        return self.status == self.Status.PLANNED

    @property
    def is_cancelled(self):
        return self.status == self.Status.CANCELLED

    def refresh_search_text(self, *, save=True):
        parts = [
            self.body.name,
            *(theme.name for theme in self.themes.all()),
            self.agenda,
            self.minutes,
            *(attachment.original_name for attachment in self.attachments.all()),
        ]
        self.search_text = "\n".join(part for part in parts if part)
        if save:
            Meeting.with_deleted.filter(pk=self.pk).update(search_text=self.search_text)

    def agenda_items(self):
        return [line.strip() for line in self.agenda.splitlines() if line.strip()]


class AttendanceReply(models.Model):
    """One person of an invited local government who will come to a planned meeting, or not."""

    class Answer(models.TextChoices):
        COMING = "komt", "Komt"
        NOT_COMING = "komt_niet", "Komt niet"

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="replies", verbose_name="vergadering"
    )
    local_government = models.ForeignKey(
        LocalGovernment,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="lokaal bestuur",
    )
    name = models.CharField("naam", max_length=120)
    function = models.CharField("functie", max_length=120, blank=True)
    answer = models.CharField("antwoord", max_length=10, choices=Answer.choices)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="geantwoord door",
    )
    answered_at = models.DateTimeField("geantwoord op", auto_now=True)

    class Meta:
        ordering = ["meeting", "local_government__name", Lower("name")]
        verbose_name = "antwoord op een uitnodiging"
        verbose_name_plural = "antwoorden op uitnodigingen"
        constraints = [
            models.UniqueConstraint(
                "meeting", "local_government", Lower("name"), name="attendance_reply_once"
            ),
            models.CheckConstraint(condition=~Q(name=""), name="attendance_reply_has_name"),
        ]

    def __str__(self):
        return f"{self.name} ({self.local_government}): {self.get_answer_display()}"


class AgendaProposal(models.Model):
    """An agenda item or a comment an invited OCMW proposes before a planned meeting."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="proposals", verbose_name="vergadering"
    )
    local_government = models.ForeignKey(
        LocalGovernment,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="lokaal bestuur",
    )
    text = models.TextField("voorstel")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="door"
    )
    created_at = models.DateTimeField("ingediend op", auto_now_add=True)

    class Meta:
        ordering = ["meeting", "created_at", "pk"]
        verbose_name = "voorstel voor de agenda"
        verbose_name_plural = "voorstellen voor de agenda"
        constraints = [
            models.CheckConstraint(condition=~Q(text=""), name="agenda_proposal_has_text"),
        ]

    def __str__(self):
        return f"{self.local_government}: {self.text[:60]}"


class ParticipantRole(models.Model):
    """How many people in a role took part in a meeting."""

    class Role(models.TextChoices):
        GENERAL_MANAGER = "gedelegeerd_bestuurder", "Gedelegeerd bestuurder VDAB"
        NETWORK_MANAGER = "netwerkmanager", "Netwerkmanager VDAB"
        IDV_MANAGER = "manager_idv", "Manager Intensieve Dienstverlening VDAB"
        TEAM_LEADER = "teamleider", "Teamleider VDAB"
        PROJECT_OFFICER = "projectopvolger", "Projectopvolger VDAB"
        PROVINCIAL_EXPERT = "provinciale_expert", "Provinciale expert VDAB"
        JOB_COACH = "bemiddelaar", "Bemiddelaar VDAB"
        TRAJECTORY_COUNSELLOR = "trajectbegeleider", "Trajectbegeleider OCMW"
        SOCIAL_WORKER = "maatschappelijk_werker", "Maatschappelijk werker OCMW"
        OCMW_CONSULTANT = "ocmw_consulent", "OCMW-consulent"
        HEAD_OF_DEPARTMENT = "diensthoofd", "Diensthoofd OCMW"
        LOCAL_POLITICIAN = "mandataris", "Lokale mandataris"
        VVSG = "vvsg", "Afgevaardigde VVSG"
        SOCIAL_PARTNER = "sociale_partner", "Sociale partner"
        REGIONAL_GOVERNMENT = "regio", "Vertegenwoordiger gewest of gemeenschap"
        FEDERAL_GOVERNMENT = "federaal", "Vertegenwoordiger federale overheid"
        OTHER = "andere", "Andere"

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="participants", verbose_name="vergadering"
    )
    role = models.CharField("rol", max_length=24, choices=Role.choices)
    count = models.PositiveSmallIntegerField("aantal")

    class Meta:
        ordering = ["meeting", "role"]
        verbose_name = "deelnemersrol"
        verbose_name_plural = "deelnemersrollen"
        constraints = [
            models.UniqueConstraint(fields=["meeting", "role"], name="participant_role_once"),
            models.CheckConstraint(condition=Q(count__gte=1), name="participant_count_positive"),
        ]

    def __str__(self):
        return f"{self.count} × {self.get_role_display()}"


# The content type an attachment is served with, from its extension: the form accepts only
# these extensions, and only when the file's content fits (consultations.forms).
ATTACHMENT_CONTENT_TYPES = {
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".odt": "application/vnd.oasis.opendocument.text",
}


def content_type_for(filename):
    """The content type of an attachment named `filename`; never what the browser claimed."""
    return ATTACHMENT_CONTENT_TYPES.get(
        PurePath(filename).suffix.lower(), "application/octet-stream"
    )


def attachment_path(instance, filename):
    # A random name: the original name is kept in the database and only used on download.
    suffix = PurePath(filename).suffix.lower()
    return f"overleg/{datetime.date.today():%Y/%m}/{uuid.uuid4().hex}{suffix}"


class LiveAttachmentManager(models.Manager):
    """Attachments that are not removed: what a meeting's page, its search text and the
    download read."""

    def get_queryset(self):
        return super().get_queryset().filter(removed_at__isnull=True)


class Attachment(models.Model):
    """A document of a meeting, stored through STORAGES and served only through an access check.

    Removing it from the meeting keeps it, file and all, until its editor puts it back or a
    beheerder deletes it for good in the admin."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="attachments", verbose_name="vergadering"
    )
    file = models.FileField("bestand", upload_to=attachment_path, max_length=200)
    original_name = models.CharField("bestandsnaam", max_length=200)
    content_type = models.CharField("soort", max_length=100)
    size = models.PositiveIntegerField("grootte (bytes)")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name="opgeladen door",
    )
    uploaded_at = models.DateTimeField("opgeladen op", auto_now_add=True)
    removed_at = models.DateTimeField("verwijderd op", null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="verwijderd door",
    )

    with_removed = models.Manager()
    objects = LiveAttachmentManager()

    class Meta:
        ordering = ["meeting", "original_name"]
        verbose_name = "bijlage"
        verbose_name_plural = "bijlagen"
        # A meeting's attachments (and the download) are the live ones; saving or deleting a
        # removed one, as its restore and its deletion for good do, goes through all of them.
        default_manager_name = "objects"
        base_manager_name = "with_removed"

    def __str__(self):
        return self.original_name

    def get_absolute_url(self):
        return reverse("consultations:attachment", args=[self.pk])


class RemovedAttachmentManager(models.Manager):
    def get_queryset(self):
        return super().get_queryset().filter(removed_at__isnull=False)


class RemovedAttachment(Attachment):
    """The attachments removed from their meetings: where a beheerder deletes them for good."""

    objects = RemovedAttachmentManager()

    class Meta:
        proxy = True
        ordering = ["-removed_at"]
        verbose_name = "verwijderde bijlage"
        verbose_name_plural = "verwijderde bijlagen"


class MeetingRevision(models.Model):
    """One creation or edit of a meeting: who, when, and which values changed."""

    class Action(models.TextChoices):
        CREATED = "aangemaakt", "Aangemaakt"
        CHANGED = "gewijzigd", "Gewijzigd"

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="revisions", verbose_name="vergadering"
    )
    action = models.CharField("actie", max_length=10, choices=Action.choices)
    # [{"field": "Datum", "before": "12-03-2024", "after": "14-03-2024"}, ...]
    changes = models.JSONField("wijzigingen", default=list, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name="door",
    )
    changed_at = models.DateTimeField("op", auto_now_add=True)

    class Meta:
        ordering = ["-changed_at", "-pk"]
        verbose_name = "wijziging van een vergadering"
        verbose_name_plural = "wijzigingen van vergaderingen"

    def __str__(self):
        return f"{self.get_action_display()}: {self.meeting}"


class Output(models.Model):
    """What a meeting produced: a signal, action, good practice, agreement or info session."""

    class Kind(models.TextChoices):
        SIGNAL = "signaal", "Signaal"
        ACTION = "actie", "Actie"
        GOOD_PRACTICE = "goede_praktijk", "Goede praktijk"
        AGREEMENT = "afspraak", "Afspraak"
        INFO_SESSION = "infosessie", "Infosessie"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        FORWARDED = "doorgegeven", "Doorgegeven aan VDAB-beleidsorganen"
        IN_FRAMEWORK = "werkingskader", "Opgenomen in werkingskader 2025–2030"
        DONE = "uitgevoerd", "Uitgevoerd"
        NOT_RETAINED = "niet_weerhouden", "Niet weerhouden"

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="outputs", verbose_name="vergadering"
    )
    kind = models.CharField("soort", max_length=14, choices=Kind.choices)
    title = models.CharField("titel", max_length=200)
    description = models.TextField("omschrijving", blank=True)
    owner_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="owned_outputs",
        verbose_name="eigenaar (gebruiker)",
    )
    owner_local_government = models.ForeignKey(
        LocalGovernment,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="eigenaar (lokaal bestuur)",
    )
    owner_contact = models.CharField("contactpersoon", max_length=120, blank=True)
    # The owner as typed before owners were people; kept as it was for older output.
    owner = models.CharField("eigenaar (omschrijving)", max_length=150, blank=True)
    due_date = models.DateField("uiterste datum", null=True, blank=True)
    local_governments = models.ManyToManyField(
        LocalGovernment,
        blank=True,
        related_name="consultation_outputs",
        verbose_name="betrokken lokale besturen",
    )
    status = models.CharField(
        "opvolgingsstatus", max_length=16, choices=Status.choices, default="open"
    )
    created_at = models.DateTimeField("aangemaakt op", auto_now_add=True)
    updated_at = models.DateTimeField("laatst gewijzigd op", auto_now=True)

    class Meta:
        ordering = ["-meeting__date", "pk"]
        verbose_name = "output"
        verbose_name_plural = "output"
        indexes = [
            # The output list filters on status and due date (overdue).
            models.Index(fields=["status", "due_date"], name="output_status_due_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(owner_user__isnull=False)
                | (Q(owner_local_government__isnull=False) & ~Q(owner_contact=""))
                | ~Q(owner=""),
                name="output_has_owner",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("consultations:output", args=[self.pk])

    @property
    def owner_label(self):
        """Who takes the output up, as the pages show it."""
        if self.owner_user_id:
            user = self.owner_user
            return user.get_full_name() or user.username
        if self.owner_local_government_id:
            return f"{self.owner_contact} ({self.owner_local_government.name})"
        return self.owner

    def is_overdue(self, today=None):
        today = today or datetime.date.today()
        return (
            self.status == self.Status.OPEN and self.due_date is not None and self.due_date < today
        )


class FollowUp(models.Model):
    """A change of an output's follow-up status, with its reason, date and author."""

    output = models.ForeignKey(
        Output, on_delete=models.CASCADE, related_name="follow_ups", verbose_name="output"
    )
    from_status = models.CharField("van", max_length=16, choices=Output.Status.choices)
    to_status = models.CharField("naar", max_length=16, choices=Output.Status.choices)
    reason = models.TextField("reden")
    date = models.DateField("datum")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="door",
    )
    recorded_at = models.DateTimeField("geregistreerd op", auto_now_add=True)

    class Meta:
        ordering = ["output", "date", "pk"]
        verbose_name = "opvolging"
        verbose_name_plural = "opvolging"
        constraints = [
            models.CheckConstraint(condition=~Q(reason=""), name="follow_up_has_reason"),
            models.CheckConstraint(
                condition=~Q(from_status=models.F("to_status")), name="follow_up_changes_status"
            ),
        ]

    def __str__(self):
        return f"{self.output}: {self.get_from_status_display()} → {self.get_to_status_display()}"


# Taking part: notifications by e-mail and the personal calendar feed ----------------------------


class NotificationKind(models.TextChoices):
    """The e-mails the portal sends (manage.py send_notifications); a user turns each on or off."""

    INVITATION = "uitnodiging", "Uitnodigingen en wijzigingen van geplande vergaderingen"
    MINUTES_REMINDER = "verslag", "Herinnering om het verslag in te dienen (organisator)"
    ACTION_REMINDER = "acties", "Acties die binnen 7 dagen vervallen of vervallen zijn"
    NEW_QUARTER = "kwartaal", "Cijfers van een nieuw kwartaal"


class NotificationOptOut(models.Model):
    """A kind of e-mail a user does not want. Without a row, the user gets every kind."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_opt_outs",
        verbose_name="gebruiker",
    )
    kind = models.CharField("soort melding", max_length=12, choices=NotificationKind.choices)

    class Meta:
        verbose_name = "uitgeschakelde melding"
        verbose_name_plural = "uitgeschakelde meldingen"
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="notification_opt_out_once"),
        ]

    def __str__(self):
        return f"{self.user}: geen {self.get_kind_display().lower()}"


class SentNotification(models.Model):
    """One e-mail sent: `key` names what it was about, so a second run never sends it again."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name="gebruiker",
    )
    kind = models.CharField("soort melding", max_length=12, choices=NotificationKind.choices)
    # e.g. "vergadering:12:v3", "verslag:12:7", "acties:2026-W49", "kwartaal:2026-3"
    key = models.CharField("onderwerp", max_length=80)
    sent_at = models.DateTimeField("verzonden op", auto_now_add=True)

    class Meta:
        ordering = ["-sent_at", "-pk"]
        verbose_name = "verzonden melding"
        verbose_name_plural = "verzonden meldingen"
        constraints = [
            models.UniqueConstraint(fields=["user", "kind", "key"], name="notification_sent_once"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} aan {self.user} ({self.key})"


class CalendarFeed(models.Model):
    """A user's personal iCal feed. Only the SHA-256 of its token is stored: a reset replaces it,
    which ends the old address at once."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="calendar_feed",
        verbose_name="gebruiker",
    )
    token_hash = models.CharField("vingerafdruk van de sleutel", max_length=64, unique=True)
    created_at = models.DateTimeField("aangemaakt op", auto_now=True)

    class Meta:
        verbose_name = "agenda-abonnement"
        verbose_name_plural = "agenda-abonnementen"

    def __str__(self):
        return f"Agenda van {self.user}"

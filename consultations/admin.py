from django.contrib import admin
from django.db import models, transaction
from django.db.models import Count

from activation.models import LocalGovernment
from consultations import services
from consultations.models import (
    AgendaProposal,
    Attachment,
    AttendanceReply,
    ConsultationBody,
    FollowUp,
    Meeting,
    MeetingRevision,
    Output,
    ParticipantRole,
    RemovedAttachment,
    SentNotification,
    Theme,
)


@admin.register(ConsultationBody)
class ConsultationBodyAdmin(admin.ModelAdmin):
    list_display = ["name", "level", "kind", "province", "region", "target_per_year"]
    list_filter = ["level", "kind", "province"]
    search_fields = ["name", "code", "organiser"]
    filter_horizontal = ["local_governments"]
    raw_id_fields = ["agreement"]
    list_select_related = ["province"]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "local_governments":
            kwargs["queryset"] = LocalGovernment.objects.current()
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and "name" in form.changed_data:
            # Search finds the body's meetings by its new name.
            services.refresh_search_texts(
                meeting_ids=Meeting.with_deleted.filter(body=obj).values_list("pk", flat=True)
            )


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["name", "meeting_count"]
    search_fields = ["name"]

    @admin.display(description="vergaderingen", ordering="meeting_count")
    def meeting_count(self, obj):
        return obj.meeting_count

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(meeting_count=Count("meetings"))

    # Search finds a meeting by the names of its themes as they are now: renamed, or gone.

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and "name" in form.changed_data:
            services.refresh_search_texts(meeting_ids=_meetings_of([obj]))

    def delete_model(self, request, obj):
        meeting_ids = _meetings_of([obj])
        super().delete_model(request, obj)
        services.refresh_search_texts(meeting_ids=meeting_ids)

    @transaction.atomic  # the changelist's delete action runs outside the admin's transaction
    def delete_queryset(self, request, queryset):
        meeting_ids = _meetings_of(queryset)
        super().delete_queryset(request, queryset)
        services.refresh_search_texts(meeting_ids=meeting_ids)


def _meetings_of(themes):
    """The ids of the meetings of these themes, deleted meetings included."""
    return list(Meeting.with_deleted.filter(themes__in=themes).values_list("pk", flat=True))


class ParticipantRoleInline(admin.TabularInline):
    model = ParticipantRole
    extra = 0


class AttachmentInline(admin.TabularInline):
    model = Attachment
    extra = 0
    fields = [
        "original_name",
        "content_type",
        "size",
        "uploaded_by",
        "uploaded_at",
        "removed_at",
        "removed_by",
    ]
    readonly_fields = fields
    can_delete = False

    def get_queryset(self, request):
        # Removed ones too: they are kept until deleted for good under Verwijderde bijlagen.
        return Attachment.with_removed.select_related("uploaded_by", "removed_by")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(RemovedAttachment)
class RemovedAttachmentAdmin(admin.ModelAdmin):
    """Attachments removed from their meetings, kept until a beheerder deletes them here."""

    list_display = ["original_name", "meeting", "removed_at", "removed_by"]
    list_select_related = ["meeting__body", "removed_by"]
    fields = ["original_name", "meeting", "size", "uploaded_by", "removed_at", "removed_by"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def delete_model(self, request, obj):
        services.purge_attachments(attachments=[obj])

    def delete_queryset(self, request, queryset):
        services.purge_attachments(attachments=queryset)


class RevisionInline(admin.TabularInline):
    model = MeetingRevision
    extra = 0
    fields = ["action", "changes", "changed_by", "changed_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class ReplyInline(admin.TabularInline):
    """The invited OCMWs' answers, as they gave them on the meeting's page."""

    model = AttendanceReply
    extra = 0
    fields = ["local_government", "name", "function", "answer", "answered_by", "answered_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class ProposalInline(admin.TabularInline):
    model = AgendaProposal
    extra = 0
    fields = ["local_government", "text", "author", "created_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    """Deleted meetings are not listed here: a beheerder restores them on
    /overleg/vergaderingen/verwijderd/."""

    list_display = ["body", "date", "status", "place", "online", "created_by", "updated_at"]
    list_filter = ["status", "body__level", "body__province", "online", "themes"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    search_fields = ["body__name", "place", "minutes"]
    date_hierarchy = "date"
    list_select_related = ["body", "created_by"]
    raw_id_fields = ["body"]
    filter_horizontal = ["themes", "attendees", "invited"]
    readonly_fields = [
        "created_by",
        "created_at",
        "updated_by",
        "updated_at",
        "deleted_at",
        "deleted_by",
        "deletion_reason",
    ]
    inlines = [
        ParticipantRoleInline,
        AttachmentInline,
        ReplyInline,
        ProposalInline,
        RevisionInline,
    ]

    def save_model(self, request, obj, form, change):
        # The meeting as it was, for its history once its themes and participants are saved.
        obj._before_admin_save = (
            services.meeting_snapshot(Meeting.objects.get(pk=obj.pk)) if change else None
        )
        obj.updated_by = request.user
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        meeting = form.instance
        meeting.refresh_search_text()
        services.record_revision(
            meeting, before=meeting.__dict__.pop("_before_admin_save", None), user=request.user
        )


class FollowUpInline(admin.TabularInline):
    model = FollowUp
    extra = 0
    fields = ["date", "from_status", "to_status", "reason", "author"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Output)
class OutputAdmin(admin.ModelAdmin):
    """The follow-up status changes only on the output's page, where a reason is required."""

    list_display = ["title", "kind", "status", "owner", "due_date", "meeting"]
    list_filter = ["kind", "status", "meeting__body__level"]
    search_fields = ["title", "description", "owner"]
    list_select_related = ["meeting", "meeting__body"]
    raw_id_fields = ["meeting"]
    filter_horizontal = ["local_governments"]
    readonly_fields = ["status"]
    inlines = [FollowUpInline]


@admin.register(SentNotification)
class SentNotificationAdmin(admin.ModelAdmin):
    """What manage.py send_notifications sent, to whom: read only."""

    list_display = ["sent_at", "kind", "user", "key"]
    list_filter = ["kind"]
    search_fields = ["user__username", "user__email", "key"]
    date_hierarchy = "sent_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

from urllib.parse import urlencode

from axes.admin import AccessAttemptAdmin
from axes.models import AccessAttempt
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.urls import path
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from activation.models import LocalGovernment
from ocmw_portal import access, audit
from ocmw_portal.exports import Sheet, csv_response
from ocmw_portal.models import (
    AcmAccount,
    AcmOrganisation,
    AcmRole,
    AuditEvent,
    DemoDataset,
    UserScope,
)


class UserScopeInline(admin.StackedInline):
    model = UserScope
    can_delete = False
    verbose_name = "bereik"
    verbose_name_plural = "bereik"
    filter_horizontal = ["local_governments", "provinces"]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "local_governments":
            # Current local governments, plus the former ones this scope still lists: left out
            # of the choices, they would vanish from the scope at the next save, unnoticed.
            user_id = request.resolver_match.kwargs.get("object_id", "")
            listed = UserScope.local_governments.through.objects.filter(
                userscope__user_id=int(user_id) if user_id.isdigit() else None
            ).values("localgovernment_id")
            kwargs["queryset"] = LocalGovernment.objects.filter(
                Q(valid_until__isnull=True) | Q(pk__in=listed)
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)


def warn_about_former_local_governments(request, user):
    """A warning for each former municipality the user's scope still lists."""
    scope = UserScope.objects.filter(user=user).first()
    if scope is None:
        return
    for former, successor in access.former_in_scope(scope):
        ended = f"bestaat niet meer sinds {former.valid_until:%d-%m-%Y}"
        if successor is not None:
            text = (
                f"Het bereik van {user} vermeldt {former.name}, dat {ended} en nu deel is van "
                f"{successor.name}. Het portaal rekent het als {successor.name}: vervang "
                f"{former.name} door {successor.name} in het bereik."
            )
        else:
            text = (
                f"Het bereik van {user} vermeldt {former.name}, dat {ended}. Het telt niet mee: "
                f"verwijder {former.name} uit het bereik."
            )
        messages.warning(request, text)


admin.site.unregister(User)


@admin.register(User)
class PortalUserAdmin(UserAdmin):
    inlines = [UserScopeInline]
    list_display = ["username", "first_name", "last_name", "email", "roles", "is_active"]
    list_filter = ["groups", "is_active", "is_staff"]

    @admin.display(description="rol")
    def roles(self, obj):
        return ", ".join(g.name for g in obj.groups.all())

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups")

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        if request.method == "GET" and (user := self.get_object(request, object_id)):
            warn_about_former_local_governments(request, user)
        return response

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        warn_about_former_local_governments(request, form.instance)


admin.site.unregister(AccessAttempt)


@admin.register(AccessAttempt)
class PortalAccessAttemptAdmin(AccessAttemptAdmin):
    """django-axes's list of failed login attempts, with its message in Dutch."""

    @admin.action(description="Vervallen aanmeldpogingen opruimen")
    def cleanup_expired_attempts(self, request, queryset):
        count = self.handler.clean_expired_user_attempts(request=request)
        self.message_user(request, f"{count} vervallen aanmeldpogingen opgeruimd.")


@admin.register(DemoDataset)
class DemoDatasetAdmin(admin.ModelAdmin):
    list_display = ["seed", "created_at"]


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: the audit trail is written by the portal, never edited.

    Filtered by user, kind of object, object (the "geschiedenis" link of a row) and period; the
    CSV export holds the events of the filtered list, one row per changed field.
    """

    list_display = [
        "created_at",
        "who",
        "action",
        "content_type",
        "object_link",
        "change_summary",
        "ip_address",
    ]
    list_filter = [
        "action",
        ("content_type", admin.RelatedOnlyFieldListFilter),
        ("user", admin.RelatedOnlyFieldListFilter),
        ("created_at", admin.DateFieldListFilter),
    ]
    list_select_related = ["content_type"]
    search_fields = ["username", "subject", "object_id"]
    date_hierarchy = "created_at"
    fields = [
        "created_at",
        "who",
        "action",
        "content_type",
        "object_id",
        "subject",
        "ip_address",
        "change_table",
    ]
    readonly_fields = fields
    change_list_template = "admin/ocmw_portal/auditevent/change_list.html"

    @admin.display(description="gebruiker", ordering="username")
    def who(self, event):
        return event.username or "systeem"

    @admin.display(description="object", ordering="subject")
    def object_link(self, event):
        if event.content_type_id is None:
            return event.subject
        query = urlencode(
            {"content_type__id__exact": event.content_type_id, "object_id": event.object_id}
        )
        return format_html(
            '{} <a href="?{}" title="Alle gebeurtenissen van dit object">geschiedenis</a>',
            event.subject,
            query,
        )

    @admin.display(description="wijzigingen")
    def change_summary(self, event):
        rows = audit.change_rows(event)
        return format_html_join(
            mark_safe("<br>"), "{}: {} → {}", ((f, old or "—", new or "—") for f, old, new in rows)
        )

    @admin.display(description="wijzigingen")
    def change_table(self, event):
        rows = audit.change_rows(event)
        if not rows:
            return "—"
        return format_html(
            "<table><thead><tr><th>veld</th><th>oud</th><th>nieuw</th></tr></thead>"
            "<tbody>{}</tbody></table>",
            format_html_join("", "<tr><td>{}</td><td>{}</td><td>{}</td></tr>", rows),
        )

    def get_urls(self):
        export = path(
            "export.csv",
            self.admin_site.admin_view(self.export_csv),
            name="ocmw_portal_auditevent_export",
        )
        return [export, *super().get_urls()]

    def export_csv(self, request):
        """The filtered list as CSV: one row per changed field, or one per event without."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        events = self.get_changelist_instance(request).get_queryset(request)
        rows = []
        for event in events.select_related("content_type"):
            kind = event.content_type.name if event.content_type_id else ""
            head = [
                timezone.localtime(event.created_at).strftime("%d-%m-%Y %H:%M:%S"),
                event.username or "systeem",
                event.ip_address or "",
                event.get_action_display(),
                kind,
                event.object_id,
                event.subject,
            ]
            rows.extend([*head, *change] for change in audit.change_rows(event) or [("", "", "")])
        headers = [
            "tijdstip",
            "gebruiker",
            "IP-adres",
            "handeling",
            "soort object",
            "object-id",
            "onderwerp",
            "veld",
            "oud",
            "nieuw",
        ]
        audit.record(audit.Action.EXPORT, request=request, subject="audittrail (CSV)")
        return csv_response("audittrail.csv", Sheet("Audittrail", headers, rows))

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# Aanmelden bij de Vlaamse overheid: the mapping of ACM/IDM claims, read at every ACM login ---


@admin.register(AcmOrganisation)
class AcmOrganisationAdmin(admin.ModelAdmin):
    """An organisation code of ACM/IDM and what it stands for. Local governments' codes can also
    be loaded from a CSV: manage.py load_acm_organisations."""

    list_display = ["name", "code", "kind", "all_flanders"]
    list_filter = ["kind", "all_flanders"]
    search_fields = ["name", "code"]
    filter_horizontal = ["local_governments", "provinces"]


@admin.register(AcmRole)
class AcmRoleAdmin(admin.ModelAdmin):
    list_display = ["value", "role"]
    search_fields = ["value"]


@admin.register(AcmAccount)
class AcmAccountAdmin(admin.ModelAdmin):
    """The ACM identities behind portal users: their role and scope follow from the claims of
    their last login, so they are read here, not changed."""

    list_display = ["user", "subject", "issuer", "last_login"]
    search_fields = ["user__username", "user__email", "subject"]
    readonly_fields = ["user", "issuer", "subject", "claims", "last_login"]

    def has_add_permission(self, request):
        return False

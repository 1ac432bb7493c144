from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import User

from ocmw_portal.models import AuditEvent, DemoDataset, UserScope


class UserScopeInline(admin.StackedInline):
    model = UserScope
    can_delete = False
    verbose_name = "bereik"
    verbose_name_plural = "bereik"
    filter_horizontal = ["local_governments", "provinces"]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "local_governments":
            from activation.models import LocalGovernment

            kwargs["queryset"] = LocalGovernment.objects.current()
        return super().formfield_for_manytomany(db_field, request, **kwargs)


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


@admin.register(DemoDataset)
class DemoDatasetAdmin(admin.ModelAdmin):
    list_display = ["seed", "created_at"]


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: the audit trail is written by the portal, never edited."""

    list_display = ["created_at", "username", "action", "subject", "ip_address"]
    list_filter = ["action", "created_at"]
    search_fields = ["username", "subject"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import User
from django.db.models import Q

from activation.models import LocalGovernment
from ocmw_portal import access
from ocmw_portal.models import AuditEvent, DemoDataset, UserScope


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

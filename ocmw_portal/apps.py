from axes.apps import AppConfig as AxesAppConfig
from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.db.models.signals import post_migrate

# The admin's yes/no icons: Python's value → the icon's name and its alt text in Dutch.
BOOLEAN_ICONS = {True: ("yes", "ja"), False: ("no", "nee"), None: ("unknown", "onbekend")}


class PortalAdminConfig(admin_apps.AdminConfig):
    """Django's admin on the portal's own site (one login form, see admin_site)."""

    default = False
    default_site = "ocmw_portal.admin_site.PortalAdminSite"

    def ready(self):
        super().ready()
        from django.contrib.admin.templatetags import admin_list
        from django.templatetags.static import static
        from django.utils.html import format_html

        # Django writes True/False/None as the icons' alt text, which screen readers read out.
        def boolean_icon(value):
            icon, text = BOOLEAN_ICONS[value]
            return format_html(
                '<img src="{}" alt="{}">', static(f"admin/img/icon-{icon}.svg"), text
            )

        admin_list._boolean_icon = boolean_icon


class AxesConfig(AxesAppConfig):
    """django-axes (the lockout after repeated failed logins) under a Dutch name in the admin,
    its records named in Dutch (the admin's titles and breadcrumbs)."""

    verbose_name = "Aanmeldbeveiliging"

    def ready(self):
        super().ready()
        from axes.models import AccessAttempt, AccessFailureLog, AccessLog
        from django.utils import timezone

        def when(record):
            return f"{timezone.localtime(record.attempt_time):%d-%m-%Y %H:%M:%S}"

        AccessAttempt.__str__ = lambda a: f"Aanmeldpoging van {a.username} op {when(a)}"
        AccessLog.__str__ = lambda a: f"Aanmelding van {a.username} op {when(a)}"
        AccessFailureLog.__str__ = lambda a: (
            f"Mislukte aanmelding van {a.username} op {when(a)} vanaf {a.ip_address}"
            + (" (vergrendeld)" if a.locked_out else "")
        )


class PortalConfig(AppConfig):
    default = True
    name = "ocmw_portal"
    verbose_name = "Gebruikers en toegang"

    def ready(self):
        from ocmw_portal import audit  # noqa: F401  (connects the login hooks)
        from ocmw_portal.permissions import name_permissions_in_dutch

        # After Django's create_permissions, which auth connected before (auth comes first).
        post_migrate.connect(name_permissions_in_dutch, dispatch_uid="dutch_permission_names")

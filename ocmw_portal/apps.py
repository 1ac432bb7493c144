from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class PortalAdminConfig(admin_apps.AdminConfig):
    """Django's admin on the portal's own site (one login form, see admin_site)."""

    default = False
    default_site = "ocmw_portal.admin_site.PortalAdminSite"


class PortalConfig(AppConfig):
    default = True
    name = "ocmw_portal"
    verbose_name = "Gebruikers en toegang"

    def ready(self):
        from ocmw_portal import audit  # noqa: F401  (connects the login hooks)

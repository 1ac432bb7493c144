from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "ocmw_portal"
    verbose_name = "Gebruikers en toegang"

    def ready(self):
        from ocmw_portal import audit  # noqa: F401  (connects the login hooks)

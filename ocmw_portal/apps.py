from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "ocmw_portal"
    verbose_name = "Gebruikers en toegang"

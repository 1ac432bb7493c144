from django.apps import AppConfig

from activation.cooperation.signals import agreement_saved


class ConsultationsConfig(AppConfig):
    name = "consultations"
    verbose_name = "Overleg"

    def ready(self):
        # Imported here, not at the top: consultations.services reads the models, which are
        # loaded only once every app's apps.py is.
        from consultations.services import ensure_forum_of_saved_agreement

        agreement_saved.connect(ensure_forum_of_saved_agreement, dispatch_uid="consultations.forum")

from django.core.management.base import BaseCommand

from activation.services import load_reference_data
from consultations.services import load_consultation_bodies


class Command(BaseCommand):
    help = (
        "Laadt de referentiegegevens: provincies, lokale besturen 2019-2024 en 2025, fusies en "
        "benchmarkgroepen, en de overlegorganen. Kan veilig opnieuw uitgevoerd worden."
    )

    def handle(self, *args, **options):
        report = load_reference_data()
        bodies = load_consultation_bodies()
        for line in report.lines() + bodies.lines():
            self.stdout.write(line)
        if report.changed + bodies.changed == 0:
            self.stdout.write(self.style.SUCCESS("Referentiegegevens waren al up-to-date."))
        else:
            self.stdout.write(self.style.SUCCESS("Referentiegegevens geladen."))

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from activation.demo import create_demo_results
from activation.models import LocalGovernment
from consultations.demo import create_demo_consultations
from ocmw_portal.models import DemoDataset
from ocmw_portal.services import create_demo_accounts


class Command(BaseCommand):
    help = (
        "Vult een lege databank met fictieve demodata: demo-accounts, kwartaalresultaten, "
        "overleg en samenwerking. Weigert zonder --force wanneer DEBUG uit staat."
    )

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=2025, help="Startwaarde van het toeval.")
        parser.add_argument(
            "--force", action="store_true", help="Ook uitvoeren wanneer DEBUG uit staat."
        )

    def handle(self, *args, seed, force, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "seed_demo maakt fictieve gegevens en accounts aan; met DEBUG uit is --force nodig."
            )
        if not LocalGovernment.objects.exists():
            raise CommandError("Laad eerst de referentiegegevens: manage.py load_reference_data.")
        if DemoDataset.objects.exists():
            self.stdout.write("De demodata zijn al geladen; er is niets gewijzigd.")
            return
        with transaction.atomic():
            created = create_demo_accounts(settings.DEMO_PASSWORD)
            results = create_demo_results(seed)
            consultations = create_demo_consultations(seed)
            DemoDataset.objects.create(seed=seed)
        self.stdout.write(f"{results} kwartaalresultaten aangemaakt.")
        self.stdout.write(consultations.summary())
        self.stdout.write(self.style.SUCCESS(f"Demodata geladen (seed {seed})."))
        if created:
            self.stdout.write(f"Nieuwe demo-accounts: {', '.join(created)}")

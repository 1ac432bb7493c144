from django.core.management.base import BaseCommand, CommandError

from activation import figures

EXAMPLES = 5


class Command(BaseCommand):
    help = (
        "Berekent de opgeslagen cijfers (resultaten in huidige grenzen en groepscijfers) opnieuw. "
        "Met --check: vergelijkt ze met een verse berekening en wijzigt niets."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--check",
            action="store_true",
            help="Niets wijzigen; stoppen met een fout bij elk verschil.",
        )

    def handle(self, *args, check, **options):
        if not check:
            current, groups = figures.rebuild()
            self.stdout.write(
                self.style.SUCCESS(
                    f"Cijfers herberekend: {current} resultaten in huidige grenzen, "
                    f"{groups} groepscijfers."
                )
            )
            return
        found = figures.differences()
        if not found:
            self.stdout.write(self.style.SUCCESS("0 verschillen: de opgeslagen cijfers kloppen."))
            return
        for table, key, stored, fresh in found[:EXAMPLES]:
            self.stderr.write(f"{table} {key}: opgeslagen {stored}, berekend {fresh}")
        raise CommandError(
            f"{len(found)} verschillen tussen de opgeslagen cijfers en een verse berekening; "
            "herstel met manage.py rebuild_figures."
        )

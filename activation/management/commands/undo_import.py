from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError

from activation.imports import undoing


class Command(BaseCommand):
    help = (
        "Maakt een bevestigde import ongedaan: elke waarde die de import wijzigde krijgt haar "
        "vorige waarde terug en de rijen die ze aanmaakte worden verwijderd, in één transactie. "
        "Geweigerd als een latere import dezelfde cijfers wijzigde."
    )

    def add_arguments(self, parser):
        parser.add_argument("batch_id", type=int, help="Het nummer van de import.")
        parser.add_argument(
            "--user", help="Gebruikersnaam die als uitvoerder van het ongedaan maken bewaard wordt."
        )

    def handle(self, *args, batch_id, user, **options):
        performer = None
        if user:
            performer = User.objects.filter(username=user).first()
            if performer is None:
                raise CommandError(f"Er is geen gebruiker {user}.")
        try:
            undone = undoing.undo_import(batch_id=batch_id, user=performer)
        except undoing.UndoRefused as refusal:
            raise CommandError(str(refusal)) from None
        self.stdout.write(self.style.SUCCESS(undoing.undone_message(undone)))

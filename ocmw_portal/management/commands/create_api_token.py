from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError

from ocmw_portal import services


class Command(BaseCommand):
    help = (
        "Maakt een nieuwe API-sleutel voor een gebruiker en toont ze (één keer: alleen haar "
        "hash wordt bewaard)."
    )

    def add_arguments(self, parser):
        parser.add_argument("username", help="De gebruikersnaam van de eigenaar.")
        parser.add_argument("--name", default="Aangemaakt met manage.py", help="De naam.")

    def handle(self, username, name, **options):
        try:
            user = User.objects.get(username=username)
        except User.DoesNotExist:
            raise CommandError(f"De gebruiker „{username}” bestaat niet.") from None
        try:
            _, token = services.create_api_token(user=user, name=name)
        except services.NoRole as error:
            raise CommandError(
                f"{error} Een sleutel van deze gebruiker zou niet werken: geef eerst een rol."
            ) from None
        self.stdout.write(token)

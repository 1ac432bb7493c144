from pathlib import Path

from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from activation.imports import report, services
from activation.models import ImportBatch, ResultStatus

# Below this many rows the check takes a blink; no progress bar then.
PROGRESS_FROM_ROWS = 2000


class Command(BaseCommand):
    help = (
        "Leest een bestand met kwartaalresultaten in (CSV of XLSX, DESIGN.md sectie 8). Het hele "
        "bestand wordt eerst gecontroleerd; bij één fout wordt niets bewaard en eindigt de "
        "opdracht met een foutstatus."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Het CSV- of XLSX-bestand.")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Alleen controleren en de verschillen tonen; niets bewaren.",
        )
        parser.add_argument(
            "--status",
            choices=ResultStatus.values,
            default=ResultStatus.PROVISIONAL,
            help="Status van alle cijfers in het bestand (standaard: voorlopig).",
        )
        parser.add_argument(
            "--wis-lege-cellen",
            action="store_true",
            dest="erase_empty",
            help=(
                "Een lege cel wist de bewaarde waarde. Zonder deze optie betekent een lege cel "
                "'geen nieuwe waarde' en blijft de bewaarde waarde staan."
            ),
        )
        parser.add_argument(
            "--user", help="Gebruikersnaam die als indiener van de import bewaard wordt."
        )

    def handle(self, *args, file, dry_run, status, erase_empty, user, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"Het bestand {file} bestaat niet.")
        uploader = None
        if user:
            uploader = User.objects.filter(username=user).first()
            if uploader is None:
                raise CommandError(f"Er is geen gebruiker {user}.")
        batch, _ = services.import_file(
            path.read_bytes(),
            path.name,
            result_status=status,
            user=uploader,
            dry_run=dry_run,
            erase_empty=erase_empty,
            progress=self._progress_bar,
        )
        for line in report.report_lines(batch):
            self.stdout.write(line)
        if batch.status == ImportBatch.Status.REFUSED:
            raise CommandError(services.REFUSED_MESSAGE)
        if batch.status == ImportBatch.Status.DRY_RUN:
            self.stdout.write("Proefverwerking: er is niets bewaard.")
        else:
            self.stdout.write(self.style.SUCCESS(f"Import {batch.pk} is verwerkt."))

    def _progress_bar(self, total, description):
        # tqdm needs the raw stream: Django's wrapper adds a newline to every write.
        return tqdm(
            total=total,
            desc=description,
            unit=" rijen",
            disable=total < PROGRESS_FROM_ROWS,
            file=getattr(self.stderr, "_out", self.stderr),
            leave=False,
        )

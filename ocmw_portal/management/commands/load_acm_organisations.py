"""manage.py load_acm_organisations FILE: the ACM/IDM organisation codes of local governments,
from a CSV with the columns nis_code;organisatiecode[;naam] (comma or semicolon). All or
nothing: an unknown NIS code is reported with its line and nothing is saved."""

import csv
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ocmw_portal.accounts import load_local_government_codes


class Command(BaseCommand):
    help = "Laadt de organisatiecodes (KBO-nummers) van lokale besturen voor ACM/IDM."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file, **options):
        try:
            text = file.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"{file} kan niet gelezen worden: {error}") from None
        dialect = csv.Sniffer().sniff(text.splitlines()[0] if text else ",", delimiters=",;")
        rows = list(csv.DictReader(text.splitlines(), dialect=dialect))
        report = load_local_government_codes(rows)
        if report.errors:
            for error in report.errors:
                self.stderr.write(error)
            raise CommandError("Niets opgeslagen: verbeter de regels hierboven.")
        self.stdout.write(f"Organisatiecodes: {report.created} nieuw, {report.updated} bijgewerkt.")

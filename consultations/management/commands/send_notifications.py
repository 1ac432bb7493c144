"""manage.py send_notifications [--dry-run]: the portal's e-mails that are due, each once.

Meant to run from cron every 15 minutes (see README). --dry-run lists what would be sent and
sends nothing.
"""

from django.core.management.base import BaseCommand

from consultations.models import NotificationKind
from consultations.planning.notifications import send_notifications
from ocmw_portal.dutch import plural


class Command(BaseCommand):
    help = "Verstuurt de e-mailmeldingen die klaarstaan, elk één keer."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Toon wat verstuurd zou worden, zonder iets te versturen.",
        )

    def handle(self, *args, dry_run=False, **options):
        summary, messages = send_notifications(dry_run=dry_run)
        labels = dict(NotificationKind.choices)
        if dry_run:
            for message in messages:
                self.stdout.write(f"{message.user.email}: {message.subject}")
            count = plural(len(messages), "e-mail", "e-mails")
            self.stdout.write(f"Proef: {count} klaar om te versturen; niets verstuurd.")
            return
        for kind, n in sorted(summary.sent.items()):
            self.stdout.write(f"{labels[kind]}: {n}")
        self.stdout.write(f"Verstuurd: {plural(summary.total, 'e-mail', 'e-mails')}.")

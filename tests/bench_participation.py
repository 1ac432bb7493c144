"""`make bench` section: taking part in consultation.

Search (/overleg/zoeken/) over ten times the demo's meetings, as a ratio to the floor page
(/dashboards/uitleg/) measured in the same rounds (aim ≤ SEARCH_AIM × the floor), and
manage.py send_notifications over the demo data (aim < NOTIFY_AIM_S seconds), its mails kept in
memory. Everything is rolled back afterwards.
"""

import datetime
import statistics
import time

from django.conf import settings
from django.core import mail
from django.db import connection, transaction
from django.test.utils import override_settings

from consultations.demo import create_demo_consultations
from consultations.models import Meeting
from consultations.planning.notifications import send_notifications
from ocmw_portal.services import create_demo_accounts
from tests.bench_report import logged_in_client

ROUNDS = 15
COPIES = 9  # the demo's meetings once more, nine times: ten times in all
FLOOR = ("vloer (uitleg, zonder cijfers)", "ocmw.gent", "/dashboards/uitleg/")
SEARCHES = [
    ("zoeken 'jobbeurs', heel Vlaanderen", "netwerkmanager.vlaanderen", "jobbeurs"),
    ("zoeken 'arvastat opleiding', Oost-Vlaanderen", "netwerkmanager.oost-vlaanderen",
     "arvastat opleiding"),
    ("zoeken 'vergaderingen', OCMW Gent", "ocmw.gent", "vergaderingen"),
]  # fmt: skip
SEARCH_AIM = 5
NOTIFY_AIM_S = 10


def _time(client, path):
    start = time.perf_counter()
    response = client.get(path)
    elapsed = time.perf_counter() - start
    assert response.status_code == 200, (path, response.status_code)
    return elapsed


def _multiply_meetings():
    """Nine more copies of every demo meeting, a day apart from the original."""
    originals = list(
        Meeting.objects.values("body_id", "date", "place", "online", "minutes", "search_text")
    )
    copies = [
        Meeting(**{**row, "date": row["date"] - datetime.timedelta(days=copy + 1)})
        for copy in range(COPIES)
        for row in originals
    ]
    Meeting.objects.bulk_create(copies, batch_size=1000)
    return Meeting.objects.count()


def run():
    plain = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    with (
        override_settings(
            STORAGES=plain,
            ALLOWED_HOSTS=["testserver"],
            EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        ),
        transaction.atomic(),
    ):
        create_demo_accounts("bench-wachtwoord-2025")
        summary = create_demo_consultations(2025)
        print(f"\nDemo-overleg: {summary.summary()}")

        mail.outbox = []
        start = time.perf_counter()
        result, _ = send_notifications()
        elapsed = time.perf_counter() - start
        aim = f"(doel < {NOTIFY_AIM_S} s)"
        print(
            f"  send_notifications over de demodata: {result.total} e-mails in "
            f"{elapsed:.2f} s {aim}"
        )
        start = time.perf_counter()
        again, _ = send_notifications()
        print(f"  tweede run: {again.total} e-mails in {time.perf_counter() - start:.2f} s")

        meetings = _multiply_meetings()
        print(f"  zoeken over {meetings} vergaderingen (10× de demo), {connection.vendor}:")
        everything = [FLOOR, *((n, u, f"/overleg/zoeken/?q={q}") for n, u, q in SEARCHES)]
        clients = {user: logged_in_client(user) for _, user, _ in everything}
        for _, user, path in everything:
            _time(clients[user], path)
        times = {(user, path): [] for _, user, path in everything}
        for _ in range(ROUNDS):
            for _, user, path in everything:
                times[user, path].append(_time(clients[user], path))
        floor = statistics.median(times[FLOOR[1], FLOOR[2]])
        print(f"  {'pagina':<48} {'mediaan':>9} {'× vloer':>8}")
        print(f"  {FLOOR[0]:<48} {floor * 1000:>7.1f}ms {1:>8.1f}")
        for name, user, path in everything[1:]:
            median = statistics.median(times[user, path])
            print(
                f"  {name:<48} {median * 1000:>7.1f}ms {median / floor:>8.1f}"
                f"  (doel ≤ {SEARCH_AIM}×)"
            )
        transaction.set_rollback(True)

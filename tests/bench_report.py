"""`make bench` section: the consultation report, the answer to the parliamentary question.

With the demo's consultations (meetings of every body since 2021, the forums of every
agreement), the median server time of the report page for a few periods and scopes, as a ratio
to the floor page (/dashboards/uitleg/) measured in the same rounds, and the size of the HTML.
The widest one, all of Flanders since 2023, aims at REPORT_AIM × the floor and REPORT_AIM_KB of
HTML. Then the exports of that period. Everything is rolled back afterwards.
"""

import datetime
import statistics
import time

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.test import Client
from django.test.utils import override_settings

from consultations.demo import create_demo_consultations
from ocmw_portal.services import create_demo_accounts

ROUNDS = 20
FLOOR = ("vloer (uitleg, zonder cijfers)", "ocmw.gent", "/dashboards/uitleg/")
SINCE_2023 = "/overleg/rapport/?van=2023-01-01&tot={today}"
PAGES = [
    ("rapport, laatste 12 maanden, Oost-Vlaanderen", "netwerkmanager.oost-vlaanderen",
     "/overleg/rapport/"),
    ("rapport, laatste 12 maanden, heel Vlaanderen", "netwerkmanager.vlaanderen",
     "/overleg/rapport/"),
    ("rapport, sinds 2023, heel Vlaanderen", "netwerkmanager.vlaanderen", SINCE_2023),
    ("rapport, sinds 2023, OCMW Gent", "ocmw.gent", SINCE_2023),
]  # fmt: skip
REPORT_AIM = 5
REPORT_AIM_KB = 150
EXPORTS = ["csv", "xlsx", "docx"]


def logged_in_client(username):
    client = Client()
    client.force_login(
        User.objects.get(username=username), backend="ocmw_portal.backends.PortalBackend"
    )
    return client


def _get(client, path):
    start = time.perf_counter()
    response = client.get(path)
    elapsed = time.perf_counter() - start
    assert response.status_code == 200, (path, response.status_code)
    return elapsed, response


def run():
    plain = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    today = datetime.date.today().isoformat()
    with override_settings(STORAGES=plain, ALLOWED_HOSTS=["testserver"]), transaction.atomic():
        create_demo_accounts("bench-wachtwoord-2025")
        summary = create_demo_consultations(2025)
        print(f"\nDemo-overleg: {summary.summary()}")
        everything = [
            FLOOR,
            *((name, user, path.format(today=today)) for name, user, path in PAGES),
        ]
        clients = {user: logged_in_client(user) for _, user, _ in everything}
        for _, user, path in everything:  # warm up templates and connections
            _get(clients[user], path)
        times = {path_user: [] for path_user in ((user, path) for _, user, path in everything)}
        for _ in range(ROUNDS):
            for _, user, path in everything:
                times[user, path].append(_get(clients[user], path)[0])
        floor = statistics.median(times[FLOOR[1], FLOOR[2]])
        print(f"  {'pagina':<48} {'mediaan':>9} {'× vloer':>8} {'HTML':>9}")
        print(f"  {FLOOR[0]:<48} {floor * 1000:>7.1f}ms {1:>8.1f}")
        for name, user, path in everything[1:]:
            median = statistics.median(times[user, path])
            size = len(clients[user].get(path).content) / 1024
            aim = (
                f"  (doel ≤ {REPORT_AIM}× en ≤ {REPORT_AIM_KB} kB)"
                if path == SINCE_2023.format(today=today) and user == "netwerkmanager.vlaanderen"
                else ""
            )
            print(
                f"  {name:<48} {median * 1000:>7.1f}ms {median / floor:>8.1f} {size:>7.1f}kB{aim}"
            )
        print("  exports, sinds 2023, heel Vlaanderen:")
        client = clients["netwerkmanager.vlaanderen"]
        query = SINCE_2023.format(today=today).split("?", 1)[1]
        for fmt in EXPORTS:
            path = f"/overleg/rapport/export.{fmt}?{query}"
            elapsed = statistics.median(_get(client, path)[0] for _ in range(3))
            size = len(client.get(path).content) / 1024
            print(f"    {fmt:<6} {elapsed * 1000:>8.1f}ms {size:>8.1f}kB")
        transaction.set_rollback(True)

"""`make bench` section: the read API's figures endpoint, server time.

The demo results for every municipality, and the median time of GET /api/v1/cijfers for all 285
municipalities × 1 quarter (as netwerkmanager.vlaanderen, who sees them in full; and as
ocmw.gent, who sees the others as rates) and for one municipality × 40 quarters, as a ratio to
the floor page (a page behind the login with the base layout and no figures: /dashboards/uitleg/)
measured in the same rounds, with the Django test client in the same process. The API aims at
≤ 3× the floor for the 285 municipalities. Everything is rolled back afterwards.
"""

import statistics
import time
from contextlib import contextmanager

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.test import Client
from django.test.utils import override_settings

import activation.demo
from activation.demo import create_demo_results
from activation.quarters import Quarter
from ocmw_portal.services import create_api_token, create_demo_accounts

ROUNDS = 40
AIM = 3


@contextmanager
def _demo_quarters(first):
    original = activation.demo.FIRST_QUARTER
    activation.demo.FIRST_QUARTER = first
    try:
        yield
    finally:
        activation.demo.FIRST_QUARTER = original


def _timed(client, path, **headers):
    start = time.perf_counter()
    response = client.get(path, **headers)
    elapsed = time.perf_counter() - start
    assert response.status_code == 200, (path, response.status_code, response.content[:200])
    return elapsed


def run():
    plain = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # The rate limit is for partners' tools, not for the bench's hundreds of requests a minute.
    unlimited = {"PORTAL_API_RATE_PER_MINUTE": 10**9}
    with (
        override_settings(STORAGES=plain, ALLOWED_HOSTS=["testserver"], **unlimited),
        transaction.atomic(),
    ):
        create_demo_accounts("bench-wachtwoord-2025")
        last = Quarter.last_complete()
        first = Quarter.from_index(last.index - 39)
        with _demo_quarters(first):
            rows = create_demo_results(2025, last=last)
        floor_client = Client()
        floor_client.force_login(
            User.objects.get(username="ocmw.gent"),
            backend="ocmw_portal.backends.PortalBackend",
        )
        headers = {}
        for username in ("netwerkmanager.vlaanderen", "ocmw.gent"):
            token = create_api_token(user=User.objects.get(username=username), name="bench")[1]
            headers[username] = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
        api = Client()
        cases = [
            (
                f"/api/v1/cijfers, 285 gemeenten × 1 kwartaal ({last}), VDAB Vlaanderen",
                f"/api/v1/cijfers?kwartaal={last}&per_pagina=1000",
                headers["netwerkmanager.vlaanderen"],
            ),
            (
                f"/api/v1/cijfers, 285 gemeenten × 1 kwartaal ({last}), OCMW Gent",
                f"/api/v1/cijfers?kwartaal={last}&per_pagina=1000",
                headers["ocmw.gent"],
            ),
            (
                f"/api/v1/cijfers, Gent × 40 kwartalen ({first}–{last})",
                "/api/v1/cijfers?gemeente=44021&per_pagina=1000",
                headers["ocmw.gent"],
            ),
        ]
        floor_path = "/dashboards/uitleg/"
        _timed(floor_client, floor_path)
        for _, path, auth in cases:
            _timed(api, path, **auth)
        floor_times = []
        times = {path: [] for _, path, _ in cases}
        for _ in range(ROUNDS):
            floor_times.append(_timed(floor_client, floor_path))
            for _, path, auth in cases:
                times[path].append(_timed(api, path, **auth))
        floor = statistics.median(floor_times)
        print(f"\nDemodata: 40 kwartalen, {rows} rijen; mediaan van {ROUNDS} rondes")
        print(f"  {'verzoek':<72} {'mediaan':>9} {'× vloer':>8}")
        print(f"  {'vloer (uitleg, zonder cijfers)':<72} {floor * 1000:>7.1f}ms {1:>8.1f}")
        for index, (label, path, _) in enumerate(cases):
            median = statistics.median(times[path])
            aim = f"  (doel ≤ {AIM}×)" if index < 2 else ""
            print(f"  {label:<72} {median * 1000:>7.1f}ms {median / floor:>8.1f}{aim}")
        transaction.set_rollback(True)

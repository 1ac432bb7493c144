"""`make loadtest`: the portal under gunicorn with production settings on PostgreSQL.

Creates (or reuses) the database of LOADTEST_DATABASE_URL (default `ocmw_loadtest`) on the local
PostgreSQL, loads reference and demo data when it is empty (seed_demo builds the stored figures),
analyses the tables (as autovacuum would), collects static files, and starts two gunicorn
instances as README's Production section describes, on 127.0.0.1 at LOADTEST_PORTS (default 8710
and 8711), both on the same database.
locust (headless) drives them:
0. logs the simulated users in through the login form (a session each). There is no warm-up:
   the workers keep no state, every request reads the stored figures, so the first request
   costs what every request costs;
1. on the first server, at 20 users: the floor page alone and the dashboard alone, without
   pauses (throughput of each), then the mix of dashboards, overview and report for 60 seconds;
2. the same mix with the users spread over both servers, and a meeting saved through the first
   server that the second must show at its next request;
3. the outage: a few clients keep asking pages of both servers while the local PostgreSQL
   cluster is stopped for LOADTEST_OUTAGE_HOLD seconds and started again; it prints the answers
   during and after the outage and the seconds until the first success after it. Skipped with
   LOADTEST_OUTAGE=0 (it breaks whatever else uses that PostgreSQL at the time);
4. the mix at 100 users on the first server (three workers on this 2-core machine).
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
BIG_USERS = int(os.environ.get("LOADTEST_BIG_USERS", "100"))
DATABASE_URL = os.environ.get(
    "LOADTEST_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/ocmw_loadtest"
)
PORTS = [int(port) for port in os.environ.get("LOADTEST_PORTS", "8710,8711").split(",")]
OUTAGE = os.environ.get("LOADTEST_OUTAGE", "1") != "0"
OUTAGE_HOLD = float(os.environ.get("LOADTEST_OUTAGE_HOLD", "3"))
# The PostgreSQL cluster that DATABASE_URL points at (Debian's pg_ctlcluster names it).
CLUSTER = os.environ.get("LOADTEST_CLUSTER", "15 main").split()
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


def _analyze():
    """Gives PostgreSQL the statistics of the tables seed_demo just filled. Production's
    autovacuum does so within a minute of a large write; this machine's cluster may run without
    it, and without statistics PostgreSQL plans the dashboards' joins as if the tables were
    nearly empty."""
    import psycopg2

    connection = psycopg2.connect(DATABASE_URL)
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    connection.close()


def _port_is_free(port):
    with socket.socket() as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


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


def _locust(env, hosts, scenario, seconds, folder, users=USERS, label=None):
    """Runs a scenario against `hosts` (the users spread over them); returns the stats rows."""
    prefix = folder / (label or scenario)
    subprocess.run(
        [
            str(BIN / "locust"),
            "-f",
            str(ROOT / "tests" / "locustfile.py"),
            "--headless",
            "--users",
            str(users),
            "--spawn-rate",
            str(users),
            "--run-time",
            f"{seconds}s",
            "--csv",
            str(prefix),
            "--only-summary",
            "--loglevel",
            "ERROR",
        ]
        + (["--host", hosts[0]] if len(hosts) == 1 else []),
        env={**env, "LOADTEST_SCENARIO": scenario, "LOADTEST_HOSTS": ",".join(hosts)},
        check=False,
        capture_output=True,
    )
    with open(f"{prefix}_stats.csv", newline="") as fh:
        return list(csv.DictReader(fh))


def _print(title, rows):
    print(f"\n{title}")
    columns = ("requests", "errors", "req/s", "p50 ms", "p95 ms", "p99 ms")
    print(f"{'page':<18}" + "".join(f"{c:>10}" for c in columns))
    for row in rows:
        print(
            f"{row['Name']:<18}{row['Request Count']:>10}{row['Failure Count']:>10}"
            f"{float(row['Requests/s']):>10.1f}{row['50%']:>10}{row['95%']:>10}{row['99%']:>10}"
        )


def _aggregated(rows):
    return next(r for r in rows if r["Name"] == "Aggregated")


def _rate(rows, name):
    return next(float(r["Requests/s"]) for r in rows if r["Name"] == name)


def _request(host, path, session, method="GET", body=None, extra=None):
    url = urllib.parse.urlsplit(host)
    connection = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
    headers = {**PROXY, "Cookie": f"sessionid={session}", **(extra or {})}
    try:
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        return response, response.read().decode()
    finally:
        connection.close()


def meeting_shared(first, second, session):
    """Saves a meeting's minutes through `first`; does `second` show them at its next request?"""
    from tests.forms import form_fields

    # A held meeting: a planned one's page shows its agenda, not its minutes.
    _, listing = _request(first, "/overleg/vergaderingen/?status=verslag_klaar", session)
    for meeting in dict.fromkeys(re.findall(r'href="/overleg/vergaderingen/(\d+)/"', listing)):
        edit = f"/overleg/vergaderingen/{meeting}/bewerken/"
        response, page = _request(first, edit, session)
        if response.status == 200:
            break
    else:
        raise RuntimeError("no meeting that this account may edit")
    csrf = _cookie(response, "csrftoken")
    fields = form_fields(page.split('<main id="inhoud"', 1)[1])
    marker = f"Verslag bewaard via {first} ({secrets.token_hex(4)})"
    fields["minutes"] = marker
    body = urllib.parse.urlencode(fields, doseq=True)
    response, _ = _request(
        first,
        edit,
        session,
        "POST",
        body,
        {
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"sessionid={session}; csrftoken={csrf}",
            "Referer": f"https://{urllib.parse.urlsplit(first).netloc}{edit}",
        },
    )
    if response.status != 302:
        raise RuntimeError(f"saving the meeting through {first} answered {response.status}")
    response, page = _request(second, f"/overleg/vergaderingen/{meeting}/", session)
    return response.status == 200 and marker in page


def _outage(hosts, sessions):
    """Clients ask pages of every server while PostgreSQL is stopped and started again.

    Returns (answers, stop, back): answers as (sent, seconds taken, status) in time.monotonic(),
    stop when the cluster was told to stop, back when it accepted connections again.
    """
    pages = ["/dashboards/44021/", "/dashboards/uitleg/", "/overleg/vergaderingen/", "/healthz"]
    answers, until = [], time.monotonic() + 8 + OUTAGE_HOLD + 15
    session = sessions["ocmw.gent"][0]

    def client(number):
        host = hosts[number % len(hosts)]
        step = number
        while time.monotonic() < until:
            step += 1
            sent = time.monotonic()
            try:
                response, _ = _request(host, pages[step % len(pages)], session)
                status = response.status
            except OSError:
                status = 0
            answers.append((sent, time.monotonic() - sent, status))
            time.sleep(0.1)

    with ThreadPoolExecutor(max_workers=6) as pool:
        running = [pool.submit(client, number) for number in range(6)]
        time.sleep(8)
        stop = time.monotonic()
        subprocess.run(["pg_ctlcluster", *CLUSTER, "stop", "-m", "fast"], check=True)
        time.sleep(OUTAGE_HOLD)
        subprocess.run(["pg_ctlcluster", *CLUSTER, "start"], check=True)
        back = time.monotonic()
        for future in running:
            future.result()
    return sorted(answers), stop, back


def _print_outage(answers, stop, back):
    def summary(part):
        statuses = {}
        for _, _, status in part:
            statuses[status] = statuses.get(status, 0) + 1
        return ", ".join(
            f"{count} × {status or 'no answer'}" for status, count in sorted(statuses.items())
        )

    before = [a for a in answers if a[0] + a[1] < stop]
    during = [a for a in answers if a not in before and a[0] < back]
    after = [a for a in answers if a[0] >= back]
    first_success = next((a for a in after if a[2] == 200), None)
    recovered = [a for a in after if first_success and a[0] >= first_success[0]]
    print(
        f"\noutage: PostgreSQL stopped for {OUTAGE_HOLD:.0f} s and started again; "
        "6 clients asking pages of both servers"
    )
    print(f"before the outage:   {len(before)} requests: {summary(before)}")
    print(f"during the outage:   {len(during)} requests: {summary(during)}")
    slowest = max((a[1] for a in during), default=0)
    print(f"                     slowest answer during the outage: {slowest:.2f} s")
    errors_after = [a for a in after if a[2] != 200]
    print(
        f"after the outage:    {len(after)} requests: {summary(after)}; "
        f"{len(errors_after)} not 200, of which "
        f"{len([a for a in recovered if a[2] != 200])} after the first success"
    )
    if first_success:
        print(
            f"first success after PostgreSQL was back: {first_success[0] - back:.2f} s "
            f"(answered after {first_success[0] + first_success[1] - back:.2f} s)"
        )
    else:
        print("no success after the outage")


def _start(port, env, workers, log):
    if not _port_is_free(port):
        raise RuntimeError(f"port {port} is in use: set LOADTEST_PORTS")
    return subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "ocmw_portal.wsgi",
            "--workers",
            str(workers),
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        # The server's own log (a traceback per 503 during the outage) would drown the tables.
        stderr=log,
    )


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
    _analyze()
    hosts = [f"http://127.0.0.1:{port}" for port in PORTS]
    folder = Path(tempfile.mkdtemp(prefix="ocmw-loadtest-"))
    logs = [open(folder / f"gunicorn-{port}.log", "w") for port in PORTS]  # noqa: SIM115
    servers = [_start(port, env, WORKERS, log) for port, log in zip(PORTS, logs, strict=True)]
    try:
        for port in PORTS:
            _wait_until_up(port)
        sessions = _sessions(hosts[0])
        env["LOADTEST_SESSIONS"] = json.dumps(sessions)
        short = max(10, SECONDS // 3)
        floor = _locust(env, hosts[:1], "floor", short, folder)
        dashboard = _locust(env, hosts[:1], "dashboard", short, folder)
        mix = _locust(env, hosts[:1], "mix", SECONDS, folder)
        shared = _locust(env, hosts, "mix", SECONDS, folder, label="mix-two-servers")
        seen = meeting_shared(hosts[0], hosts[1], sessions["netwerkmanager.oost-vlaanderen"][0])
        # The outage before the 100 users: their last requests, queued in gunicorn's backlog
        # after locust stops, would otherwise still be answered during it.
        outage = _outage(hosts, sessions) if OUTAGE else None
        time.sleep(5)
        big = _locust(env, hosts[:1], "mix", SECONDS, folder, users=BIG_USERS, label="mix-big")
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            server.wait(timeout=10)
    print(
        f"gunicorn, {WORKERS} sync workers per server, production settings, PostgreSQL; "
        f"{USERS} concurrent users (locust FastHttpUser), each logged in before the runs"
    )
    print("no warm-up: the workers keep no state; the first requests are measured too")
    _print(f"floor page only, no pauses, {short} s, one server", floor)
    _print(f"dashboard only, no pauses, {short} s, one server", dashboard)
    _print(f"mix of pages, 0.5-1.5 s pauses, {SECONDS} s, one server", mix)
    ratio = _rate(dashboard, "dashboard") / _rate(floor, "floor")
    print(f"\ndashboard throughput / floor throughput: {ratio:.2f}")
    _print(
        f"two servers ({', '.join(str(p) for p in PORTS)}) on one database: mix of pages, "
        f"0.5-1.5 s pauses, {SECONDS} s, users spread over both",
        shared,
    )
    answer = "yes" if seen else "NO"
    print(f"a meeting saved through :{PORTS[0]} shows on :{PORTS[1]} at its next request: {answer}")
    _print(f"{BIG_USERS} users, mix of pages, 0.5-1.5 s pauses, {SECONDS} s, one server", big)
    total = _aggregated(big)
    print(
        f"{BIG_USERS} users: {total['Failure Count']} errors, p95 {total['95%']} ms "
        "(aim: under 200 ms, at most 300 ms)"
    )
    if outage:
        _print_outage(*outage)
    else:
        print("\noutage run skipped (LOADTEST_OUTAGE=0)")
    print(f"\nthe servers' own logs: {folder}")


if __name__ == "__main__":
    main()

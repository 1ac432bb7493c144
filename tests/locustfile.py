"""Locust scenarios for `make loadtest` (tests/loadtest.py starts the portal and runs these).

LOADTEST_SCENARIO picks what the simulated users do:
- `floor`: only the floor page (the explanation page: behind the login, base layout, no data);
- `dashboard`: only the municipality dashboard;
- `mix`: OCMW staff opening their dashboard, VDAB staff opening the overview and the report,
  with a pause of 0.5-1.5 s between pages, as people do;
The portal runs with production settings behind a pretend TLS proxy: every request carries
X-Forwarded-Proto: https, and the secure session cookie is sent by hand. Each simulated user has
a session of its own, made by tests/loadtest.py through the login form before the runs
(LOADTEST_SESSIONS: {username: [session keys]}), so that no run measures password hashing.
FastHttpUser keeps the load generator's own CPU use low: it shares the machine with the portal.
With LOADTEST_HOSTS (comma-separated addresses of several application servers), every kind of
user exists once per server, so that the users are spread evenly over them; each request is then
named after its page and its server's port.
"""

import itertools
import json
import os

from locust import FastHttpUser, between, constant, task

SCENARIO = os.environ.get("LOADTEST_SCENARIO", "mix")
PASSWORD = os.environ.get("DEMO_PASSWORD", "demo-portaal-2025")
PROXY = {"X-Forwarded-Proto": "https"}
PAGES = {
    "floor": "/dashboards/uitleg/",
    "dashboard": "/dashboards/44021/",
    "overview": "/dashboards/",
    "report": "/overleg/rapport/?van=2024-01-01&tot=2024-12-31",
}
HOSTS = [host for host in os.environ.get("LOADTEST_HOSTS", "").split(",") if host]
SESSIONS = {
    username: itertools.cycle(keys)
    for username, keys in json.loads(os.environ.get("LOADTEST_SESSIONS", "{}")).items()
}


class PortalUser(FastHttpUser):
    abstract = True
    wait_time = between(0.5, 1.5) if SCENARIO == "mix" else constant(0)
    username = "ocmw.gent"

    def on_start(self):
        if self.username in SESSIONS:
            session = next(SESSIONS[self.username])
        else:
            from tests.loadtest import login

            session = login(self.host, self.username, PASSWORD)
        self.headers = {**PROXY, "Cookie": f"sessionid={session}"}

    def open(self, page):
        name = f"{page}@{self.host.rsplit(':', 1)[1]}" if len(HOSTS) > 1 else page
        with self.client.get(
            PAGES[page], name=name, headers=self.headers, catch_response=True
        ) as response:
            if response.status_code != 200:
                response.failure(f"status {response.status_code}")


class OcmwUser(PortalUser):
    abstract = bool(HOSTS)
    weight = 3
    username = "ocmw.gent"

    @task
    def dashboard(self):
        self.open("floor" if SCENARIO == "floor" else "dashboard")


class VdabUser(PortalUser):
    abstract = bool(HOSTS)
    weight = 0 if SCENARIO in ("floor", "dashboard") else 2
    username = "netwerkmanager.oost-vlaanderen"

    @task(2)
    def overview(self):
        self.open("overview")

    @task(1)
    def report(self):
        self.open("report")

    @task(1)
    def municipality(self):
        self.open("dashboard")


# One class of each kind per server: locust spreads the users over the classes by weight.
for number, address in enumerate(HOSTS):
    for kind in (OcmwUser, VdabUser):
        name = f"{kind.__name__}{number}"
        globals()[name] = type(name, (kind,), {"host": address, "abstract": False})

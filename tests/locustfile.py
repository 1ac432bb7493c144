"""Locust scenarios for `make loadtest` (tests/loadtest.py starts the portal and runs these).

LOADTEST_SCENARIO picks what the simulated users do:
- `floor`: only the floor page (the explanation page: behind the login, base layout, no data);
- `dashboard`: only the municipality dashboard;
- `mix`: OCMW staff opening their dashboard, VDAB staff opening the overview and the report,
  with a pause of 0.5-1.5 s between pages, as people do.
The portal runs with production settings behind a pretend TLS proxy: every request carries
X-Forwarded-Proto: https, and the secure session cookie is sent by hand.
"""

import os
import re

from locust import HttpUser, between, constant, task

SCENARIO = os.environ.get("LOADTEST_SCENARIO", "mix")
PASSWORD = os.environ.get("DEMO_PASSWORD", "demo-portaal-2025")
PROXY = {"X-Forwarded-Proto": "https"}
PAGES = {
    "floor": "/dashboards/uitleg/",
    "dashboard": "/dashboards/44021/",
    "overview": "/dashboards/",
    "report": "/overleg/rapport/?van=2024-01-01&tot=2024-12-31",
}


class PortalUser(HttpUser):
    wait_time = between(0.5, 1.5) if SCENARIO == "mix" else constant(0)
    username = "ocmw.gent"

    def on_start(self):
        self.client.headers.update(PROXY)
        login = self.client.get("/accounts/login/", name="login")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login.text).group(1)
        csrf_cookie = login.cookies.get("csrftoken")
        response = self.client.post(
            "/accounts/login/",
            data={"username": self.username, "password": PASSWORD, "csrfmiddlewaretoken": token},
            headers={
                "Cookie": f"csrftoken={csrf_cookie}",
                "Referer": self.host.replace("http://", "https://") + "/accounts/login/",
            },
            allow_redirects=False,
            name="login",
        )
        session = response.cookies.get("sessionid")
        if not session:
            raise RuntimeError(f"login failed for {self.username}: {response.status_code}")
        self.client.headers["Cookie"] = f"sessionid={session}"

    def open(self, page):
        with self.client.get(PAGES[page], name=page, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"status {response.status_code}")


class OcmwUser(PortalUser):
    weight = 3
    username = "ocmw.gent"

    @task
    def dashboard(self):
        self.open("floor" if SCENARIO == "floor" else "dashboard")


class VdabUser(PortalUser):
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

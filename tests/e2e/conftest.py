"""End-to-end tests in headless Chromium (Playwright for Python with Debian's Chromium).

The portal runs as a real server process (runserver, without autoreload) on its own SQLite file
holding the reference data and the demo dataset, so these tests see what a user sees and leave
the database of the other tests alone. They need `chromium` on the PATH: `make test` installs
it when it is missing.
"""

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DEMO_PASSWORD = "demo-portaal-2025"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-dev-shm-usage",
]


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    for item in items:
        if "/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)
            # One worker runs them all (--dist loadgroup): one portal server and one Chromium.
            item.add_marker(pytest.mark.xdist_group("e2e"))


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def portal_env(tmp_path_factory):
    """The environment of the portal server, for commands that read its database."""
    folder = tmp_path_factory.mktemp("e2e")
    return {
        "PATH": os.environ["PATH"],
        "HOME": os.environ.get("HOME", str(folder)),
        "DJANGO_DEBUG": "true",
        "DATABASE_URL": f"sqlite:///{folder / 'e2e.sqlite3'}",
        "PORTAL_MEDIA_ROOT": str(folder / "uploads"),
        "DEMO_PASSWORD": DEMO_PASSWORD,
        "PORTAL_LOGIN_FAILURE_LIMIT": "3",
    }


@pytest.fixture(scope="session")
def portal_url(portal_env):
    manage = [sys.executable, "manage.py"]
    for command in (["migrate", "-v0"], ["load_reference_data"], ["seed_demo", "--seed", "7"]):
        subprocess.run(manage + command, cwd=ROOT, env=portal_env, check=True, capture_output=True)
    with running_portal(portal_env, _free_port()) as url:
        yield url


@contextlib.contextmanager
def running_portal(env, port, log=None):
    """A portal server (runserver) on 127.0.0.1:`port` with `env`, until the block ends; its
    output goes to the file `log`, when given."""
    output = log.open("wb") if log else subprocess.DEVNULL
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=output,
        stderr=subprocess.STDOUT if log else subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{url}/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        else:
            raise RuntimeError(f"the portal did not start for the end-to-end tests ({log or ''})")
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)
        if log:
            output.close()


def new_page(browser, base_url):
    """A page in a fresh browser context on `base_url`, which collects CSP errors."""
    context = browser.new_context(
        base_url=base_url, viewport={"width": 1366, "height": 768}, locale="nl-BE"
    )
    page = context.new_page()
    page.csp_errors = []
    page.on(
        "console",
        lambda message: (
            "Content Security Policy" in message.text and page.csp_errors.append(message.text)
        ),
    )
    return context, page


@pytest.fixture(scope="session")
def browser():
    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    if executable is None:
        pytest.fail("Chromium is not installed: run `make test`, which installs it.")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, portal_url):
    context, page = new_page(browser, portal_url)
    yield page
    context.close()


@pytest.fixture
def log_in(page):
    def _log_in(username, password=DEMO_PASSWORD):
        page.goto("/accounts/login/")
        page.get_by_label("Gebruikersnaam").fill(username)
        page.get_by_label("Wachtwoord").fill(password)
        page.get_by_role("button", name="Aanmelden").click()
        page.wait_for_load_state()
        return page

    return _log_in


def serious_violations(page):
    """axe-core violations of impact serious or critical on the current page."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        f"{v['id']}: {v['help']} ({len(v['nodes'])}×: {v['nodes'][0]['target']})"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]

"""The API's documentation page in Chromium: Swagger UI draws every operation from the portal's
own files, under the CSP, without a request leaving the portal."""

import re
import subprocess
import sys

from tests.e2e.conftest import ROOT


def test_the_docs_page_renders_the_operations_offline(page, log_in, portal_url):
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    log_in("beheerder")
    page.goto("/api/v1/docs")
    page.wait_for_load_state("networkidle")
    page.wait_for_selector(".opblock")
    shown = page.locator(".opblock-summary-path").all_inner_texts()
    assert "/api/v1/cijfers" in [path.replace("\u200b", "") for path in shown]
    assert len(shown) == 10
    sections = page.locator("h3.opblock-tag").evaluate_all("tags => tags.map(t => t.dataset.tag)")
    assert sections == ["Lokale besturen en groepen", "Cijfers", "Overleg"]
    assert page.locator(".title").first.inner_text().startswith("OCMW–VDAB portaal API")
    assert page.csp_errors == []
    assert [url for url in requests if not url.startswith(("http://127.0.0.1:", "data:"))] == []
    assert re.match(r"http://127\.0\.0\.1:\d+/", page.url)


def test_a_token_made_by_the_command_reads_the_figures(page, portal_env, portal_url):
    made = subprocess.run(
        [sys.executable, "manage.py", "create_api_token", "ocmw.gent", "--name", "e2e"],
        cwd=ROOT,
        env=portal_env,
        check=True,
        capture_output=True,
        text=True,
    )
    token = made.stdout.strip()
    response = page.request.get(
        f"{portal_url}/api/v1/cijfers?gemeente=44021",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status == 200
    assert response.json()["aantal"] > 0

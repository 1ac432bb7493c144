from tests.e2e.conftest import serious_violations


def test_the_login_page_has_no_serious_accessibility_violations(page):
    page.goto("/accounts/login/")
    assert serious_violations(page) == []


def test_a_wrong_password_three_times_locks_the_login(page, log_in):
    for _ in range(3):
        log_in("ocmw.aalst", "verkeerd-wachtwoord")
    log_in("ocmw.aalst")
    assert page.get_by_role("heading", name="Aanmelden tijdelijk geblokkeerd").is_visible()
    assert "/dashboards/" not in page.url


def test_an_ocmw_user_lands_on_the_dashboard_of_its_municipality(page, log_in):
    log_in("ocmw.gent")
    assert page.url.endswith("/dashboards/44021/")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Gent")
    assert page.csp_errors == []

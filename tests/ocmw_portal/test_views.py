import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path", ["/", "/dashboards/", "/dashboards/44021/", "/admin/", "/dashboards/99999/"]
)
def test_anonymous_requests_go_to_the_login_page(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/") or response["Location"].startswith(
        "/admin/login/"
    )


def test_login_page_is_dutch_and_open(client):
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    assert 'lang="nl-BE"' in response.content.decode()
    assert "Gebruikersnaam" in response.content.decode()
    assert "Wachtwoord" in response.content.decode()


def test_healthz_answers_without_login(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok"


def test_login_with_the_right_password_lands_on_the_ocmw_dashboard(client, ocmw_gent):
    from tests.conftest import PASSWORD

    response = client.post(
        "/accounts/login/", {"username": "ocmw.gent", "password": PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == "/dashboards/44021/"
    assert "Gent" in response.content.decode()


def test_a_wrong_password_gives_a_dutch_message(client, ocmw_gent):
    response = client.post("/accounts/login/", {"username": "ocmw.gent", "password": "fout"})
    assert response.status_code == 200
    assert "Voer een juiste gebruikersnaam en wachtwoord in" in response.content.decode()


def test_home_sends_ocmw_users_to_their_dashboard(login, ocmw_pajottegem):
    response = login(ocmw_pajottegem).get("/")
    assert response["Location"] == "/dashboards/23106/"


@pytest.mark.parametrize("persona", ["nm_oost", "nm_vlaanderen", "beheerder"])
def test_home_sends_others_to_the_overview(login, request, persona):
    response = login(request.getfixturevalue(persona)).get("/")
    assert response["Location"] == reverse("dashboards:overview")


def test_header_shows_name_role_and_scope(login, nm_oost):
    page = login(nm_oost).get("/dashboards/").content.decode()
    assert "Nora" not in page  # personas have no full name: the user name is shown
    assert "netwerkmanager.oost-vlaanderen" in page
    assert "VDAB · Oost-Vlaanderen" in page
    assert 'href="#inhoud"' in page


def test_demo_banner_only_with_demo_data(login, nm_oost):
    from ocmw_portal.models import DemoDataset

    client = login(nm_oost)
    assert "Demodata — fictieve cijfers" not in client.get("/dashboards/").content.decode()
    DemoDataset.objects.create(seed=1)
    assert "Demodata — fictieve cijfers" in client.get("/dashboards/").content.decode()


def test_logout_is_a_post(login, ocmw_gent):
    client = login(ocmw_gent)
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert client.get("/dashboards/44021/").status_code == 302


def test_admin_is_for_beheerder_only(login, nm_vlaanderen, beheerder):
    assert login(nm_vlaanderen).get("/admin/").status_code == 302
    assert login(beheerder).get("/admin/").status_code == 200


def test_the_admin_has_no_login_form_of_its_own(client):
    response = client.get("/admin/login/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/admin/"
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[-1][0] == "/accounts/login/?next=/admin/"
    assert "Gebruikersnaam" in response.content.decode()


def test_the_administrator_logs_in_on_the_portal_form_and_lands_in_the_admin(client, beheerder):
    from tests.conftest import PASSWORD

    response = client.post(
        "/accounts/login/?next=/admin/",
        {"username": "beheerder", "password": PASSWORD, "next": "/admin/"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == "/admin/"
    assert "OCMW–VDAB portaal: beheer" in response.content.decode()


def test_a_logged_in_user_who_is_no_administrator_gets_a_dutch_403_from_the_admin(login, nm_oost):
    response = login(nm_oost).get("/admin/", follow=True)
    assert response.status_code == 403
    assert "voorbehouden aan de functioneel beheerder" in response.content.decode()


def test_the_admin_login_sends_nowhere_outside_the_portal(client):
    response = client.get("/admin/login/?next=https://elders.example/")
    assert response["Location"] == "/accounts/login/?next=/admin/"

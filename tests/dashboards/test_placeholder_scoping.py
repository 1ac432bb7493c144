import pytest

pytestmark = pytest.mark.django_db


def test_ocmw_user_opens_own_dashboard_but_not_another(login, ocmw_gent):
    client = login(ocmw_gent)
    assert client.get("/dashboards/44021/").status_code == 200
    assert client.get("/dashboards/41002/").status_code == 404
    assert client.get("/dashboards/99999/").status_code == 404


def test_vdab_user_outside_its_province_gets_404(login, nm_oost):
    client = login(nm_oost)
    assert client.get("/dashboards/41002/").status_code == 200
    assert client.get("/dashboards/23106/").status_code == 404


def test_overview_lists_only_the_scope(login, nm_oost):
    page = login(nm_oost).get("/dashboards/").content.decode()
    assert "Aalst" in page
    assert "Pajottegem" not in page

import pytest
from django.http import Http404

from activation.models import LocalGovernment
from ocmw_portal import access

pytestmark = pytest.mark.django_db


def codes(user):
    return set(access.local_governments(user).values_list("nis_code", flat=True))


def test_ocmw_persona_sees_exactly_its_own_local_government(ocmw_gent, ocmw_pajottegem):
    assert codes(ocmw_gent) == {"44021"}
    assert codes(ocmw_pajottegem) == {"23106"}
    assert access.role_of(ocmw_gent) == "ocmw"


def test_vdab_persona_of_a_province_sees_that_province(nm_oost):
    expected = set(
        LocalGovernment.objects.current()
        .filter(province__name="Oost-Vlaanderen")
        .values_list("nis_code", flat=True)
    )
    assert codes(nm_oost) == expected
    assert "44021" in expected and "41002" in expected and "23106" not in expected


def test_vdab_persona_for_flanders_and_beheerder_see_all_285(nm_vlaanderen, beheerder):
    assert len(codes(nm_vlaanderen)) == 285
    assert len(codes(beheerder)) == 285


def test_a_user_without_role_sees_nothing(nobody):
    assert codes(nobody) == set()
    assert access.role_of(nobody) is None


def test_single_object_getter_gives_404_outside_the_scope(ocmw_gent, nm_oost):
    assert access.get_local_government(ocmw_gent, "44021").name == "Gent"
    with pytest.raises(Http404):
        access.get_local_government(ocmw_gent, "41002")
    assert access.get_local_government(nm_oost, "41002").name == "Aalst"
    with pytest.raises(Http404):
        access.get_local_government(nm_oost, "23106")


def test_merged_away_codes_are_not_current_objects(beheerder):
    with pytest.raises(Http404):
        access.get_local_government(beheerder, "23024")  # Gooik, part of Pajottegem since 2025


def test_scope_description_names_the_scope(ocmw_aalst, nm_oost, nm_vlaanderen):
    assert access.scope_description(ocmw_aalst) == "Aalst"
    assert access.scope_description(nm_oost) == "Oost-Vlaanderen"
    assert access.scope_description(nm_vlaanderen) == "heel Vlaanderen"


# The OCMW rule: a former municipality in a scope counts as its successor --------------------


def test_an_ocmw_user_with_a_former_municipality_in_its_scope_lands_on_the_successor(client):
    """Galmaarden (23023) is part of Pajottegem (23106) since 2025."""
    from tests.conftest import PASSWORD, _persona

    _persona("ocmw.galmaarden", "ocmw", local_governments=["23023", "23106"])
    response = client.post(
        "/accounts/login/", {"username": "ocmw.galmaarden", "password": PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == "/dashboards/23106/"
    assert response.status_code == 200
    assert "OCMW · Pajottegem" in response.content.decode()


def test_a_scope_that_lists_only_a_former_municipality_works_for_its_successor(login):
    from tests.conftest import _persona

    user = _persona("ocmw.galmaarden", "ocmw", local_governments=["23023"])
    assert [lg.pk for lg in access.own_local_government_list(user)] == ["23106"]
    client = login(user)
    assert client.get("/")["Location"] == "/dashboards/23106/"
    assert client.get("/dashboards/23106/").status_code == 200
    assert client.get("/dashboards/23023/").status_code == 404
    assert client.get("/dashboards/44021/").status_code == 404


def test_the_admin_warns_about_a_former_municipality_in_a_scope(login, beheerder):
    from tests.conftest import _persona

    user = _persona("ocmw.galmaarden", "ocmw", local_governments=["23023", "23106"])
    html = login(beheerder).get(f"/admin/auth/user/{user.pk}/change/").content.decode()
    assert "vermeldt Galmaarden, dat bestaat niet meer sinds 31-12-2024" in html
    assert "Het portaal rekent het als Pajottegem" in html

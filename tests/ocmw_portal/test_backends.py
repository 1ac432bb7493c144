"""The login backend reads a request's user with their role and scope in one query; what the
access rules then decide is what they decide on a user read the ordinary way."""

import pytest
from django.contrib.auth.models import Group, User

from ocmw_portal import access
from ocmw_portal.backends import PortalBackend

pytestmark = pytest.mark.django_db


def fresh(user):
    """The user as ModelBackend reads it: role and scope asked for separately."""
    return User.objects.get(pk=user.pk)


def what_access_decides(user):
    return (
        access.role_of(user),
        access.covers_all_flanders(user),
        sorted(access.province_codes(user)),
        sorted(lg.pk for lg in access.own_local_government_list(user)),
    )


@pytest.mark.parametrize(
    "persona", ["ocmw_gent", "nm_oost", "nm_vlaanderen", "beheerder", "nobody"]
)
def test_role_and_scope_come_with_the_user_in_one_query(
    request, persona, django_assert_num_queries
):
    user = request.getfixturevalue(persona)
    with django_assert_num_queries(1):
        read = PortalBackend().get_user(user.pk)
        role = access.role_of(read)
        access.covers_all_flanders(read)
    assert role == access.role_of(fresh(user))
    assert what_access_decides(read) == what_access_decides(fresh(user))


def test_a_user_in_two_role_groups_has_the_first_role_as_before(ocmw_gent):
    ocmw_gent.groups.add(Group.objects.get_or_create(name=access.VDAB)[0])
    assert access.role_of(PortalBackend().get_user(ocmw_gent.pk)) == access.VDAB
    assert access.role_of(fresh(ocmw_gent)) == access.VDAB


def test_a_deactivated_user_is_logged_out_at_the_next_request(login, ocmw_gent):
    client = login(ocmw_gent)
    assert client.get("/dashboards/44021/").status_code == 200
    User.objects.filter(pk=ocmw_gent.pk).update(is_active=False)
    assert PortalBackend().get_user(ocmw_gent.pk) is None
    assert client.get("/dashboards/44021/")["Location"].startswith("/accounts/login/")


def test_a_user_who_no_longer_exists_is_nobody():
    assert PortalBackend().get_user(987654) is None


def test_a_changed_role_counts_at_the_next_request(login, ocmw_gent):
    client = login(ocmw_gent)
    assert client.get("/dashboards/44021/").status_code == 200
    ocmw_gent.groups.clear()  # without a role, the municipality is outside what they may see
    assert client.get("/dashboards/44021/").status_code == 404

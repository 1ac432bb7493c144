"""Writes for accounts and scopes, and the orchestration of the demo dataset."""

from collections.abc import Iterable

from django.contrib.auth.models import Group, User
from django.db import transaction

from activation.models import LocalGovernment, Province
from ocmw_portal import access
from ocmw_portal.models import UserScope

# (username, full name, role, province codes, all Flanders, local government NIS codes)
DEMO_ACCOUNTS = [
    ("beheerder", ("Bea", "Beheerder"), access.ADMIN, [], False, []),
    (
        "netwerkmanager.oost-vlaanderen",
        ("Nora", "Netwerkmanager"),
        access.VDAB,
        ["40000"],
        False,
        [],
    ),
    ("netwerkmanager.vlaanderen", ("Victor", "Vlaanderen"), access.VDAB, [], True, []),
    ("ocmw.gent", ("Griet", "Gent"), access.OCMW, [], False, ["44021"]),
    ("ocmw.aalst", ("Arne", "Aalst"), access.OCMW, [], False, ["41002"]),
    ("ocmw.pajottegem", ("Pieter", "Pajottegem"), access.OCMW, [], False, ["23106"]),
]


def ensure_role_groups() -> dict[str, Group]:
    return {name: Group.objects.get_or_create(name=name)[0] for name in access.ROLES}


@transaction.atomic
def create_user(
    *,
    username: str,
    password: str,
    role: str,
    first_name: str = "",
    last_name: str = "",
    provinces: Iterable[str] = (),
    all_flanders: bool = False,
    local_governments: Iterable[str] = (),
    email: str = "",
) -> User:
    """Create a portal user with a role and a scope."""
    groups = ensure_role_groups()
    user = User(username=username, first_name=first_name, last_name=last_name, email=email)
    user.set_password(password)
    # Administrators manage users, reference data and imports in the Django admin.
    user.is_staff = role == access.ADMIN
    user.is_superuser = role == access.ADMIN
    user.save()
    user.groups.add(groups[role])
    scope = UserScope.objects.create(user=user, all_flanders=all_flanders)
    scope.provinces.set(Province.objects.filter(code__in=provinces))
    scope.local_governments.set(LocalGovernment.objects.filter(pk__in=local_governments))
    return user


def create_demo_accounts(password: str) -> list[str]:
    """The demo accounts of the design contract; existing accounts are left alone."""
    created = []
    for username, (first, last), role, provinces, all_flanders, lgs in DEMO_ACCOUNTS:
        if User.objects.filter(username=username).exists():
            continue
        create_user(
            username=username,
            password=password,
            role=role,
            first_name=first,
            last_name=last,
            provinces=provinces,
            all_flanders=all_flanders,
            local_governments=lgs,
            # A reserved domain: the demo's mails are shown, never delivered.
            email=f"{username}@demo.invalid",
        )
        created.append(username)
    return created

"""Writes for accounts, scopes and API tokens, and the orchestration of the demo dataset."""

import secrets
from collections.abc import Iterable

from django.contrib.auth.models import Group, User
from django.db import transaction
from django.http import Http404, HttpRequest
from django.utils import timezone

from activation.models import LocalGovernment, Province
from ocmw_portal import access, audit
from ocmw_portal.models import ApiToken, UserScope

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


# Personal API tokens ----------------------------------------------------------------------------


class NoRole(ValueError):
    """The user has no role (or is deactivated): a token of theirs would not work."""


@transaction.atomic
def create_api_token(
    *, user: User, name: str, by: User | None = None, request: HttpRequest | None = None
) -> tuple[ApiToken, str]:
    """A new API token of `user` named `name`, made by `by` (the user themselves on the
    API-sleutels page; None from a command): (the stored token, the token itself). Only its
    hash is stored, so the token is shown once, right now. Audited."""
    if access.role_of(user) is None:
        raise NoRole(f"{user.get_username()} heeft geen rol in het portaal.")
    plaintext = ApiToken.PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name.strip()[:100] or "API-sleutel",
        prefix=plaintext[:8],
        token_hash=ApiToken.digest(plaintext),
    )
    audit.record(
        audit.Action.CREATE,
        request=request,
        user=by,
        subject=f"API-sleutel „{token.name}” van {user.get_username()}",
        token=token.prefix,
        owner=user.get_username(),
    )
    return token, plaintext


@transaction.atomic
def revoke_api_token(
    *, user: User, token_id: int, by: User | None = None, request: HttpRequest | None = None
) -> ApiToken:
    """Revoke `user`'s token `token_id`: it stops working at once. 404 for another user's
    token or one that does not exist; revoking twice keeps the first date. Audited."""
    try:
        token = ApiToken.objects.select_for_update().get(pk=token_id, user=user)
    except ApiToken.DoesNotExist:
        raise Http404("Deze API-sleutel bestaat niet.") from None
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit.record(
            audit.Action.DELETE,
            request=request,
            user=by,
            subject=f"API-sleutel „{token.name}” van {user.get_username()} ingetrokken",
            token=token.prefix,
            owner=user.get_username(),
        )
    return token

"""Aanmelden bij de Vlaamse overheid: the ACM/IDM login (OpenID Connect) and what its claims
give in the portal.

The flow is the authorization-code flow with PKCE (S256), state and nonce, through Authlib's
Django client: it reads the provider's discovery document from PORTAL_OIDC_ISSUER, keeps state,
nonce and code verifier in the session, and checks the ID token's signature against the
provider's published keys, its issuer, audience, expiry and nonce. A client is made per request
and the keys are read again at every login, so that no worker keeps anything and a key rotated
at the provider is taken at once.

Claims → role and scope: each value of the role claim (PORTAL_OIDC_ROLE_CLAIM) reads
`<role value>:<organisation code>` (or `<role value>` with the organisation of `vo_orgcode`).
AcmRole maps the role value to a portal role, AcmOrganisation the code to local governments
(OCMW) or provinces / all Flanders (VDAB). What maps to nothing gives nothing: such a user is
not logged in and sees only the page "U hebt nog geen toegang".
"""

from dataclasses import dataclass, field

import requests
from authlib.integrations.base_client.errors import OAuthError
from authlib.integrations.django_client import OAuth
from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from joserfc.errors import JoseError

from activation.models import LocalGovernment, Province
from ocmw_portal import access, audit
from ocmw_portal.models import AcmAccount, AcmOrganisation, AcmRole, UserScope
from ocmw_portal.services import ensure_role_groups

SESSION_ID_TOKEN = "acm_id_token"
# What a refused callback raises: a forged or replayed state, a reused code, a token the
# provider did not sign, a wrong nonce, or a provider that does not answer.
REFUSED = (OAuthError, JoseError, requests.RequestException, KeyError, ValueError, TypeError)


def enabled() -> bool:
    return bool(settings.PORTAL_OIDC_ISSUER and settings.PORTAL_OIDC_CLIENT_ID)


def client():
    """A fresh client of the provider, configured from the environment."""
    registry = OAuth()
    return registry.register(
        "acm",
        client_id=settings.PORTAL_OIDC_CLIENT_ID,
        client_secret=settings.PORTAL_OIDC_CLIENT_SECRET,
        server_metadata_url=settings.PORTAL_OIDC_ISSUER.rstrip("/")
        + "/.well-known/openid-configuration",
        client_kwargs={"scope": settings.PORTAL_OIDC_SCOPES, "code_challenge_method": "S256"},
    )


@dataclass
class Grant:
    """What a user's claims give: a role and its scope, or nothing (role None)."""

    role: str | None = None
    local_governments: set[str] = field(default_factory=set)
    provinces: set[str] = field(default_factory=set)
    all_flanders: bool = False
    sources: list[str] = field(default_factory=list)


def _role_values(claims: dict) -> list[str]:
    values = claims.get(settings.PORTAL_OIDC_ROLE_CLAIM) or []
    if isinstance(values, str):
        values = [values]
    return [str(value) for value in values]


def grant_of(claims: dict) -> Grant:
    """The role and scope that `claims` give. One portal role per user: a beheerder role wins,
    then VDAB, then OCMW; the scopes of the values with that role add up."""
    roles = {r.value: r.role for r in AcmRole.objects.all()}
    organisations = {
        o.code: o
        for o in AcmOrganisation.objects.prefetch_related("local_governments", "provinces")
    }
    default_code = str(claims.get("vo_orgcode") or "")
    found: list[tuple[str, AcmOrganisation | None, str]] = []
    for value in _role_values(claims):
        name, _, code = value.partition(":")
        role = roles.get(name)
        if role is None:
            continue
        found.append((role, organisations.get(code or default_code), value))
    grant = Grant()
    for wanted in (access.ADMIN, access.VDAB, access.OCMW):
        for role, organisation, value in found:
            if role != wanted:
                continue
            if role == access.ADMIN:
                grant.role = role
                grant.sources.append(value)
            elif organisation is None:
                continue
            elif role == access.VDAB and organisation.kind == AcmOrganisation.Kind.VDAB:
                grant.role = role
                grant.provinces |= {p.code for p in organisation.provinces.all()}
                grant.all_flanders |= organisation.all_flanders
                grant.sources.append(value)
            elif role == access.OCMW and organisation.kind == AcmOrganisation.Kind.LOCAL_GOVERNMENT:
                grant.role = role
                grant.local_governments |= {lg.pk for lg in organisation.local_governments.all()}
                grant.sources.append(value)
        if grant.role and (
            grant.role == access.ADMIN
            or grant.local_governments
            or grant.provinces
            or grant.all_flanders
        ):
            return grant
        grant = Grant()
    return grant


def _scope_values(user: User) -> dict[str, object]:
    scope = UserScope.objects.filter(user=user).first()
    return {
        "rol": access.role_of(user) or "geen",
        "lokale besturen": sorted(scope.local_governments.values_list("pk", flat=True))
        if scope
        else [],
        "provincies": sorted(scope.provinces.values_list("code", flat=True)) if scope else [],
        "heel Vlaanderen": bool(scope and scope.all_flanders),
    }


@transaction.atomic
def sync_user(*, issuer: str, claims: dict, request=None) -> tuple[User, Grant]:
    """The portal user of an ACM identity, made on its first login, with the role and scope
    its claims give now. A role removed in ACM is gone; what changed is in the audit trail."""
    subject = str(claims["sub"])
    account = (
        AcmAccount.objects.select_related("user")
        .select_for_update()
        .filter(issuer=issuer, subject=subject)
        .first()
    )
    if account is None:
        username = f"acm-{subject}"[:150]
        user = User(username=username)
        user.set_unusable_password()
        user.save()
        account = AcmAccount.objects.create(user=user, issuer=issuer, subject=subject)
        audit.record(audit.Action.CREATE, request=request, user=user, obj=user, bron="ACM/IDM")
    user = account.user
    before = _scope_values(user)
    user.first_name = str(claims.get("given_name") or "")[:150]
    user.last_name = str(claims.get("family_name") or "")[:150]
    user.email = str(claims.get("email") or "")[:254]
    grant = grant_of(claims)
    user.is_staff = user.is_superuser = grant.role == access.ADMIN
    user.save()
    groups = ensure_role_groups()
    user.groups.set([groups[grant.role]] if grant.role else [])
    scope, _ = UserScope.objects.get_or_create(user=user)
    scope.all_flanders = grant.all_flanders
    scope.save()
    scope.provinces.set(Province.objects.filter(code__in=grant.provinces))
    scope.local_governments.set(LocalGovernment.objects.filter(pk__in=grant.local_governments))
    account.claims = claims
    account.last_login = timezone.now()
    account.save()
    access.forget(user)
    after = _scope_values(user)
    if after != before:
        audit.record(
            audit.Action.CHANGE,
            request=request,
            user=user,
            subject=f"Rol en bereik uit ACM/IDM: {user.username}",
            voor=before,
            na=after,
            claims=grant.sources,
        )
    return user, grant


# Reference data for the mapping: organisation codes of local governments ----------------------


@dataclass
class CodesReport:
    created: int = 0
    updated: int = 0
    errors: list[str] = field(default_factory=list)


def load_local_government_codes(rows: list[dict[str, str]]) -> CodesReport:
    """Organisation codes of local governments from rows {"nis_code", "organisatiecode",
    optionally "naam"}: each becomes (or stays) an AcmOrganisation of that local government.
    All or nothing: with any unknown NIS code or empty code, nothing is saved and every wrong
    line is reported."""
    report = CodesReport()
    known = {lg.pk: lg for lg in LocalGovernment.objects.all()}
    seen: dict[str, int] = {}
    wanted = []
    for number, row in enumerate(rows, start=2):
        nis = (row.get("nis_code") or "").strip()
        code = "".join(ch for ch in (row.get("organisatiecode") or "") if ch.isalnum())
        if nis not in known:
            report.errors.append(f"Regel {number}: onbekende NIS-code '{nis}'.")
            continue
        if not code:
            report.errors.append(f"Regel {number}: de organisatiecode ontbreekt.")
            continue
        if code in seen:
            report.errors.append(
                f"Regel {number}: de organisatiecode {code} staat ook op regel {seen[code]}."
            )
            continue
        seen[code] = number
        wanted.append((known[nis], code, (row.get("naam") or "").strip()))
    if report.errors:
        return report
    with transaction.atomic():
        for local_government, code, name in wanted:
            organisation, created = AcmOrganisation.objects.update_or_create(
                code=code,
                defaults={
                    "name": name or local_government.name,
                    "kind": AcmOrganisation.Kind.LOCAL_GOVERNMENT,
                    "all_flanders": False,
                },
            )
            organisation.local_governments.set([local_government])
            if created:
                report.created += 1
            else:
                report.updated += 1
    return report

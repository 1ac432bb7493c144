"""Who may see and change what: the one place where the portal's scoping rules live.

Roles are Django groups: `ocmw` (staff of one or more local governments), `vdab` (scoped to
provinces or all Flanders) and `beheerder` (functional administrator, sees everything). A user
outside a scope gets 404 for a single object, so that the portal does not reveal what exists;
list pages simply leave such objects out. Every view goes through the functions below.
"""

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.http import Http404

from activation.models import LocalGovernment, Province

OCMW = "ocmw"
VDAB = "vdab"
ADMIN = "beheerder"
ROLES = (OCMW, VDAB, ADMIN)
ROLE_LABELS = {OCMW: "OCMW", VDAB: "VDAB", ADMIN: "Beheerder"}


def role_of(user):
    """The user's role, or None for anonymous users and users without a role."""
    if not user.is_authenticated or not user.is_active:
        return None
    if user.is_superuser:
        return ADMIN
    cached = getattr(user, "_portal_role", False)
    if cached is not False:
        return cached
    names = set(user.groups.values_list("name", flat=True))
    role = next((r for r in (ADMIN, VDAB, OCMW) if r in names), None)
    user._portal_role = role
    return role


def is_admin(user):
    return role_of(user) == ADMIN


def is_vdab(user):
    return role_of(user) == VDAB


def is_ocmw(user):
    return role_of(user) == OCMW


def _scope(user):
    from ocmw_portal.models import UserScope

    try:
        return user.scope
    except UserScope.DoesNotExist:
        return None


def covers_all_flanders(user):
    role = role_of(user)
    if role == ADMIN:
        return True
    if role == VDAB:
        scope = _scope(user)
        return bool(scope and scope.all_flanders)
    return False


def province_codes(user):
    """Province codes of a vdab user's scope (all provinces for all-Flanders and admins)."""
    if covers_all_flanders(user):
        return set(Province.objects.values_list("code", flat=True))
    if role_of(user) == VDAB and (scope := _scope(user)):
        return set(scope.provinces.values_list("code", flat=True))
    return set()


def local_governments(user):
    """The current local governments the user may see in full (figures, agreements, meetings)."""
    qs = LocalGovernment.objects.current()
    role = role_of(user)
    if role is None:
        return qs.none()
    if covers_all_flanders(user):
        return qs
    scope = _scope(user)
    if scope is None:
        return qs.none()
    if role == VDAB:
        return qs.filter(province__in=scope.provinces.all())
    return qs.filter(pk__in=scope.local_governments.values("pk"))


def own_local_governments(user):
    """For OCMW users: the local governments they work for, in name order."""
    if role_of(user) != OCMW or (scope := _scope(user)) is None:
        return LocalGovernment.objects.none()
    return scope.local_governments.order_by("name")


def get_local_government(user, nis_code):
    """A current local government the user may see in full; 404 otherwise."""
    try:
        return local_governments(user).select_related("province").get(pk=nis_code)
    except LocalGovernment.DoesNotExist:
        raise Http404("Dit lokaal bestuur bestaat niet of valt buiten uw bereik.") from None


def sees_rankings(user):
    """Whether the user may see other municipalities' rates (never counts) in rankings and maps."""
    return role_of(user) is not None


def benchmark_groups(user):
    """The benchmark groups the user may open: those its local governments are compared with.

    A group page shows its members' rates (never counts of municipalities outside the scope),
    as the rankings on a dashboard do; other groups get 404.
    """
    from activation.models import BenchmarkGroup
    from dashboards.selectors import groups_compared_with

    if covers_all_flanders(user):
        return BenchmarkGroup.objects.all()
    scope = local_governments(user)
    if not scope.exists():
        return BenchmarkGroup.objects.none()
    return groups_compared_with(scope)


def get_benchmark_group(user, code):
    """A benchmark group the user may open; 404 otherwise."""
    from activation.models import BenchmarkGroup

    try:
        return benchmark_groups(user).get(code=code)
    except BenchmarkGroup.DoesNotExist:
        raise Http404("Deze groep bestaat niet of valt buiten uw bereik.") from None


def may_see_counts(user, local_government):
    """Counts of a municipality are shown only to users whose scope holds it."""
    return local_governments(user).filter(pk=local_government.pk).exists()


def role_required(*roles):
    """View decorator: 403 for logged-in users without one of `roles` (admins always pass)."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            role = role_of(request.user)
            if role != ADMIN and role not in roles:
                raise PermissionDenied("U hebt geen toegang tot deze pagina.")
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def scope_description(user):
    """A short Dutch description of the user's scope, for the page header."""
    role = role_of(user)
    if role == ADMIN or covers_all_flanders(user):
        return "heel Vlaanderen"
    if role == VDAB and (scope := _scope(user)):
        names = [p.name for p in scope.provinces.all()]
        return ", ".join(names) or "geen provincies"
    if role == OCMW:
        names = [lg.name for lg in own_local_governments(user)]
        return ", ".join(names) or "geen lokaal bestuur"
    return "geen bereik"

"""Who may see and change what: the one place where the portal's scoping rules live.

Roles are Django groups: `ocmw` (staff of one or more local governments), `vdab` (scoped to
provinces or all Flanders) and `beheerder` (functional administrator, sees everything). A user
outside a scope gets 404 for a single object, so that the portal does not reveal what exists;
list pages simply leave such objects out. Every view goes through the functions below.

It reads the models of every app and imports nothing else of the project, so that the logic of
every app may use it.
"""

from collections.abc import Callable, Iterable
from functools import wraps
from typing import Concatenate, ParamSpec, TypeAlias, TypeVar

from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db.models import Exists, Model, OuterRef, Q, QuerySet
from django.http import Http404, HttpRequest

from activation.models import (
    ActivationPactParticipation,
    ActivationPactProject,
    BenchmarkGroup,
    CooperationAgreement,
    LocalGovernment,
    Merger,
    Province,
)
from consultations.models import Attachment, CalendarFeed, ConsultationBody, Meeting, Output
from ocmw_portal.models import UserScope

OCMW = "ocmw"
VDAB = "vdab"
ADMIN = "beheerder"
ROLES = (OCMW, VDAB, ADMIN)
ROLE_LABELS = {OCMW: "OCMW", VDAB: "VDAB", ADMIN: "Beheerder"}
# A user in several role groups has the first of these.
ROLE_PRECEDENCE = (ADMIN, VDAB, OCMW)

# Whoever makes a request: request.user.
PortalUser: TypeAlias = User | AnonymousUser

# What a request asks again and again is kept on its user object, under these names.
_ROLE = "_portal_role"
_OWN_LOCAL_GOVERNMENTS = "_portal_own_local_governments"
_PROVINCES = "_portal_provinces"

_M = TypeVar("_M", bound=Model)
_P = ParamSpec("_P")
_R = TypeVar("_R")


def role_of(user: PortalUser) -> str | None:
    """The user's role, or None for anonymous users and users without a role."""
    if not user.is_authenticated or not user.is_active:
        return None
    if user.is_superuser:
        return ADMIN
    if not hasattr(user, _ROLE):
        names = set(user.groups.values_list("name", flat=True))
        remember_role(user, next((r for r in ROLE_PRECEDENCE if r in names), None))
    role: str | None = getattr(user, _ROLE)
    return role


def remember_role(user: User, role: str | None) -> None:
    """Keep `role` (read by the login backend with the user) as the role of `user` for this
    request, as role_of keeps what it reads."""
    setattr(user, _ROLE, role)


def forget(user: PortalUser) -> None:
    """Drop what this request kept on `user` (its role, local governments and provinces): after
    its role or scope was changed, the next question reads them again."""
    for name in (_ROLE, _OWN_LOCAL_GOVERNMENTS, _PROVINCES):
        user.__dict__.pop(name, None)


def is_admin(user: PortalUser) -> bool:
    return role_of(user) == ADMIN


def is_ocmw(user: PortalUser) -> bool:
    return role_of(user) == OCMW


def _scope(user: PortalUser) -> UserScope | None:
    if isinstance(user, AnonymousUser):
        return None
    try:
        return user.scope
    except UserScope.DoesNotExist:
        return None


def covers_all_flanders(user: PortalUser) -> bool:
    role = role_of(user)
    if role == ADMIN:
        return True
    if role == VDAB:
        scope = _scope(user)
        return bool(scope and scope.all_flanders)
    return False


def _scope_provinces(user: PortalUser) -> list[Province]:
    """The provinces of a vdab user's scope, in name order. Read once per request and kept on
    the user object (as the role is): the bodies, the meetings and the header all ask."""
    cached: list[Province] | None = getattr(user, _PROVINCES, None)
    if cached is None:
        scope = _scope(user) if role_of(user) == VDAB else None
        cached = list(scope.provinces.order_by("name")) if scope else []
        setattr(user, _PROVINCES, cached)
    return cached


def province_codes(user: PortalUser) -> set[str]:
    """Province codes of a vdab user's scope (all provinces for all-Flanders and admins)."""
    if covers_all_flanders(user):
        return set(Province.objects.values_list("code", flat=True))
    return {province.code for province in _scope_provinces(user)}


def local_governments(user: PortalUser) -> QuerySet[LocalGovernment]:
    """The current local governments the user may see in full (figures, agreements, meetings)."""
    qs = LocalGovernment.objects.current()
    role = role_of(user)
    if role is None:
        return qs.none()
    if covers_all_flanders(user):
        return qs
    if role == OCMW:
        return own_local_governments(user)
    if _scope(user) is None:
        return qs.none()
    return qs.filter(province__in=[province.code for province in _scope_provinces(user)])


# How many mergers a former municipality in a scope is followed through: the 2019 mergers and
# the 2025 mergers, which merged some 2019 successors again.
MERGER_DEPTH = 2


def own_local_government_list(user: PortalUser) -> list[LocalGovernment]:
    """The OCMW rule: the current local governments an OCMW user works for, in name order.

    A former municipality in the scope counts as its successor (Galmaarden as Pajottegem since
    2025): the OCMW merged with it. Everything that asks which local governments an OCMW user
    works for (home, the page header, dashboards, groups, bodies, agreements) asks this. Read
    once per request, with their provinces, and kept on the user object (as the role is).
    """
    cached: list[LocalGovernment] | None = getattr(user, _OWN_LOCAL_GOVERNMENTS, None)
    if cached is not None:
        return cached
    cached = []
    if role_of(user) == OCMW and (scope := _scope(user)) is not None:
        listed = list(scope.local_governments.select_related("province"))
        cached = [lg for lg in listed if lg.valid_until is None]
        former = [lg.pk for lg in listed if lg.valid_until is not None]
        if former:
            codes: Iterable[str] = former
            successors = Q()
            for _ in range(MERGER_DEPTH):
                codes = Merger.objects.filter(predecessor__in=codes).values_list(
                    "successor", flat=True
                )
                successors |= Q(pk__in=codes)
            found = LocalGovernment.objects.current().filter(successors)
            cached += [lg for lg in found.select_related("province") if lg not in cached]
        cached.sort(key=lambda lg: lg.name)
    setattr(user, _OWN_LOCAL_GOVERNMENTS, cached)
    return cached


def with_predecessors(codes: Iterable[str]) -> set[str]:
    """These local governments' codes and those of the former municipalities merged into them."""
    found = set(codes)
    layer = set(found)
    for _ in range(MERGER_DEPTH):
        predecessors = Merger.objects.filter(successor__in=layer)
        layer = set(predecessors.values_list("predecessor", flat=True))
        found |= layer
    return found


def ocmw_users_of(codes: Iterable[str]) -> QuerySet[User]:
    """The active OCMW users who work for one of these current local governments: the OCMW rule
    of own_local_government_list read the other way, a former municipality in a scope counting
    as its successor."""
    return (
        User.objects.filter(
            is_active=True,
            is_superuser=False,
            groups__name=OCMW,
            scope__local_governments__in=with_predecessors(codes),
        )
        .exclude(groups__name__in=[ADMIN, VDAB])
        .distinct()
    )


def vdab_users_of(body: ConsultationBody) -> QuerySet[User]:
    """The active VDAB users who see `body` (see bodies()): all of them for a Flanders-wide
    body, else those of its province or of all Flanders."""
    users = User.objects.filter(is_active=True, is_superuser=False, groups__name=VDAB).exclude(
        groups__name=ADMIN
    )
    if body.province_id:
        users = users.filter(Q(scope__all_flanders=True) | Q(scope__provinces=body.province_id))
    return users.distinct()


def own_local_governments(user: PortalUser) -> QuerySet[LocalGovernment]:
    """own_local_government_list() as a queryset, to filter other tables by."""
    codes = [lg.pk for lg in own_local_government_list(user)]
    return LocalGovernment.objects.filter(pk__in=codes).order_by("name")


def former_in_scope(scope: UserScope) -> list[tuple[LocalGovernment, LocalGovernment | None]]:
    """The former municipalities a scope still lists, each with its current successor (or None).

    They count as their successor (own_local_governments); the admin warns about them.
    """
    former = scope.local_governments.filter(valid_until__isnull=False).order_by("name")
    result = []
    for local_government in former:
        successor = local_government
        for _ in range(MERGER_DEPTH):
            merger = (
                Merger.objects.filter(predecessor=successor).select_related("successor").first()
            )
            if merger is None:
                break
            successor = merger.successor
        result.append((local_government, successor if successor.valid_until is None else None))
    return result


def get_local_government(user: PortalUser, nis_code: str) -> LocalGovernment:
    """A current local government the user may see in full; 404 otherwise."""
    if role_of(user) == OCMW:
        for local_government in own_local_government_list(user):
            if local_government.pk == nis_code:
                return local_government
        raise Http404("Dit lokaal bestuur bestaat niet of valt buiten uw bereik.")
    try:
        return local_governments(user).select_related("province").get(pk=nis_code)
    except LocalGovernment.DoesNotExist:
        raise Http404("Dit lokaal bestuur bestaat niet of valt buiten uw bereik.") from None


def seen_in_full(user: PortalUser, nis_codes: Iterable[str]) -> set[str]:
    """Which of `nis_codes` the user may see in full: those of local_governments(user)."""
    if role_of(user) == OCMW:
        return {lg.pk for lg in own_local_government_list(user)} & set(nis_codes)
    return set(local_governments(user).filter(pk__in=nis_codes).values_list("pk", flat=True))


def frames_map_on_scope(user: PortalUser) -> bool:
    """Whether the overview's map is framed on the user's scope: a VDAB manager of one or more
    provinces. Everybody else sees all of Flanders (an OCMW user with their own outlined)."""
    return role_of(user) == VDAB and not covers_all_flanders(user)


def sees_rankings(user: PortalUser) -> bool:
    """Whether the user may see other municipalities' rates (never counts) in rankings and maps."""
    return role_of(user) is not None


def benchmark_groups(user: PortalUser) -> QuerySet[BenchmarkGroup]:
    """The benchmark groups the user may open: those its local governments are compared with.

    A group page shows its members' rates (never counts of municipalities outside the scope),
    as the rankings on a dashboard do; other groups get 404.
    """
    if covers_all_flanders(user):
        return BenchmarkGroup.objects.all()
    if role_of(user) == OCMW:
        own = [lg.pk for lg in own_local_government_list(user)]
        if not own:
            return BenchmarkGroup.objects.none()
        return BenchmarkGroup.objects.compared_with(own)
    visible = local_governments(user)
    if not visible.exists():
        return BenchmarkGroup.objects.none()
    return BenchmarkGroup.objects.compared_with(visible)


def get_benchmark_group(user: PortalUser, code: str) -> BenchmarkGroup:
    """A benchmark group the user may open; 404 otherwise."""
    try:
        return benchmark_groups(user).get(code=code)
    except BenchmarkGroup.DoesNotExist:
        raise Http404("Deze groep bestaat niet of valt buiten uw bereik.") from None


def role_required(
    *roles: str,
) -> Callable[
    [Callable[Concatenate[HttpRequest, _P], _R]], Callable[Concatenate[HttpRequest, _P], _R]
]:
    """View decorator: 403 for logged-in users without one of `roles` (admins always pass)."""

    def decorator(
        view: Callable[Concatenate[HttpRequest, _P], _R],
    ) -> Callable[Concatenate[HttpRequest, _P], _R]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: _P.args, **kwargs: _P.kwargs) -> _R:
            role = role_of(request.user)
            if role != ADMIN and role not in roles:
                raise PermissionDenied("U hebt geen toegang tot deze pagina.")
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def scope_description(user: PortalUser) -> str:
    """A short Dutch description of the user's scope, for the page header."""
    role = role_of(user)
    if role == ADMIN or covers_all_flanders(user):
        return "heel Vlaanderen"
    if role == VDAB and _scope(user):
        names = [province.name for province in _scope_provinces(user)]
        return ", ".join(names) or "geen provincies"
    if role == OCMW:
        names = [lg.name for lg in own_local_government_list(user)]
        return ", ".join(names) or "geen lokaal bestuur"
    return "geen bereik"


# Consultation and cooperation -------------------------------------------------------------------
# OCMW staff see the bodies their local governments take part in (the body's area holds one of
# them), with those bodies' meetings, attachments and outputs. VDAB staff see the bodies of their
# provinces plus the Flanders-wide ones, and change only the bodies of their provinces (all bodies
# for all-Flanders staff). Outside the scope: 404; inside it but read-only: 403.


def bodies(user: PortalUser) -> QuerySet[ConsultationBody]:
    qs = ConsultationBody.objects.all()
    role = role_of(user)
    if role is None:
        return qs.none()
    if covers_all_flanders(user):
        return qs
    if role == VDAB:
        return qs.filter(Q(province__code__in=province_codes(user)) | Q(province__isnull=True))
    through = ConsultationBody.local_governments.through
    taking_part = through.objects.filter(
        consultationbody=OuterRef("pk"),
        localgovernment__in=[lg.pk for lg in own_local_government_list(user)],
    )
    return qs.filter(Exists(taking_part))


def editable_bodies(user: PortalUser) -> QuerySet[ConsultationBody]:
    """The bodies whose meetings, attendance and outputs the user may record and change."""
    qs = ConsultationBody.objects.all()
    if covers_all_flanders(user):
        return qs
    if role_of(user) == VDAB:
        return qs.filter(province__code__in=province_codes(user))
    return qs.none()


def may_edit_body(user: PortalUser, body: ConsultationBody) -> bool:
    return editable_bodies(user).filter(pk=body.pk).exists()


def _get_editable(user: PortalUser, visible: QuerySet[_M], editable: QuerySet[_M], pk: int) -> _M:
    try:
        obj = visible.get(pk=pk)
    except ObjectDoesNotExist:
        raise Http404("Dit bestaat niet of valt buiten uw bereik.") from None
    if not editable.filter(pk=obj.pk).exists():
        raise PermissionDenied("U mag dit bekijken, maar niet wijzigen.")
    return obj


def get_body(user: PortalUser, pk: int) -> ConsultationBody:
    try:
        return bodies(user).select_related("province", "agreement").get(pk=pk)
    except ConsultationBody.DoesNotExist:
        raise Http404("Dit overlegorgaan bestaat niet of valt buiten uw bereik.") from None


def get_editable_body(user: PortalUser, pk: int) -> ConsultationBody:
    return _get_editable(
        user, bodies(user).select_related("province", "agreement"), editable_bodies(user), pk
    )


def meetings(user: PortalUser) -> QuerySet[Meeting]:
    return Meeting.objects.filter(body__in=bodies(user))


def get_meeting(user: PortalUser, pk: int) -> Meeting:
    try:
        return meetings(user).select_related("body", "body__province").get(pk=pk)
    except Meeting.DoesNotExist:
        raise Http404("Deze vergadering bestaat niet of valt buiten uw bereik.") from None


def get_editable_meeting(user: PortalUser, pk: int) -> Meeting:
    editable = Meeting.objects.filter(body__in=editable_bodies(user))
    return _get_editable(user, meetings(user).select_related("body"), editable, pk)


def answering_for(user: PortalUser, meeting: Meeting) -> list[LocalGovernment]:
    """The local governments for which an OCMW user answers an invitation to `meeting`: their
    own ones that are invited. Empty for everyone else, and once the meeting is not planned."""
    if role_of(user) != OCMW or meeting.status != Meeting.Status.PLANNED:
        return []
    invited = set(meeting.invited.values_list("pk", flat=True))
    return [lg for lg in own_local_government_list(user) if lg.pk in invited]


def deleted_meetings(user: PortalUser) -> QuerySet[Meeting]:
    """Deleted meetings, which only a beheerder sees (and restores)."""
    if not is_admin(user):
        raise PermissionDenied("Alleen een beheerder ziet en herstelt verwijderde vergaderingen.")
    return Meeting.with_deleted.filter(deleted_at__isnull=False)


def get_deleted_meeting(user: PortalUser, pk: int) -> Meeting:
    try:
        return deleted_meetings(user).select_related("body").get(pk=pk)
    except Meeting.DoesNotExist:
        raise Http404("Deze verwijderde vergadering bestaat niet.") from None


def calendar_owner(token_hash: str) -> User:
    """The active user whose calendar feed has this token hash: a feed is read without a
    session, and shows what its owner may see. 404 for an unknown or reset token."""
    try:
        feed = CalendarFeed.objects.select_related("user").get(token_hash=token_hash)
    except CalendarFeed.DoesNotExist:
        raise Http404("Deze agenda bestaat niet (meer).") from None
    if not feed.user.is_active:
        raise Http404("Deze agenda bestaat niet (meer).")
    return feed.user


def get_attachment(user: PortalUser, pk: int) -> Attachment:
    try:
        return Attachment.objects.get(pk=pk, meeting__in=meetings(user))
    except Attachment.DoesNotExist:
        raise Http404("Deze bijlage bestaat niet of valt buiten uw bereik.") from None


def outputs(user: PortalUser) -> QuerySet[Output]:
    return Output.objects.filter(meeting__body__in=bodies(user), meeting__deleted_at__isnull=True)


def get_output(user: PortalUser, pk: int) -> Output:
    try:
        return outputs(user).select_related("meeting", "meeting__body").get(pk=pk)
    except Output.DoesNotExist:
        raise Http404("Deze output bestaat niet of valt buiten uw bereik.") from None


def may_edit_output(user: PortalUser, output: Output) -> bool:
    return may_edit_body(user, output.meeting.body)


def agreements(user: PortalUser) -> QuerySet[CooperationAgreement]:
    """The cooperation agreements of the local governments the user may see in full."""
    return CooperationAgreement.objects.filter(local_government__in=local_governments(user))


def editable_local_governments(user: PortalUser) -> QuerySet[LocalGovernment]:
    """Local governments whose agreements and pact participation the user may change."""
    if covers_all_flanders(user):
        return LocalGovernment.objects.current()
    if role_of(user) == VDAB:
        return LocalGovernment.objects.current().filter(province__code__in=province_codes(user))
    return LocalGovernment.objects.none()


def get_editable_agreement(user: PortalUser, pk: int) -> CooperationAgreement:
    editable = CooperationAgreement.objects.filter(
        local_government__in=editable_local_governments(user)
    )
    return _get_editable(user, agreements(user).select_related("local_government"), editable, pk)


def pact_projects(user: PortalUser) -> QuerySet[ActivationPactProject]:
    """ActiveringsPact projects with at least one local government the user may see in full."""
    in_scope = ActivationPactParticipation.objects.filter(
        project=OuterRef("pk"), local_government__in=local_governments(user)
    )
    return ActivationPactProject.objects.filter(Exists(in_scope))


def get_editable_pact_project(user: PortalUser, pk: int) -> ActivationPactProject:
    """A project whose local governments all lie in the user's editable scope."""
    outside = ActivationPactParticipation.objects.filter(project=OuterRef("pk")).exclude(
        local_government__in=editable_local_governments(user)
    )
    visible = pact_projects(user).select_related("call")
    editable = visible.exclude(Exists(outside))
    if role_of(user) not in (VDAB, ADMIN):
        editable = visible.none()
    return _get_editable(user, visible, editable, pk)

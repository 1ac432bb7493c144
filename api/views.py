"""The read API at /api/v1/ (django-ninja): plain functions, one per operation, each reading
through ocmw_portal.access as the pages do. Every answer is JSON; every error a Dutch
{"detail": "..."} with its status: 400 for a bad parameter, 401 without a working token,
404 outside the scope, 429 past the rate limit."""

from typing import Any

from django.db.models import Count, Prefetch, Q
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from ninja import NinjaAPI, Swagger
from ninja.errors import AuthenticationError, HttpError, ValidationError

from activation.models import BenchmarkGroup, LocalGovernment
from api import params, schemas, selectors
from api.auth import RateLimited, TokenAuth
from consultations.models import FollowUp, Meeting, Output
from dashboards import selectors as dashboard_selectors
from ocmw_portal import access

DESCRIPTION = """De cijfers en het overleg van het OCMW–VDAB samenwerkingsportaal, voor de
eigen hulpmiddelen van partners. Elk verzoek stuurt een persoonlijke API-sleutel mee
(`Authorization: Bearer ocmw_…`), te maken op de pagina API-sleutels van het portaal; het ziet
wat de eigenaar van de sleutel in het portaal ziet, met dezelfde regel voor kleine aantallen.

Kwartalen schrijft u als 2025-K2 (ook 2025K2, 2025-Q2, 2025Q2), datums als 2024-12-31.
Lijsten komen per pagina (`pagina`, `per_pagina` tot 1000); `volgende` en `vorige` geven het
adres van de andere pagina's."""

api = NinjaAPI(
    title="OCMW–VDAB portaal API",
    version="1",
    description=DESCRIPTION,
    auth=TokenAuth(),
    urls_namespace="api",
    docs_url="/docs",
    # Without deep links, an operation's summary is one button with no link nested inside.
    docs=Swagger(settings={"deepLinking": False}),
    openapi_url="/openapi.json",
)

# How the docs page groups the operations.
TERRITORY = "Lokale besturen en groepen"
FIGURES = "Cijfers"
CONSULTATION = "Overleg"

ERRORS: dict[int | str, Any] = {400: schemas.Fout, 401: schemas.Fout, 429: schemas.Fout}
DETAIL_ERRORS: dict[int | str, Any] = {**ERRORS, 404: schemas.Fout}


def _answer(payload: dict[str, Any]) -> JsonResponse:
    """A large list as JSON, built from plain values that follow its schema: django-ninja's
    validation of each row against the schema would cost more than reading the rows
    (tests/api/test_api.py validates these answers against their schema)."""
    return JsonResponse(payload)


def _user(request: HttpRequest) -> Any:
    return request.auth  # type: ignore[attr-defined]


@api.exception_handler(ValidationError)
def bad_parameter(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    """A parameter of the wrong type (pagina=twee): 400 with a Dutch message, not 422."""
    names = sorted({str(error["loc"][-1]) for error in exc.errors if error.get("loc")})
    what = ", ".join(names) or "een parameter"
    return api.create_response(
        request, {"detail": f"Ongeldige waarde voor {what}: geef een geheel getal."}, status=400
    )


@api.exception_handler(AuthenticationError)
def not_authenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    response = api.create_response(
        request,
        {
            "detail": "Geen geldige API-sleutel: stuur Authorization: Bearer met een sleutel "
            "van de pagina API-sleutels. Een ingetrokken sleutel, of die van een gebruiker "
            "zonder toegang, werkt niet."
        },
        status=401,
    )
    response["WWW-Authenticate"] = "Bearer"
    return response


@api.exception_handler(RateLimited)
def rate_limited(request: HttpRequest, exc: RateLimited) -> HttpResponse:
    response = api.create_response(request, {"detail": exc.message}, status=429)
    response["Retry-After"] = str(exc.retry_after)
    return response


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return api.create_response(request, {"detail": exc.message}, status=exc.status_code)


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    text = str(exc) or "Dit bestaat niet of valt buiten uw bereik."
    return api.create_response(request, {"detail": text}, status=404)


# Local governments and groups ---------------------------------------------------------------


def _municipality(lg: LocalGovernment) -> dict[str, Any]:
    return {
        "nis_code": lg.nis_code,
        "naam": lg.name,
        "provincie": {"code": lg.province.code, "naam": lg.province.name},
        "inwoners": lg.population,
        "bestaat_sinds": lg.valid_from,
        "bestaat_tot": lg.valid_until,
    }


@api.get(
    "/gemeenten",
    response={200: schemas.Gemeenten, **ERRORS},
    url_name="gemeenten",
    tags=[TERRITORY],
    summary="Lokale besturen in uw bereik",
)
def gemeenten(
    request: HttpRequest,
    provincie: str | None = None,
    voormalige: bool = False,
    pagina: int = 1,
    per_pagina: int = params.DEFAULT_PER_PAGE,
) -> dict[str, Any]:
    """De huidige lokale besturen in uw bereik; met `voormalige=true` ook de gemeenten die
    erin opgingen (fusies van 2019 en 2025)."""
    in_scope = access.local_governments(_user(request))
    rows = in_scope
    if voormalige:
        codes = access.with_predecessors(in_scope.values_list("pk", flat=True))
        rows = LocalGovernment.objects.filter(pk__in=codes)
    if provincie:
        rows = rows.filter(province=params.province(provincie))
    found = params.page(
        request, rows.select_related("province").order_by("name", "pk"), pagina, per_pagina
    )
    return {**found.envelope, "resultaten": [_municipality(lg) for lg in found.items]}


@api.get(
    "/gemeenten/{nis}",
    response={200: schemas.GemeenteDetail, **DETAIL_ERRORS},
    url_name="gemeente",
    tags=[TERRITORY],
    summary="Eén lokaal bestuur",
)
def gemeente(request: HttpRequest, nis: str) -> dict[str, Any]:
    """Een huidig lokaal bestuur in uw bereik (anders 404), met de groepen waarmee het
    vergeleken wordt en de gemeenten die erin opgingen."""
    lg = access.get_local_government(_user(request), nis)
    groups = BenchmarkGroup.objects.compared_with([lg.pk]).order_by("kind", "code")
    history = dashboard_selectors.merger_history(lg)
    return {
        **_municipality(lg),
        "groepen": [group.code for group in groups],
        "voorgangers": sorted({merger.predecessor_id for merger in history}),
    }


def _group(group: BenchmarkGroup) -> dict[str, Any]:
    return {
        "code": group.code,
        "naam": group.name,
        "soort": group.kind,
        "anker": group.anchor_id,
        "aantal_leden": group.member_count,  # type: ignore[attr-defined]
    }


def _groups(user: Any) -> Any:
    return access.benchmark_groups(user).annotate(member_count=Count("members"))


@api.get(
    "/groepen",
    response={200: schemas.Groepen, **ERRORS},
    url_name="groepen",
    tags=[TERRITORY],
    summary="Benchmarkgroepen",
)
def groepen(
    request: HttpRequest,
    soort: str | None = None,
    pagina: int = 1,
    per_pagina: int = params.DEFAULT_PER_PAGE,
) -> dict[str, Any]:
    """De groepen waarmee de lokale besturen in uw bereik vergeleken worden."""
    rows = _groups(_user(request))
    if soort:
        if soort not in BenchmarkGroup.Kind.values:
            kinds = ", ".join(BenchmarkGroup.Kind.values)
            raise params.BadParameter(f"Parameter soort: kies uit {kinds}.")
        rows = rows.filter(kind=soort)
    found = params.page(request, rows.order_by("code"), pagina, per_pagina)
    return {**found.envelope, "resultaten": [_group(group) for group in found.items]}


@api.get(
    "/groepen/{code}",
    response={200: schemas.GroepDetail, **DETAIL_ERRORS},
    url_name="groep",
    tags=[TERRITORY],
    summary="Eén benchmarkgroep met haar leden",
)
def groep(request: HttpRequest, code: str) -> dict[str, Any]:
    user = _user(request)
    access.get_benchmark_group(user, code)  # 404 outside the scope
    group = _groups(user).get(code=code)
    members = dashboard_selectors.group_members(group)
    return {
        **_group(group),
        "omschrijving": group.description,
        "leden": [
            {"nis_code": nis, "naam": name, "provincie": province}
            for nis, name, province in members
        ],
    }


# Figures -----------------------------------------------------------------------------------


@api.get(
    "/cijfers",
    response={200: schemas.Cijfers, **ERRORS},
    url_name="cijfers",
    tags=[FIGURES],
    summary="Cijfers per lokaal bestuur en kwartaal, in de huidige grenzen",
)
def cijfers(
    request: HttpRequest,
    kwartaal: str | None = None,
    van: str | None = None,
    tot: str | None = None,
    provincie: str | None = None,
    groep: str | None = None,
    gemeente: str | None = None,
    pagina: int = 1,
    per_pagina: int = params.DEFAULT_PER_PAGE,
) -> HttpResponse:
    """De opgeslagen cijfers van elk huidig lokaal bestuur per kwartaal: voor een kwartaal
    vóór een fusie de som van de gemeenten die er nu deel van uitmaken. Binnen uw bereik
    met de aantallen; daarbuiten alleen de percentages (`volledig` is dan false). Een
    percentage met een noemer onder de drempel is null met „n<10”."""
    user = _user(request)
    span = params.quarter_range(kwartaal, van, tot)
    rows = selectors.in_quarters(selectors.current_results(user), span.first, span.last)
    if provincie:
        rows = rows.filter(local_government__province=params.province(provincie))
    if groep:
        try:
            chosen = access.get_benchmark_group(user, groep)
        except Http404:
            raise params.BadParameter(
                f"Parameter groep: '{groep[:40]}' bestaat niet of valt buiten uw bereik."
            ) from None
        rows = rows.filter(local_government__benchmark_groups=chosen)
    if gemeente:
        if not LocalGovernment.objects.current().filter(pk=gemeente).exists():
            raise params.BadParameter(
                f"Parameter gemeente: '{gemeente[:10]}' is geen NIS-code van een huidig "
                "lokaal bestuur."
            )
        rows = rows.filter(local_government=gemeente)
    found = params.page(request, rows.values_list(*selectors.CURRENT_COLUMNS), pagina, per_pagina)
    return _answer({**found.envelope, "resultaten": selectors.figure_rows(user, found.items)})


@api.get(
    "/groepcijfers",
    response={200: schemas.Groepcijfers, **ERRORS},
    url_name="groepcijfers",
    tags=[FIGURES],
    summary="Groepscijfers per kwartaal en indicator",
)
def groepcijfers(
    request: HttpRequest,
    groep: str | None = None,
    kwartaal: str | None = None,
    van: str | None = None,
    tot: str | None = None,
    pagina: int = 1,
    per_pagina: int = params.DEFAULT_PER_PAGE,
) -> HttpResponse:
    """De gepoolde groepswaarde (som van de tellers gedeeld door de som van de noemers), de
    mediaan van de leden en de dekking van elke groep die u ziet. Een groep met minder dan 3
    gemeenten met cijfers geeft „te weinig gemeenten”."""
    user = _user(request)
    span = params.quarter_range(kwartaal, van, tot)
    groups = access.benchmark_groups(user)
    if groep:
        groups = groups.filter(code=groep)
        if not groups.exists():
            raise params.BadParameter(
                f"Parameter groep: '{groep[:40]}' bestaat niet of valt buiten uw bereik."
            )
    rows = selectors.in_quarters(selectors.group_figures(groups), span.first, span.last)
    found = params.page(request, rows.values_list(*selectors.GROUP_COLUMNS), pagina, per_pagina)
    return _answer({**found.envelope, "resultaten": selectors.group_figure_rows(user, found.items)})


# Consultation -------------------------------------------------------------------------------


def _body_short(body: Any) -> dict[str, Any]:
    return {"id": body.pk, "code": body.code, "naam": body.name}


@api.get(
    "/overlegorganen",
    response={200: schemas.Overlegorganen, **ERRORS},
    url_name="overlegorganen",
    tags=[CONSULTATION],
    summary="Overlegorganen",
)
def overlegorganen(
    request: HttpRequest, pagina: int = 1, per_pagina: int = params.DEFAULT_PER_PAGE
) -> dict[str, Any]:
    """De overlegorganen waaraan uw lokale besturen deelnemen, of die van uw provincies."""
    rows = access.bodies(_user(request)).order_by("sort_order", "name", "pk")
    found = params.page(request, rows, pagina, per_pagina)
    return {
        **found.envelope,
        "resultaten": [
            {
                **_body_short(body),
                "niveau": body.level,
                "soort": body.kind,
                "provincie": body.province_id,
                "regio": body.region,
                "organisator": body.organiser,
                "doel_per_jaar": body.target_per_year,
            }
            for body in found.items
        ],
    }


def _body_is(orgaan: str, path: str) -> Q:
    """A body named by its code or its number."""
    by_code = Q(**{f"{path}__code": orgaan})
    return by_code | Q(**{f"{path}__pk": int(orgaan)}) if orgaan.isdigit() else by_code


def _meetings(user: Any) -> Any:
    return (
        access.meetings(user)
        .select_related("body")
        .prefetch_related("themes", "attendees")
        .order_by("-date", "-pk")
    )


def _meeting(meeting: Meeting) -> dict[str, Any]:
    return {
        "id": meeting.pk,
        "orgaan": _body_short(meeting.body),
        "datum": meeting.date,
        "beginuur": meeting.start_time,
        "einduur": meeting.end_time,
        "plaats": meeting.place,
        "online": meeting.online,
        "status": meeting.status,
        "themas": sorted(theme.name for theme in meeting.themes.all()),
        "aanwezige_besturen": sorted(lg.pk for lg in meeting.attendees.all()),
    }


@api.get(
    "/vergaderingen",
    response={200: schemas.Vergaderingen, **ERRORS},
    url_name="vergaderingen",
    tags=[CONSULTATION],
    summary="Vergaderingen",
)
def vergaderingen(
    request: HttpRequest,
    van: str | None = None,
    tot: str | None = None,
    orgaan: str | None = None,
    pagina: int = 1,
    per_pagina: int = params.DEFAULT_PER_PAGE,
) -> dict[str, Any]:
    """De vergaderingen van de overlegorganen die u ziet, de nieuwste eerst; `van` en `tot`
    zijn datums (2024-01-01), `orgaan` de code of het nummer van een orgaan. Zonder bijlagen."""
    rows = _meetings(_user(request))
    first, last = params.date_range(van, tot)
    if first:
        rows = rows.filter(date__gte=first)
    if last:
        rows = rows.filter(date__lte=last)
    if orgaan:
        rows = rows.filter(_body_is(orgaan, "body"))
    found = params.page(request, rows, pagina, per_pagina)
    return {**found.envelope, "resultaten": [_meeting(meeting) for meeting in found.items]}


@api.get(
    "/vergaderingen/{meeting_id}",
    response={200: schemas.VergaderingDetail, **DETAIL_ERRORS},
    url_name="vergadering",
    tags=[CONSULTATION],
    summary="Eén vergadering",
)
def vergadering(request: HttpRequest, meeting_id: int) -> dict[str, Any]:
    user = _user(request)
    access.get_meeting(user, meeting_id)  # 404 outside the scope
    meeting = _meetings(user).prefetch_related("participants", "outputs").get(pk=meeting_id)
    return {
        **_meeting(meeting),
        "agenda": meeting.agenda_items(),
        "verslag": meeting.minutes,
        "deelnemers": [
            {"rol": role.role, "aantal": role.count} for role in meeting.participants.all()
        ],
        "output": sorted(output.pk for output in meeting.outputs.all()),
    }


@api.get(
    "/output",
    response={200: schemas.Outputs, **ERRORS},
    url_name="output",
    tags=[CONSULTATION],
    summary="Output van het overleg en de opvolging",
)
def output(
    request: HttpRequest,
    status: str | None = None,
    orgaan: str | None = None,
    pagina: int = 1,
    per_pagina: int = params.DEFAULT_PER_PAGE,
) -> dict[str, Any]:
    """Signalen, acties, goede praktijken, afspraken en infosessies van de vergaderingen die u
    ziet, met hun opvolgingsstatus en elke wijziging ervan."""
    rows = (
        access.outputs(_user(request))
        .select_related("meeting__body", "owner_user", "owner_local_government")
        .prefetch_related(Prefetch("follow_ups", queryset=FollowUp.objects.order_by("date", "pk")))
        .order_by("-meeting__date", "pk")
    )
    if status:
        if status not in Output.Status.values:
            raise params.BadParameter(
                f"Parameter status: kies uit {', '.join(Output.Status.values)}."
            )
        rows = rows.filter(status=status)
    if orgaan:
        rows = rows.filter(_body_is(orgaan, "meeting__body"))
    found = params.page(request, rows, pagina, per_pagina)
    return {
        **found.envelope,
        "resultaten": [
            {
                "id": item.pk,
                "vergadering": item.meeting_id,
                "orgaan": _body_short(item.meeting.body),
                "soort": item.kind,
                "titel": item.title,
                "omschrijving": item.description,
                "eigenaar": item.owner_label,
                "uiterste_datum": item.due_date,
                "status": item.status,
                "status_label": item.get_status_display(),
                "opvolging": [
                    {
                        "van": step.from_status,
                        "naar": step.to_status,
                        "reden": step.reason,
                        "datum": step.date,
                    }
                    for step in item.follow_ups.all()
                ],
            }
            for item in found.items
        ],
    }

"""Every route of the portal × every persona → the status each must get.

The routes are read from the URL configuration itself: a new route that is not in MATRIX makes
`test_every_route_is_in_the_matrix` fail, so no page can ship without a decision on who may open
it. Outside a scope a single object gives 404 (no existence leak); a page a role may not use at
all gives 403; anonymous users are sent to the login page (302). The read API's operations
(TOKEN_ROUTES) are called with a personal API token of the persona instead of a session, and
without one (anon) answer 401.

Personas, for objects of Gent (44021, province Oost-Vlaanderen):
anon, ocmw_own (ocmw.gent), ocmw_other (ocmw.pajottegem, Vlaams-Brabant), vdab_in
(Oost-Vlaanderen), vdab_out (Limburg), admin (beheerder).
"""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from activation.demo import create_demo_results
from activation.models import ActivationPactCall, ActivationPactProject, ImportBatch
from activation.quarters import Quarter
from consultations.planning.services import reset_calendar_token
from ocmw_portal.services import create_api_token, create_user
from tests.conftest import PASSWORD

PERSONAS = ("anon", "ocmw_own", "ocmw_other", "vdab_in", "vdab_out", "admin")
LOGIN = 302
NO_TOKEN = 401

# route name → (path template, expected statuses in PERSONAS order)
MATRIX = {
    "home": ("/", (LOGIN, 302, 302, 302, 302, 302)),
    "healthz": ("/healthz", (200, 200, 200, 200, 200, 200)),
    "login": ("/accounts/login/", (200, 302, 302, 302, 302, 302)),
    "logout": ("/accounts/logout/", (LOGIN, 405, 405, 405, 405, 405)),
    # Aanmelden bij de Vlaamse overheid: open to all, and absent while it is not configured
    # (its flow is tested against a real provider in tests/ocmw_portal/test_acm_login.py).
    "acm_login": ("/accounts/acm/", (404, 404, 404, 404, 404, 404)),
    "acm_callback": ("/accounts/acm/terug/", (404, 404, 404, 404, 404, 404)),
    # What the figures are and the accessibility statement: for everyone logged in.
    "about_figures": ("/over-de-cijfers/", (LOGIN, 200, 200, 200, 200, 200)),
    "accessibility": ("/toegankelijkheid/", (LOGIN, 200, 200, 200, 200, 200)),
    # Dashboards: the municipality's own figures only in full scope.
    "dashboards:overview": ("/dashboards/", (LOGIN, 200, 200, 200, 200, 200)),
    "dashboards:overview_csv": ("/dashboards/export.csv", (LOGIN, 200, 200, 200, 200, 200)),
    "dashboards:overview_xlsx": ("/dashboards/export.xlsx", (LOGIN, 200, 200, 200, 200, 200)),
    "dashboards:explanation": ("/dashboards/uitleg/", (LOGIN, 200, 200, 200, 200, 200)),
    "dashboards:group": ("/dashboards/groepen/{group}/", (LOGIN, 200, 404, 200, 404, 200)),
    "dashboards:municipality": ("/dashboards/44021/", (LOGIN, 200, 404, 200, 404, 200)),
    "dashboards:municipality_csv": (
        "/dashboards/44021/export.csv",
        (LOGIN, 200, 404, 200, 404, 200),
    ),
    "dashboards:municipality_xlsx": (
        "/dashboards/44021/export.xlsx",
        (LOGIN, 200, 404, 200, 404, 200),
    ),
    # Consultation: read within the bodies one takes part in, change only as VDAB in scope.
    "consultations:bodies": ("/overleg/", (LOGIN, 200, 200, 200, 200, 200)),
    "consultations:body": ("/overleg/organen/{body}/", (LOGIN, 200, 404, 200, 404, 200)),
    "consultations:meetings": ("/overleg/vergaderingen/", (LOGIN, 200, 200, 200, 200, 200)),
    "consultations:meeting_create": (
        "/overleg/vergaderingen/nieuw/",
        (LOGIN, 403, 403, 200, 200, 200),
    ),
    "consultations:meeting": (
        "/overleg/vergaderingen/{meeting}/",
        (LOGIN, 200, 404, 200, 404, 200),
    ),
    "consultations:meeting_edit": (
        "/overleg/vergaderingen/{meeting}/bewerken/",
        (LOGIN, 403, 404, 200, 404, 200),
    ),
    "consultations:attachment": (
        "/overleg/bijlagen/{attachment}/",
        (LOGIN, 200, 404, 200, 404, 200),
    ),
    "consultations:outputs": ("/overleg/output/", (LOGIN, 200, 200, 200, 200, 200)),
    # The lists' exports hold what the lists show: everyone's own scope.
    "consultations:meetings_export": (
        "/overleg/vergaderingen/export.csv",
        (LOGIN, 200, 200, 200, 200, 200),
    ),
    "consultations:outputs_export": (
        "/overleg/output/export.xlsx",
        (LOGIN, 200, 200, 200, 200, 200),
    ),
    # Taking part: VDAB plans, deletes and cancels in its provinces; an invited OCMW answers
    # and proposes (POST only: their scoping is in tests/consultations/test_planning.py); a
    # beheerder restores what was deleted.
    "consultations:meeting_plan": (
        "/overleg/vergaderingen/plannen/",
        (LOGIN, 403, 403, 200, 200, 200),
    ),
    "consultations:meeting_delete": (
        "/overleg/vergaderingen/{meeting}/verwijderen/",
        (LOGIN, 403, 404, 200, 404, 200),
    ),
    "consultations:meeting_reply": (
        "/overleg/vergaderingen/{planned}/antwoord/",
        (LOGIN, 405, 405, 405, 405, 405),
    ),
    "consultations:meeting_propose": (
        "/overleg/vergaderingen/{planned}/voorstel/",
        (LOGIN, 405, 405, 405, 405, 405),
    ),
    "consultations:meeting_cancel": (
        "/overleg/vergaderingen/{planned}/annuleren/",
        (LOGIN, 405, 405, 405, 405, 405),
    ),
    "consultations:deleted_meetings": (
        "/overleg/vergaderingen/verwijderd/",
        (LOGIN, 403, 403, 403, 403, 200),
    ),
    "consultations:meeting_restore": (
        "/overleg/vergaderingen/{deleted}/herstellen/",
        (LOGIN, 405, 405, 405, 405, 405),
    ),
    "consultations:my_actions": ("/overleg/mijn-acties/", (LOGIN, 200, 200, 200, 200, 200)),
    "consultations:notifications": ("/overleg/meldingen/", (LOGIN, 200, 200, 200, 200, 200)),
    # A calendar client reads the feed without a session: the token is the key, and the feed
    # holds what its owner (here ocmw.gent) may see, whoever asks.
    "consultations:calendar_feed": (
        "/overleg/agenda/{token}.ics",
        (200, 200, 200, 200, 200, 200),
    ),
    "consultations:search": ("/overleg/zoeken/?q=Arvastat", (LOGIN, 200, 200, 200, 200, 200)),
    "consultations:output": ("/overleg/output/{output}/", (LOGIN, 200, 404, 200, 404, 200)),
    "consultations:report": (
        "/overleg/rapport/?van=2024-01-01&tot=2024-12-31",
        (LOGIN, 200, 200, 200, 200, 200),
    ),
    "consultations:report_export": (
        "/overleg/rapport/export.docx?van=2024-01-01&tot=2024-12-31",
        (LOGIN, 200, 200, 200, 200, 200),
    ),
    # Cooperation: agreements and pact projects are changed by VDAB in scope.
    "cooperation:overview": ("/samenwerking/", (LOGIN, 200, 200, 200, 200, 200)),
    "cooperation:agreement_create": (
        "/samenwerking/overeenkomsten/nieuw/",
        (LOGIN, 403, 403, 200, 200, 200),
    ),
    "cooperation:agreement_edit": (
        "/samenwerking/overeenkomsten/{agreement}/bewerken/",
        (LOGIN, 403, 404, 200, 404, 200),
    ),
    "cooperation:pact_call": (
        "/samenwerking/activeringspact/ronde-1/",
        (LOGIN, 200, 200, 200, 200, 200),
    ),
    "cooperation:pact_project_create": (
        "/samenwerking/activeringspact/projecten/nieuw/",
        (LOGIN, 403, 403, 200, 200, 200),
    ),
    "cooperation:pact_project_edit": (
        "/samenwerking/activeringspact/projecten/{project}/bewerken/",
        (LOGIN, 403, 404, 200, 404, 200),
    ),
    # The quarterly import is for the administrator only.
    "imports:upload": ("/import/", (LOGIN, 403, 403, 403, 403, 200)),
    "imports:history": ("/import/historiek/", (LOGIN, 403, 403, 403, 403, 200)),
    "imports:template_csv": ("/import/sjabloon.csv", (LOGIN, 403, 403, 403, 403, 200)),
    "imports:template_xlsx": ("/import/sjabloon.xlsx", (LOGIN, 403, 403, 403, 403, 200)),
    "imports:detail": ("/import/{batch}/", (LOGIN, 403, 403, 403, 403, 200)),
    "imports:confirm": ("/import/{batch}/bevestigen/", (LOGIN, 403, 403, 403, 403, 405)),
    "imports:cancel": ("/import/{batch}/annuleren/", (LOGIN, 403, 403, 403, 403, 405)),
    "imports:undo": ("/import/{batch}/ongedaan-maken/", (LOGIN, 403, 403, 403, 403, 405)),
    "imports:reimport": ("/import/{batch}/opnieuw-inlezen/", (LOGIN, 403, 403, 403, 403, 405)),
    # The Django admin sends everyone but the administrator to its login address, which sends
    # anonymous users on to the portal's login form and refuses other logged-in users.
    "admin": ("/admin/", (LOGIN, 302, 302, 302, 302, 200)),
    "admin:login": ("/admin/login/", (LOGIN, 403, 403, 403, 403, 302)),
    # Personal API tokens: every user with a role manages their own (revoking by POST only).
    "api_tokens": ("/accounts/api-sleutels/", (LOGIN, 200, 200, 200, 200, 200)),
    "api_token_revoke": (
        "/accounts/api-sleutels/1/intrekken/",
        (LOGIN, 405, 405, 405, 405, 405),
    ),
    # The read API: its schema and docs page are portal pages; its root (django-ninja's, which
    # names the docs' address) is no page.
    "api:api-root": ("/api/v1/", (LOGIN, 404, 404, 404, 404, 404)),
    "api:openapi-json": ("/api/v1/openapi.json", (LOGIN, 200, 200, 200, 200, 200)),
    "api:openapi-view": ("/api/v1/docs", (LOGIN, 200, 200, 200, 200, 200)),
    # Its operations, with a token: scoped as the pages (lists leave out what is outside the
    # scope; /cijfers gives other municipalities' rates without counts, as the map does).
    "api:gemeenten": ("/api/v1/gemeenten", (NO_TOKEN, 200, 200, 200, 200, 200)),
    "api:gemeente": ("/api/v1/gemeenten/44021", (NO_TOKEN, 200, 404, 200, 404, 200)),
    "api:groepen": ("/api/v1/groepen", (NO_TOKEN, 200, 200, 200, 200, 200)),
    "api:groep": ("/api/v1/groepen/{group}", (NO_TOKEN, 200, 404, 200, 404, 200)),
    "api:cijfers": ("/api/v1/cijfers", (NO_TOKEN, 200, 200, 200, 200, 200)),
    "api:groepcijfers": ("/api/v1/groepcijfers", (NO_TOKEN, 200, 200, 200, 200, 200)),
    "api:overlegorganen": ("/api/v1/overlegorganen", (NO_TOKEN, 200, 200, 200, 200, 200)),
    "api:vergaderingen": ("/api/v1/vergaderingen", (NO_TOKEN, 200, 200, 200, 200, 200)),
    "api:vergadering": (
        "/api/v1/vergaderingen/{meeting}",
        (NO_TOKEN, 200, 404, 200, 404, 200),
    ),
    "api:output": ("/api/v1/output", (NO_TOKEN, 200, 200, 200, 200, 200)),
}
# Routes that authenticate with `Authorization: Bearer <token>`, not with a session.
TOKEN_ROUTES = {
    name
    for name, (_, statuses) in MATRIX.items()
    if name.startswith("api:") and NO_TOKEN in statuses
}


def route_names(patterns=None, namespace=""):
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                yield "admin"
                yield "admin:login"  # the admin's own login address, see ocmw_portal.admin_site
                continue
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from route_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern):
            yield f"{namespace}{pattern.name}"


def test_every_route_is_in_the_matrix():
    assert set(route_names()) == set(MATRIX)


@pytest.fixture
def objects(db, settings, tmp_path, ocmw_gent):
    """One object of Gent per kind: its forum and agreement, a meeting of the Gent/Eeklo
    learning network with an attachment and an output, a pact project, an import, and two
    quarters of results for every municipality."""
    from activation.cooperation.services import save_agreement
    from activation.models import CooperationAgreement, LocalGovernment
    from consultations.models import Attachment, ConsultationBody, Meeting

    settings.MEDIA_ROOT = tmp_path
    gent = LocalGovernment.objects.get(pk="44021")
    agreement = save_agreement(
        agreement=CooperationAgreement(
            local_government=gent,
            framework="2020-2025",
            status="lopend",
            signed_on=datetime.date(2020, 1, 1),
            valid_from=datetime.date(2020, 1, 1),
            valid_until=datetime.date(2025, 12, 31),
        ),
        goals=[],
    )
    body = ConsultationBody.objects.get(code="lerend-netwerk-gent-eeklo")
    meeting = Meeting.objects.create(body=body, date=datetime.date(2024, 5, 14), place="Gent")
    meeting.attendees.set([gent])
    output = meeting.outputs.create(kind="actie", title="Arvastat-opleiding", owner="VDAB")
    attachment = Attachment(
        meeting=meeting, original_name="verslag.pdf", content_type="application/pdf", size=9
    )
    attachment.file.save("verslag.pdf", ContentFile(b"%PDF-1.4\n"), save=True)
    call = ActivationPactCall.objects.create(round=1, name="Ronde 1", status="afgesloten")
    project = ActivationPactProject.objects.create(
        call=call,
        title="Gent activeert",
        status="lopend",
        reference_region=gent.benchmark_groups.get(kind="referentieregio"),
    )
    project.participations.create(local_government=gent, call=call)
    create_demo_results(seed=1, last=Quarter(2021, 2))
    batch = ImportBatch.objects.create(
        file_name="k.csv", sha256="0" * 64, status="verwerkt", result_status="definitief"
    )
    planned = Meeting.objects.create(
        body=agreement.forum,
        status="gepland",
        date=datetime.date.today() + datetime.timedelta(days=7),
        place="Gent",
    )
    planned.invited.set([gent])
    deleted = Meeting.objects.create(
        body=body,
        date=datetime.date(2024, 6, 4),
        place="Gent",
        deleted_at=timezone.now(),
        deletion_reason="Dubbel geregistreerd",
    )
    return {
        "planned": planned.pk,
        "deleted": deleted.pk,
        "token": reset_calendar_token(user=ocmw_gent),
        "group": "buren-44021",
        "body": agreement.forum.pk,
        "meeting": meeting.pk,
        "attachment": attachment.pk,
        "output": output.pk,
        "agreement": agreement.pk,
        "project": project.pk,
        "batch": batch.pk,
    }


@pytest.fixture
def personas(db, ocmw_gent, ocmw_pajottegem, nm_oost, beheerder):
    nm_limburg = create_user(
        username="netwerkmanager.limburg", password=PASSWORD, role="vdab", provinces=["70000"]
    )
    return {
        "anon": None,
        "ocmw_own": ocmw_gent,
        "ocmw_other": ocmw_pajottegem,
        "vdab_in": nm_oost,
        "vdab_out": nm_limburg,
        "admin": beheerder,
    }


@pytest.mark.parametrize("route", sorted(MATRIX))
def test_each_persona_gets_the_expected_status(client, objects, personas, route):
    template, expected = MATRIX[route]
    path = template.format(**objects)
    got = []
    for name in PERSONAS:
        client.logout()
        headers = {}
        if personas[name] is not None and route in TOKEN_ROUTES:
            token = create_api_token(user=personas[name], name="matrix")[1]
            headers["HTTP_AUTHORIZATION"] = f"Bearer {token}"
        elif personas[name] is not None:
            client.force_login(personas[name], backend="ocmw_portal.backends.PortalBackend")
        got.append(client.get(path, **headers).status_code)
    assert dict(zip(PERSONAS, got, strict=True)) == dict(zip(PERSONAS, expected, strict=True))

"""On a phone (390 × 844 CSS pixels) every page of the portal fits the screen's width, and
axe-core finds no serious or critical violation on it.

The pages are read from the URL configuration: a route without parameters is walked as soon as
it exists, a route with parameters as soon as ARGUMENTS says which demo object fills them, and a
route that is neither walked nor set aside in NOT_PAGES makes the first test fail. Each page is
opened once, by the persona who sees the most on it: the administrator for the import, Gent's
OCMW for its own dashboard, VDAB for all Flanders for the rest. ALSO adds a page a route shows
another persona, such as a planned meeting with the forms of the OCMW it invites.
"""

import datetime
import json
import subprocess
import sys

from django.contrib.auth.models import User
from django.db.models import Count
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from activation.models import ActivationPactCall, ActivationPactProject, CooperationAgreement
from activation.quarters import Quarter
from consultations.models import ConsultationBody, Meeting, Output
from ocmw_portal import access
from tests.e2e.conftest import DEMO_PASSWORD, ROOT, serious_violations

PHONE = {"width": 390, "height": 844}
ADMIN, VDAB, OCMW, ANONYMOUS = "beheerder", "netwerkmanager.vlaanderen", "ocmw.gent", None

# Routes that are no page to look at on a phone, and why.
NOT_PAGES = {
    "home": "sends each user on to a dashboard or the overview, which are walked",
    "healthz": "plain text for the monitoring",
    "logout": "POST only",
    "acm_login": "the ACM/IDM login, absent while unconfigured: tests/e2e/test_acm_login.py",
    "acm_callback": "the provider's answer, absent while unconfigured: test_acm_login.py",
    "dashboards:overview_csv": "download",
    "dashboards:overview_xlsx": "download",
    "dashboards:municipality_csv": "download",
    "dashboards:municipality_xlsx": "download",
    "consultations:attachment": "download",
    "consultations:report_export": "download",
    "consultations:meetings_export": "download",
    "consultations:outputs_export": "download",
    "consultations:calendar_feed": "iCal for calendar clients, read without a session",
    "consultations:meeting_reply": "POST only",
    "consultations:meeting_propose": "POST only",
    "consultations:meeting_cancel": "POST only",
    "consultations:meeting_restore": "POST only",
    "imports:template_csv": "download",
    "imports:template_xlsx": "download",
    "imports:confirm": "POST only",
    "imports:cancel": "POST only",
    "imports:undo": "POST only",
    "imports:reimport": "POST only",
    "admin": "Django's own admin, kept for the administrator on a computer",
    "api_token_revoke": "POST only",
    "api:api-root": "django-ninja's root, no page outside DEBUG (404 in the access matrix)",
    "api:openapi-json": "the API's schema, JSON for partners' tools",
    "api:gemeenten": "JSON for partners' tools, read with a token: tests/api",
    "api:gemeente": "JSON for partners' tools, read with a token: tests/api",
    "api:groepen": "JSON for partners' tools, read with a token: tests/api",
    "api:groep": "JSON for partners' tools, read with a token: tests/api",
    "api:cijfers": "JSON for partners' tools, read with a token: tests/api",
    "api:groepcijfers": "JSON for partners' tools, read with a token: tests/api",
    "api:overlegorganen": "JSON for partners' tools, read with a token: tests/api",
    "api:vergaderingen": "JSON for partners' tools, read with a token: tests/api",
    "api:vergadering": "JSON for partners' tools, read with a token: tests/api",
    "api:output": "JSON for partners' tools, read with a token: tests/api",
}

# Who opens a page, when it is not VDAB for all Flanders.
PERSONAS = {
    "login": ANONYMOUS,
    "dashboards:municipality": OCMW,
    # Only a beheerder sees the deleted meetings.
    "consultations:deleted_meetings": ADMIN,
}
NAMESPACE_PERSONAS = {"imports": ADMIN}

# How a route's parameters (and query) are filled from the demo objects of `demo_objects`.
ARGUMENTS = {
    "dashboards:group": lambda o: ({"code": o["group"]}, ""),
    "dashboards:municipality": lambda o: ({"nis_code": o["nis_code"]}, ""),
    "consultations:body": lambda o: ({"pk": o["body"]}, ""),
    "consultations:meeting": lambda o: ({"pk": o["meeting"]}, ""),
    "consultations:meeting_edit": lambda o: ({"pk": o["meeting"]}, ""),
    # Its page only asks for the reason: nothing is deleted by opening it.
    "consultations:meeting_delete": lambda o: ({"pk": o["meeting"]}, ""),
    # Step 2, the form itself: step 1 is the body choice that meeting_create shows too.
    "consultations:meeting_plan": lambda o: ({}, f"?orgaan={o['body']}"),
    "consultations:search": lambda o: ({}, "?q=Gent"),
    "consultations:output": lambda o: ({"pk": o["output"]}, ""),
    "consultations:report": lambda o: ({}, f"?van={o['year']}-01-01&tot={o['year']}-12-31"),
    "cooperation:agreement_edit": lambda o: ({"pk": o["agreement"]}, ""),
    "cooperation:pact_call": lambda o: ({"round": o["pact_round"]}, ""),
    "cooperation:pact_project_edit": lambda o: ({"pk": o["project"]}, ""),
    # The preview of an import: a file the walk uploads, which it cancels afterwards.
    "imports:detail": lambda o: ({"pk": o["preview"]}, ""),
}

# Pages walked besides the one of each route, when a route shows another page to another
# persona: (route, persona, how its parameters are filled).
ALSO = [
    # A planned meeting as an OCMW it invites sees it: the forms 'Komt u?' and the proposal.
    ("consultations:meeting", OCMW, lambda o: ({"pk": o["planned"]}, "")),
]


def routes(patterns=None, namespace=""):
    """(route name, whether it takes parameters) for every route of the URL configuration."""
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                yield "admin", True
                continue
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from routes(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern):
            yield f"{namespace}{pattern.name}", bool(pattern.pattern.regex.groupindex)


def walked_routes():
    return sorted(name for name, _ in routes() if name not in NOT_PAGES)


def persona_of(route):
    namespace = route.split(":")[0] if ":" in route else ""
    return PERSONAS.get(route, NAMESPACE_PERSONAS.get(namespace, VDAB))


def test_every_route_is_walked_or_set_aside():
    names = dict(routes())
    assert set(NOT_PAGES) <= set(names), "NOT_PAGES names a route that no longer exists"
    unfilled = [name for name in walked_routes() if names[name] and name not in ARGUMENTS]
    assert unfilled == [], (
        "these routes take parameters: say in ARGUMENTS which demo object fills them, "
        "or set them aside in NOT_PAGES"
    )
    assert set(ARGUMENTS) <= set(walked_routes())
    assert {route for route, _, _ in ALSO} <= set(walked_routes())


def demo_objects():
    """The demo objects whose pages show the most, read in the portal server's database."""
    own = access.own_local_government_list(User.objects.get(username=OCMW))[0]
    meeting = Meeting.objects.annotate(n=Count("outputs", distinct=True)).order_by("-n", "pk")
    output = Output.objects.annotate(n=Count("follow_ups")).order_by("-n", "pk")
    project = ActivationPactProject.objects.annotate(n=Count("participations"))
    return {
        "nis_code": own.nis_code,
        "group": own.benchmark_groups.get(kind="referentieregio").code,
        # A forum: its page also names its agreement.
        "body": ConsultationBody.objects.filter(agreement__isnull=False)
        .annotate(n=Count("meetings"))
        .order_by("-n", "pk")
        .first()
        .pk,
        "meeting": meeting.first().pk,
        # The nearest planned meeting to which Gent is invited.
        "planned": Meeting.objects.filter(status=Meeting.Status.PLANNED, invited=own)
        .order_by("date", "pk")
        .first()
        .pk,
        "output": output.first().pk,
        "year": datetime.date.today().year - 1,
        "agreement": CooperationAgreement.objects.filter(local_government=own).first().pk,
        "pact_round": ActivationPactCall.objects.first().round,
        "project": project.order_by("-n", "pk").first().pk,
        "quarter": str(Quarter.last_complete()),
        "changed": own.nis_code,
    }


def _read_demo_objects(portal_env):
    script = (
        "import json, django; django.setup(); "
        "from tests.e2e.test_phone_walk import demo_objects; print(json.dumps(demo_objects()))"
    )
    env = {**portal_env, "DJANGO_SETTINGS_MODULE": "ocmw_portal.settings"}
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, check=True, capture_output=True
    )
    return json.loads(done.stdout)


# What sticks out on the right, for the message: the innermost elements past the screen's edge
# that no scrolling region around them holds in.
TOO_WIDE = """() => {
  const width = document.documentElement.clientWidth;
  const held = (e) => {
    if (["absolute", "fixed"].includes(getComputedStyle(e).position)) return false;
    for (let p = e.parentElement; p; p = p.parentElement) {
      if (getComputedStyle(p).overflowX !== "visible") return true;
    }
    return false;
  };
  const wide = [...document.querySelectorAll("body *")].filter(
    (e) => e.getBoundingClientRect().right > width + 0.5 && !held(e)
  );
  const innermost = wide.filter((e) => !wide.some((other) => other !== e && e.contains(other)));
  return innermost.slice(0, 3).map((e) => {
    const name = e.tagName.toLowerCase() + (e.className ? "." + [...e.classList].join(".") : "");
    return `${name} (${Math.round(e.getBoundingClientRect().right)} px)`;
  });
}"""


def _upload_preview(page, objects):
    """Upload a small file as a preview: new values, a kept empty cell and a name warning."""
    header = "nis_code;gemeente;kwartaal;llg_totaal;llg_ingeschreven"
    line = f"{objects['changed']};Een andere naam;{objects['quarter']};99999;"
    page.goto("/import/")
    upload = {"name": "telefoon.csv", "mimeType": "text/csv", "buffer": f"{header}\n{line}\n"}
    upload["buffer"] = upload["buffer"].encode()
    page.get_by_label("Bestand met kwartaalresultaten").set_input_files(files=[upload])
    with page.expect_navigation():
        page.get_by_role("button", name="Voorbeeld tonen").click()
    return int(page.url.rstrip("/").rsplit("/", 1)[1])


def _no_arguments(objects):
    return {}, ""


def walks():
    """(route, persona, how its parameters are filled) of every page the walk opens."""
    return [
        (route, persona_of(route), ARGUMENTS.get(route, _no_arguments)) for route in walked_routes()
    ] + ALSO


def test_every_page_fits_a_phone_without_serious_violations(browser, portal_url, portal_env):
    objects = _read_demo_objects(portal_env)
    pages = {}
    for persona in {persona for _, persona, _ in walks()}:
        context = browser.new_context(base_url=portal_url, viewport=PHONE, locale="nl-BE")
        pages[persona] = context.new_page()
        if persona is not ANONYMOUS:
            log_in = pages[persona]
            log_in.goto("/accounts/login/")
            log_in.get_by_label("Gebruikersnaam").fill(persona)
            log_in.get_by_label("Wachtwoord").fill(DEMO_PASSWORD)
            log_in.get_by_role("button", name="Aanmelden").click()
            log_in.wait_for_load_state()
    objects["preview"] = _upload_preview(pages[persona_of("imports:detail")], objects)

    problems = []
    for route, persona, arguments in walks():
        kwargs, query = arguments(objects)
        path = reverse(route, kwargs=kwargs) + query
        page = pages[persona]
        response = page.goto(path)
        if response.status != 200:
            problems.append(f"{path} as {persona}: status {response.status}")
            continue
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            problems.append(f"{path}: {width} px wide, {', '.join(page.evaluate(TOO_WIDE))}")
        problems += [f"{path}: {violation}" for violation in serious_violations(page)]

    preview = pages[persona_of("imports:detail")]
    preview.goto(reverse("imports:detail", kwargs={"pk": objects["preview"]}))
    with preview.expect_navigation():
        preview.get_by_role("button", name="Annuleren").click()
    for page in pages.values():
        page.context.close()
    assert problems == [], "\n".join(problems)

import sys

from django.conf import settings
from django.contrib import auth, messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import Http404, HttpResponse, HttpResponseServerError
from django.shortcuts import redirect, render
from django.template import loader
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from activation.indicators import COUNT_LABELS, INDICATORS, PER_THOUSAND, POPULATION_YEAR
from ocmw_portal import access, accounts, services
from ocmw_portal.forms import ApiTokenForm
from ocmw_portal.models import ApiToken


def home(request):
    """OCMW staff land on their own dashboard, everyone else on the overview."""
    if access.is_ocmw(request.user):
        own = access.own_local_government_list(request.user)
        if own:
            return redirect("dashboards:municipality", nis_code=own[0].nis_code)
    return redirect("dashboards:overview")


@access.role_required(*access.ROLES)
@require_GET
def about_figures(request):
    """Over de cijfers en bronnen: what the figures are, where they and the reference data
    come from, and the rule that withholds small numbers."""
    indicators = [
        {
            "indicator": indicator,
            "numerator": COUNT_LABELS[indicator.numerator],
            "denominator": COUNT_LABELS[indicator.denominator],
        }
        for indicator in INDICATORS
    ]
    context = {
        "indicators": indicators,
        "context_indicator": PER_THOUSAND,
        "population_year": POPULATION_YEAR,
        "min_denominator": settings.PORTAL_MIN_DENOMINATOR,
    }
    return render(request, "pages/about_figures.html", context)


@access.role_required(*access.ROLES)
@require_GET
def accessibility(request):
    """The accessibility statement that Flemish public bodies publish for their websites."""
    context = {"contact": settings.PORTAL_ACCESSIBILITY_CONTACT}
    return render(request, "pages/accessibility.html", context)


@login_not_required
@require_GET
@never_cache
def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return HttpResponse("database unavailable", status=503, content_type="text/plain")
    return HttpResponse("ok", content_type="text/plain")


def server_error(request):
    """The 500 page; while the database does not answer, a 503 page that says so.

    Django calls this handler for any exception that nothing caught, also those raised while
    a middleware reads the session, which is where most requests meet a database outage. The
    page is rendered without the request, as Django's own handler does: nothing in it needs
    the database.
    """
    if _database_unavailable(sys.exc_info()[1]):
        page = loader.get_template("503.html").render()
        response = HttpResponse(page, status=503)
        response["Retry-After"] = "10"
        return response
    return HttpResponseServerError(loader.get_template("500.html").render())


def _database_unavailable(error):
    """Did `error` come from a database that does not answer?

    A refused or broken connection is an OperationalError or InterfaceError; a query after a
    connection broke inside a transaction raises another DatabaseError, and then the
    connection no longer answers either.
    """
    if isinstance(error, OperationalError | InterfaceError):
        return True
    if not isinstance(error, DatabaseError):
        return False
    try:
        return not connection.is_usable()
    except Exception:  # no connection at all: it was closed after the error
        return True


# Logging in and out ------------------------------------------------------------------------------

LOCAL_LOGIN_OFF = (
    "Meld u aan met uw Vlaamse overheid-account: het aanmelden met een wachtwoord van het portaal "
    "staat alleen nog open voor beheerders."
)
ACM_NEXT = "acm_next"


class PortalAuthenticationForm(AuthenticationForm):
    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        if not settings.PORTAL_LOCAL_LOGIN and not user.is_superuser:
            raise ValidationError(LOCAL_LOGIN_OFF, code="local_login_off")


class PortalLoginView(auth_views.LoginView):
    """The login page: "Aanmelden met uw Vlaamse overheid-account" first when ACM/IDM is
    configured, the local form below it (for superusers only with PORTAL_LOCAL_LOGIN=false)."""

    authentication_form = PortalAuthenticationForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "acm_enabled": accounts.enabled(),
            "local_login": settings.PORTAL_LOCAL_LOGIN or not accounts.enabled(),
        }


def _safe_next(request, candidate):
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse("home")


@login_not_required
@require_GET
def acm_login(request):
    """Start of "Aanmelden bij de Vlaamse overheid": to the provider, with state, nonce and
    PKCE kept in the session."""
    if not accounts.enabled():
        raise Http404("Aanmelden met een Vlaamse overheid-account is niet ingesteld.")
    request.session[ACM_NEXT] = _safe_next(request, request.GET.get("next"))
    try:
        return accounts.client().authorize_redirect(
            request, request.build_absolute_uri(reverse("acm_callback"))
        )
    except accounts.REFUSED:
        return render(request, "registration/acm_refused.html", {"unreachable": True}, status=503)


@login_not_required
@require_GET
@never_cache
def acm_callback(request):
    """Back from the provider: the code is exchanged and the ID token checked; a forged or
    replayed answer is refused and nobody is logged in."""
    if not accounts.enabled():
        raise Http404("Aanmelden met een Vlaamse overheid-account is niet ingesteld.")
    try:
        token = accounts.client().authorize_access_token(request)
        claims = dict(token["userinfo"])
    except accounts.REFUSED:
        auth.logout(request)
        return render(request, "registration/acm_refused.html", status=400)
    user, grant = accounts.sync_user(
        issuer=settings.PORTAL_OIDC_ISSUER, claims=claims, request=request
    )
    if grant.role is None or not user.is_active:
        auth.logout(request)
        context = {"contact": settings.PORTAL_ACCESS_CONTACT}
        return render(request, "registration/no_access.html", context, status=403)
    next_url = request.session.pop(ACM_NEXT, None)
    auth.login(request, user, backend="ocmw_portal.backends.PortalBackend")
    request.session[accounts.SESSION_ID_TOKEN] = token.get("id_token", "")
    return redirect(_safe_next(request, next_url))


@require_POST
def logout(request):
    """Log out of the portal and, after an ACM login, of the provider's session too."""
    id_token = request.session.get(accounts.SESSION_ID_TOKEN)
    auth.logout(request)
    login_url = request.build_absolute_uri(reverse("login"))
    if id_token and accounts.enabled():
        try:
            ending = accounts.client().create_logout_url(
                post_logout_redirect_uri=login_url, id_token_hint=id_token
            )
        except (RuntimeError, *accounts.REFUSED):
            return redirect("login")
        return redirect(ending["url"])
    return redirect("login")


# Personal API tokens ----------------------------------------------------------------------------


@access.role_required(*access.ROLES)
@require_http_methods(["GET", "POST"])
@never_cache
def api_tokens(request):
    """API-sleutels: the user's tokens for the read API, and a new one, shown once."""
    form = ApiTokenForm(request.POST or None)
    new_token = None
    if request.method == "POST" and form.is_valid():
        token, new_token = services.create_api_token(
            user=request.user, name=form.cleaned_data["name"], by=request.user, request=request
        )
        form = ApiTokenForm()
    return render(
        request,
        "registration/api_tokens.html",
        {
            "form": form,
            "tokens": ApiToken.objects.filter(user=request.user),
            "new_token": new_token,
            "rate": settings.PORTAL_API_RATE_PER_MINUTE,
            "docs_url": reverse("api:openapi-view"),
        },
        status=400 if form.is_bound and not form.is_valid() else 200,
    )


@access.role_required(*access.ROLES)
@require_POST
def api_token_revoke(request, token_id):
    token = services.revoke_api_token(
        user=request.user, token_id=token_id, by=request.user, request=request
    )
    messages.success(request, f"De API-sleutel „{token.name}” is ingetrokken: ze werkt niet meer.")
    return redirect("api_tokens")

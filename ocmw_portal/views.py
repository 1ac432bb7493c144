import sys

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpResponse, HttpResponseServerError
from django.shortcuts import redirect, render
from django.template import loader
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from activation.indicators import COUNT_LABELS, INDICATORS
from ocmw_portal import access


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
    context = {"indicators": indicators, "min_denominator": settings.PORTAL_MIN_DENOMINATOR}
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

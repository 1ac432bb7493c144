from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, connection
from django.http import HttpResponse
from django.shortcuts import redirect
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from ocmw_portal import access


def home(request):
    """OCMW staff land on their own dashboard, everyone else on the overview."""
    if access.is_ocmw(request.user):
        own = access.own_local_government_list(request.user)
        if own:
            return redirect("dashboards:municipality", nis_code=own[0].nis_code)
    return redirect("dashboards:overview")


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

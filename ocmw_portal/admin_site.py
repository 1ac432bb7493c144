"""The Django admin, with the portal's one login form in front of it."""

from urllib.parse import urlencode

from django.contrib import admin
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, resolve_url
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache


class PortalAdminSite(admin.AdminSite):
    site_header = "OCMW–VDAB portaal: beheer"
    site_title = "OCMW–VDAB portaal"
    index_title = "Beheer"

    @method_decorator(never_cache)
    @login_not_required
    def login(self, request, extra_context=None):
        """No second login form: /admin/login/ sends to the portal's own, with its lockout.

        A logged-in user who is no administrator gets 403: sending them to the login page
        again would loop, as the login page sends logged-in users on to `next`.
        """
        next_url = request.GET.get(REDIRECT_FIELD_NAME, "")
        if not url_has_allowed_host_and_scheme(
            next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            next_url = resolve_url("admin:index")
        if request.user.is_authenticated:
            if self.has_permission(request):
                return redirect(next_url)
            raise PermissionDenied("Het beheer is voorbehouden aan de functioneel beheerder.")
        query = urlencode({REDIRECT_FIELD_NAME: next_url}, safe="/")
        return redirect(f"{resolve_url('login')}?{query}")

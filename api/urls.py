"""The API's routes. Its operations authenticate by token, not by session: the portal's
LoginRequiredMiddleware leaves them to the API (401 without a token rather than the login
page). The schema and the docs page are pages of the portal, for users logged in."""

from django.urls import URLPattern

from api.views import api

# The root (django-ninja sends a browser on to the docs under DEBUG, else 404), the schema and
# the docs page.
DOCS = {"api-root", "openapi-json", "openapi-view"}


def _patterns() -> list[URLPattern]:
    patterns, _, _ = api.urls
    for pattern in patterns:
        if isinstance(pattern, URLPattern) and pattern.name not in DOCS:
            pattern.callback.login_required = False  # type: ignore[attr-defined]
    return patterns  # type: ignore[return-value]


urlpatterns = _patterns()
app_name = "api"

from django.contrib import admin
from django.urls import include, path

from ocmw_portal import views

handler500 = "ocmw_portal.views.server_error"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("over-de-cijfers/", views.about_figures, name="about_figures"),
    path("toegankelijkheid/", views.accessibility, name="accessibility"),
    path("accounts/login/", views.PortalLoginView.as_view(), name="login"),
    path("accounts/logout/", views.logout, name="logout"),
    path("accounts/acm/", views.acm_login, name="acm_login"),
    path("accounts/acm/terug/", views.acm_callback, name="acm_callback"),
    path("accounts/api-sleutels/", views.api_tokens, name="api_tokens"),
    path(
        "accounts/api-sleutels/<int:token_id>/intrekken/",
        views.api_token_revoke,
        name="api_token_revoke",
    ),
    path("dashboards/", include("dashboards.urls")),
    path("overleg/", include("consultations.urls")),
    path("samenwerking/", include("activation.cooperation.urls")),
    path("import/", include("activation.imports.urls")),
    path("api/v1/", include("api.urls")),
    path("admin/", admin.site.urls),
]

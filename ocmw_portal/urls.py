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
    path("dashboards/", include("dashboards.urls")),
    path("overleg/", include("consultations.urls")),
    path("samenwerking/", include("activation.cooperation.urls")),
    path("import/", include("activation.imports.urls")),
    path("admin/", admin.site.urls),
]

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from ocmw_portal import views

handler500 = "ocmw_portal.views.server_error"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("over-de-cijfers/", views.about_figures, name="about_figures"),
    path("toegankelijkheid/", views.accessibility, name="accessibility"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("dashboards/", include("dashboards.urls")),
    path("overleg/", include("consultations.urls")),
    path("samenwerking/", include("activation.cooperation.urls")),
    path("import/", include("activation.imports.urls")),
    path("admin/", admin.site.urls),
]

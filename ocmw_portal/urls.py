from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from ocmw_portal import views

admin.site.site_header = "OCMW–VDAB portaal: beheer"
admin.site.site_title = "OCMW–VDAB portaal"
admin.site.index_title = "Beheer"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("dashboards/", include("dashboards.urls")),
    path("overleg/", include("consultations.urls")),
    path("samenwerking/", include("consultations.cooperation_urls")),
    path("import/", include("activation.urls")),
    path("admin/", admin.site.urls),
]

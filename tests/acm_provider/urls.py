from django.contrib.auth import views as auth_views
from django.urls import include, path, re_path

from tests.acm_provider import keys

urlpatterns = [
    path("login/", auth_views.LoginView.as_view(), name="login"),
    # The keys the provider publishes; the signing key left out when a test forges.
    re_path(r"^jwks/?$", keys.PublishedKeys.as_view()),
    path("", include("oidc_provider.urls", namespace="oidc_provider")),
]

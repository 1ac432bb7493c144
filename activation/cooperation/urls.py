from django.urls import path

from activation.cooperation import views

app_name = "cooperation"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("overeenkomsten/nieuw/", views.agreement_create, name="agreement_create"),
    path("overeenkomsten/<int:pk>/bewerken/", views.agreement_edit, name="agreement_edit"),
    path("activeringspact/ronde-<int:round>/", views.pact_call, name="pact_call"),
    path("activeringspact/projecten/nieuw/", views.pact_project_create, name="pact_project_create"),
    path(
        "activeringspact/projecten/<int:pk>/bewerken/",
        views.pact_project_edit,
        name="pact_project_edit",
    ),
]

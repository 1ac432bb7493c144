from django.urls import path

from dashboards import views

app_name = "dashboards"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("export.csv", views.overview_export, {"file_format": "csv"}, name="overview_csv"),
    path("export.xlsx", views.overview_export, {"file_format": "xlsx"}, name="overview_xlsx"),
    path("uitleg/", views.explanation, name="explanation"),
    path("groepen/<slug:code>/", views.group, name="group"),
    path("<str:nis_code>/", views.municipality, name="municipality"),
    path(
        "<str:nis_code>/export.csv",
        views.municipality_export,
        {"file_format": "csv"},
        name="municipality_csv",
    ),
    path(
        "<str:nis_code>/export.xlsx",
        views.municipality_export,
        {"file_format": "xlsx"},
        name="municipality_xlsx",
    ),
]

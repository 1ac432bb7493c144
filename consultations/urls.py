from django.urls import path

from consultations import views

app_name = "consultations"

urlpatterns = [
    path("", views.body_list, name="bodies"),
    path("organen/<int:pk>/", views.body_detail, name="body"),
    path("vergaderingen/", views.meeting_list, name="meetings"),
    path("vergaderingen/nieuw/", views.meeting_create, name="meeting_create"),
    path("vergaderingen/<int:pk>/", views.meeting_detail, name="meeting"),
    path("vergaderingen/<int:pk>/bewerken/", views.meeting_edit, name="meeting_edit"),
    path("bijlagen/<int:pk>/", views.attachment_download, name="attachment"),
    path("output/", views.output_list, name="outputs"),
    path("output/<int:pk>/", views.output_detail, name="output"),
    path("rapport/", views.report, name="report"),
    path("rapport/export.<str:fmt>", views.report_export, name="report_export"),
]

from django.urls import path

from consultations import views
from consultations.planning import views as planning

app_name = "consultations"

urlpatterns = [
    path("", views.body_list, name="bodies"),
    path("organen/<int:pk>/", views.body_detail, name="body"),
    path("vergaderingen/", views.meeting_list, name="meetings"),
    path("vergaderingen/export.<str:fmt>", views.meetings_export, name="meetings_export"),
    path("vergaderingen/nieuw/", views.meeting_create, name="meeting_create"),
    path("vergaderingen/plannen/", planning.meeting_plan, name="meeting_plan"),
    path("vergaderingen/verwijderd/", planning.deleted_meetings, name="deleted_meetings"),
    path("vergaderingen/<int:pk>/", views.meeting_detail, name="meeting"),
    path("vergaderingen/<int:pk>/bewerken/", planning.meeting_edit, name="meeting_edit"),
    path("vergaderingen/<int:pk>/antwoord/", planning.meeting_reply, name="meeting_reply"),
    path("vergaderingen/<int:pk>/voorstel/", planning.meeting_propose, name="meeting_propose"),
    path("vergaderingen/<int:pk>/annuleren/", planning.meeting_cancel, name="meeting_cancel"),
    path("vergaderingen/<int:pk>/verwijderen/", planning.meeting_delete, name="meeting_delete"),
    path("vergaderingen/<int:pk>/herstellen/", planning.meeting_restore, name="meeting_restore"),
    path("bijlagen/<int:pk>/", views.attachment_download, name="attachment"),
    path("output/", views.output_list, name="outputs"),
    path("output/export.<str:fmt>", views.outputs_export, name="outputs_export"),
    path("output/<int:pk>/", views.output_detail, name="output"),
    path("mijn-acties/", planning.my_actions, name="my_actions"),
    path("meldingen/", planning.notifications, name="notifications"),
    path("agenda/<str:token>.ics", planning.calendar_feed, name="calendar_feed"),
    path("zoeken/", planning.search_page, name="search"),
    path("rapport/", views.report, name="report"),
    path("rapport/export.<str:fmt>", views.report_export, name="report_export"),
]

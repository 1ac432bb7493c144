from django.urls import path

from activation.imports import views

app_name = "imports"

urlpatterns = [
    path("", views.upload, name="upload"),
    path("historiek/", views.history, name="history"),
    path("sjabloon.csv", views.template_csv, name="template_csv"),
    path("sjabloon.xlsx", views.template_xlsx, name="template_xlsx"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/bevestigen/", views.confirm, name="confirm"),
    path("<int:pk>/annuleren/", views.cancel, name="cancel"),
    path("<int:pk>/ongedaan-maken/", views.undo, name="undo"),
    path("<int:pk>/opnieuw-inlezen/", views.reimport, name="reimport"),
]

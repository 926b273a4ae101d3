from django.urls import path

from closeknit.safety import views

app_name = "safety"

urlpatterns = [
    path("", views.index, name="index"),
    path("check/", views.check, name="check"),
    path("support/", views.support, name="support"),
]

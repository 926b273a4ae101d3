from django.urls import path

from closeknit.occasions import views

app_name = "occasions"

urlpatterns = [
    path("", views.occasions_view, name="list"),
    path("<id:occasion_id>/delete/", views.occasion_delete_view, name="delete"),
]

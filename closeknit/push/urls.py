from django.urls import path

from closeknit.push import views

app_name = "push"

urlpatterns = [
    path("devices/<id:subscription_id>/remove/", views.remove, name="remove"),
]

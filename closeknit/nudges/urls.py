from django.urls import path

from closeknit.nudges import views, wayback_views

app_name = "nudges"

urlpatterns = [
    path("", views.centre, name="centre"),
    path("act/", views.act, name="act"),
    path("waiting/<id:item_id>/dismiss/", views.dismiss, name="dismiss"),
    path("way-back/", wayback_views.send, name="way_back_send"),
    path("settings/", views.preferences, name="preferences"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]

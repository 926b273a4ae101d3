from django.urls import path

from closeknit.intimacy import views

app_name = "intimacy"

urlpatterns = [
    path("", views.index_view, name="index"),
    path("privacy/", views.privacy_view, name="privacy"),
    path("affection/", views.affection_view, name="affection"),
    path("list/", views.list_view, name="list"),
    path("list/answer/", views.answer_view, name="answer"),
    path("list/settings/", views.settings_view, name="settings"),
    path("list/clear/", views.clear_view, name="clear"),
    path("matches/", views.matches_view, name="matches"),
    path("not-now/", views.not_now_view, name="not_now"),
]

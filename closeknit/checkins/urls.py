from django.urls import path

from closeknit.checkins import views

app_name = "checkins"

urlpatterns = [
    path("", views.index_view, name="index"),
    path("step/", views.step_view, name="step"),
    path("frequency/", views.preference_view, name="preference"),
    path("<id:checkin_id>/", views.detail_view, name="detail"),
]

from django.urls import path

from closeknit.insights import views

app_name = "insights"

urlpatterns = [
    path("", views.index_view, name="index"),
    path("trends/", views.trends_view, name="trends"),
    path("week/", views.report_view, name="report"),
]

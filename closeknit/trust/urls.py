from django.urls import path  # noqa: F401 - routes are added as the toolkit grows

app_name = "trust"

urlpatterns: list = []

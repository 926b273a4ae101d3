from django.apps import AppConfig


class CheckinsConfig(AppConfig):
    name = "closeknit.checkins"
    label = "checkins"

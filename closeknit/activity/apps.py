from django.apps import AppConfig


class ActivityConfig(AppConfig):
    name = "closeknit.activity"
    label = "activity"

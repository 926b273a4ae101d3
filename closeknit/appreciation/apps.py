from django.apps import AppConfig


class AppreciationConfig(AppConfig):
    name = "closeknit.appreciation"
    label = "appreciation"

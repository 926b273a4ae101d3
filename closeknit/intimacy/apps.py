from django.apps import AppConfig


class IntimacyConfig(AppConfig):
    name = "closeknit.intimacy"
    label = "intimacy"

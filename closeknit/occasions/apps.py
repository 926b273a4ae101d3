from django.apps import AppConfig


class OccasionsConfig(AppConfig):
    name = "closeknit.occasions"
    label = "occasions"

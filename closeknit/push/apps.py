from django.apps import AppConfig


class PushConfig(AppConfig):
    name = "closeknit.push"
    label = "push"

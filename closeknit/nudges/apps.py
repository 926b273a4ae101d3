from django.apps import AppConfig


class NudgesConfig(AppConfig):
    name = "closeknit.nudges"
    label = "nudges"

from django.apps import AppConfig


class GoalsConfig(AppConfig):
    name = "closeknit.goals"
    label = "goals"

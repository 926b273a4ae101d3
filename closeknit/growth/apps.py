from django.apps import AppConfig


class GrowthConfig(AppConfig):
    name = "closeknit.growth"
    label = "growth"

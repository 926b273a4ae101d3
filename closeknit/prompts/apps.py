from django.apps import AppConfig


class PromptsConfig(AppConfig):
    name = "closeknit.prompts"
    label = "prompts"

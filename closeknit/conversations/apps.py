from django.apps import AppConfig


class ConversationsConfig(AppConfig):
    name = "closeknit.conversations"
    label = "conversations"

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "closeknit.accounts"
    label = "accounts"

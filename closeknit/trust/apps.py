from django.apps import AppConfig


class TrustConfig(AppConfig):
    name = "closeknit.trust"
    label = "trust"

from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "closeknit.core"
    label = "core"

    def ready(self) -> None:
        from closeknit.core import checks  # noqa: F401 - registers the deploy checks
        from closeknit.lib import converters

        converters.register()  # before any urls.py is read: they use <id:...>

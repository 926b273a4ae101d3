"""Hooks each Closeknit app may offer in its own `lifecycle.py`.

- `export_user_data(*, user) -> dict | list`: that app's part of "export all my data".
- `on_couple_left(*, user, couple, entries_stay) -> None`: a person left `couple`; when
  `entries_stay` is False their entries must leave the shared history with them.

Explicit calls from the services that own those moments, not signals, so the order and
the transaction are visible where the work starts.
"""

from collections.abc import Iterator
from importlib import import_module
from types import ModuleType
from typing import Any

from django.apps import apps
from django.utils.module_loading import module_has_submodule


def _modules() -> Iterator[tuple[str, ModuleType]]:
    for config in apps.get_app_configs():
        if config.name.startswith("closeknit.") and module_has_submodule(
            config.module, "lifecycle"
        ):
            yield config.label, import_module(f"{config.name}.lifecycle")


def collect_exports(*, user: Any) -> dict[str, Any]:
    return {
        label: module.export_user_data(user=user)
        for label, module in _modules()
        if hasattr(module, "export_user_data")
    }


def notify_couple_left(*, user: Any, couple: Any, entries_stay: bool) -> None:
    for _label, module in _modules():
        if hasattr(module, "on_couple_left"):
            module.on_couple_left(user=user, couple=couple, entries_stay=entries_stay)

"""Every piece of wording Closeknit ships as content, gathered in one place for the checks
that span libraries: originality against published lists (closeknit/lib/originality.py)
and near-duplicates across files and code (closeknit/lib/wording.py).

Content lives in two places: TOML under `content/`, and a few modules whose strings are
content rather than interface (the closeness-session and know-me questions, the guides).
"""

import dataclasses
import tomllib
from collections.abc import Iterator
from importlib import import_module
from pathlib import Path
from typing import Any

from django.utils.functional import Promise

from closeknit.lib.library import content_dir, toml_files

# TOML keys whose strings (or lists of strings) a person reads.
TEXT_KEYS = frozenset(
    (
        "text", "title", "description", "follow_up", "why", "choices", "scale", "steps",
        "name", "how", "body", "a", "b",
    )
)  # fmt: skip

# Modules whose strings are content. A new module of questions, guides or suggestions
# belongs here, so the checks see it.
CONTENT_MODULES = (
    "closeknit.practices",
    "closeknit.trust.questions",
    "closeknit.trust.guide",
    "closeknit.growth.questions",
    "closeknit.goals.guide",
    "closeknit.intimacy.words",
    "closeknit.support.guidance",
    "closeknit.appreciation.text",
    "closeknit.checkins.items",
    "closeknit.safety.forms",
)


def toml_texts(root: Path | None = None) -> list[tuple[str, str]]:
    """(where, text) for every readable string in every TOML file under `root`."""
    root = root if root is not None else content_dir()
    found: list[tuple[str, str]] = []
    for path in toml_files(root):
        source = path.relative_to(root).as_posix()
        document = tomllib.loads(path.read_text(encoding="utf-8"))
        found.extend((f"{source}:{where}", text) for where, text in _strings(document, ""))
    return found


def _strings(value: Any, where: str, key: str = "") -> Iterator[tuple[str, str]]:
    if isinstance(value, dict):
        label = value.get("id", where)
        if isinstance(value.get("a"), str) and isinstance(value.get("b"), str):
            # A this-or-that pair reads as one question ("Sunrise or sunset?"), which is
            # how published lists write them; each side alone is a label.
            yield f"{label}.pair", f"{value['a']} or {value['b']}?"
        for name, item in value.items():
            yield from _strings(item, f"{label}.{name}" if label else name, name)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, f"{where}[{index}]" if key != "" else where, key)
    elif isinstance(value, str) and key in TEXT_KEYS:
        yield where, value


def code_texts() -> list[tuple[str, str]]:
    """(module.name, text) for every translatable string in the content modules."""
    found: dict[str, str] = {}
    for name in CONTENT_MODULES:
        module = import_module(name)
        for attribute, value in vars(module).items():
            if attribute.startswith("__"):
                continue
            for text in _promises(value, depth=0):
                found.setdefault(text, f"{name}.{attribute}")
    return [(where, text) for text, where in found.items()]


def _promises(value: Any, *, depth: int) -> Iterator[str]:
    if depth > 4:
        return
    if isinstance(value, Promise):
        yield str(value)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _promises(item, depth=depth + 1)
    elif isinstance(value, (tuple, list, frozenset, set)):
        for item in value:
            yield from _promises(item, depth=depth + 1)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for spec in dataclasses.fields(value):
            yield from _promises(getattr(value, spec.name), depth=depth + 1)


def questions() -> dict[str, str]:
    """Every question a person is asked, from the daily library and its packs, the dream
    talks, the closeness session and the know-me rounds, keyed by where it lives."""
    from closeknit.goals.library import DREAMS
    from closeknit.growth.questions import QUESTIONS as KNOW_ME
    from closeknit.prompts.content import read_library
    from closeknit.trust.questions import QUESTIONS as CLOSENESS

    found = {spec.id: spec.text for spec in read_library(root=content_dir())}
    found.update({f"dream:{e.id}": e.values["text"] for e in DREAMS.read()})
    found.update({f"closeness:{q.key}": str(q.text) for q in CLOSENESS})
    found.update({f"know-me:{key}": str(text) for key, text in KNOW_ME.items()})
    return found

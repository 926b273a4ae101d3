"""Closeknit's content libraries on disk: TOML files under `content/`, validated with
file-and-line errors and loaded into the database by `closeknit content load`.

The prompt library has its own rules (closeknit/prompts/content.py). Every other library
(date ideas, kindness ideas, challenges, ...) is declared as a `Collection` in its app's
`library.py` (`COLLECTIONS = [...]`) and loaded by the generic code here:

    [[idea]]                       # Collection.table
    id = "date-001"                # stable forever; never reuse or renumber
    text = "Cook a dish from a country neither of you has visited."
    setting = "home"               # one Field each
    retired = true                 # optional: out of rotation, never deleted

The model needs an `id` CharField primary key, a `retired` BooleanField, and one column
per field.
"""

import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import import_module
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import models, transaction
from django.utils.module_loading import module_has_submodule

TOML_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)$")
TOML_AT_END = re.compile(r"\s*\(at end of document\)$")


# Any library's ids (each Collection narrows it with its own id_pattern): what a lookup by
# an id from a request may ask the database for. Anything else is simply no such item;
# PostgreSQL would refuse a NUL byte in it with an error, not an empty answer.
ANY_ID = re.compile(r"[a-z][a-z0-9_-]{0,40}-\d{3}")


def is_library_id(value: object) -> bool:
    """Whether `value` could be a library item's id (before asking the database)."""
    return isinstance(value, str) and ANY_ID.fullmatch(value) is not None


class ContentError(Exception):
    """Everything wrong with a library, one `path:line: problem` string per problem."""

    def __init__(self, problems: Iterable[str]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))

    def __str__(self) -> str:
        return "\n".join(self.problems)


def content_dir() -> Path:
    """Where the libraries live: the CLOSEKNIT_CONTENT_DIR setting, else the repo's content/."""
    configured = getattr(settings, "CLOSEKNIT_CONTENT_DIR", None)
    if configured:
        return Path(configured)
    return Path(__file__).resolve().parents[2] / "content"


def toml_files(root: Path) -> list[Path]:
    # Hidden files and folders are editor backups and VCS internals, not content.
    return sorted(
        path
        for path in root.rglob("*.toml")
        if path.is_file() and not any(part.startswith(".") for part in path.relative_to(root).parts)
    )


def parse_toml(
    *, path: Path, source: str, problems: list[str]
) -> tuple[dict[str, Any] | None, list[str]]:
    """The document and its lines, or (None, []) after recording a syntax problem."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        problems.append(f"{source}:1: not valid UTF-8 ({exc.reason}); save the file as UTF-8")
        return None, []
    try:
        return tomllib.loads(text), text.splitlines()
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        line, where = 1, ""
        if match := TOML_POSITION.search(message):
            line, where = int(match[1]), f" at column {match[2]}"
            message = message[: match.start()]
        elif match := TOML_AT_END.search(message):
            line, where = len(text.splitlines()) or 1, " at the end of the file"
            message = message[: match.start()]
        problems.append(
            f"{source}:{line}: TOML syntax error{where}: {message}; "
            "check the quotes, brackets and commas around it"
        )
        return None, []


def header_lines(lines: list[str], table: str) -> list[int]:
    """Line numbers of each `[[table]]` header (tomllib gives no positions)."""
    pattern = re.compile(rf"""^\s*\[\[\s*(?:{table}|"{table}"|'{table}')\s*\]\]\s*(?:#.*)?$""")
    return [n for n, text in enumerate(lines, 1) if pattern.match(text)]


@dataclass
class LoadResult:
    """What a load did: created, updated and unchanged split the entries in the files;
    retired counts entries this run took out of rotation."""

    name: str = "entries"
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    retired: int = 0

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged

    def __str__(self) -> str:
        return (
            f"{self.total} {self.name}: {self.created} new, {self.updated} changed, "
            f"{self.unchanged} unchanged, {self.retired} retired"
        )


def upsert(
    *, model: type[models.Model], wanted: dict[str, dict[str, Any]], fields: list[str], name: str
) -> LoadResult:
    """Make `model`'s rows match `wanted` (id -> values) in one transaction, with bulk
    operations. Rows no longer wanted are retired, never deleted: people's history may
    point at them. Running it twice changes nothing the second time."""
    result = LoadResult(name=name)
    manager = model._default_manager
    with transaction.atomic():
        existing = {row["id"]: row for row in manager.values("id", *fields).iterator()}
        new, changed = [], []
        for key, values in wanted.items():
            current = existing.get(key)
            if current is None:
                new.append(model(id=key, **values))
                result.created += 1
            elif any(current[f] != values[f] for f in fields):
                changed.append(model(id=key, **values))
                result.updated += 1
                result.retired += int(values.get("retired", False) and not current["retired"])
            else:
                result.unchanged += 1
        gone = [pk for pk, row in existing.items() if pk not in wanted and not row["retired"]]
        # The upsert keeps two loads started at once (several servers booting) apart.
        manager.bulk_create(
            new, batch_size=500, update_conflicts=True, unique_fields=["id"], update_fields=fields
        )
        manager.bulk_update(changed, fields=fields, batch_size=500)
        for start in range(0, len(gone), 500):
            manager.filter(id__in=gone[start : start + 500]).update(retired=True)
        result.retired += len(gone)
    return result


@dataclass(frozen=True)
class Field:
    """One key of an entry. `kind` is str, int, bool or list (a list of strings)."""

    name: str
    kind: type = str
    required: bool = True
    choices: tuple[str, ...] = ()  # allowed values (for str, or for each list item)
    min: int | None = None  # characters for str, items for list, value for int
    max: int | None = None
    item_max: int | None = None  # characters per list item
    default: Any = None

    def check(self, value: Any) -> str | None:
        """What is wrong with `value`, or None."""
        if self.kind is bool:
            return None if isinstance(value, bool) else "must be true or false (no quotes)"
        if self.kind is int:
            if not isinstance(value, int) or isinstance(value, bool):
                return "must be a whole number (no quotes)"
            if self.min is not None and value < self.min:
                return f"must be at least {self.min}"
            if self.max is not None and value > self.max:
                return f"must be at most {self.max}"
            return None
        if self.kind is list:
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                return "must be a list of strings in quotes"
            if self.min is not None and len(value) < self.min:
                return f"needs at least {self.min} entries"
            if self.max is not None and len(value) > self.max:
                return f"has {len(value)} entries; at most {self.max}"
            for item in value:
                if self.choices and item not in self.choices:
                    return f"has {item!r}; use only {', '.join(self.choices)}"
                if not item.strip():
                    return "has an empty entry"
                if self.item_max and len(item) > self.item_max:
                    return f"entry {item!r} is over {self.item_max} characters"
            if len({v.casefold() for v in value}) != len(value):
                return "repeats an entry"
            return None
        if not isinstance(value, str):
            return "must be a string in quotes"
        if self.choices and value not in self.choices:
            return f"is {value!r}; use one of {', '.join(self.choices)}"
        if self.min is not None and len(value.strip()) < self.min:
            return f"is {len(value)} characters; write at least {self.min}"
        if self.max is not None and len(value) > self.max:
            return f"is {len(value)} characters; keep it to {self.max}"
        return None


@dataclass(frozen=True)
class Entry:
    id: str
    values: dict[str, Any]
    source: str
    line: int


@dataclass(frozen=True)
class Collection:
    """A library of entries of one kind, kept in `content/<folder>/*.toml`."""

    name: str  # "date ideas", for messages
    table: str  # the TOML array-of-tables key: [[idea]]
    folder: str  # under the content dir
    model: type[models.Model]
    fields: tuple[Field, ...]
    id_pattern: str = r"[a-z][a-z0-9_]*-\d{3}"
    text_fields: tuple[str, ...] = ("text",)  # checked for near-duplicates and wording
    minimum: int = 1  # a load with fewer entries is refused (a wrong folder must not
    # retire a whole library)
    file_fields: tuple[Field, ...] = field(default=())  # top-level keys copied into entries

    @property
    def column_names(self) -> list[str]:
        return [f.name for f in (*self.file_fields, *self.fields)] + ["retired"]

    def read(self, *, root: Path | None = None) -> list[Entry]:
        root = root if root is not None else content_dir()
        folder = root / self.folder
        problems: list[str] = []
        entries: list[Entry] = []
        seen: dict[str, str] = {}
        if not folder.is_dir():
            raise ContentError([f"{folder}: no such folder for {self.name}"])
        for path in toml_files(folder):
            source = path.relative_to(root).as_posix()
            document, lines = parse_toml(path=path, source=source, problems=problems)
            if document is None:
                continue
            for entry in self._read_file(document, lines, source, problems):
                where = f"{entry.source}:{entry.line}"
                if entry.id in seen:
                    problems.append(f"{where}: id {entry.id!r} already used at {seen[entry.id]}")
                    continue
                seen[entry.id] = where
                entries.append(entry)
        live = [e for e in entries if not e.values["retired"]]
        if not problems and len(live) < self.minimum:
            problems.append(
                f"{folder}: only {len(live)} {self.name}; expected at least {self.minimum}"
            )
        if problems:
            raise ContentError(problems)
        return entries

    def _read_file(
        self, document: dict[str, Any], lines: list[str], source: str, problems: list[str]
    ) -> list[Entry]:
        file_values: dict[str, Any] = {}
        allowed_top = {self.table, *(f.name for f in self.file_fields)}
        for key in document:
            if key not in allowed_top:
                problems.append(
                    f"{source}:1: unknown top-level key {key!r}; allowed: "
                    f"{', '.join(sorted(allowed_top))}"
                )
        for spec in self.file_fields:
            if spec.name not in document:
                problems.append(f"{source}:1: missing top-level `{spec.name} = ...`")
            elif why := spec.check(document[spec.name]):
                problems.append(f"{source}:1: {spec.name} {why}")
            else:
                file_values[spec.name] = document[spec.name]
        raw = document.get(self.table, [])
        if not isinstance(raw, list) or not all(isinstance(e, dict) for e in raw):
            problems.append(f"{source}:1: start each entry with a [[{self.table}]] header")
            return []
        headers = header_lines(lines, self.table)
        entries = []
        allowed = {"id", "retired", *(f.name for f in self.fields)}
        for index, item in enumerate(raw):
            line = headers[index] if len(headers) == len(raw) else 1
            entry_id = item.get("id")
            label = f"{self.table} {entry_id!r}" if isinstance(entry_id, str) else self.table
            where = f"{source}:{line}: {label}"
            found = [
                f"{where}: unknown key {key!r}; allowed: {', '.join(sorted(allowed))}"
                for key in item
                if key not in allowed
            ]
            if not isinstance(entry_id, str) or not re.fullmatch(self.id_pattern, entry_id):
                found.append(f"{source}:{line}: {label}: needs an id like {self.table}-001")
            values: dict[str, Any] = dict(file_values)
            for spec in self.fields:
                if spec.name not in item:
                    if spec.required:
                        found.append(f"{source}:{line}: {label}: missing {spec.name!r}")
                    values[spec.name] = spec.default
                elif why := spec.check(item[spec.name]):
                    found.append(f"{source}:{line}: {label}: {spec.name} {why}")
                else:
                    values[spec.name] = item[spec.name]
            retired = item.get("retired", False)
            if not isinstance(retired, bool):
                found.append(f"{source}:{line}: {label}: retired must be true or false")
            values["retired"] = retired is True
            problems.extend(found)
            if not found and isinstance(entry_id, str):
                entries.append(Entry(id=entry_id, values=values, source=source, line=line))
        return entries

    def load(self, *, root: Path | None = None) -> LoadResult:
        entries = self.read(root=root)
        return upsert(
            model=self.model,
            wanted={e.id: e.values for e in entries},
            fields=self.column_names,
            name=self.name,
        )


def collections() -> list[Collection]:
    """Every library declared in a Closeknit app's `library.py`."""
    found: list[Collection] = []
    for config in apps.get_app_configs():
        if config.name.startswith("closeknit.") and module_has_submodule(config.module, "library"):
            found.extend(import_module(f"{config.name}.library").COLLECTIONS)
    return found

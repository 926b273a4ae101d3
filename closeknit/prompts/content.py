"""The prompt library on disk: reading it, validating it and loading it into the database.

The library is plain TOML under `content/` (see docs/writing-prompts.md). Files in
`content/prompts/` are the core library; any other folder under `content/` is a pack
named after the folder. Validation collects every problem in every file before it gives
up, so a writer fixes a whole batch in one pass instead of one error per run.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from closeknit import practices
from closeknit.lib.library import (
    ContentError,
    LoadResult,
    content_dir,
    parse_toml,
    toml_files,
    upsert,
)
from closeknit.prompts.models import Depth, Kind, Prompt

CORE_PACK = "core"
CORE_FOLDER = "prompts"

TEXT_MIN = 15
TEXT_MAX = 200
CHOICES_MIN = 3
CHOICES_MAX = 5
CHOICE_MAX_CHARS = 59  # "under 60 characters"
SCALE_LABELS = 2
SCALE_LABEL_MAX_CHARS = 39  # "under 40 characters"
PACK_MAX_CHARS = Prompt._meta.get_field("pack").max_length or 64

REQUIRED_KEYS = ("id", "depth", "kind", "text")
OPTIONAL_KEYS = ("choices", "scale", "retired")
FILE_KEYS = ("practice", "prompt")
DEPTHS: tuple[str, ...] = tuple(Depth.values)
KINDS: tuple[str, ...] = tuple(Kind.values)

# The database columns a prompt's file entry decides; everything else about a prompt
# (answers, questions) hangs off its id.
SYNCED_FIELDS = ("practice", "depth", "kind", "text", "choices", "scale", "pack", "retired")

# tomllib gives no positions for parsed values, so entries are matched to the N-th
# `[[prompt]]` header in the text. Quoted spellings of the key are valid TOML too.
PROMPT_HEADER = re.compile(r"""^\s*\[\[\s*(?:prompt|"prompt"|'prompt')\s*\]\]\s*(?:#.*)?$""")
PRACTICE_LINE = re.compile(r"""^\s*(?:practice|"practice"|'practice')\s*=""")
SENTENCE_BAD_ENDINGS = (".", "?", "!", ",", ";", ":", "…")


@dataclass(frozen=True)
class PromptSpec:
    """One valid `[[prompt]]` entry, with where it came from for error messages."""

    id: str
    practice: str
    depth: str
    kind: str
    text: str
    choices: tuple[str, ...]
    scale: tuple[str, ...]
    retired: bool
    pack: str
    source: str
    line: int

    def fields(self) -> dict[str, Any]:
        """The values as the Prompt model stores them (JSON lists, not tuples)."""
        return {
            "practice": self.practice,
            "depth": self.depth,
            "kind": self.kind,
            "text": self.text,
            "choices": list(self.choices),
            "scale": list(self.scale),
            "pack": self.pack,
            "retired": self.retired,
        }


def read_library(*, root: Path) -> list[PromptSpec]:
    """Every prompt under `root`, validated; raises ContentError listing all problems."""
    if not root.is_dir():
        raise ContentError(
            [f"{root}: no such folder; point --dir or CLOSEKNIT_CONTENT_DIR at the content folder"]
        )
    problems: list[str] = []
    specs: list[PromptSpec] = []
    seen: dict[str, str] = {}  # id -> "path:line" of its first use
    prompt_files = 0
    for path in toml_files(root):
        source = path.relative_to(root).as_posix()
        document, lines = parse_toml(path=path, source=source, problems=problems)
        if document is None or "prompt" not in document:
            continue  # Other kinds of content share the folder; they are not ours to judge.
        prompt_files += 1
        file_specs = _read_file(
            document=document, lines=lines, source=source, pack=_pack_for(source), problems=problems
        )
        for spec in file_specs:
            here = f"{spec.source}:{spec.line}"
            if spec.id in seen:
                problems.append(
                    f"{here}: prompt {spec.id!r}: id already used at {seen[spec.id]}; ids must be "
                    "unique across the whole library, so give this one the next free number"
                )
                continue
            seen[spec.id] = here
            specs.append(spec)
    if prompt_files == 0 and not problems:
        # Loading an empty library would retire every prompt; a wrong --dir must not.
        problems.append(
            f"{root}: no prompt files found; expected TOML files with [[prompt]] entries "
            f"in {root / CORE_FOLDER} or a pack folder"
        )
    if problems:
        raise ContentError(problems)
    return specs


def load_library(*, root: Path | None = None) -> LoadResult:
    """Validate the library, then make the Prompt table match it in one transaction.

    Prompts no longer in any file are retired, never deleted: past questions and answers
    point at them. Running it twice changes nothing the second time.
    """
    root = root if root is not None else content_dir()
    specs = read_library(root=root)
    # Imported here: packs reads the couples app, which the content check does without.
    from closeknit.prompts.packs import read_packs

    pack_names = {spec.pack for spec in specs}
    read_packs(root=root, names=pack_names)  # every problem before anything is written
    result = upsert(
        model=Prompt,
        wanted={spec.id: spec.fields() for spec in specs},
        fields=list(SYNCED_FIELDS),
        name="prompts",
    )
    from closeknit.prompts.packs import load_packs

    load_packs(root=root, names=pack_names)
    return result


def _pack_for(source: str) -> str:
    first = source.split("/", 1)[0]
    return CORE_PACK if first == CORE_FOLDER else first


def _read_file(
    *, document: dict[str, Any], lines: list[str], source: str, pack: str, problems: list[str]
) -> list[PromptSpec]:
    if source.count("/") == 0:
        problems.append(
            f"{source}:1: prompt files go in {CORE_FOLDER}/ (the core library) or in a pack "
            "folder such as long-distance/; move this file into one"
        )
        return []
    if len(pack) > PACK_MAX_CHARS:
        problems.append(
            f"{source}:1: pack folder name {pack!r} is longer than {PACK_MAX_CHARS} "
            "characters; shorten it"
        )
    practice_line = next((n for n, t in enumerate(lines, 1) if PRACTICE_LINE.match(t)), 1)
    practice = document.get("practice")
    practice_ok = isinstance(practice, str) and practice in practices.KEYS
    if "practice" not in document:
        problems.append(
            f'{source}:1: missing `practice = "..."` at the top of the file; '
            f"use one of {', '.join(practices.KEYS)}"
        )
    elif not practice_ok:
        problems.append(
            f"{source}:{practice_line}: unknown practice {practice!r}; "
            f"use one of {', '.join(practices.KEYS)}"
        )
    for key in document:
        if key not in FILE_KEYS:
            problems.append(
                f"{source}:1: unknown top-level key {key!r}; a prompt file has only "
                "`practice` and `[[prompt]]` entries (put keys under a [[prompt]] header)"
            )
    entries = document["prompt"]
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        problems.append(
            f"{source}:1: `prompt` must be a list of tables; start each entry with a "
            "[[prompt]] header (double brackets)"
        )
        return []
    headers = [n for n, t in enumerate(lines, 1) if PROMPT_HEADER.match(t)]
    specs = []
    for index, entry in enumerate(entries):
        # Inline arrays (`prompt = [{...}]`) have no headers; point at the top then.
        line = headers[index] if len(headers) == len(entries) else 1
        spec = _read_entry(
            entry=entry,
            practice=practice if practice_ok else None,
            pack=pack,
            source=source,
            line=line,
            problems=problems,
        )
        if spec is not None:
            specs.append(spec)
    return specs


def _read_entry(
    *,
    entry: dict[str, Any],
    practice: str | None,
    pack: str,
    source: str,
    line: int,
    problems: list[str],
) -> PromptSpec | None:
    """One entry as a PromptSpec, or None after adding its problems to `problems`."""
    found: list[str] = []
    prompt_id = entry.get("id")
    label = f"prompt {prompt_id!r}" if isinstance(prompt_id, str) else "this prompt"

    def problem(message: str) -> None:
        found.append(f"{source}:{line}: {label}: {message}")

    for key in entry:
        if key not in REQUIRED_KEYS + OPTIONAL_KEYS:
            problem(
                f"unknown key {key!r}; allowed keys are "
                f"{', '.join(REQUIRED_KEYS + OPTIONAL_KEYS)} (check the spelling)"
            )
    for key in REQUIRED_KEYS:
        if key not in entry:
            problem(f"missing required key {key!r}")
        elif not isinstance(entry[key], str):
            problem(f"{key!r} must be a string in quotes, not {_type_name(entry[key])}")

    id_pattern = rf"{re.escape(practice or '')}-\d{{3}}"
    if isinstance(prompt_id, str) and practice and not re.fullmatch(id_pattern, prompt_id):
        problem(f"malformed id; ids look like {practice}-NNN with three digits")
    depth, kind, text = entry.get("depth"), entry.get("kind"), entry.get("text")
    if isinstance(depth, str) and depth not in DEPTHS:
        problem(f"unknown depth {depth!r}; use one of {', '.join(DEPTHS)}")
    if isinstance(kind, str) and kind not in KINDS:
        problem(f"unknown kind {kind!r}; use one of {', '.join(KINDS)}")
    if isinstance(text, str):
        _check_text(text=text, kind=kind, problem=problem)

    retired = entry.get("retired", False)
    if not isinstance(retired, bool):
        problem(f"'retired' must be true or false (no quotes), not {_type_name(retired)}")
    choices = _check_options(
        entry=entry,
        key="choices",
        wanted=kind == Kind.CHOICE,
        count=(CHOICES_MIN, CHOICES_MAX),
        max_chars=CHOICE_MAX_CHARS,
        problem=problem,
    )
    scale = _check_options(
        entry=entry,
        key="scale",
        wanted=kind == Kind.SCALE,
        count=(SCALE_LABELS, SCALE_LABELS),
        max_chars=SCALE_LABEL_MAX_CHARS,
        problem=problem,
    )
    problems.extend(found)
    if found or practice is None:
        return None
    assert isinstance(prompt_id, str) and isinstance(depth, str)  # narrowed by the checks
    assert isinstance(kind, str) and isinstance(text, str) and isinstance(retired, bool)
    return PromptSpec(
        id=prompt_id,
        practice=practice,
        depth=depth,
        kind=kind,
        text=text,
        choices=choices,
        scale=scale,
        retired=retired,
        pack=pack,
        source=source,
        line=line,
    )


def _check_text(*, text: str, kind: object, problem: Callable[[str], None]) -> None:
    if not TEXT_MIN <= len(text) <= TEXT_MAX:
        problem(
            f"text is {len(text)} characters; it must be {TEXT_MIN}-{TEXT_MAX}, so "
            f"{'write a little more' if len(text) < TEXT_MIN else 'shorten it'}"
        )
    stripped = text.rstrip()
    if kind == Kind.OPEN and stripped and not stripped.endswith(("?", ".")):
        problem("an open prompt ends with '?' (or '.' for a gentle invitation)")
    if kind == Kind.SENTENCE and stripped.endswith(SENTENCE_BAD_ENDINGS):
        problem(
            "a sentence prompt is the opening words with no trailing punctuation or "
            "ellipsis; remove the final mark"
        )


def _check_options(
    *,
    entry: dict[str, Any],
    key: str,
    wanted: bool,
    count: tuple[int, int],
    max_chars: int,
    problem: Callable[[str], None],
) -> tuple[str, ...]:
    """Validate `choices` or `scale`: present exactly when the kind needs it."""
    kind = entry.get("kind")
    if key not in entry:
        if wanted:
            what = f"{count[0]}-{count[1]} options" if count[0] != count[1] else "two labels"
            problem(f"kind {kind!r} needs {key!r}: a list of {what}")
        return ()
    if not wanted:
        owner = Kind.CHOICE if key == "choices" else Kind.SCALE
        problem(f"{key!r} is only used on kind {owner.value!r}; remove it or change the kind")
        return ()
    options = entry[key]
    if not isinstance(options, list) or not all(isinstance(o, str) for o in options):
        problem(f"{key!r} must be a list of strings in quotes")
        return ()
    low, high = count
    if not low <= len(options) <= high:
        needed = f"exactly {low}" if low == high else f"{low} to {high}"
        problem(f"{key!r} has {len(options)} entries; it needs {needed}")
    for option in options:
        if not option.strip():
            problem(f"{key!r} has an empty entry; remove it or fill it in")
        elif len(option) > max_chars:
            problem(
                f"{key!r} entry {option!r} is {len(option)} characters; keep each under "
                f"{max_chars + 1}"
            )
    folded = [o.strip().casefold() for o in options]
    if len(set(folded)) != len(folded):
        problem(f"{key!r} repeats an entry; each must be different")
    return tuple(options)


def _type_name(value: object) -> str:
    names = {bool: "true/false", int: "a number", float: "a number", list: "a list"}
    return names.get(type(value), f"a {type(value).__name__}")

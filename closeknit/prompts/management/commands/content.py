from argparse import ArgumentParser
from collections import Counter
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from closeknit import practices
from closeknit.lib.library import collections
from closeknit.prompts.content import (
    DEPTHS,
    ContentError,
    PromptSpec,
    content_dir,
    load_library,
    read_library,
)
from closeknit.prompts.packs import read_packs


class Command(BaseCommand):
    help = (
        "The content libraries in content/ (prompts, ideas, challenges, ...). `check` "
        "validates every file and prints how many prompts each practice has at each "
        "depth; `load` validates, then brings the "
        "database in line with the files (prompts gone from the files are retired, never "
        "deleted). Every problem is listed as file:line."
    )
    # `check` must work on a laptop before anything is migrated or configured.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("action", choices=["load", "check"])
        parser.add_argument(
            "--dir",
            dest="directory",
            type=Path,
            default=None,
            help="Content folder to read instead of CLOSEKNIT_CONTENT_DIR (default: content/).",
        )

    def handle(self, *args: Any, action: str, directory: Path | None, **options: Any) -> None:
        root = directory if directory is not None else content_dir()
        try:
            if action == "load":
                result = load_library(root=root)
                self.stdout.write(self.style.SUCCESS(str(result)))
            else:
                specs = read_library(root=root)
                read_packs(root=root, names={spec.pack for spec in specs})
                self.stdout.write(summary(specs=specs, root=root))
            # The other libraries (ideas, challenges, ...): every problem from all of them.
            problems: list[str] = []
            for collection in collections():
                try:
                    if action == "load":
                        self.stdout.write(self.style.SUCCESS(str(collection.load(root=root))))
                    else:
                        entries = collection.read(root=root)
                        live = sum(1 for e in entries if not e.values["retired"])
                        self.stdout.write(f"{live} {collection.name} in rotation")
                except ContentError as exc:
                    problems.extend(exc.problems)
            if problems:
                raise ContentError(problems)
        except ContentError as exc:
            # A writer needs the whole list at once, and no traceback to wade through.
            count = len(exc.problems)
            raise CommandError(
                f"{count} problem{'s' if count != 1 else ''} in {root}:\n{exc}"
            ) from exc


def summary(*, specs: list[PromptSpec], root: Path) -> str:
    """A small table of prompts in rotation per practice and depth."""
    active = [spec for spec in specs if not spec.retired]
    counts = Counter((spec.practice, spec.depth) for spec in active)
    packs = Counter(spec.pack for spec in active)
    width = max(len(key) for key in practices.KEYS)
    lines = [
        f"{len(specs)} prompts in {root}: {len(active)} in rotation, "
        f"{len(specs) - len(active)} retired",
        f"{'practice':<{width}}  " + "  ".join(f"{d:>7}" for d in DEPTHS) + "    total",
    ]
    for key in practices.KEYS:
        row = [counts[key, depth] for depth in DEPTHS]
        cells = "  ".join(f"{n:>7}" for n in row)
        lines.append(f"{key:<{width}}  {cells}  {sum(row):>7}")
    lines.append("packs: " + ", ".join(f"{pack} ({n})" for pack, n in sorted(packs.items())))
    return "\n".join(lines)

"""Keeping Closeknit's words our own: every shipped text is compared against published
question lists and card decks, and flagged when it comes too close to one of them.

The lists live outside the repository, in `shared/reference_lists/` (one item a line; the
first line names the source). They are read only to stay away from them. The thresholds
and why they sit where they do are in docs/writing-prompts.md ("Original, checked").
"""

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

# A text this similar (normalised Levenshtein, 0..1) to a published item is too close.
SIMILARITY = 0.75
# Runs of this many words shared with a published item ...
RUN = 5
# ... count when they carry at least this many content words (not question frame).
RUN_CONTENT_WORDS = 3
# Texts shorter than this many words are labels and answer choices, not items.
MIN_WORDS = 3

ENV = "CLOSEKNIT_REFERENCE_LISTS"
SKIP_ENV = "CLOSEKNIT_SKIP_REFERENCE_LISTS"
FOLDER = Path("shared") / "reference_lists"

WORD = re.compile(r"[a-z0-9']+")

# The frame of a question or sentence: shared runs made only of these (plus up to two other
# words) are ordinary English, such as "what do you want to", not borrowed items.
# fmt: off
_FRAME_WORDS = """
a an the and or but if of to in on at for with from by as is are was were be been being am
do does did have has had i i'm i've i'd i'll me my mine you you're you've you'd you'll your
yours we we're we've our us they them their it it's its this that these those what what's
which who whom whose when where why how would could should will can may might shall not no
yes so than then there here up down out about into over after before just only also very
really most more much many some any something anything one ones thing things time times ever
never always way ways like likes want wants feel feels felt think thought make makes made get
got go going know let right now today favourite favorite best least first last new good
little lot bit kind sort
"""
# fmt: on
FRAME = frozenset(_FRAME_WORDS.split())


def normalise(text: str) -> str:
    """Lowercase words, digits and apostrophes, single-spaced; curly quotes made straight."""
    return " ".join(WORD.findall(text.lower().replace("\u2019", "'")))


class MissingReferences(Exception):
    """The published lists could not be found, so nothing can be checked."""


def reference_dir(*, start: Path | None = None) -> Path | None:
    """The folder of published lists: $CLOSEKNIT_REFERENCE_LISTS, else the first
    `shared/reference_lists` found walking up from the repository (a checkout in
    /work/main finds /work/shared/reference_lists; so does one anywhere else under /work)."""
    if configured := os.environ.get(ENV):
        path = Path(configured).expanduser()
        return path if path.is_dir() else None
    here = (start or Path(__file__)).resolve()
    for parent in here.parents:
        candidate = parent / FOLDER
        if candidate.is_dir():
            return candidate
    return None


@dataclass(frozen=True)
class Reference:
    source: str  # the file it came from
    text: str


@dataclass(frozen=True)
class Flag:
    key: str
    text: str
    reference: Reference
    similarity: float
    runs: tuple[str, ...]

    def __str__(self) -> str:
        why = f"similarity {self.similarity:.2f}"
        if self.runs:
            why += f", shared run {self.runs[0]!r}"
        return (
            f"{self.key}: {self.text!r}\n    too close to {self.reference.source}: "
            f"{self.reference.text!r} ({why})"
        )


class References:
    """The published items, indexed for the two comparisons."""

    def __init__(self, folder: Path) -> None:
        self.items: list[Reference] = []
        for path in sorted(folder.glob("*.txt")):
            lines = path.read_text(encoding="utf-8").splitlines()
            # The first line names the source; the rest are items.
            self.items.extend(
                Reference(path.name, line.strip()) for line in lines[1:] if line.strip()
            )
        if not self.items:
            raise MissingReferences(f"{folder} holds no reference lists (*.txt)")
        self.normalised = [normalise(item.text) for item in self.items]
        self.runs: dict[str, int] = {}
        for index, text in enumerate(self.normalised):
            words = text.split()
            for start in range(len(words) - RUN + 1):
                self.runs.setdefault(" ".join(words[start : start + RUN]), index)

    def check(self, text: str, *, key: str) -> Flag | None:
        """A Flag when `text` is too close to a published item, else None."""
        mine = normalise(text)
        words = mine.split()
        if len(words) < MIN_WORDS:
            return None
        # The cutoff lets rapidfuzz skip most items early (on length alone, say).
        best = process.extractOne(
            mine,
            self.normalised,
            scorer=Levenshtein.normalized_similarity,
            score_cutoff=SIMILARITY,
        )
        similarity, best_index = (best[1], best[2]) if best else (0.0, 0)
        shared = []
        for start in range(len(words) - RUN + 1):
            run = " ".join(words[start : start + RUN])
            if run in self.runs and sum(w not in FRAME for w in run.split()) >= RUN_CONTENT_WORDS:
                shared.append(run)
        if similarity < SIMILARITY and not shared:
            return None
        if similarity < SIMILARITY:
            best_index = self.runs[shared[0]]
            similarity = Levenshtein.normalized_similarity(mine, self.normalised[best_index])
        return Flag(key, text, self.items[best_index], similarity, tuple(shared))

    def flags(self, texts: Iterable[tuple[str, str]]) -> list[Flag]:
        return [flag for key, text in texts if (flag := self.check(text, key=key))]

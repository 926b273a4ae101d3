"""Content packs a couple turns on: their metadata on disk, and each couple's choices.

A pack is a folder under `content/` holding prompt files (closeknit.prompts.content)
and, beside them, a `pack.toml` with its title and one-line description
(docs/writing-prompts.md). Everyday packs mix into the daily question; a pack with
`when = "dates"` (occasions) gives the question on the days a couple marked
(closeknit.occasions).
"""

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from closeknit.accounts.models import User
from closeknit.couples.models import Couple
from closeknit.lib.errors import Conflict, Invalid
from closeknit.lib.library import ContentError, LoadResult, parse_toml, upsert
from closeknit.prompts.models import Pack, PackChoice, PackWhen, Prompt
from closeknit.prompts.scheduler import CORE

PACK_FILE = "pack.toml"
CORE_FOLDER = "prompts"
TITLE_CHARS = (2, 40)
DESCRIPTION_CHARS = (10, 140)
PACK_KEYS = ("title", "description", "order", "when")
WHENS: tuple[str, ...] = tuple(PackWhen.values)
DEFAULT_ORDER = 100


@dataclass(frozen=True)
class PackSpec:
    id: str
    title: str
    description: str
    order: int
    when: str

    def fields(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "description": self.description,
            "order": self.order,
            "when": self.when,
            "retired": False,
        }


def read_packs(*, root: Path, names: set[str]) -> list[PackSpec]:
    """The metadata of every pack: the folders in `names` (those holding prompts) and
    any folder with a pack.toml. A pack without one gets its folder's name as a title,
    so a new pack works before its words are written. Raises ContentError."""
    problems: list[str] = []
    found: dict[str, PackSpec] = {}
    folders = set(names) | {p.parent.name for p in root.glob(f"*/{PACK_FILE}")}
    for name in sorted(folders - {CORE}):
        path = root / name / PACK_FILE
        source = f"{name}/{PACK_FILE}"
        if name == CORE_FOLDER:
            problems.append(f"{source}:1: the core library is not a pack; remove this file")
            continue
        if not path.is_file():
            found[name] = PackSpec(name, name.replace("-", " ").replace("_", " ").capitalize(),
                                   "", DEFAULT_ORDER, PackWhen.EVERY_DAY)  # fmt: skip
            continue
        document, _lines = parse_toml(path=path, source=source, problems=problems)
        if document is not None:
            spec = _read_pack(name=name, document=document, source=source, problems=problems)
            if spec is not None:
                found[name] = spec
    if problems:
        raise ContentError(problems)
    return [found[name] for name in sorted(found)]


def _read_pack(
    *, name: str, document: dict[str, Any], source: str, problems: list[str]
) -> PackSpec | None:
    found: list[str] = []
    for key in document:
        if key not in PACK_KEYS:
            found.append(f"{source}:1: unknown key {key!r}; a pack file has {', '.join(PACK_KEYS)}")
    texts: dict[str, str] = {}
    for key, (low, high) in (("title", TITLE_CHARS), ("description", DESCRIPTION_CHARS)):
        value = document.get(key)
        if not isinstance(value, str):
            found.append(f'{source}:1: missing {key} = "..." (a string in quotes)')
        elif not low <= len(value.strip()) <= high:
            found.append(f"{source}:1: {key} is {len(value)} characters; keep it {low}-{high}")
        else:
            texts[key] = value.strip()
    order = document.get("order", DEFAULT_ORDER)
    if not isinstance(order, int) or isinstance(order, bool):
        found.append(f"{source}:1: order must be a whole number (no quotes)")
    when = document.get("when", PackWhen.EVERY_DAY.value)
    if when not in WHENS:
        found.append(f"{source}:1: when is {when!r}; use one of {', '.join(WHENS)}")
    problems.extend(found)
    if found:
        return None
    return PackSpec(name, texts["title"], texts["description"], int(order), str(when))


def load_packs(*, root: Path, names: set[str]) -> LoadResult:
    """Make the Pack table match the files; packs gone from them are retired."""
    specs = read_packs(root=root, names=names)
    return upsert(
        model=Pack,
        wanted={spec.id: spec.fields() for spec in specs},
        fields=[*PACK_KEYS, "retired"],
        name="packs",
    )


# A couple's choices ----------------------------------------------------------------


@dataclass(frozen=True)
class PackView:
    key: str
    title: str
    description: str
    when: str
    prompts: int
    turned_on: bool
    changed_by: User | None
    changed_at: datetime | None


def available() -> list[Pack]:
    """Packs a couple may turn on: in the files, with prompts in rotation."""
    live = dict(
        Prompt.objects.filter(retired=False)
        .exclude(pack=CORE)
        .values("pack")
        .annotate(n=Count("pk"))
        .values_list("pack", "n")
        .order_by()
    )
    packs = [p for p in Pack.objects.filter(retired=False) if live.get(p.id)]
    for pack in packs:
        pack.prompt_count = live[pack.id]  # type: ignore[attr-defined]
    return sorted(packs, key=lambda p: (p.order, p.title, p.id))


def turned_on(*, couple_ids: list[int]) -> dict[int, set[str]]:
    """The packs each couple turned on (one query)."""
    found: dict[int, set[str]] = {c: set() for c in couple_ids}
    for couple_id, pack in PackChoice.objects.filter(
        couple_id__in=couple_ids, turned_on=True
    ).values_list("couple_id", "pack"):
        found[couple_id].add(pack)
    return found


def dated_packs() -> frozenset[str]:
    """Packs drawn on the days a couple marked rather than every day."""
    return frozenset(Pack.objects.filter(when=PackWhen.DATES).values_list("id", flat=True))


def packs_for(*, couple: Couple | None) -> list[PackView]:
    """Every pack on offer, and whether (and by whom) this couple turned it on."""
    choices: dict[str, PackChoice] = {}
    if couple is not None:
        choices = {
            c.pack: c for c in PackChoice.objects.filter(couple=couple).select_related("changed_by")
        }
    views = []
    for pack in available():
        choice = choices.get(pack.id)
        views.append(
            PackView(
                key=pack.id,
                title=pack.title,
                description=pack.description,
                when=pack.when,
                prompts=pack.prompt_count,  # type: ignore[attr-defined]
                turned_on=bool(choice and choice.turned_on),
                changed_by=choice.changed_by if choice else None,
                changed_at=choice.changed_at if choice else None,
            )
        )
    return views


def packs_set(*, user: User, couple: Couple | None, turned_on: list[str]) -> list[PackView]:
    """Turn on exactly the packs in `turned_on` for the couple's space (the rest off).
    Either partner may; each pack that changes records who changed it and when."""
    if couple is None or not couple.is_active:
        raise Conflict(
            _("Packs are for a shared space. Once you share one, either of you can choose them."),
            code="no_couple",
        )
    wanted = set(turned_on)
    offered = {p.id for p in available()}
    unknown = sorted(wanted - offered)
    if unknown:
        raise Invalid(
            _("There is no pack called %(names)s. Choose from: %(all)s.")
            % {"names": ", ".join(unknown), "all": ", ".join(sorted(offered)) or "-"},
            code="unknown_pack",
        )
    now = timezone.now()
    with transaction.atomic():
        current = {c.pack: c for c in PackChoice.objects.select_for_update().filter(couple=couple)}
        for key in sorted(offered):
            on = key in wanted
            choice = current.get(key)
            if choice is None and not on:
                continue  # no row means off: nothing to record
            if choice is not None and choice.turned_on == on:
                continue
            if choice is None:
                try:
                    with transaction.atomic():
                        PackChoice.objects.create(
                            couple=couple, pack=key, turned_on=on, changed_by=user, changed_at=now
                        )
                except IntegrityError:  # the partner's request made it first: update it
                    PackChoice.objects.filter(couple=couple, pack=key).update(
                        turned_on=on, changed_by=user, changed_at=now
                    )
            else:
                choice.turned_on, choice.changed_by, choice.changed_at = on, user, now
                choice.save(update_fields=["turned_on", "changed_by", "changed_at"])
    return packs_for(couple=couple)


def everyday_and_dated(*, couple_id: int | None) -> tuple[set[str], frozenset[str]]:
    """(packs the couple turned on, the dated packs) for choosing one space's question."""
    if couple_id is None:
        return set(), frozenset()
    on = turned_on(couple_ids=[couple_id])[couple_id]
    return on, dated_packs() if on else frozenset()

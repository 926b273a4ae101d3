"""A tiny pack for tests, made in the database (the real packs' words live in content/)."""

from closeknit import practices
from closeknit.prompts.models import Pack, Prompt


def add_pack(key: str, *, when: str = "every-day", per_practice: int = 1) -> set[str]:
    """A pack with `per_practice` light open prompts in each practice; returns their ids."""
    Pack.objects.update_or_create(
        id=key,
        defaults={
            "title": f"Tiny {key}",
            "description": "A handful of questions, for tests only.",
            "order": 1,
            "when": when,
        },
    )
    prompts = [
        Prompt(
            id=f"{practice}-{key}-{n}",
            practice=practice,
            depth="light",
            kind="open",
            text=f"A small test question from {key}, number {n}?",
            pack=key,
        )
        for practice in practices.KEYS
        for n in range(per_practice)
    ]
    Prompt.objects.bulk_create(prompts)
    return {p.id for p in prompts}


def shrink_core(keep_every: int = 16) -> set[str]:
    """Retire most of the core library, so tests can run through whole rounds."""
    every = list(Prompt.objects.filter(pack="core").order_by("pk").values_list("pk", flat=True))
    kept = set(every[::keep_every])
    Prompt.objects.filter(pack="core").exclude(pk__in=kept).update(retired=True)
    return kept

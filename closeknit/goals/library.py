"""The dream-talk prompts, kept in content/dreams/*.toml (see closeknit/lib/library.py)."""

from closeknit.goals.models import DreamPrompt, DreamTheme
from closeknit.lib.library import Collection, Field

DREAMS = Collection(
    name="dream-talk prompts",
    table="dream",
    folder="dreams",
    model=DreamPrompt,
    fields=(
        Field("theme", choices=tuple(DreamTheme.values)),
        Field("text", min=20, max=300),
        Field("follow_up", min=15, max=300),
    ),
    text_fields=("text", "follow_up"),
    minimum=24,
)

COLLECTIONS = [DREAMS]

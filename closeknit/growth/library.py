"""The couple-challenge library, kept in content/challenges/*.toml (closeknit/lib/library.py)."""

from closeknit.growth.models import Challenge, ChallengeCategory
from closeknit.lib.library import Collection, Field

MAX_DAYS = 30

CHALLENGES = Collection(
    name="couple challenges",
    table="challenge",
    folder="challenges",
    model=Challenge,
    fields=(
        Field("title", min=5, max=80),
        Field("text", min=40, max=400),
        Field("category", choices=tuple(ChallengeCategory.values)),
        Field("days", kind=int, min=1, max=MAX_DAYS),
        Field("steps", kind=list, required=False, default=[], min=2, max=10, item_max=120),
    ),
    text_fields=("title", "text"),
    minimum=40,
)

COLLECTIONS = [CHALLENGES]

"""The growth libraries kept in content/ (closeknit/lib/library.py): couple challenges in
content/challenges/*.toml, and 'this or that' / 'would you rather' pairs in
content/this-or-that/*.toml."""

from closeknit.growth.models import Challenge, ChallengeCategory, Pair, PairDepth, PairKind
from closeknit.lib.library import Collection, Field

MAX_DAYS = 30
# A pair is two tap targets on a phone: short enough to read at a glance.
MAX_CHOICE = 80

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

PAIRS = Collection(
    name="this-or-that pairs",
    table="pair",
    folder="this-or-that",
    model=Pair,
    fields=(
        Field("kind", choices=tuple(PairKind.values)),
        Field("depth", choices=tuple(PairDepth.values)),
        Field("a", min=2, max=MAX_CHOICE),
        Field("b", min=2, max=MAX_CHOICE),
    ),
    text_fields=("a", "b"),
    minimum=150,
)

COLLECTIONS = [CHALLENGES, PAIRS]

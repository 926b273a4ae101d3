"""What the check-in asks, and how it is scored. Pure: no database.

Two statements per practice about the person's own experience, rated 1-7, and one
closeness picture (seven pairs of circles, drawn by `closeness_svg`). All wording is
Closeknit's own. Scores track a person's own change; there are no cut-offs or labels.
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from closeknit import practices

SCALE_MIN = 1
SCALE_MAX = 7


@dataclass(frozen=True, slots=True)
class Item:
    id: str  # "<practice>_<n>", stable forever: stored answers point at it
    practice: str
    text: str | Promise


ITEMS: tuple[Item, ...] = (
    Item(
        "communication_1", "communication", _("I feel heard when I talk about what matters to me.")
    ),
    Item(
        "communication_2",
        "communication",
        _("I can raise something hard and feel we'll find our way through it."),
    ),
    Item("quality_time_1", "quality_time", _("Lately I've had unhurried time with my partner.")),
    Item(
        "quality_time_2",
        "quality_time",
        _("I've enjoyed something fresh or playful with my partner recently."),
    ),
    Item("appreciation_1", "appreciation", _("I feel valued for who I am, not only what I do.")),
    Item(
        "appreciation_2",
        "appreciation",
        _("I've noticed good things about my partner and said them out loud."),
    ),
    Item(
        "support_1", "support", _("When something weighs on me, I feel I have someone to turn to.")
    ),
    Item("support_2", "support", _("I feel at ease sharing both my good news and my worries.")),
    Item("goals_1", "goals", _("I feel we're heading somewhere together that I look forward to.")),
    Item("goals_2", "goals", _("I feel encouraged in the things I hope to do.")),
    Item("intimacy_1", "intimacy", _("I feel at ease with how we share touch and affection.")),
    Item(
        "intimacy_2",
        "intimacy",
        _("I can say what I'd like, or that I'd rather not, without worrying."),
    ),
    Item("growth_1", "growth", _("I'm still discovering new things about my partner.")),
    Item("growth_2", "growth", _("I feel I'm growing alongside my partner, not standing still.")),
    Item("trust_1", "trust", _("I feel safe letting my guard down with my partner.")),
    Item("trust_2", "trust", _("When I share something personal, I feel it's held with care.")),
)
BY_ID: dict[str, Item] = {item.id: item for item in ITEMS}

SCALE_ENDS: tuple[str | Promise, str | Promise] = (
    _("Not at all true"),
    _("Completely true"),
)


@dataclass(frozen=True, slots=True)
class Closeness:
    value: int
    label: str | Promise  # what the picture shows, in words, for everyone
    distance: int  # between the two circles' centres in the drawing


# Seven pictures from apart to almost one. Our own drawing and words.
CLOSENESS: tuple[Closeness, ...] = (
    Closeness(1, _("Two separate circles, apart"), 48),
    Closeness(2, _("Two circles just touching"), 40),
    Closeness(3, _("Two circles overlapping a little"), 32),
    Closeness(4, _("Two circles overlapping somewhat"), 24),
    Closeness(5, _("Two circles overlapping a good deal"), 16),
    Closeness(6, _("Two circles overlapping mostly"), 10),
    Closeness(7, _("Two circles almost one"), 4),
)
CLOSENESS_RADIUS = 20
CLOSENESS_BY_VALUE: dict[int, Closeness] = {level.value: level for level in CLOSENESS}


def closeness_pictures() -> list[dict[str, object]]:
    """Where to draw each picture's two circles in a 100 x 50 box (whole numbers, so
    templates never localise them into "26,0")."""
    return [
        {
            "value": level.value,
            "label": level.label,
            "left": 50 - level.distance // 2,
            "right": 50 + level.distance // 2,
            "r": CLOSENESS_RADIUS,
        }
        for level in CLOSENESS
    ]


def items_for(*, hidden: list[str] | set[str] | tuple[str, ...]) -> list[Item]:
    """The statements a person is asked: practices they have hidden are left out."""
    return [item for item in ITEMS if item.practice not in hidden]


def practices_for(*, hidden: list[str] | set[str] | tuple[str, ...]) -> list[str]:
    return [key for key in practices.KEYS if key not in hidden]


def practice_score(first: int, second: int) -> int:
    """0-100 from a practice's two ratings: ((a + b) / 2 - 1) / 6 * 100, rounded.

    The sum is an integer, so the exact value is (a + b - 2) * 100 / 12; it is never a
    half, so rounding has no ties to break.
    """
    for rating in (first, second):
        if not SCALE_MIN <= rating <= SCALE_MAX:
            raise ValueError(f"ratings are {SCALE_MIN}-{SCALE_MAX}, got {rating}")
    return round((first + second - 2) * 100 / 12)


def scores_from(answers: dict[str, int]) -> dict[str, int]:
    """Per-practice scores from a complete, valid set of answers (practice -> 0-100)."""
    by_practice: dict[str, list[int]] = {}
    for item_id, rating in answers.items():
        by_practice.setdefault(BY_ID[item_id].practice, []).append(rating)
    return {
        key: practice_score(*ratings)
        for key in practices.KEYS
        if len(ratings := by_practice.get(key, [])) == 2
    }

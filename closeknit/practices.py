"""The eight practices: the spine of Closeknit.

Everything a couple does here (a prompt, an exercise, an idea, a check-in item, an
activity record) is tagged with one of these keys. The wording is Closeknit's own; the
research notes summarise shared/RESEARCH.md and never quote it.
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True, slots=True)
class Practice:
    key: str
    name: str | Promise
    purpose: str | Promise
    research_note: str | Promise
    icon: str
    toolkit: str  # the URL name of the practice's toolkit page


PRACTICES: tuple[Practice, ...] = (
    Practice(
        key="communication",
        name=_("Effective communication"),
        purpose=_("Talk so you both feel heard, and find your way back after a rough moment."),
        research_note=_(
            "Taking turns to speak and reflect back is a learnable skill, and couples who "
            "learn it together tend to talk more kindly. Small repair attempts early in a "
            "hard conversation make the biggest difference."
        ),
        icon="message-circle",
        toolkit="conversations:index",
    ),
    Practice(
        key="quality_time",
        name=_("Quality time together"),
        purpose=_("Make unhurried, undistracted time for each other, and try new things."),
        research_note=_(
            "Couples who regularly share new and mildly challenging activities report "
            "feeling more satisfied than those who stick to the pleasant and familiar."
        ),
        icon="sun",
        toolkit="dates:index",
    ),
    Practice(
        key="appreciation",
        name=_("Kindness and appreciation"),
        purpose=_("Notice the good in each other, and say so."),
        research_note=_(
            "Thanking a partner for who they are, not only for what they did, helps both "
            "people feel understood and cared for, and feeling appreciated goes with "
            "staying committed."
        ),
        icon="heart",
        toolkit="appreciation:index",
    ),
    Practice(
        key="support",
        name=_("Emotional support"),
        purpose=_("Be there in hard times, and celebrate the good news too."),
        research_note=_(
            "How partners respond to each other's good news matters as much as how they "
            "respond to bad news. Facing stress as a team goes with a happier relationship."
        ),
        icon="life-buoy",
        toolkit="support:index",
    ),
    Practice(
        key="goals",
        name=_("Shared goals and dreams"),
        purpose=_("Dream out loud, make plans together, and cheer each other on."),
        research_note=_(
            "People pursue their goals more confidently when their partner is encouraging "
            "without taking over, and affirming who each other wants to become helps both grow."
        ),
        icon="compass",
        toolkit="goals:index",
    ),
    Practice(
        key="intimacy",
        name=_("Physical intimacy"),
        purpose=_("Share affection and closeness in the ways you both enjoy, at your own pace."),
        research_note=_(
            "Couples who can talk openly about touch and desire tend to be happier together. "
            'A warm "not now" keeps closeness safe; more is not always better.'
        ),
        icon="hand-heart",
        toolkit="intimacy:index",
    ),
    Practice(
        key="growth",
        name=_("Learning and growing together"),
        purpose=_("Learn new things side by side, and keep discovering each other."),
        research_note=_(
            "Growing through new experiences together keeps a relationship lively, and "
            "approaching it as an adventure rather than a duty helps desire last."
        ),
        icon="sprout",
        toolkit="growth:index",
    ),
    Practice(
        key="trust",
        name=_("Trust and vulnerability"),
        purpose=_("Open up a little at a time, and be someone it is safe to open up to."),
        research_note=_(
            "Taking turns to share something a little more personal each time builds "
            "closeness quickly; the turn-taking matters as much as the questions."
        ),
        icon="shield",
        toolkit="trust:index",
    ),
)

BY_KEY: dict[str, Practice] = {p.key: p for p in PRACTICES}
KEYS: tuple[str, ...] = tuple(BY_KEY)
CHOICES: list[tuple[str, str | Promise]] = [(p.key, p.name) for p in PRACTICES]


def get(key: str) -> Practice:
    """The practice with this key; KeyError names the valid keys when it is unknown."""
    try:
        return BY_KEY[key]
    except KeyError:
        raise KeyError(f"Unknown practice {key!r}; expected one of {', '.join(KEYS)}.") from None


def ordered_for(*, focus: list[str], hidden: list[str]) -> list[Practice]:
    """The practices a person sees, focus ones first, hidden ones left out."""
    visible = [p for p in PRACTICES if p.key not in hidden]
    return sorted(visible, key=lambda p: (p.key not in focus, KEYS.index(p.key)))

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
    # "Why this helps" on the practice's own page, one paragraph each; the last one is
    # the gentle caveat where there is one.
    why: tuple[str | Promise, ...] = ()


PRACTICES: tuple[Practice, ...] = (
    Practice(
        key="communication",
        name=_("Communication"),
        purpose=_("Talk so you both feel heard, and find your way back after a rough moment."),
        research_note=_(
            "Taking turns to speak and reflect back is a learnable skill, and couples who "
            "learn it together tend to talk more kindly. Small repair attempts early in a "
            "hard conversation make the biggest difference."
        ),
        icon="message-circle",
        toolkit="conversations:index",
        why=(
            _(
                "When one person talks and the other says back what they heard before answering, "
                "a hard conversation slows down enough for both of you to feel understood. It's a"
                " skill, not a personality trait: couples who practise it together tend to talk "
                "more kindly and clearly."
            ),
            _(
                "How a conversation opens matters, and so do the small things said early on to "
                'steer it back: a light moment, "we\'re okay", owning a piece of it. And when '
                "feelings run too high to listen, a break with a time to return protects the "
                "conversation instead of dropping it."
            ),
            _(
                "Plenty of happy couples talk their own way. Use whatever here helps you, and "
                "leave the rest."
            ),
        ),
    ),
    Practice(
        key="quality_time",
        name=_("Quality time"),
        purpose=_("Make unhurried, undistracted time for each other, and try new things."),
        research_note=_(
            "Couples who regularly share new and mildly challenging activities report "
            "feeling more satisfied than those who stick to the pleasant and familiar."
        ),
        icon="sun",
        toolkit="dates:index",
        why=(
            _(
                "Time together works best when it is unhurried and has your full attention. "
                "Trying something new now and then, even something small and a little silly, "
                "tends to bring back the spark of early days more than repeating the same "
                "comfortable evening."
            ),
            _(
                "A short weekly check-in keeps small things small: you start with what you "
                "appreciate, then talk through one thing at a time. There are no targets here and"
                " nothing to keep up with. Use what suits the two of you."
            ),
        ),
    ),
    Practice(
        key="appreciation",
        name=_("Appreciation"),
        purpose=_("Notice the good in each other, and say so."),
        research_note=_(
            "Thanking a partner for who they are, not only for what they did, helps both "
            "people feel understood and cared for, and feeling appreciated goes with "
            "staying committed."
        ),
        icon="heart",
        toolkit="appreciation:index",
        why=(
            _(
                "Thanking someone for who they are, and not only for what they did for you, tends"
                ' to leave them feeling seen. "You were so patient with me" reaches further than '
                '"thanks for waiting".'
            ),
            _(
                "Noticing small kindnesses, even privately, turns your attention toward what is "
                "going right between you. Feeling appreciated goes hand in hand with feeling "
                "committed to each other."
            ),
            _(
                "Kindness lands best in the form the other person values, so each of you can say "
                "what makes you feel cared for, and the ideas here follow that."
            ),
            _(
                "This is about noticing, never keeping score: nothing here counts or compares "
                "what either of you does."
            ),
        ),
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
        why=(
            _(
                "Stress weighs less when two people carry it together. Saying what's heavy, and "
                "knowing how your partner likes to be supported, makes help easier to give and "
                "easier to take."
            ),
            _(
                "Good days count as much as hard ones. Real interest and a few eager questions "
                "help a good moment grow; a distracted reply can quietly shrink it."
            ),
            _(
                "Checking in with yourself first, how you feel and how stretched you are, makes "
                "it easier to notice when to ask for support."
            ),
            _(
                "This is not a replacement for professional care. If things feel too heavy, a "
                "doctor, a counsellor or a local helpline can help."
            ),
        ),
    ),
    Practice(
        key="goals",
        name=_("Goals and dreams"),
        purpose=_("Dream out loud, make plans together, and cheer each other on."),
        research_note=_(
            "People pursue their goals more confidently when their partner is encouraging "
            "without taking over, and affirming who each other wants to become helps both grow."
        ),
        icon="compass",
        toolkit="goals:index",
        why=(
            _(
                "People go after what matters to them with more confidence when their partner is "
                "in their corner: interested, encouraging, and not taking over."
            ),
            _(
                "Seeing each other's hopes, and cheering the person each of you is growing into, "
                "tends to help both of you grow and feel closer."
            ),
            _(
                "Small, visible steps make a big goal feel possible, and noticing each step "
                "together turns progress into something you share."
            ),
        ),
    ),
    Practice(
        key="intimacy",
        name=_("Intimacy"),
        purpose=_("Share affection and closeness in the ways you both enjoy, at your own pace."),
        research_note=_(
            "Couples who can talk openly about touch and desire tend to be happier together. "
            'A warm "not now" keeps closeness safe; more is not always better.'
        ),
        icon="hand-heart",
        toolkit="intimacy:index",
        why=(
            _(
                "Couples who can talk about touch and desire in plain, easy words tend to feel "
                "happier with each other and with their closeness. Most people find it easier to "
                "say what they like when there is no risk of an awkward refusal, which is why the"
                " list here only ever shows what you both said yes to."
            ),
            _(
                "More is not the aim. Closeness does its good when both people want it, and a "
                'warm, honest "not now" protects that far better than saying yes while wishing '
                "you hadn't. Nothing here counts, tracks or reminds you about sex."
            ),
        ),
    ),
    Practice(
        key="growth",
        name=_("Growing together"),
        purpose=_("Learn new things side by side, and keep discovering each other."),
        research_note=_(
            "Growing through new experiences together keeps a relationship lively, and "
            "approaching it as an adventure rather than a duty helps desire last."
        ),
        icon="sprout",
        toolkit="growth:index",
        why=(
            _(
                "Doing something new and a little challenging together tends to bring back the "
                "spark of the early days, more than repeating the pleasant and familiar."
            ),
            _(
                "Going toward good things together, like growth, fun and discovery, helps keep "
                "desire and closeness alive over time."
            ),
            _(
                "Learning about each other never finishes: people change, and staying curious "
                "about who your partner is today keeps you close."
            ),
        ),
    ),
    Practice(
        key="trust",
        name=_("Trust"),
        purpose=_("Open up a little at a time, and be someone it is safe to open up to."),
        research_note=_(
            "Taking turns to share something a little more personal each time builds "
            "closeness quickly; the turn-taking matters as much as the questions."
        ),
        icon="shield",
        toolkit="trust:index",
        why=(
            _(
                "Closeness grows when two people take turns letting each other see a little more,"
                " and each time the other person meets it with care. Doing it in turns matters as"
                " much as what you talk about: both of you give, both of you receive."
            ),
            _(
                "Going slowly is part of the design. You can pass on any question, stop whenever "
                "you like, and nothing you write here is seen by your partner unless you choose "
                "to share it."
            ),
        ),
    ),
)

BY_KEY: dict[str, Practice] = {p.key: p for p in PRACTICES}
KEYS: tuple[str, ...] = tuple(BY_KEY)
CHOICES: list[tuple[str, str | Promise]] = [(p.key, p.name) for p in PRACTICES]


def choices() -> list[tuple[str, str | Promise]]:
    """For model fields: a callable, so that a practice's name can change without a
    migration (migrations record the function, not the names)."""
    return CHOICES


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

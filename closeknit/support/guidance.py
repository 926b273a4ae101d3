"""Closeknit's own wording for answering a support signal and responding to good news.

Suggestions are keyed to the ways a person said they like to be supported, so the
partner sees advice that fits this person, not generic tips.
"""

from datetime import time

from django.utils.formats import time_format
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from closeknit.support.models import AnswerKind, Way

SUGGESTIONS: dict[str, tuple[Promise, ...]] = {
    Way.LISTENING: (
        gettext_lazy("Ask what's going on, then mostly listen. Save the fixing unless asked."),
        gettext_lazy("Say back what you hear, like “That sounds like a lot to carry today.”"),
    ),
    Way.SOLVING: (
        gettext_lazy("Ask whether they'd like to think it through together now or a bit later."),
        gettext_lazy("Help find one small next step, rather than the whole plan at once."),
    ),
    Way.SPACE: (
        gettext_lazy("Let them know you're around, then give them room. Check in gently later."),
        gettext_lazy("A message like “No need to reply, I'm here when you want me” can be enough."),
    ),
    Way.COMFORT: (
        gettext_lazy("If you can be there, offer a hug or just sit close. Ask first."),
        gettext_lazy("Apart today? Say when you'll next be together, and send something warm."),
    ),
    Way.DISTRACTION: (
        gettext_lazy("Suggest something light to do together: a show, a walk, a silly game."),
        gettext_lazy("Send them something that usually makes them laugh."),
    ),
}
GENERAL: tuple[Promise, ...] = (
    gettext_lazy("Ask what would help most right now: listening, ideas, company or some quiet."),
    gettext_lazy("Let them know they don't have to explain everything to have your support."),
)


def suggestions_for(ways: list[str]) -> list[str]:
    """Ways to respond, in the order the person listed their preferences."""
    found = [str(s) for w in ways for s in SUGGESTIONS.get(w, ())]
    return found or [str(s) for s in GENERAL]


# Quick answers to a signal, one tap each.
QUICK_ANSWERS = (AnswerKind.ON_MY_WAY, AnswerKind.CALL, AnswerKind.THINKING)


def answer_text(*, kind: str, call_at: time | None = None, text: str = "") -> str:
    """How an answer reads to the person who asked for support."""
    if kind == AnswerKind.ON_MY_WAY:
        return _("On my way.")
    if kind == AnswerKind.CALL:
        if call_at is not None:
            return _("I'll call you at %(time)s.") % {"time": time_format(call_at, "TIME_FORMAT")}
        return _("I'll call you soon.")
    if kind == AnswerKind.THINKING:
        return _("Thinking of you.")
    return text


# Responding to good news: warmth and curiosity rather than a flat "nice" or a "but".
GOOD_NEWS_HELP: tuple[Promise, ...] = (
    gettext_lazy("Show you're glad, and let it show in your words."),
    gettext_lazy("Ask about it: how it happened, how it felt, what comes next."),
    gettext_lazy("Stay with their moment for a while before moving on to anything else."),
)
GOOD_NEWS_AVOID = gettext_lazy(
    "A quick “nice”, a worry about what could go wrong, or a story of your own can land "
    "flat, even when you don't mean it to."
)
GOOD_NEWS_EXAMPLES: tuple[Promise, ...] = (
    gettext_lazy("That's wonderful! How did you find out?"),
    gettext_lazy("I'm so glad for you. Tell me everything, from the start."),
    gettext_lazy("You put so much into this. How does it feel now that it's happened?"),
    gettext_lazy("What a moment! What went through your head when you heard?"),
    gettext_lazy("I love this for you. What are you most looking forward to?"),
    gettext_lazy("Let's mark it somehow. What would feel like a good celebration to you?"),
)


def all_wording() -> dict[str, list[str]]:
    """Everything in this module a person reads, for the wording checks in the tests."""
    texts: dict[str, list[str]] = {
        f"suggestion:{way}": [str(s) for s in items] for way, items in SUGGESTIONS.items()
    }
    texts["general"] = [str(s) for s in GENERAL]
    texts["good_news"] = [str(s) for s in (*GOOD_NEWS_HELP, GOOD_NEWS_AVOID, *GOOD_NEWS_EXAMPLES)]
    return texts

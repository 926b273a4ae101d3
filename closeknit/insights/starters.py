"""Conversation starters for the couple map: where two people experience a practice
differently, a gentle way to talk about it. Closeknit's own wording; never blaming."""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

TITLE = _("You experience %(practice)s differently: here's a way to talk about it")

STARTERS: dict[str, str | Promise] = {
    "communication": _(
        'Each of you finishes the sentence "I feel most heard when…" while the other just '
        "listens, then swap. No need to agree; the point is to understand."
    ),
    "quality_time": _(
        "Each describe an ordinary hour together you'd love, then look for what the two "
        "pictures have in common and plan that part."
    ),
    "appreciation": _(
        "Each name one thing that makes you feel valued, big or small, so the other knows "
        "what lands for you right now."
    ),
    "support": _(
        "Take turns saying what helps you most on a hard day, without defending or "
        "explaining. Listen for one thing you could offer."
    ),
    "goals": _(
        "Each share one hope for the coming months, then find one small piece of either "
        "hope you could start on together."
    ),
    "intimacy": _(
        'Only if you both want to: each share one kind of closeness you enjoy, and let "not '
        'now" be a perfectly good answer.'
    ),
    "growth": _(
        "Each suggest one new thing you'd enjoy learning or trying, then pick whichever "
        "sounds like the most fun to start with."
    ),
    "trust": _(
        "Each say one thing that helps you feel safe to open up, at your own pace. Passing "
        "is always fine."
    ),
}

"""Closeknit's own wording for the trust toolkit: why it helps, and the guide for
repairing trust after a hurt. Written fresh; translatable."""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from closeknit import practices

# On the practice's own page; the words live with the practice (closeknit/practices.py).
WHY_THIS_HELPS = practices.get("trust").why

SESSION_ABOUT: Promise = _(
    "Thirty-six questions in three sets, each set a little deeper than the one before. "
    "Take turns: one of you answers, then the other, and the next question opens once you "
    "both have. Each set takes about fifteen minutes, so about forty-five in all. "
    '"Not ready for this one" is always fine, and you can pause and come back later.'
)

JOURNAL_ABOUT: Promise = _(
    "A private place to write. Entries are yours alone; you can share any one of them with "
    "your partner later, and stop sharing it again whenever you like."
)


@dataclass(frozen=True)
class Step:
    title: Promise
    body: Promise


REPAIR_INTRO: Promise = _(
    "When one of you has been hurt, trust comes back slowly, through many small moments "
    "where words and actions match. This guide is a gentle structure for the talks that "
    "help. Take it one step at a time, and stop when either of you needs a break."
)

REPAIR_STEPS: tuple[Step, ...] = (
    Step(
        _("Choose a calm time"),
        _(
            "Pick a moment when neither of you is rushed, tired or still flooded with "
            "feeling. If a talk starts to heat up, agree a pause and a time to come back."
        ),
    ),
    Step(
        _("The hurt person speaks first"),
        _(
            'Describe what happened from where you stood and how it felt, using "I" '
            'rather than "you always". The listener\'s only job for now is to understand, '
            "not to explain or defend."
        ),
    ),
    Step(
        _("Say back what you heard"),
        _(
            "The listener sums up what they heard, especially the feelings, and asks "
            '"Did I get that right?" Keep going until the answer is yes.'
        ),
    ),
    Step(
        _("Own your part, plainly"),
        _(
            'Name what you did and its effect, without "but". A clear acknowledgement '
            "is a gift; an apology that explains itself away is not."
        ),
    ),
    Step(
        _("Ask what would help"),
        _(
            "Ask what would help trust grow back. Listen for small, concrete things you "
            "can do reliably, rather than grand promises."
        ),
    ),
    Step(
        _("Agree one step each"),
        _(
            "Each of you names one thing you will do in the coming weeks. Rebuilding is "
            "shared work, even when one person caused the hurt."
        ),
    ),
    Step(
        _("Check in again"),
        _(
            "Set a time to talk about how it is going. Healing is rarely a straight line; "
            "a setback is a reason to talk, not proof that nothing has changed."
        ),
    ),
)

REPAIR_NOT_FOR: Promise = _(
    "This guide is for ordinary hurts between two people who both feel safe. It is not "
    "meant for situations involving fear, threats, control or violence."
)

PROFESSIONAL_HELP: Promise = _(
    "Some hurts are too big to mend alone, and that says nothing bad about either of you. "
    "A couples therapist can hold the hard conversations steady; therapy built around "
    "emotions and attachment has good results for couples rebuilding trust. Looking for "
    "one together can itself be a first shared step."
)

SAFETY_HELP: Promise = _(
    "If you ever feel afraid of your partner, or unsafe at home, please put your own "
    "safety first. You can find support and ways to reach people who can help on the "
    "support page."
)

SAFETY_URL = "/safety/"

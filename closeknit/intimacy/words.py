"""Closeknit's own wording for the intimacy toolkit: why it helps, and kind ways to say
"not now". Written fresh; translatable."""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from closeknit import practices

# On the practice's own page; the words live with the practice (closeknit/practices.py).
WHY_THIS_HELPS = practices.get("intimacy").why

WHY_A_WARM_NO: tuple[Promise, ...] = (
    _(
        "Declining with warmth tells your partner two true things at once: not this, not "
        "right now, and also that you still want them close. People who turn down a "
        "sexual invitation kindly tend to keep their relationship happy, while going along "
        "reluctantly tends to wear both people down over time."
    ),
    _(
        'A good "not now" is short, affectionate and, when you can, offers something '
        "else: a cuddle, another time, or simply staying close. Hearing one well matters "
        "too: a thank-you for the honesty makes the next invitation easier for both of you."
    ),
)

NOT_NOW_PHRASES: tuple[Promise, ...] = (
    _("I love that you asked. I'm not up for it tonight, but I'd really like a cuddle."),
    _("Not right now, my energy is gone. Can we pick this up at the weekend?"),
    _("I'm flattered, and I'm saying no for now. Stay close to me anyway?"),
    _("My head is still full of the day. Could we just lie here together?"),
    _("Not tonight, and it's nothing to do with you. I still think you're gorgeous."),
    _("I'd rather not, but a back rub sounds lovely if you're offering."),
    _("Can I take a rain check? Tomorrow morning could be nice."),
    _("Thank you for asking so gently. I'm a no right now, and I feel really loved."),
    _("I'm not in that place today. Could we go for a walk together instead?"),
    _("Part of me wants to, but my body is saying rest. Hold my hand while I fall asleep?"),
    _("Not this time. Tell me something good about your day while we lie here."),
    _("I want to say yes when I truly mean it, so it's a gentle no for tonight."),
    _("I'm a bit sore today. Kisses are very welcome, the rest can wait."),
    _("Let's save it for when we're both fully in the mood. Tea and a film for now?"),
)

HEARING_NOT_NOW: tuple[Promise, ...] = (
    _("Thanks for telling me. Come here, let's just be close."),
    _("Of course. I'd love that cuddle."),
    _("No problem at all. What would feel good right now instead?"),
)

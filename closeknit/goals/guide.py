"""The words the goals pages show: why this helps, and the listener's part in a dream talk.

Closeknit's own wording (see shared/RESEARCH.md for the findings behind it).
"""

from django.utils.translation import gettext_lazy as _

from closeknit import practices

# On the practice's own page; the words live with the practice (closeknit/practices.py).
WHY_THIS_HELPS = practices.get("goals").why

LISTENER_GUIDE = (
    _("Be curious. Ask about the picture, the feeling, the why."),
    _("Encourage. Let them know the dream makes sense to you, even if it's far off."),
    _("Let it stay theirs. No fixing, planning or pointing out problems today."),
    _("Say back one thing you heard that you'd love to see come true for them."),
)

SPEAKER_GUIDE = (
    _("Dream out loud. It doesn't need to be realistic or finished."),
    _("Say what draws you to it, not only what it is."),
)

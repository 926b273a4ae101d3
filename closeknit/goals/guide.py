"""The words the goals pages show: why this helps, and the listener's part in a dream talk.

Closeknit's own wording (see shared/RESEARCH.md for the findings behind it).
"""

from django.utils.translation import gettext_lazy as _

WHY_THIS_HELPS = (
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
)

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

"""The private safety check that comes before the conflict and vulnerability tools.

Rules (docs/safety.md): each person takes it alone. If anyone in a couple answers in a
way that raises concern, the sensitive tools (after-a-disagreement guide, trust repair,
closeness sessions) are switched off for that couple, quietly: the partner only sees
that they are unavailable. The person sees support resources and device-safety advice.
"""

from datetime import timedelta

from django.utils import timezone

from closeknit.accounts.models import User
from closeknit.couples.services import couple_for, members_of
from closeknit.safety.models import SafetyCheck

VALID_FOR = timedelta(days=180)

# Question keys in the order asked; the wording lives in the form (translatable).
QUESTIONS = ("afraid", "hurt", "pressured", "watched", "careful")


def latest(user: User) -> SafetyCheck | None:
    return user.safety_checks.order_by("-taken_at").first()


def check_record(*, user: User, answers: dict[str, bool], country: str = "") -> SafetyCheck:
    """Keep only whether any answer raised concern, never the answers themselves."""
    concern = any(answers.get(key, False) for key in QUESTIONS)
    return SafetyCheck.objects.create(user=user, concern=concern, country=country[:2].upper())


def needs_check(user: User) -> bool:
    found = latest(user)
    return found is None or found.taken_at < timezone.now() - VALID_FOR


def tools_open(user: User) -> bool:
    """False when anyone in the person's couple has a check that raised concern."""
    couple = couple_for(user)
    people = members_of(couple) if couple is not None else [user]
    for person in people:
        found = latest(person)
        if found is not None and found.concern:
            return False
    return True

"""Choosing the weekly plan: three things to try. Pure and deterministic for a seed
(the space and the ISO week), so it can be tested without a database.

The rules are written in docs/insights.md:
1. Practices hidden by either partner are never chosen.
2. Practices are ranked by their leaning (low check-in scores, little recent activity).
3. Variety: last week's practices step aside, the week before's count a little less,
   and ideas used in the last six weeks are not repeated while others remain.
4. A small seeded jitter breaks ties differently each week.
5. Practices a partner chose to focus on come first (FOCUS_BONUS outweighs every
   penalty), so a plan never skips what the couple asked for.
6. Before four weeks of history, nothing is called quiet: "hasn't come up in the last
   four weeks" would not be true yet.
"""

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from closeknit import practices

SIZE = 3
LAST_WEEK_PENALTY = 1.0
WEEK_BEFORE_PENALTY = 0.3
JITTER = 0.1
IDEA_MEMORY_WEEKS = 6
FOCUS_BONUS = 2.0  # more than LAST_WEEK_PENALTY + WEEK_BEFORE_PENALTY + JITTER + 1


@dataclass(frozen=True)
class Idea:
    id: str
    practice: str
    text: str = ""
    why: str = ""
    link: str = ""


@dataclass(frozen=True)
class Need:
    """How much a practice could use some attention, and why."""

    leaning: float = 0.5  # 0..1, see docs/insights.md
    lower_for: int = 0  # how many partners rated it among their lower practices
    recent: int = 0  # times lived in the last four weeks


@dataclass(frozen=True)
class Pick:
    idea: str
    practice: str
    reason: str

    def as_dict(self) -> dict[str, str]:
        return {"idea": self.idea, "practice": self.practice, "reason": self.reason}


def _unit(seed: str, key: str) -> float:
    """A stable pseudo-random number in [0, 1) for (seed, key)."""
    digest = hashlib.sha256(f"{seed}|{key}".encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


def reason_code(need: Need, *, least_recent: int, focus: bool = False, young: bool = False) -> str:
    # "Quiet" means four weeks without it: a space younger than that has no such weeks.
    quiet = need.recent == 0 and not young
    if need.lower_for >= 2:
        return "both_lower_quiet" if quiet else "both_lower"
    if need.lower_for == 1:
        return "lower_quiet" if quiet else "lower"
    if focus:
        return "focus"
    if quiet:
        return "quiet"
    if young:
        return "variety"
    if need.recent <= least_recent:
        return "less_lived"
    return "variety"


def choose_plan(
    *,
    ideas: Iterable[Idea],
    needs: dict[str, Need],
    hidden: set[str] | frozenset[str],
    previous: list[list[Pick]],
    seed: str,
    size: int = SIZE,
    focus: set[str] | frozenset[str] = frozenset(),
    young: bool = False,
) -> list[Pick]:
    """The week's picks. `previous` holds earlier weeks' picks, newest first. `focus`:
    practices a partner chose to focus on; `young`: under four weeks of history."""
    by_practice: dict[str, list[Idea]] = {}
    for idea in ideas:
        if idea.practice not in hidden:
            by_practice.setdefault(idea.practice, []).append(idea)
    eligible = [key for key in practices.KEYS if key in by_practice]
    if not eligible:
        return []
    last_week = {pick.practice for pick in (previous[0] if previous else [])}
    week_before = {pick.practice for pick in (previous[1] if len(previous) > 1 else [])}
    used = {pick.idea for week in previous[:IDEA_MEMORY_WEEKS] for pick in week}

    def weight(key: str) -> float:
        value = needs.get(key, Need()).leaning
        value += FOCUS_BONUS if key in focus else 0.0
        value -= LAST_WEEK_PENALTY if key in last_week else 0.0
        value -= WEEK_BEFORE_PENALTY if key in week_before else 0.0
        return value + JITTER * _unit(seed, key)

    ranked = sorted(eligible, key=lambda key: (-weight(key), key))
    slots = [ranked[n % len(ranked)] for n in range(size)]
    least_recent = min(needs.get(key, Need()).recent for key in eligible)
    picks: list[Pick] = []
    taken: set[str] = set()
    for key in slots:
        fresh = [i for i in by_practice[key] if i.id not in used and i.id not in taken]
        pool = fresh or [i for i in by_practice[key] if i.id not in taken]
        if not pool:
            continue
        idea = min(pool, key=lambda i: (_unit(seed, i.id), i.id))
        taken.add(idea.id)
        code = reason_code(
            needs.get(key, Need()), least_recent=least_recent, focus=key in focus, young=young
        )
        picks.append(Pick(idea=idea.id, practice=key, reason=code))
    return picks


REASONS: dict[str, str | Promise] = {
    "both_lower_quiet": _(
        "You both rated %(practice)s lower than your other practices last time, and it "
        "hasn't come up in the last four weeks."
    ),
    "both_lower": _(
        "You both rated %(practice)s lower than your other practices in your latest check-ins."
    ),
    "lower_quiet": _(
        "%(practice)s came out lower in one of your latest check-ins, and it hasn't come up "
        "in the last four weeks."
    ),
    "lower": _("%(practice)s came out lower in one of your latest check-ins."),
    "quiet": _("%(practice)s hasn't come up in the last four weeks: here's an easy way back in."),
    "less_lived": _("You've spent a little less time on %(practice)s lately than on the others."),
    "variety": _("For variety: something fresh from %(practice)s."),
    "focus": _("You chose to focus on %(practice)s."),
}
SOLO_REASONS: dict[str, str | Promise] = {
    "lower_quiet": _(
        "You rated %(practice)s lower than your other practices last time, and it hasn't "
        "come up in the last four weeks."
    ),
    "lower": _("You rated %(practice)s lower than your other practices last time."),
}


def reason_text(code: str, *, practice: str, solo: bool = False) -> str:
    template = (SOLO_REASONS.get(code) if solo else None) or REASONS.get(code, REASONS["variety"])
    text = str(template) % {"practice": str(practices.get(practice).name).lower()}
    return text[:1].upper() + text[1:]

"""What `closeknit demo` fills in: a few months of a couple's life in every practice,
written through the apps' own services so activity records, reveals and waiting items
appear exactly as in real use. Run once, when the demo couple is first made."""

from datetime import timedelta

from django.utils import timezone

from closeknit.accounts.models import User
from closeknit.couples.models import Couple

MONTHS_OF_CHECKINS = 4
PERIOD_DAYS = 14


def backdate(couple: Couple, *, days: int) -> None:
    """The couple began `days` ago, so fortnights (and four-week insights) have history."""
    couple.created_at = timezone.now() - timedelta(days=days)
    couple.save(update_fields=["created_at"])


def fill(alex: User, sam: User) -> list[str]:
    """Every practice, in turn. Returns what it made, in words, for the command's output."""
    made = [
        _checkins(alex, sam),
        _appreciation(alex, sam),
        _support(alex, sam),
        _goals(alex, sam),
        _dates(alex, sam),
        _growth(alex, sam),
        _trust(alex, sam),
        _intimacy(alex, sam),
        _conversations(alex, sam),
    ]
    return [line for line in made if line]


def _checkins(alex: User, sam: User) -> str:
    from closeknit.checkins import items, services

    now = timezone.now()
    periods = MONTHS_OF_CHECKINS * 30 // PERIOD_DAYS
    for n in range(periods):
        when = now - timedelta(days=(periods - n) * PERIOD_DAYS - 2)
        for person, base in ((alex, 4), (sam, 5)):
            lift = 1 if n > periods // 2 else 0  # things get a little better over time
            answers = {
                item.id: max(1, min(7, base + lift + (hash((item.id, n)) % 3) - 1))
                for item in items.ITEMS
            }
            services.checkin_submit(
                user=person, answers=answers, closeness=min(7, base + lift), now=when
            )
    return f"{periods} fortnights of check-ins, revealed side by side"


def _appreciation(alex: User, sam: User) -> str:
    from closeknit.appreciation import services

    services.note_send(user=alex, text="Thank you for making the flat feel like home this week.")
    services.note_send(user=sam, text="I loved how you listened on Tuesday. It meant a lot.")
    services.noticed_add(user=alex, text="Sam hummed while cooking; it made the evening.")
    return "appreciation notes both ways, and something noticed"


def _support(alex: User, sam: User) -> str:
    from closeknit.support import services

    services.mood_add(user=alex, mood=4, stress=2, note="A calm day.")
    services.mood_add(user=sam, mood=3, stress=4, note="Deadline week.")
    services.good_news_share(user=sam, text="The project I worried about went well!")
    return "moods and some good news"


def _goals(alex: User, sam: User) -> str:
    from closeknit.goals import services

    services.goal_create(
        user=alex,
        title="A week by the sea next summer",
        kind="shared",
        why="Slow mornings, long walks.",
        target_date=timezone.localdate() + timedelta(days=200),
    )
    services.goal_create(user=sam, title="Run a 10k", kind="individual", shared=True)
    return "a shared goal and a personal one"


def _dates(alex: User, sam: User) -> str:
    from closeknit.dates.services.planning import DateInput, date_plan

    soon = timezone.now() + timedelta(days=5)
    date_plan(
        user=alex,
        data=DateInput(
            title="Picnic in the park", starts_at=soon, minutes=120, place="By the lake"
        ),
    )
    return "a date planned for this week"


def _growth(alex: User, sam: User) -> str:
    from closeknit.growth import rounds, services

    services.learned_add(user=alex, title="Tried making fresh pasta", kind="tried")
    round_ = rounds.round_start(user=alex)
    positions = list(round_.items.values_list("position", flat=True))  # type: ignore[attr-defined]
    rounds.answers_save(
        user=alex, round_id=round_.pk, answers=dict.fromkeys(positions, "Tea, always.")
    )
    return "something learned, and a round of how-well-do-you-know-me waiting for Sam"


def _trust(alex: User, sam: User) -> str:
    from closeknit.safety.models import SafetyCheck
    from closeknit.trust import services

    for person in (alex, sam):
        SafetyCheck.objects.get_or_create(user=person, defaults={"concern": False})
    session = services.session_start(user=alex, mode="apart")
    services.session_turn(
        user=alex, session_id=session.pk, position=0, text="Our first trip, lost and laughing."
    )
    services.entry_create(user=sam, text="Grateful for how patient Alex was today.")
    return "a closeness session (Sam's turn) and a journal entry"


def _intimacy(alex: User, sam: User) -> str:
    from closeknit.intimacy import selectors, services

    for person, note in ((alex, "Long ones, after work."), (sam, "Any time, really.")):
        services.affection_save(
            user=person,
            preferences=[services.AffectionInput(kind="hugs", level="love", note=note)],
        )
    allowed = selectors.visible_item_ids(user=alex)
    first = sorted(allowed)[:4]
    if not first:  # the list's items come with `closeknit content load`
        return "affection preferences"
    services.list_answer(user=alex, answers=dict.fromkeys(first, "yes"), allowed=allowed)
    services.list_answer(user=sam, answers=dict.fromkeys(first[:2], "yes"), allowed=allowed)
    return "affection preferences and a few yes / maybe / no answers, two shared"


def _conversations(alex: User, sam: User) -> str:
    from closeknit.conversations import services

    services.guide_start(user=alex, label="Who does the dishes")
    return "a conversation guide, started"

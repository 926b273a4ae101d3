"""Preparing each couple's question when their day begins, in bulk.

Couples are grouped by (home time zone, day start hour) so each group shares one day;
each batch of couples costs a fixed handful of queries whatever its size: one for their
histories, one for their members, one bulk insert, and the notifications in bulk.
"""

from collections import defaultdict
from collections.abc import Iterator
from datetime import date, datetime
from typing import Any

from django.db.models import Count
from django.utils import timezone

from closeknit.accounts.models import User
from closeknit.couples.models import Couple, Membership
from closeknit.insights.selectors import leanings_for_couples
from closeknit.nudges.services import Nudge, notify_many
from closeknit.prompts import scheduler
from closeknit.prompts.models import DailyQuestion, Prompt

BATCH = 500


def _chunks(items: list[int], size: int) -> Iterator[list[int]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def prepare_days(*, now: datetime | None = None, batch_size: int = BATCH) -> int:
    """Create the day's question for couples that don't have one yet. Returns how many."""
    now = now or timezone.now()
    library = [
        scheduler.Candidate(*row)
        for row in Prompt.objects.filter(retired=False).values_list("id", "practice", "depth")
    ]
    if not library:
        return 0
    texts = dict(Prompt.objects.filter(retired=False).values_list("id", "text"))
    created = 0
    groups = (
        Couple.objects.active()
        .values_list("home_timezone", "day_starts_at")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for tz, hour, _n in groups:
        day = scheduler.day_for(now=now, tz=tz, starts_at=hour)
        pending = list(
            Couple.objects.active()
            .filter(home_timezone=tz, day_starts_at=hour)
            .exclude(pk__in=DailyQuestion.objects.filter(day=day).values("couple_id"))
            .values_list("pk", flat=True)
            .order_by("pk")
        )
        for batch in _chunks(pending, batch_size):
            created += _prepare_batch(batch, day=day, library=library, texts=texts, now=now)
    return created


def _prepare_batch(
    couple_ids: list[int],
    *,
    day: date,
    library: list[scheduler.Candidate],
    texts: dict[str, str],
    now: datetime,
) -> int:
    history: dict[int, list[tuple[str, Any, str]]] = defaultdict(list)
    answered: dict[int, int] = defaultdict(int)
    rows = (
        DailyQuestion.objects.filter(couple_id__in=couple_ids)
        .order_by("day")
        .values_list("couple_id", "prompt_id", "swapped_from_id", "prompt__practice", "revealed_at")
    )
    for couple_id, prompt_id, swapped, practice, revealed in rows:
        history[couple_id].append((prompt_id, swapped, practice))
        answered[couple_id] += revealed is not None
    members: dict[int, list[User]] = defaultdict(list)
    for membership in (
        Membership.objects.current().filter(couple_id__in=couple_ids).select_related("user")
    ):
        members[membership.couple_id].append(membership.user)

    hidden = {c: {k for m in members[c] for k in m.hidden_practices} for c in couple_ids}
    leanings = leanings_for_couples(couple_ids=couple_ids, hidden=hidden, now=now)
    questions = []
    for couple_id in couple_ids:
        past = history[couple_id]
        people = members[couple_id]
        picked = scheduler.choose_prompt(
            library=library,
            used=[p for p, _s, _x in past] + [s for _p, s, _x in past if s],
            recent_practices=[practice for _p, _s, practice in past],
            answered_days=answered[couple_id],
            hidden=hidden[couple_id],
            focus={k for m in people for k in m.focus_practices},
            leanings=leanings[couple_id],
            seed=f"c{couple_id}:{day.isoformat()}:0",  # the same seed as opening the app
        )
        questions.append(DailyQuestion(couple_id=couple_id, day=day, prompt_id=picked.id))
    DailyQuestion.objects.bulk_create(questions, ignore_conflicts=True, batch_size=BATCH)
    chosen = {q.couple_id: q.prompt_id for q in questions}
    notify_many(
        [
            Nudge(
                user=person,
                event="question_ready",
                url="/today/",
                dedupe_key=f"question_ready:{day.isoformat()}",
                detail=texts.get(chosen[couple_id], ""),
            )
            for couple_id in couple_ids
            if len(members[couple_id]) == 2
            for person in members[couple_id]
        ],
        now=now,
    )
    return len(questions)

"""Reading daily questions as one person sees them: the mutual-reveal rules live here,
in one place, for the web pages and the API alike."""

import logging
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import connections
from django.db.models import Exists, OuterRef, Q, QuerySet

from closeknit import practices
from closeknit.accounts.models import User
from closeknit.couples.models import Membership
from closeknit.lib.errors import Unavailable
from closeknit.prompts.models import Answer, DailyQuestion, Reaction, Reply
from closeknit.prompts.services import question_for_day, today
from closeknit.prompts.spaces import Space, space_for

logger = logging.getLogger(__name__)

PAGE_SIZE = 20


@dataclass
class QuestionView:
    question: DailyQuestion
    mine: Answer | None
    theirs: Answer | None  # the partner's answer, only when it may be shown
    partner_answered: bool  # before the reveal: the partner is waiting for you
    in_current_space: bool
    is_today: bool
    replies: list[Reply] = field(default_factory=list)
    my_reaction: str | None = None  # what I reacted to their answer
    their_reaction: str | None = None  # what they reacted to mine

    @property
    def prompt(self):  # type: ignore[no-untyped-def]
        return self.question.prompt

    @property
    def practice_name(self) -> str:
        return str(practices.get(self.question.prompt.practice).name)

    @property
    def revealed(self) -> bool:
        return self.question.revealed_at is not None

    @property
    def can_answer(self) -> bool:
        return self.in_current_space and not self.revealed

    @property
    def waiting(self) -> bool:
        """I answered, my partner has not yet (couples only)."""
        return (
            self.question.couple_id is not None
            and self.mine is not None
            and not self.revealed
            and self.in_current_space
        )


@dataclass
class _Content:
    """Answers, replies and reactions of some questions, grouped by what they belong to."""

    answers: dict[int, list[Answer]] = field(default_factory=dict)  # by question
    replies: dict[int, list[Reply]] = field(default_factory=dict)  # by question
    reactions: dict[int, list[Reaction]] = field(default_factory=dict)  # by answer


def _content_of(questions: list[DailyQuestion]) -> _Content:
    """Answers and their reactions, and replies, for questions read with
    select_related("prompt", "couple"): at most three queries for any number of them.

    Replies and reactions only exist once a question is revealed, so when none of the
    questions is revealed (the busiest case: today's question, answered or not) those
    two queries are skipped. Plain filters grouped here, not prefetch_related: Django's
    prefetching builds a queryset for every question and every answer, which cost a
    page of 20 questions more than its three queries."""
    content = _Content()
    if not questions:
        return content
    for answer in Answer.objects.filter(question_id__in=[q.pk for q in questions]):
        content.answers.setdefault(answer.question_id, []).append(answer)
    revealed = [q.pk for q in questions if q.revealed_at is not None]
    if revealed:
        shown = [a.pk for pk in revealed for a in content.answers.get(pk, [])]
        if shown:
            for reaction in Reaction.objects.filter(answer_id__in=shown):
                content.reactions.setdefault(reaction.answer_id, []).append(reaction)
        for reply in Reply.objects.filter(question_id__in=revealed):
            content.replies.setdefault(reply.question_id, []).append(reply)
    return content


def _view(
    *, user: User, question: DailyQuestion, space: Space, day: date, content: _Content
) -> QuestionView:
    answers = content.answers.get(question.pk, [])
    mine = next((a for a in answers if a.user_id == user.pk), None)
    others = [a for a in answers if a.user_id != user.pk]
    in_current = (space.couple is not None and question.couple_id == space.couple.pk) or (
        space.couple is None and question.couple_id is None and question.user_id == user.pk
    )
    theirs = None
    partner_answered = False
    partner_visible = False
    if question.couple_id is not None:
        couple = question.couple
        left_by_me = couple is not None and couple.ended_by_id == user.pk
        partner_visible = question.revealed_at is not None and not left_by_me
        other = others[0] if others else None
        if other is not None and partner_visible and not other.withdrawn:
            theirs = other
        partner_answered = other is not None and question.revealed_at is None and in_current
    elif question.user_id != user.pk:
        # Someone's solo answer they chose to share with me.
        mine = None
        shared_to = space.couple.pk if space.couple else None
        theirs = next((a for a in answers if shared_to and a.shared_with_id == shared_to), None)
    replies = [
        r
        for r in content.replies.get(question.pk, [])
        if r.user_id == user.pk or (partner_visible and theirs is not None and not r.withdrawn)
    ]
    my_reaction = next(
        (
            r.kind
            for r in (content.reactions.get(theirs.pk, []) if theirs else [])
            if r.user_id == user.pk
        ),
        None,
    )
    their_reaction = next(
        (
            r.kind
            for r in (content.reactions.get(mine.pk, []) if mine and theirs else [])
            if r.user_id != user.pk
        ),
        None,
    )
    return QuestionView(
        question=question,
        mine=mine,
        theirs=theirs,
        partner_answered=partner_answered,
        in_current_space=in_current,
        is_today=in_current and question.day == day,
        replies=replies,
        my_reaction=my_reaction,
        their_reaction=their_reaction,
    )


def visible_questions(user: User, space: Space | None = None) -> QuerySet[DailyQuestion]:
    """Every question this person may open: their solo ones, those of any couple they
    belong or belonged to, and solo answers a partner shared with their current couple.

    Shared answers are an EXISTS, not a join, so a question is one row (no DISTINCT)."""
    couple_ids = Membership.objects.filter(user=user).values("couple_id")
    space = space or space_for(user)
    condition = Q(user=user, couple__isnull=True) | Q(couple_id__in=couple_ids)
    if space.couple is not None:
        shared = Answer.objects.filter(question=OuterRef("pk"), shared_with=space.couple)
        condition |= Q(Exists(shared), couple__isnull=True)
    return DailyQuestion.objects.filter(condition)


def question_view(
    *, user: User, question_id: int, space: Space | None = None
) -> QuestionView | None:
    space = space or space_for(user)
    question = (
        visible_questions(user, space)
        .filter(pk=question_id)
        .select_related("prompt", "couple")
        .first()
    )
    if question is None:
        return None
    return _view(
        user=user,
        question=question,
        space=space,
        day=today(space=space),
        content=_content_of([question]),
    )


def today_or_none(*, user: User, space: Space) -> QuestionView | None:
    """Today's question, or None (logged) when the library is empty."""
    try:
        return today_view(user=user, space=space)
    except Unavailable:
        logger.warning("The prompt library is empty; run `closeknit content load`.")
        return None


def today_view(*, user: User, space: Space | None = None) -> QuestionView:
    space = space or space_for(user)
    day = today(space=space)
    # Usually the question exists (the rollover made it): read it with its content in
    # one go, and only create it (then read it again) on the first visit of the day.
    question = (
        DailyQuestion.objects.filter(**space.filter(), day=day)
        .select_related("prompt", "couple")
        .first()
    )
    if question is None:
        question = question_for_day(space=space, day=day)
        question = DailyQuestion.objects.select_related("prompt", "couple").get(pk=question.pk)
    return _view(
        user=user, question=question, space=space, day=day, content=_content_of([question])
    )


def catch_up(*, user: User, limit: int = 30, space: Space | None = None) -> list[DailyQuestion]:
    """Earlier questions of the current space still waiting for this person's answer."""
    space = space or space_for(user)
    return list(
        DailyQuestion.objects.filter(**space.filter(), day__lt=today(space=space))
        .exclude(answers__user=user)
        .select_related("prompt")
        .order_by("-day")[:limit]
    )


def answered_together(*, space: Space, first: date, last: date) -> QuerySet[DailyQuestion]:
    """The one definition every page counts with (today's record, the weekly report):
    a question counts for the day it was asked, once you've both answered it (alone:
    once you've answered it). One question a day, so questions and days agree."""
    if space.couple is not None:
        return DailyQuestion.objects.filter(
            couple=space.couple, day__gte=first, day__lte=last, revealed_at__isnull=False
        )
    assert space.solo is not None
    answered = Answer.objects.filter(user=space.solo).values("question_id")
    return DailyQuestion.objects.filter(
        user=space.solo, couple__isnull=True, day__gte=first, day__lte=last, pk__in=answered
    )


def days_both_answered_this_month(*, user: User, space: Space | None = None) -> int | None:
    """A gentle record instead of a streak. None when there is no partner yet."""
    space = space or space_for(user)
    if space.couple is None:
        return None
    day = today(space=space)
    return answered_together(space=space, first=day.replace(day=1), last=day).count()


@dataclass
class ArchivePage:
    items: list[QuestionView]
    page: int
    has_next: bool
    total: int


def _history_parts(user: User, space: Space, practice: str) -> list[tuple[QuerySet[Any], str]]:
    """`visible_questions` as disjoint parts of (id, day) rows, each with an index that
    serves it, and its order as SQL on those two columns. A page then reads at most a
    page of rows from each part, however long the history.

    A couple's and a person's solo questions are unique per day (`one_per_couple_day`,
    `one_per_solo_day`), so the day alone orders them, straight from those indexes.
    """
    questions = DailyQuestion.objects.all()
    if practice:
        questions = questions.filter(prompt__practice=practice)
    by_day, by_day_and_id = "2 DESC", "2 DESC, 1 DESC"  # (id, day) rows
    past = Membership.objects.filter(user=user)
    parts = [(questions.filter(user=user, couple__isnull=True), by_day)]
    if space.couple is not None:
        past = past.exclude(couple=space.couple)
        shared = Answer.objects.filter(shared_with=space.couple).values("question_id")
        parts += [
            (questions.filter(couple=space.couple), by_day),
            # A partner's solo questions with an answer shared with this couple (one's
            # own are in the first part).
            (
                questions.filter(couple__isnull=True, pk__in=shared).exclude(user=user),
                by_day_and_id,
            ),
        ]
    # Couples the person has left (usually none).
    parts.append((questions.filter(couple_id__in=past.values("couple_id")), by_day_and_id))
    return [(part.order_by().values_list("id", "day"), order) for part, order in parts]


def _history_page(
    parts: list[tuple[QuerySet[Any], str]], *, start: int, size: int
) -> tuple[list[int], int]:
    """The ids of one page of the history, newest first, and the total, in one query:

        SELECT id, (SELECT COUNT(*) FROM part 1) + … AS total
        FROM (part 1 ORDER BY day DESC LIMIT start + size) UNION ALL (part 2 …) …
        ORDER BY day DESC, id DESC LIMIT size OFFSET start

    Each part is limited before the union, so the database reads at most `start + size`
    rows of each through its index; the counts read index entries only. The ORM builds
    and quotes every part; they are put together here because SQLite cannot limit the
    parts of a compound query through the ORM.
    """
    db = parts[0][0].db
    pages: list[str] = []
    counts: list[str] = []
    page_params: list[Any] = []
    count_params: list[Any] = []
    for index, (part, order) in enumerate(parts):
        sql, params = part.query.get_compiler(db).as_sql()
        pages.append(f"SELECT * FROM ({sql} ORDER BY {order} LIMIT %s) part{index}")  # noqa: S608
        page_params += [*params, start + size]
        counts.append(f"(SELECT COUNT(*) FROM ({sql}) count{index})")  # noqa: S608
        count_params += params
    total = " + ".join(counts)
    union = " UNION ALL ".join(pages)
    with connections[db].cursor() as cursor:
        cursor.execute(
            f"SELECT history.id, {total} FROM ({union}) history "  # noqa: S608 - ORM-built
            "ORDER BY history.day DESC, history.id DESC LIMIT %s OFFSET %s",
            [*count_params, *page_params, size, start],
        )
        rows = cursor.fetchall()
        if rows:
            return [row[0] for row in rows], int(rows[0][1])
        cursor.execute(f"SELECT {total}", count_params)  # past the last page
        return [], int(cursor.fetchone()[0])


def archive(
    *, user: User, practice: str = "", query: str = "", page: int = 1, space: Space | None = None
) -> ArchivePage:
    """The history, newest first, filterable by practice and searchable.

    Answers are encrypted at rest, so a search reads the person's visible history and
    matches in Python; without a search, a page reads only its own rows
    (`_history_page`), so it costs the same with a month or with years of history.
    """
    space = space or space_for(user)
    day = today(space=space)
    page = max(page, 1)
    query = query.strip().lower()
    if not query:
        start = (page - 1) * PAGE_SIZE
        ids, total = _history_page(
            _history_parts(user, space, practice), start=start, size=PAGE_SIZE
        )
        found = {
            q.pk: q
            for q in DailyQuestion.objects.filter(pk__in=ids).select_related("prompt", "couple")
        }
        content = _content_of(list(found.values()))
        views = [
            _view(user=user, question=found[pk], space=space, day=day, content=content)
            for pk in ids
        ]
        return ArchivePage(items=views, page=page, has_next=start + PAGE_SIZE < total, total=total)

    questions = visible_questions(user, space).order_by("-day", "-pk")
    if practice:
        questions = questions.filter(prompt__practice=practice)

    def matches(view: QuestionView) -> bool:
        texts = [view.question.prompt.text]
        texts += [a.text for a in (view.mine, view.theirs) if a is not None]
        texts += [r.text for r in view.replies]
        return any(query in t.lower() for t in texts)

    candidates = list(questions.select_related("prompt", "couple"))
    content = _content_of(candidates)
    views = [
        v
        for v in (
            _view(user=user, question=q, space=space, day=day, content=content) for q in candidates
        )
        if matches(v)
    ]
    start = (page - 1) * PAGE_SIZE
    return ArchivePage(
        items=views[start : start + PAGE_SIZE],
        page=page,
        has_next=start + PAGE_SIZE < len(views),
        total=len(views),
    )

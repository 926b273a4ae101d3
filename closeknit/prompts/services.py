"""The daily question: today's prompt for a space, answering, the mutual reveal,
reactions, replies, sharing solo answers, and swapping a question once a day."""

from dataclasses import dataclass
from datetime import date, datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from closeknit.accounts.models import User
from closeknit.activity.services import activity_record
from closeknit.couples.models import Membership
from closeknit.insights.selectors import leanings_for_couples
from closeknit.lib.errors import Conflict, Invalid, NotFound, Unavailable
from closeknit.nudges import waiting
from closeknit.occasions.services import couples_with_occasion
from closeknit.prompts import packs, scheduler
from closeknit.prompts.models import Answer, DailyQuestion, Kind, Prompt, Reaction, Reply
from closeknit.prompts.spaces import Space, space_for

MAX_ANSWER = 4000
MAX_REPLY = 500
MAX_REPLIES = 100


def question_ref(question_id: int) -> str:
    """The place a daily question's waiting items point at (closeknit.nudges.waiting)."""
    return f"question:{question_id}"


def _choose(*, space: Space, day: date, exclude: set[str]) -> Prompt:
    history = list(
        DailyQuestion.objects.filter(**space.filter())
        .order_by("day")
        .values_list("prompt_id", "swapped_from_id", "prompt__practice")
    )
    used = [pid for pid, _s, _p in history] + [s for _p, s, _x in history if s]
    answered_days = (
        DailyQuestion.objects.filter(**space.filter(), revealed_at__isnull=False).count()
        if space.couple
        else Answer.objects.filter(question__user=space.solo, question__couple__isnull=True).count()
    )
    library = [
        scheduler.Candidate(*row)
        for row in Prompt.objects.filter(retired=False).values_list(
            "id", "practice", "depth", "pack"
        )
    ]
    hidden = {k for m in space.members for k in m.hidden_practices}
    focus = {k for m in space.members for k in m.focus_practices}
    leanings: dict[str, float] = {}
    if space.couple is not None:
        # Lean toward practices the couple rated lower or lived less lately (insights).
        leanings = leanings_for_couples(
            couple_ids=[space.couple.pk], hidden={space.couple.pk: hidden}, now=timezone.now()
        )[space.couple.pk]
    turned_on, dated = packs.everyday_and_dated(couple_id=space.couple.pk if space.couple else None)
    # A day the couple marked asks from the occasions pack, if they turned it on.
    occasion = bool(turned_on & dated) and bool(
        space.couple and couples_with_occasion(days={space.couple.pk: day})
    )
    try:
        pool = scheduler.pool_for_day(
            lambda chosen, fallback: scheduler.Pool(
                library, hidden=hidden, exclude=exclude, packs=chosen, fallback=fallback
            ),
            turned_on=turned_on,
            dated=dated,
            occasion=occasion,
        )
        picked = pool.choose(
            used=used,
            recent_practices=[practice for _p, _s, practice in history],
            answered_days=answered_days,
            focus=focus,
            leanings=leanings,
            seed=f"{space.key}:{day.isoformat()}:{len(exclude)}",
        )
    except scheduler.LibraryEmpty:
        raise Unavailable(
            _(
                "There are no questions to ask yet. Whoever runs this Closeknit needs to "
                "load them with `closeknit content load`."
            ),
            code="library_empty",
        ) from None
    return Prompt.objects.get(pk=picked.id)


def today(*, space: Space, now: datetime | None = None) -> date:
    return scheduler.day_for(now=now or timezone.now(), tz=space.tz, starts_at=space.starts_at)


def question_for_day(*, space: Space, day: date) -> DailyQuestion:
    """The space's question for `day`, created on first request. Safe when two
    partners open the app at the same instant: the unique constraint picks one."""
    found = DailyQuestion.objects.filter(**space.filter(), day=day).select_related("prompt").first()
    if found is not None:
        return found
    prompt = _choose(space=space, day=day, exclude=set())
    try:
        with transaction.atomic():
            return DailyQuestion.objects.create(
                couple=space.couple, user=space.solo, day=day, prompt=prompt
            )
    except IntegrityError:
        return DailyQuestion.objects.select_related("prompt").get(**space.filter(), day=day)


def question_today(*, user: User, now: datetime | None = None) -> DailyQuestion:
    space = space_for(user)
    return question_for_day(space=space, day=today(space=space, now=now))


def _answerable(*, user: User, question_id: int) -> tuple[Space, DailyQuestion]:
    """A question of the person's current space, locked for the rest of the transaction."""
    space = space_for(user)
    question = (
        DailyQuestion.objects.select_for_update().filter(pk=question_id, **space.filter()).first()
    )
    if question is None:
        raise NotFound(_("There is no such question in your space."))
    return space, question


@dataclass(frozen=True)
class AnswerResult:
    answer: Answer
    revealed_now: bool
    space: Space  # the one the answer was saved in, for reading the question back


def _clean_answer(prompt: Prompt, *, text: str, choice: int | None, scale: int | None) -> str:
    text = (text or "").strip()
    if len(text) > MAX_ANSWER:
        raise Invalid(
            _("Keep your answer under %(n)d characters.") % {"n": MAX_ANSWER}, code="too_long"
        )
    if prompt.kind in (Kind.OPEN, Kind.SENTENCE) and not text:
        raise Invalid(_("Write a few words before saving."), code="answer_required")
    if prompt.kind == Kind.CHOICE and (choice is None or not 0 <= choice < len(prompt.choices)):
        raise Invalid(_("Pick one of the options."), code="choice_required")
    if prompt.kind == Kind.SCALE and (scale is None or not 1 <= scale <= 5):
        raise Invalid(_("Pick a point on the scale from 1 to 5."), code="scale_required")
    return text


def answer_save(
    *,
    user: User,
    question_id: int,
    text: str = "",
    choice: int | None = None,
    scale: int | None = None,
) -> AnswerResult:
    """Save (or edit, until the reveal) the person's answer. When it completes the
    pair, the question is revealed: exactly once, even if both answer at once."""
    with transaction.atomic():
        space, question = _answerable(user=user, question_id=question_id)
        prompt = Prompt.objects.get(pk=question.prompt_id)
        text = _clean_answer(prompt, text=text, choice=choice, scale=scale)
        if question.revealed_at is not None:
            raise Conflict(
                _("Both answers are already shown, so this one can't change now."),
                code="already_revealed",
            )
        now = timezone.now()
        values = {
            "text": text,
            "choice": choice if prompt.kind == Kind.CHOICE else None,
            "scale": scale if prompt.kind == Kind.SCALE else None,
            "updated_at": now,
        }
        answer, created = Answer.objects.update_or_create(
            question=question,
            user=user,
            defaults=values,
            create_defaults={**values, "created_at": now},
        )
        revealed_now = False
        if space.couple is not None:
            member_ids = [m.pk for m in space.members]
            answered = Answer.objects.filter(question=question, user_id__in=member_ids).count()
            if len(member_ids) == 2 and answered == 2:
                question.revealed_at = now
                question.save(update_fields=["revealed_at"])
                revealed_now = True
        if created:
            activity_record(
                user=user, couple=space.couple, practice=prompt.practice, kind="daily_answer"
            )
        if created or revealed_now:
            # The partner's turn to answer, or (this answer completed the pair) both
            # answers waiting to be seen by the one who answered first.
            waiting.invite(
                actor=user,
                couple=space.couple,
                kind="reveal_ready" if revealed_now else "partner_answered",
                ref=question_ref(question.pk),
                url=f"/questions/{question.pk}/",
                partner=space.partner_of(user),
            )
    return AnswerResult(answer=answer, revealed_now=revealed_now, space=space)


def question_swap(*, user: User, now: datetime | None = None) -> DailyQuestion:
    """'Not this one': today's question is replaced, once a day, for both partners."""
    space = space_for(user)
    day = today(space=space, now=now)
    question_for_day(space=space, day=day)
    with transaction.atomic():
        question = DailyQuestion.objects.select_for_update().get(**space.filter(), day=day)
        if question.swapped_from_id is not None:
            raise Conflict(
                _("Today's question was already swapped once. A new one comes tomorrow."),
                code="already_swapped",
            )
        if question.answers.exists():
            raise Conflict(
                _("Someone has already answered this one, so it stays."), code="already_answered"
            )
        new = _choose(space=space, day=day, exclude={question.prompt_id})
        question.swapped_from_id = question.prompt_id
        question.prompt = new
        question.save(update_fields=["swapped_from", "prompt"])
    return question


def _revealed_in_current_couple(*, user: User, question_id: int) -> tuple[Space, DailyQuestion]:
    space = space_for(user)
    question = DailyQuestion.objects.filter(pk=question_id, **space.filter()).first()
    if question is None or space.couple is None:
        raise NotFound(_("There is no such question in your space."))
    if question.revealed_at is None:
        raise Conflict(_("This opens once you have both answered."), code="not_revealed")
    return space, question


def reaction_set(*, user: User, question_id: int, kind: str | None) -> None:
    """React to the partner's revealed answer (or remove the reaction with None)."""
    space, question = _revealed_in_current_couple(user=user, question_id=question_id)
    if kind is not None and kind not in Reaction.KINDS:
        raise Invalid(
            _("Unknown reaction. Choose one of: %(kinds)s.") % {"kinds": ", ".join(Reaction.KINDS)},
            code="invalid_reaction",
        )
    partner = space.partner_of(user)
    answer = Answer.objects.filter(question=question, user=partner).first() if partner else None
    if answer is None:
        raise NotFound(_("There is no answer to react to."))
    if kind is None:
        Reaction.objects.filter(answer=answer, user=user).delete()
        return
    with transaction.atomic():
        Reaction.objects.update_or_create(answer=answer, user=user, defaults={"kind": kind})
        waiting.invite(
            actor=user,
            couple=space.couple,
            kind="reaction",
            ref=question_ref(question.pk),
            url=f"/questions/{question.pk}/",
            partner=partner,
        )


def reply_add(*, user: User, question_id: int, text: str) -> Reply:
    space, question = _revealed_in_current_couple(user=user, question_id=question_id)
    text = (text or "").strip()
    if not text:
        raise Invalid(_("Write something before sending."), code="reply_required")
    if len(text) > MAX_REPLY:
        raise Invalid(_("Keep replies under %(n)d characters.") % {"n": MAX_REPLY}, code="too_long")
    if question.replies.count() >= MAX_REPLIES:
        raise Conflict(_("This thread is full."), code="thread_full")
    with transaction.atomic():
        reply = Reply.objects.create(question=question, user=user, text=text)
        waiting.invite(
            actor=user,
            couple=space.couple,
            kind="reply",
            ref=question_ref(question.pk),
            url=f"/questions/{question.pk}/",
            partner=space.partner_of(user),
        )
    return reply


def answer_share(*, user: User, question_id: int, shared: bool) -> Answer:
    """Show (or hide again) an answer written alone, before the partner joined."""
    space = space_for(user)
    answer = Answer.objects.filter(
        question_id=question_id, user=user, question__couple__isnull=True, question__user=user
    ).first()
    if answer is None:
        raise NotFound(_("You have no answer of your own to that question."))
    if shared and space.couple is None:
        raise Conflict(_("You can share this once your partner has joined you."), code="no_partner")
    answer.shared_with = space.couple if shared else None
    answer.save(update_fields=["shared_with"])
    return answer


def can_view(*, user: User, question: DailyQuestion) -> bool:
    if question.couple_id is None:
        if question.user_id == user.pk:
            return True
        couple = space_for(user).couple
        return (
            couple is not None
            and Answer.objects.filter(question=question, shared_with=couple).exists()
        )
    return Membership.objects.filter(couple_id=question.couple_id, user=user).exists()

"""'How well do you know me' rounds.

1. One of you starts a round about yourself: five questions from the list.
2. You answer them (skip any you like). The answers stay hidden from your partner.
3. Your partner guesses. Saving the guesses reveals both, side by side, exactly once:
   the round's row is locked, so two saves at the same moment can't both count.
4. You mark each guess (spot on, close enough, something new). The pair sees a warm
   line like "you knew 3 things about me today"; there is no score kept across rounds.
"""

from collections.abc import Mapping

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from closeknit.accounts.models import User
from closeknit.goals.services import clean_text
from closeknit.goals.spaces import Space, space_for
from closeknit.growth.models import KnowItem, KnowRound, Verdict
from closeknit.growth.questions import QUESTIONS, QUESTIONS_PER_ROUND
from closeknit.growth.rotation import least_used
from closeknit.growth.services import record
from closeknit.lib.errors import Conflict, Forbidden, Invalid, NotFound
from closeknit.nudges import waiting

MAX_ANSWER = 300
MAX_OPEN_ROUNDS = 3


def round_ref(round_id: int) -> str:
    """The place a round's waiting items point at (closeknit.nudges.waiting)."""
    return f"round:{round_id}"


def _invite(space: Space, round_: KnowRound, kind: str) -> None:
    """The other one of the round has something to do or see there."""
    waiting.invite(
        actor=space.user,
        couple=space.couple,
        kind=kind,
        ref=round_ref(round_.pk),
        url=f"/growth/rounds/{round_.pk}/",
        partner=space.partner,
    )


def rounds_of(user: User) -> QuerySet[KnowRound]:
    """Every round this person took part in (the only ones they can ever open)."""
    return KnowRound.objects.filter(Q(subject=user) | Q(guesser=user))


def round_start(*, user: User) -> KnowRound:
    space = space_for(user)
    partner = space.partner
    if space.couple is None or partner is None:
        raise Conflict(
            _("Rounds need two: they open once your partner has joined your space."),
            code="no_partner",
        )
    with transaction.atomic():
        open_rounds = KnowRound.objects.select_for_update().filter(
            couple=space.couple, subject=user, revealed_at__isnull=True
        )
        if open_rounds.count() >= MAX_OPEN_ROUNDS:
            raise Conflict(
                _("You have rounds waiting already. Finish or remove one first."),
                code="too_many",
            )
        # No question comes back for this couple, about either of them, until every one
        # has been asked.
        asked = KnowItem.objects.filter(couple=space.couple).values_list("question", flat=True)
        chosen = least_used(list(QUESTIONS), asked, QUESTIONS_PER_ROUND)
        round_ = KnowRound.objects.create(couple=space.couple, subject=user, guesser=partner)
        KnowItem.objects.bulk_create(
            KnowItem(round=round_, couple=space.couple, position=n, question=key)
            for n, key in enumerate(chosen, start=1)
        )
        record(space, "know_round_started")
    return round_


def _round_locked(*, user: User, round_id: int) -> tuple[Space, KnowRound]:
    space = space_for(user)
    round_ = rounds_of(user).select_for_update().filter(pk=round_id).first()
    if round_ is None:
        raise NotFound(_("There is no such round in your space."))
    if space.couple is None or round_.couple_id != space.couple.pk:
        raise Conflict(
            _("This round belongs to a space that has ended; it can't change now."),
            code="space_ended",
        )
    return space, round_


def _by_position(texts: Mapping[int, str], items: list[KnowItem], what: str) -> dict[int, str]:
    positions = {i.position for i in items}
    unknown = set(texts) - positions
    if unknown:
        raise Invalid(
            _("There is no question %(n)s in this round.") % {"n": min(unknown)},
            code="bad_position",
        )
    return {
        pos: clean_text(texts.get(pos, ""), max_len=MAX_ANSWER, required=False, what=what)
        for pos in positions
    }


def answers_save(*, user: User, round_id: int, answers: Mapping[int, str]) -> KnowRound:
    """The subject's answers about themselves. Blank ones are skipped; at least one."""
    with transaction.atomic():
        space, round_ = _round_locked(user=user, round_id=round_id)
        if round_.subject_id != user.pk:
            raise Forbidden(_("This round is about your partner: you guess."), code="not_subject")
        if round_.answered_at is not None:
            raise Conflict(
                _("Your answers are in and your partner may be guessing already."),
                code="already_answered",
            )
        items = list(round_.items.all())
        cleaned = _by_position(answers, items, _("an answer"))
        if not any(cleaned.values()):
            raise Invalid(
                _("Answer at least one question; skip the rest if you like."), code="empty"
            )
        for item in items:
            item.answer = cleaned[item.position]
        KnowItem.objects.bulk_update(items, ["answer"])
        round_.answered_at = timezone.now()
        round_.save(update_fields=["answered_at"])
        record(space, "know_answered")
        _invite(space, round_, "round_turn")  # the partner's turn to guess
    return round_


def guesses_save(*, user: User, round_id: int, guesses: Mapping[int, str]) -> KnowRound:
    """The guesser's guesses; saving them reveals the round to both, exactly once."""
    with transaction.atomic():
        space, round_ = _round_locked(user=user, round_id=round_id)
        if round_.guesser_id != user.pk:
            raise Forbidden(_("This round is about you: your partner guesses."), code="not_guesser")
        if round_.answered_at is None:
            raise Conflict(
                _("Your partner hasn't answered yet. You'll be able to guess soon."),
                code="not_answered",
            )
        if round_.revealed_at is not None:
            raise Conflict(_("This round is already revealed."), code="already_revealed")
        items = [i for i in round_.items.all() if i.answer]
        cleaned = _by_position(guesses, items, _("a guess"))
        for item in items:
            item.guess = cleaned[item.position]
        KnowItem.objects.bulk_update(items, ["guess"])
        round_.revealed_at = timezone.now()
        round_.save(update_fields=["revealed_at"])
        record(space, "know_guessed")
        # Both now show; the one the round is about has the last turn: marking them.
        _invite(space, round_, "round_turn")
    return round_


def verdicts_save(*, user: User, round_id: int, verdicts: Mapping[int, str]) -> KnowRound:
    """The subject marks each guess, playfully: spot on, close enough, or something new."""
    with transaction.atomic():
        space, round_ = _round_locked(user=user, round_id=round_id)
        if round_.subject_id != user.pk:
            raise Forbidden(
                _("Only the person the round is about marks the guesses."), code="not_subject"
            )
        if round_.revealed_at is None:
            raise Conflict(_("Marking opens once your partner has guessed."), code="not_revealed")
        items = {i.position: i for i in round_.items.all() if i.answer}
        marked_before = any(i.verdict for i in items.values())
        for position, verdict in verdicts.items():
            if position not in items:
                raise Invalid(
                    _("There is no answered question %(n)s in this round.") % {"n": position},
                    code="bad_position",
                )
            if verdict not in (*Verdict.values, ""):
                raise Invalid(
                    _("Mark each as one of: %(v)s.") % {"v": ", ".join(Verdict.values)},
                    code="bad_verdict",
                )
            items[position].verdict = verdict
        KnowItem.objects.bulk_update(list(items.values()), ["verdict"])
        record(space, "know_marked")
        if not marked_before and any(i.verdict for i in items.values()):
            # The first marks are an answer to the guesser's guesses: they see how
            # they did. Later changes tell nobody again.
            _invite(space, round_, "reaction")
        else:
            waiting.done(user=user, ref=round_ref(round_.pk))
    return round_


def round_delete(*, user: User, round_id: int) -> None:
    """'Not now': the subject can remove a round until it is revealed."""
    with transaction.atomic():
        space, round_ = _round_locked(user=user, round_id=round_id)
        if round_.subject_id != user.pk:
            raise Forbidden(
                _("Only the person the round is about can remove it."), code="not_subject"
            )
        if round_.revealed_at is not None:
            raise Conflict(_("A revealed round stays in your history."), code="already_revealed")
        ref = round_ref(round_.pk)
        round_.delete()
        record(space, "know_round_removed")
        waiting.withdraw(ref=ref, couple=space.couple)

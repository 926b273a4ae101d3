"""Writing check-ins: validating, scoring, and the race-safe mutual reveal."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from closeknit.accounts.models import User
from closeknit.activity.services import activity_record
from closeknit.checkins import items
from closeknit.checkins.models import Checkin, CheckinPeriod, CheckinPreference, CheckinScore
from closeknit.checkins.periods import Period, current_period
from closeknit.lib import when
from closeknit.lib.errors import Conflict, Invalid
from closeknit.nudges import waiting
from closeknit.prompts.spaces import Space, space_for

MAX_NOTE = 2000
CHECKIN_KIND = "checkin"  # the ActivityRecord kind; insights leave it out of the balance


@dataclass(frozen=True)
class SubmitResult:
    checkin: Checkin
    created: bool
    revealed_now: bool


def _is_rating(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def checkin_clean(
    *, answers: Any, closeness: Any, note: str, hidden: list[str]
) -> tuple[dict[str, int], int, str]:
    """The answers as they will be stored, or Invalid saying what to fix."""
    if not isinstance(answers, dict):
        raise Invalid(_("Send the answers as statement id → rating."), code="invalid_answers")
    expected = {item.id for item in items.items_for(hidden=hidden)}
    unknown = sorted(set(answers) - expected)
    if unknown:
        raise Invalid(
            _("These are not statements of your check-in: %(ids)s.") % {"ids": ", ".join(unknown)},
            code="unknown_items",
        )
    missing = [item.id for item in items.items_for(hidden=hidden) if item.id not in answers]
    if missing:
        raise Invalid(
            _("Rate every statement before saving; %(n)d still open.") % {"n": len(missing)},
            code="missing_items",
        )
    for item_id, value in answers.items():
        if not _is_rating(value) or not items.SCALE_MIN <= value <= items.SCALE_MAX:
            raise Invalid(
                _("Each rating is a whole number from 1 to 7 (%(id)s is not).") % {"id": item_id},
                code="out_of_range",
            )
    if not _is_rating(closeness) or not 1 <= closeness <= len(items.CLOSENESS):
        raise Invalid(_("Pick one of the seven closeness pictures."), code="closeness_required")
    note = (note or "").strip()
    if len(note) > MAX_NOTE:
        raise Invalid(_("Keep the note under %(n)d characters.") % {"n": MAX_NOTE}, code="too_long")
    ordered = {item.id: answers[item.id] for item in items.items_for(hidden=hidden)}
    return ordered, closeness, note


def _locked_period(space: Space, period: Period) -> CheckinPeriod:
    """The couple's row for `period`, created if needed, locked until the transaction ends.
    Two partners arriving at once both end up waiting on the same row."""
    assert space.couple is not None
    try:
        with transaction.atomic():
            CheckinPeriod.objects.get_or_create(
                couple=space.couple, number=period.number, defaults={"starts_on": period.starts_on}
            )
    except IntegrityError:
        pass  # the partner created it in the same instant
    return CheckinPeriod.objects.select_for_update().get(couple=space.couple, number=period.number)


def _next_date(period: Period) -> str:
    return when.day(period.next_starts_on)


def checkin_submit(
    *,
    user: User,
    answers: Any,
    closeness: Any,
    note: str = "",
    now: datetime | None = None,
) -> SubmitResult:
    """Save the person's check-in for the current period (or change it, until the
    reveal). When it completes the pair, both check-ins are revealed, exactly once."""
    now = now or timezone.now()
    answers, closeness, note = checkin_clean(
        answers=answers, closeness=closeness, note=note, hidden=list(user.hidden_practices)
    )
    space = space_for(user)
    period = current_period(space, now=now)
    scores = items.scores_from(answers)
    with transaction.atomic():
        period_row = _locked_period(space, period) if space.couple is not None else None
        if period_row is not None and period_row.revealed_at is not None:
            raise Conflict(
                _(
                    "You've both checked in for this fortnight, so these answers stay as they "
                    "are. The next check-in opens on %(date)s."
                )
                % {"date": _next_date(period)},
                code="already_revealed",
            )
        values = {
            "period": period_row,
            "starts_on": period.starts_on,
            "answers": answers,
            "closeness": closeness,
            "note": note,
            "updated_at": now,
        }
        checkin, created = Checkin.objects.update_or_create(
            user=user,
            couple=space.couple,
            number=period.number,
            defaults=values,
            create_defaults={**values, "created_at": now},
        )
        CheckinScore.objects.filter(checkin=checkin).delete()
        CheckinScore.objects.bulk_create(
            CheckinScore(
                checkin=checkin,
                user=user,
                couple=space.couple,
                period=period_row,
                starts_on=period.starts_on,
                practice=practice,
                score=score,
            )
            for practice, score in scores.items()
        )
        revealed_now = False
        if period_row is not None:
            member_ids = [m.pk for m in space.members]
            done = dict(
                Checkin.objects.filter(period=period_row, user_id__in=member_ids).values_list(
                    "user_id", "pk"
                )
            )
            if len(member_ids) == 2 and len(done) == 2:
                period_row.revealed_at = now
                period_row.save(update_fields=["revealed_at"])
                revealed_now = True
                _tell_of_reveal(space=space, user=user, period_row=period_row, checkins=done)
        if created:
            # A check-in reflects on all eight practices; it is recorded under
            # communication with its own kind, and insights leave it out of the balance.
            activity_record(
                user=user,
                couple=space.couple,
                practice="communication",
                kind=CHECKIN_KIND,
                occurred_at=now,
            )
    return SubmitResult(checkin=checkin, created=created, revealed_now=revealed_now)


def checkin_ref(period_id: int) -> str:
    """The place a period's reveal waits at (closeknit.nudges.waiting)."""
    return f"checkin_period:{period_id}"


def _tell_of_reveal(
    *, space: Space, user: User, period_row: CheckinPeriod, checkins: dict[int, int]
) -> None:
    """The one who checked in first could not see the partner's side until now: it waits
    for them on their own check-in's page. (The one completing the pair sees it at once.)"""
    partner = space.partner_of(user)
    if partner is None:
        return
    waiting.invite(
        actor=user,
        couple=space.couple,
        kind="checkin_revealed",
        ref=checkin_ref(period_row.pk),
        url=f"/checkin/{checkins[partner.pk]}/",
        partner=partner,
    )


def preference_for(user: User) -> int:
    found = CheckinPreference.objects.filter(user=user).values_list("every_weeks", flat=True)
    return next(iter(found), CheckinPreference._meta.get_field("every_weeks").default)


def preference_set(*, user: User, every_weeks: Any) -> CheckinPreference:
    allowed = {1, 2, 4}
    if not _is_rating(every_weeks) or every_weeks not in allowed:
        raise Invalid(_("Choose every 1, 2 or 4 weeks."), code="invalid_frequency")
    preference, _created = CheckinPreference.objects.update_or_create(
        user=user, defaults={"every_weeks": every_weeks}
    )
    return preference

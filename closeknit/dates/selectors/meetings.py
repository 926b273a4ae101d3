"""The weekly couple meeting as one person sees it: the guide, both people's notes."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Q, QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from closeknit.accounts.models import User
from closeknit.couples.models import Membership
from closeknit.dates.models import Meeting, MeetingNote, Section
from closeknit.dates.services.meetings import meeting_for_week, week_of
from closeknit.dates.spaces import Space, space_for

GUIDE: dict[str, Promise] = {
    Section.APPRECIATIONS: _(
        "Begin here, before anything else. Take turns naming a few specific things you "
        "noticed and valued in the other this week. The one listening only takes it in "
        "and says thank you."
    ),
    Section.WENT_WELL: _(
        "What worked this week, for the two of you or for either of you? Small things "
        "count: a good talk, a plan that came together, a morning that felt easy."
    ),
    Section.TOPIC: _(
        "Pick one topic, only one. Whoever raises it says how they feel and what they'd "
        "like, without blame. The other sums up what they heard before answering. If it "
        "gets heated, pause, and come back to it another day."
    ),
    Section.FEEL_LOVED: _(
        "Each of you finishes this: 'This week it would mean a lot to me if you…'. Keep "
        "it small and doable, and say yes only to what you can give gladly."
    ),
}


@dataclass
class SectionView:
    key: str
    label: str
    guide: str
    mine: str
    theirs: str | None  # the partner's notes, or None


@dataclass
class MeetingView:
    meeting: Meeting
    sections: list[SectionView]
    in_current_space: bool
    partner_wrote: bool

    @property
    def can_write(self) -> bool:
        return self.in_current_space


def visible_meetings(user: User) -> QuerySet[Meeting]:
    couples = Membership.objects.filter(user=user).values("couple_id")
    return Meeting.objects.filter(Q(couple__isnull=True, user=user) | Q(couple__in=couples))


def _view(*, user: User, meeting: Meeting, space: Space) -> MeetingView:
    couple = meeting.couple
    partner_visible = couple is not None and couple.ended_by_id != user.pk
    notes = list(MeetingNote.objects.filter(meeting=meeting))
    mine = {n.section: n.text for n in notes if n.user_id == user.pk}
    theirs = {
        n.section: n.text
        for n in notes
        if n.user_id != user.pk and partner_visible and not n.withdrawn
    }
    in_current = (
        meeting.couple_id == space.couple.pk
        if space.couple is not None
        else meeting.couple_id is None and meeting.user_id == user.pk
    )
    return MeetingView(
        meeting=meeting,
        sections=[
            SectionView(
                key=key,
                label=str(label),
                guide=str(GUIDE[key]),
                mine=mine.get(key, ""),
                theirs=theirs.get(key),
            )
            for key, label in Section.choices
        ],
        in_current_space=in_current,
        partner_wrote=bool(theirs),
    )


def meeting_view(*, user: User, meeting_id: int, space: Space | None = None) -> MeetingView | None:
    space = space or space_for(user)
    meeting = visible_meetings(user).select_related("couple").filter(pk=meeting_id).first()
    if meeting is None:
        return None
    return _view(user=user, meeting=meeting, space=space)


def current_meeting_view(*, user: User, space: Space | None = None) -> MeetingView:
    space = space or space_for(user)
    meeting = meeting_for_week(space=space, week=week_of(space=space))
    return _view(user=user, meeting=meeting, space=space)


def earlier_meetings(*, user: User, before: date, limit: int = 12) -> list[Meeting]:
    """Earlier weeks that have notes this person can read."""
    return list(
        visible_meetings(user)
        .filter(week__lt=before, notes__isnull=False)
        .distinct()
        .order_by("-week")[:limit]
    )

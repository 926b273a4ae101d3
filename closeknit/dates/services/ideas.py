"""Liking ideas. A like is private; a match shows only when both partners liked."""

from django.utils.translation import gettext as _

from closeknit.accounts.models import User
from closeknit.activity.services import activity_record
from closeknit.dates.models import Idea, IdeaLike
from closeknit.dates.selectors.ideas import IdeaFilters, IdeaView, idea_view, surprise
from closeknit.dates.spaces import space_for
from closeknit.lib.errors import NotFound
from closeknit.lib.library import is_library_id

PRACTICE = "quality_time"


def idea_like_set(*, user: User, idea_id: str, liked: bool) -> IdeaView:
    """Like (or un-like) an idea. Returns how the idea now looks to this person."""
    idea = (
        Idea.objects.filter(pk=idea_id, retired=False).first() if is_library_id(idea_id) else None
    )
    if idea is None:
        raise NotFound(_("There is no such idea in the library."))
    space = space_for(user)
    if liked:
        _like, created = IdeaLike.objects.get_or_create(user=user, idea=idea)
        if created:
            activity_record(user=user, couple=space.couple, practice=PRACTICE, kind="idea_liked")
    else:
        IdeaLike.objects.filter(user=user, idea=idea).delete()
    return idea_view(user=user, idea_id=idea.pk, space=space)


def idea_surprise(*, user: User, filters: IdeaFilters) -> IdeaView:
    """'Surprise us': a random idea matching the filters."""
    space = space_for(user)
    view = surprise(user=user, filters=filters, space=space)
    activity_record(user=user, couple=space.couple, practice=PRACTICE, kind="idea_surprise")
    return view

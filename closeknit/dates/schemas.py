"""Request and response shapes of the Quality-time API."""

from datetime import date, datetime

from ninja import Field, Schema

from closeknit.api.base import In
from closeknit.dates.services import meetings, planning


class DateIdeaOut(Schema):
    id: str
    title: str
    text: str
    setting: str
    cost: str = Field(description="Relative: free, low, medium or high.")
    minutes: int
    energy: str
    novelty: str
    season: str
    long_distance: bool
    liked: bool = Field(description="You liked it. Never shows your partner's own likes.")
    on_shortlist: bool = Field(description="You both liked it.")


class IdeaPageOut(Schema):
    items: list[DateIdeaOut]
    page: int
    has_next: bool
    total: int


class IdeaQuery(Schema):
    """Filters; repeat a tag to allow several values (cost=free&cost=low). A season also
    matches ideas for any time of year. Unknown names or values are refused with 400."""

    setting: list[str] = Field(default_factory=list, description="home, out")
    cost: list[str] = Field(default_factory=list, description="free, low, medium, high")
    energy: list[str] = Field(default_factory=list, description="calm, lively")
    novelty: list[str] = Field(default_factory=list, description="familiar, new")
    season: list[str] = Field(
        default_factory=list, description="any, spring, summer, autumn, winter"
    )
    long_distance: str = Field("", description="true or false")
    max_minutes: str = Field("", description="10 to 1440")
    q: str = Field("", description="Words in the title or text")
    show: str = Field("", description="liked (yours) or shortlist (both liked)")
    page: str = Field("", description="From 1")


class LikeIn(In):
    idea_id: str = Field(max_length=40)
    liked: bool


class DateIn(In):
    idea_id: str | None = Field(None, max_length=40)
    title: str = Field("", max_length=planning.MAX_TITLE)
    starts_at: datetime = Field(
        description="Without an offset, read in your own time zone (your settings)."
    )
    minutes: int | None = Field(None, ge=planning.MIN_MINUTES, le=planning.MAX_MINUTES)
    place: str = Field("", max_length=planning.MAX_PLACE)
    note: str = Field("", max_length=planning.MAX_NOTE)


class DateChangeIn(In):
    title: str | None = Field(None, max_length=planning.MAX_TITLE)
    starts_at: datetime | None = None
    minutes: int | None = Field(None, ge=planning.MIN_MINUTES, le=planning.MAX_MINUTES)
    place: str | None = Field(None, max_length=planning.MAX_PLACE)
    note: str | None = Field(None, max_length=planning.MAX_NOTE)


class LogIn(In):
    feeling: int = Field(ge=1, le=5)
    words: str = Field("", max_length=planning.MAX_WORDS)
    shared: bool = False


class LogOut(Schema):
    feeling: int
    words: str
    shared: bool
    updated_at: datetime


class DateOut(Schema):
    id: int
    uid: str = Field(description="Stable for the life of the date (the iCalendar UID).")
    title: str
    idea_id: str | None
    starts_at: datetime = Field(description="In UTC.")
    starts_at_local: datetime = Field(description="In your own time zone.")
    timezone: str
    minutes: int
    place: str
    note: str
    in_current_space: bool
    taken_away: bool = Field(description="Your former partner took this entry when leaving.")
    mine: LogOut | None
    theirs: LogOut | None = Field(description="Your partner's log, only if they shared it.")


class DateListOut(Schema):
    upcoming: list[DateOut]
    past: list[DateOut]
    page: int
    has_next: bool


class FeedOut(Schema):
    url: str | None = Field(description="Your private calendar address, or null when off.")
    created_at: datetime | None


class DateSessionOut(Schema):
    id: int
    started_at: datetime
    ended_at: datetime | None
    minutes: int | None
    started_by_me: bool


class TimerOut(Schema):
    running: DateSessionOut | None
    elapsed_minutes: int
    recent: list[DateSessionOut]
    minutes_this_month: int


class SectionOut(Schema):
    key: str
    label: str
    guide: str
    mine: str
    theirs: str | None


class MeetingOut(Schema):
    id: int
    week: date
    in_current_space: bool
    sections: list[SectionOut]


class MeetingBriefOut(Schema):
    id: int
    week: date


class DateNoteIn(In):
    section: str = Field(description="appreciations, went_well, topic or feel_loved")
    text: str = Field(max_length=meetings.MAX_NOTE, description="Empty clears your notes.")

"""Writes for the communication toolkit, one module per tool. Web views and API
endpoints both call these, so the two interfaces enforce the same rules."""

from closeknit.conversations.services.guides import (
    MAX_FIELD,
    MAX_LABEL,
    MAX_OBSERVER,
    SideResult,
    guide_start,
    observer_save,
    observer_share,
    side_save,
)
from closeknit.conversations.services.listening import (
    MAX_PART,
    MAX_TEXT,
    MAX_TURNS,
    compose_statement,
    confirmation_add,
    reflection_add,
    session_end,
    session_start,
    statement_add,
)
from closeknit.conversations.services.pauses import (
    PAUSE_CHOICES,
    parse_local_time,
    pause_clear,
    pause_set,
    return_time,
)

__all__ = [
    "MAX_FIELD",
    "MAX_LABEL",
    "MAX_OBSERVER",
    "MAX_PART",
    "MAX_TEXT",
    "MAX_TURNS",
    "PAUSE_CHOICES",
    "SideResult",
    "compose_statement",
    "confirmation_add",
    "guide_start",
    "observer_save",
    "observer_share",
    "parse_local_time",
    "pause_clear",
    "pause_set",
    "reflection_add",
    "return_time",
    "session_end",
    "session_start",
    "side_save",
    "statement_add",
]

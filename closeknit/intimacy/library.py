"""The yes / maybe / no list items, kept in content/intimacy/*.toml (one file per tier)."""

from closeknit.intimacy.models import ListItem, Tier
from closeknit.lib.library import Collection, Field

LIST_ITEMS = Collection(
    name="closeness list items",
    table="item",
    folder="intimacy",
    model=ListItem,
    file_fields=(Field("tier", choices=tuple(Tier.values)),),
    fields=(Field("text", min=10, max=160),),
    id_pattern=r"(?:tender|sensual|adult)-\d{3}",
    minimum=60,
)

COLLECTIONS = [LIST_ITEMS]

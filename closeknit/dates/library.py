"""The date idea library, kept in content/dates/*.toml (see closeknit/lib/library.py)."""

from closeknit.dates.models import Cost, Energy, Idea, Novelty, Season, Setting
from closeknit.lib.library import Collection, Field


def _values(choices: type) -> tuple[str, ...]:
    return tuple(str(v) for v in choices.values)  # type: ignore[attr-defined]


IDEAS = Collection(
    name="date ideas",
    table="idea",
    folder="dates",
    model=Idea,
    id_pattern=r"date-\d{3}",
    fields=(
        Field("title", min=3, max=60),
        Field("text", min=20, max=240),
        Field("setting", choices=_values(Setting)),
        Field("cost", choices=_values(Cost)),
        Field("minutes", kind=int, min=10, max=1440),
        Field("energy", choices=_values(Energy)),
        Field("novelty", choices=_values(Novelty)),
        Field("season", choices=_values(Season)),
        Field("long_distance", kind=bool),
    ),
    text_fields=("title", "text"),
    minimum=100,
)

COLLECTIONS = [IDEAS]

"""The kindness-idea library: content/kindness/*.toml, one file per kind of care."""

from closeknit.appreciation.models import CARE_KINDS, Effort, KindnessIdea
from closeknit.lib.library import Collection, Field

KINDNESS = Collection(
    name="kindness ideas",
    table="idea",
    folder="kindness",
    model=KindnessIdea,
    id_pattern=r"kind-[a-z]+-\d{3}",
    file_fields=(Field("kind", choices=tuple(CARE_KINDS)),),
    fields=(
        Field("text", min=20, max=240),
        Field("effort", choices=tuple(e.value for e in Effort)),
    ),
    minimum=80,
)

COLLECTIONS = [KINDNESS]

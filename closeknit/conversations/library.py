"""The library of gentle start-up and repair phrases, in content/phrases/*.toml:

group = "repairing"            # one of PhraseGroup, for the whole file

[[phrase]]
id = "phrase-001"              # stable forever; never reuse or renumber
text = "Can we rewind a minute? I'd like to try that again, more kindly."
"""

from closeknit.conversations.models import Phrase, PhraseGroup
from closeknit.lib.library import Collection, Field

PHRASES = Collection(
    name="phrases",
    table="phrase",
    folder="phrases",
    model=Phrase,
    file_fields=(Field("group", choices=tuple(PhraseGroup.values)),),
    fields=(Field("text", min=10, max=200),),
    id_pattern=r"phrase-\d{3}",
    minimum=40,
)

COLLECTIONS = [PHRASES]

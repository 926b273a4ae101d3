"""The generic content-library loader used by every idea and exercise library."""

from pathlib import Path

import pytest
from django.db import connection, models

from closeknit.lib.library import Collection, ContentError, Field


class Idea(models.Model):
    id = models.CharField(primary_key=True, max_length=40)
    practice = models.CharField(max_length=20)
    text = models.CharField(max_length=200)
    cost = models.CharField(max_length=10)
    minutes = models.IntegerField()
    tags = models.JSONField(default=list)
    retired = models.BooleanField(default=False)

    class Meta:
        app_label = "core"


IDEAS = Collection(
    name="test ideas",
    table="idea",
    folder="ideas",
    model=Idea,
    file_fields=(Field("practice", choices=("quality_time", "growth")),),
    fields=(
        Field("text", min=10, max=200),
        Field("cost", choices=("free", "low", "high")),
        Field("minutes", kind=int, min=5, max=600),
        Field("tags", kind=list, required=False, default=[], choices=("home", "out")),
    ),
    minimum=1,
)

GOOD = """practice = "quality_time"

[[idea]]
id = "idea-001"
text = "Cook something neither of you has tried."
cost = "low"
minutes = 60
tags = ["home"]

[[idea]]
id = "idea-002"
text = "Walk somewhere new at dusk."
cost = "free"
minutes = 45
"""


def write(root: Path, name: str, text: str) -> Path:
    (root / "ideas").mkdir(parents=True, exist_ok=True)
    (root / "ideas" / name).write_text(text)
    return root


def test_it_reads_valid_entries_with_file_fields_and_defaults(tmp_path):
    entries = IDEAS.read(root=write(tmp_path, "a.toml", GOOD))
    assert [e.id for e in entries] == ["idea-001", "idea-002"]
    assert entries[1].values == {
        "practice": "quality_time",
        "text": "Walk somewhere new at dusk.",
        "cost": "free",
        "minutes": 45,
        "tags": [],
        "retired": False,
    }
    assert (entries[0].source, entries[0].line) == ("ideas/a.toml", 3)


def test_it_reports_every_problem_with_file_and_line(tmp_path):
    bad = GOOD.replace('cost = "free"', 'cost = "pricey"').replace("minutes = 60", "minutes = 1")
    bad += '\n[[idea]]\nid = "idea-001"\ntext = "short"\ncost = "low"\nminutes = 30\nmood = 1\n'
    with pytest.raises(ContentError) as err:
        IDEAS.read(root=write(tmp_path, "a.toml", bad))
    text = str(err.value)
    assert "ideas/a.toml:3: idea 'idea-001': minutes must be at least 5" in text
    assert "ideas/a.toml:10: idea 'idea-002': cost is 'pricey'" in text
    assert "ideas/a.toml:16: idea 'idea-001': unknown key 'mood'" in text
    assert "text is 5 characters" in text
    assert len(err.value.problems) == 4


def test_it_refuses_duplicates_and_empty_folders(tmp_path):
    write(tmp_path, "a.toml", GOOD)
    write(tmp_path, "b.toml", GOOD)
    with pytest.raises(ContentError, match=r"already used at ideas/a\.toml:3"):
        IDEAS.read(root=tmp_path)
    with pytest.raises(ContentError, match="no such folder"):
        IDEAS.read(root=tmp_path / "elsewhere")


@pytest.mark.django_db(transaction=True)
def test_load_is_idempotent_and_retires_what_is_gone(tmp_path):
    with connection.schema_editor() as editor:
        editor.create_model(Idea)
    try:
        root = write(tmp_path, "a.toml", GOOD)
        first = IDEAS.load(root=root)
        assert (first.created, first.unchanged) == (2, 0)
        assert (
            str(IDEAS.load(root=root)) == "2 test ideas: 0 new, 0 changed, 2 unchanged, 0 retired"
        )
        write(tmp_path, "a.toml", GOOD.split('[[idea]]\nid = "idea-002"')[0])
        third = IDEAS.load(root=root)
        assert third.retired == 1
        assert Idea.objects.get(id="idea-002").retired is True
    finally:
        with connection.schema_editor() as editor:
            editor.delete_model(Idea)

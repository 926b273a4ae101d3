"""The prompt library: the shipped content is sound, bad files are explained by file and
line, and loading keeps the database in step without ever deleting a prompt."""

import os
import subprocess
import sys
from collections import Counter
from datetime import date
from pathlib import Path
from textwrap import dedent

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from closeknit import practices
from closeknit.lib import wording
from closeknit.lib.wording import near_duplicates
from closeknit.prompts.content import (
    ContentError,
    LoadResult,
    PromptSpec,
    content_dir,
    load_library,
    read_library,
)
from closeknit.prompts.models import Answer, DailyQuestion, Prompt

REPO = Path(__file__).resolve().parents[3]


def banned_words(specs: list[PromptSpec]) -> list[str]:
    return wording.banned_words({s.id: [s.text, *s.choices, *s.scale] for s in specs})


@pytest.fixture(scope="module")
def shipped() -> list[PromptSpec]:
    return read_library(root=content_dir())


def in_rotation(specs: list[PromptSpec]) -> list[PromptSpec]:
    return [spec for spec in specs if not spec.retired]


# The shipped library


def test_the_shipped_library_validates_and_is_big_enough(shipped):
    active = in_rotation(shipped)
    assert len(active) >= 560
    per_practice = Counter(spec.practice for spec in active)
    assert set(per_practice) == set(practices.KEYS)
    thin = {key: n for key, n in per_practice.items() if n < 70}
    assert not thin, f"practices with fewer than 70 prompts in rotation: {thin}"


def test_every_practice_has_every_depth_and_most_kinds(shipped):
    active = in_rotation(shipped)
    minimum = {"light": 10, "deeper": 10, "deepest": 5}
    for key in practices.KEYS:
        depths = Counter(spec.depth for spec in active if spec.practice == key)
        kinds = {spec.kind for spec in active if spec.practice == key}
        for depth, needed in minimum.items():
            assert depths[depth] >= needed, f"{key} has {depths[depth]} {depth} prompts"
        assert len(kinds) >= 3, f"{key} only has kinds {sorted(kinds)}"


def test_no_two_prompts_anywhere_in_the_library_are_near_duplicates(shipped):
    pairs = near_duplicates({spec.id: spec.text for spec in shipped})
    assert not pairs, "near-duplicate prompts:\n" + "\n".join(pairs)


def test_the_near_duplicate_check_flags_reworded_pairs():
    pairs = near_duplicates(
        {
            "a-001": "Which old photo of us makes you smile?",
            "a-002": "Which old photos of us make you smile?",
            "b-001": "Which childhood morning ritual do you miss?",
            "b-002": "Do you miss a morning ritual from your childhood?",
            "c-001": "Where would you go tomorrow if money and work were no object?",
        }
    )
    assert len(pairs) == 2, pairs
    # One pair differs in a few letters, the other says the same words in another order.
    assert pairs[0].startswith("a-001 ~ a-002 (text ratio 0.9"), pairs
    assert pairs[1].startswith("b-001 ~ b-002 (content words 0.67)"), pairs
    assert "'Which childhood morning ritual do you miss?'" in pairs[1]


def test_no_prompt_assumes_gender_marriage_children_money_or_faith(shipped):
    found = banned_words(shipped)
    assert not found, "wording to make inclusive:\n" + "\n".join(found)


def test_the_inclusiveness_check_catches_banned_words_but_not_lookalikes():
    def spec(text: str, choices: tuple[str, ...] = ()) -> PromptSpec:
        return PromptSpec(
            id="x-001",
            practice="support",
            depth="light",
            kind="choice" if choices else "open",
            text=text,
            choices=choices,
            scale=(),
            retired=False,
            pack="core",
            source="prompts/support.toml",
            line=3,
        )

    assert banned_words([spec("What would your Husband say about this?")])
    assert banned_words([spec("Who visits our  house most often?")])
    assert banned_words([spec("Pick one", choices=("Tea", "Talk to your dad", "Sleep"))])
    assert not banned_words([spec("Where do you carry stress: your shoulders or your jaw?")])


# Problems in files


def write(root: Path, files: dict[str, str]) -> Path:
    for relative, body in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(dedent(body).lstrip("\n"), encoding="utf-8")
    return root


def problems_in(root: Path) -> list[str]:
    with pytest.raises(ContentError) as caught:
        read_library(root=root)
    assert str(caught.value) == "\n".join(caught.value.problems)
    return caught.value.problems


GOOD = """
    practice = "support"

    [[prompt]]
    id = "support-001"
    depth = "light"
    kind = "open"
    text = "What made you laugh out loud this week?"
"""

BAD_FILES = {
    "syntax error": (
        {
            "prompts/support.toml": """
                practice = "support"

                [[prompt]]
                id = "support-001"
                depth = "light
                kind = "open"
            """
        },
        "prompts/support.toml:5:",
        "syntax",
    ),
    "unknown practice": (
        {"prompts/romance.toml": GOOD.replace('"support"\n', '"romance"\n', 1)},
        "prompts/romance.toml:1:",
        "unknown practice 'romance'",
    ),
    "missing text": (
        {
            "prompts/support.toml": GOOD.replace(
                '    text = "What made you laugh out loud this week?"\n', ""
            )
        },
        "prompts/support.toml:3:",
        "missing required key 'text'",
    ),
    "bad depth": (
        {"prompts/support.toml": GOOD.replace('"light"', '"deep"')},
        "prompts/support.toml:3:",
        "unknown depth 'deep'",
    ),
    "choice without choices": (
        {"prompts/support.toml": GOOD.replace('"open"', '"choice"')},
        "prompts/support.toml:3:",
        "needs 'choices'",
    ),
    "scale with three labels": (
        {
            "prompts/support.toml": GOOD.replace('"open"', '"scale"')
            + '    scale = ["Drained", "Okay", "Full of beans"]\n'
        },
        "prompts/support.toml:3:",
        "exactly 2",
    ),
    "choices on an open prompt": (
        {"prompts/support.toml": GOOD + '    choices = ["Tea", "Coffee", "Cocoa"]\n'},
        "prompts/support.toml:3:",
        "only used on kind 'choice'",
    ),
    "unknown key": (
        {"prompts/support.toml": GOOD + '    note = "for winter"\n'},
        "prompts/support.toml:3:",
        "unknown key 'note'",
    ),
    "text too short": (
        {"prompts/support.toml": GOOD.replace("What made you laugh out loud this week?", "Hi?")},
        "prompts/support.toml:3:",
        "3 characters",
    ),
    "malformed id": (
        {"prompts/support.toml": GOOD.replace('"support-001"', '"suport-1"')},
        "prompts/support.toml:3:",
        "malformed id",
    ),
    "retired in quotes": (
        {"prompts/support.toml": GOOD + '    retired = "yes"\n'},
        "prompts/support.toml:3:",
        "true or false",
    ),
    "sentence with an ellipsis": (
        {
            "prompts/support.toml": GOOD.replace('"open"', '"sentence"').replace(
                "What made you laugh out loud this week?", "The thing that got me through was..."
            )
        },
        "prompts/support.toml:3:",
        "no trailing punctuation",
    ),
}


@pytest.mark.parametrize(("files", "where", "what"), BAD_FILES.values(), ids=BAD_FILES.keys())
def test_it_names_the_file_and_line_of_a_bad_entry(tmp_path, files, where, what):
    problems = problems_in(write(tmp_path, files))
    assert len(problems) == 1, problems
    assert problems[0].startswith(where), problems
    assert what in problems[0], problems


def test_it_names_both_places_of_a_duplicate_id_across_files(tmp_path):
    write(
        tmp_path,
        {
            "prompts/support.toml": GOOD,
            "long-distance/support.toml": "# For couples who live apart.\n" + dedent(GOOD).lstrip(),
        },
    )
    problems = problems_in(tmp_path)
    assert len(problems) == 1, problems
    # Files are read in sorted order, so the pack's entry is the first use.
    assert problems[0].startswith("prompts/support.toml:3: prompt 'support-001': ")
    assert "already used at long-distance/support.toml:4" in problems[0]
    assert "unique" in problems[0]


def test_it_reports_every_problem_in_a_file_at_once(tmp_path):
    write(
        tmp_path,
        {
            "prompts/trust.toml": """
                practice = "trust"

                [[prompt]]
                id = "trust-001"
                depth = "light"
                kind = "open"
                text = "What's a promise you've kept for years?"

                [[prompt]]
                id = "trust-002"
                depth = "medium"
                kind = "open"
                text = "Short?"

                [[prompt]]
                id = "trust-003"
                kind = "choice"
                text = "Which would help you open up tonight?"
                choices = ["A walk", "A walk", "Candlelight"]
                colour = "blue"
            """,
            "prompts/support.toml": GOOD.replace('"light"', '"heavy"'),
        },
    )
    problems = problems_in(tmp_path)
    trust = [p for p in problems if p.startswith("prompts/trust.toml:")]
    assert [p.split(": ", 1)[0] for p in problems if p not in trust] == ["prompts/support.toml:3"]
    assert [p.split(":")[1] for p in trust] == ["9", "9", "15", "15", "15"], trust
    assert "unknown depth 'medium'" in trust[0]
    assert "6 characters" in trust[1]
    joined = "\n".join(trust[2:])
    for expected in ("unknown key 'colour'", "missing required key 'depth'", "repeats an entry"):
        assert expected in joined


def test_it_ignores_other_toml_and_names_packs_after_their_folder(tmp_path):
    write(
        tmp_path,
        {
            "prompts/support.toml": GOOD,
            "long-distance/trust.toml": GOOD.replace("support", "trust"),
            "ideas/dates.toml": 'title = "Picnic"\nminutes = 90\n',
        },
    )
    specs = {spec.id: spec for spec in read_library(root=tmp_path)}
    assert sorted(specs) == ["support-001", "trust-001"]
    assert specs["support-001"].pack == "core"
    assert specs["trust-001"].pack == "long-distance"
    assert specs["trust-001"].source == "long-distance/trust.toml"
    assert specs["trust-001"].line == 3


def test_a_missing_or_empty_folder_is_an_error_not_a_mass_retirement(tmp_path):
    assert "no such folder" in problems_in(tmp_path / "nowhere")[0]
    write(tmp_path, {"ideas/dates.toml": 'title = "Picnic"\n'})
    assert "no prompt files found" in problems_in(tmp_path)[0]


def test_the_content_dir_follows_the_setting(settings, tmp_path):
    settings.CLOSEKNIT_CONTENT_DIR = str(tmp_path)
    assert content_dir() == tmp_path
    del settings.CLOSEKNIT_CONTENT_DIR
    assert content_dir() == REPO / "content"


# Loading into the database


@pytest.mark.django_db
def test_it_loads_the_whole_library_once_with_a_bounded_number_of_queries(
    django_assert_max_num_queries,
):
    with django_assert_max_num_queries(20):
        first = load_library()
    total = len(read_library(root=content_dir()))
    assert first == LoadResult(name="prompts", created=total, updated=0, unchanged=0, retired=0)
    assert Prompt.objects.count() == total
    with django_assert_max_num_queries(10):
        second = load_library()
    assert second == LoadResult(name="prompts", created=0, updated=0, unchanged=total, retired=0)
    assert str(second) == f"{total} prompts: 0 new, 0 changed, {total} unchanged, 0 retired"


@pytest.mark.django_db
def test_changing_hundreds_of_prompts_at_once_stays_bounded(
    tmp_path, django_assert_max_num_queries
):
    load_library()
    # Every prompt file, packs included: a pack left out would be retired, not updated.
    for source in {spec.source for spec in read_library(root=content_dir())}:
        text = (content_dir() / source).read_text(encoding="utf-8")
        copy = tmp_path / source
        copy.parent.mkdir(parents=True, exist_ok=True)
        copy.write_text(text.replace('depth = "light"', 'depth = "deeper"'), encoding="utf-8")
    light = Prompt.objects.filter(depth="light").count()
    assert light >= 80
    with django_assert_max_num_queries(20):
        result = load_library(root=tmp_path)
    assert result.updated == light
    assert not Prompt.objects.filter(depth="light", pack="core").exists()


def small_library(root: Path, *, texts: list[str], tail: str = "") -> Path:
    entries = "".join(
        f'\n[[prompt]]\nid = "support-{n:03d}"\ndepth = "light"\nkind = "open"\ntext = "{text}"\n'
        for n, text in enumerate(texts, 1)
    )
    (root / "prompts").mkdir(parents=True, exist_ok=True)
    (root / "prompts" / "support.toml").write_text(f'practice = "support"\n{entries}{tail}')
    return root


TEXTS = [
    "What made you laugh out loud this week?",
    "Which sound instantly calms you down?",
    "What's a small win from today you haven't mentioned yet?",
]


@pytest.mark.django_db
def test_editing_a_prompts_text_updates_it_under_the_same_id(tmp_path):
    load_library(root=small_library(tmp_path, texts=TEXTS))
    edited = [*TEXTS[:2], "What's a small win from today that you haven't told me about?"]
    result = load_library(root=small_library(tmp_path, texts=edited))
    assert result == LoadResult(name="prompts", created=0, updated=1, unchanged=2, retired=0)
    assert Prompt.objects.get(id="support-003").text == edited[2]
    assert Prompt.objects.count() == 3


@pytest.mark.django_db
def test_a_prompt_gone_from_the_files_is_retired_and_keeps_its_answers(tmp_path):
    load_library(root=small_library(tmp_path, texts=TEXTS))
    user = get_user_model().objects.create_user(
        email="x@example.test", password="a-long-enough-pass-phrase"
    )
    question = DailyQuestion.objects.create(
        user=user, day=date(2026, 3, 1), prompt_id="support-003"
    )
    Answer.objects.create(question=question, user=user, text="Finishing the puzzle.")

    result = load_library(root=small_library(tmp_path, texts=TEXTS[:2]))
    assert result == LoadResult(name="prompts", created=0, updated=0, unchanged=2, retired=1)
    gone = Prompt.objects.get(id="support-003")
    assert gone.retired is True
    assert gone.text == TEXTS[2]
    question.refresh_from_db()
    assert question.prompt_id == "support-003"
    assert question.answers.get().text == "Finishing the puzzle."
    again = load_library(root=small_library(tmp_path, texts=TEXTS[:2]))
    assert again == LoadResult(name="prompts", created=0, updated=0, unchanged=2, retired=0)


@pytest.mark.django_db
def test_retired_true_in_a_file_retires_the_prompt(tmp_path):
    load_library(root=small_library(tmp_path, texts=TEXTS))
    result = load_library(root=small_library(tmp_path, texts=TEXTS, tail="retired = true\n"))
    assert result == LoadResult(name="prompts", created=0, updated=1, unchanged=2, retired=1)
    assert list(Prompt.objects.filter(retired=True).values_list("id", flat=True)) == ["support-003"]


# The command


def test_the_check_command_prints_counts_per_practice_and_depth(capsys, shipped):
    call_command("content", "check")
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith(f"{len(shipped)} prompts in ")
    assert lines[1].split() == ["practice", "light", "deeper", "deepest", "total"]
    rows = {line.split()[0]: [int(n) for n in line.split()[1:]] for line in lines[2:10]}
    assert list(rows) == list(practices.KEYS)
    active = in_rotation(shipped)
    for key, (light, deeper, deepest, total) in rows.items():
        mine = [spec.depth for spec in active if spec.practice == key]
        assert [light, deeper, deepest] == [mine.count(d) for d in ("light", "deeper", "deepest")]
        assert total == len(mine)


@pytest.mark.django_db
def test_the_load_command_lists_every_problem_by_file_and_line(tmp_path):
    write(tmp_path, {"prompts/support.toml": GOOD.replace('"open"', '"poll"') + "    mood = 1\n"})
    with pytest.raises(CommandError) as caught:
        call_command("content", "load", "--dir", str(tmp_path))
    message = str(caught.value)
    assert message.startswith(f"2 problems in {tmp_path}:")
    assert "prompts/support.toml:3: prompt 'support-001': unknown kind 'poll'" in message
    assert "prompts/support.toml:3: prompt 'support-001': unknown key 'mood'" in message
    assert not Prompt.objects.exists()


def test_the_cli_fails_plainly_on_a_bad_library(tmp_path):
    bad = write(tmp_path / "content", {"prompts/support.toml": GOOD.replace('"light"', '"deep"')})
    environment = {**os.environ, "CLOSEKNIT_DATA_DIR": str(tmp_path)}
    environment.pop("DJANGO_SETTINGS_MODULE", None)
    result = subprocess.run(
        [sys.executable, "-m", "closeknit", "content", "check", "--dir", str(bad)],
        capture_output=True,
        text=True,
        env=environment,
        cwd=REPO,
        timeout=60,
        check=False,
    )
    assert result.returncode != 0
    assert "prompts/support.toml:3: prompt 'support-001': unknown depth 'deep'" in result.stderr
    assert "Traceback" not in result.stderr

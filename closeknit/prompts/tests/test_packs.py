"""Content packs: their metadata files, a couple turning them on and off (web and API),
and the daily question drawing from them."""

from datetime import timedelta
from pathlib import Path

import pytest

from closeknit.lib.library import ContentError, content_dir
from closeknit.prompts import services
from closeknit.prompts.content import load_library
from closeknit.prompts.models import DailyQuestion, Pack, PackChoice, Prompt
from closeknit.prompts.packs import read_packs
from closeknit.prompts.rollover import prepare_days
from closeknit.prompts.spaces import space_for
from closeknit.prompts.tests.packs_fixture import add_pack, shrink_core

CORE_FILE = """practice = "support"

[[prompt]]
id = "support-001"
depth = "light"
kind = "open"
text = "Which small thing made today easier?"
"""
PACK_FILE = """practice = "trust"

[[prompt]]
id = "trust-300"
depth = "light"
kind = "open"
text = "What would you tell me first if I were there tonight?"
"""


def write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root


# The files ---------------------------------------------------------------------------


def test_it_loads_a_packs_title_and_description_from_its_folder(db, tmp_path):
    root = write(tmp_path, {
        "prompts/support.toml": CORE_FILE,
        "tiny/trust.toml": PACK_FILE,
        "tiny/pack.toml": 'title = "Tiny things"\ndescription = "A pack only tests know."\n'
                          'order = 3\nwhen = "dates"\n',
        "untitled-pack/trust.toml": PACK_FILE.replace("300", "301"),
    })  # fmt: skip
    load_library(root=root)
    tiny = Pack.objects.get(pk="tiny")
    assert (tiny.title, tiny.description, tiny.order, tiny.when) == (
        "Tiny things", "A pack only tests know.", 3, "dates"
    )  # fmt: skip
    # A pack works before its words are written: its folder names it.
    assert Pack.objects.get(pk="untitled-pack").title == "Untitled pack"
    assert Prompt.objects.get(pk="trust-300").pack == "tiny"
    # A pack gone from the files is retired, like its prompts.
    (root / "tiny" / "pack.toml").unlink()
    (root / "tiny" / "trust.toml").unlink()
    load_library(root=root)
    assert Pack.objects.get(pk="tiny").retired


def test_it_lists_every_problem_of_a_pack_file_by_file(tmp_path):
    root = write(tmp_path, {
        "prompts/support.toml": CORE_FILE,
        "prompts/pack.toml": 'title = "Core"\ndescription = "Not a pack at all, really."\n',
        "tiny/trust.toml": PACK_FILE,
        "tiny/pack.toml": 'title = "T"\nshade = "blue"\norder = "1"\nwhen = "mondays"\n',
    })  # fmt: skip
    with pytest.raises(ContentError) as caught:
        read_packs(root=root, names={"core", "tiny"})
    text = str(caught.value)
    assert "prompts/pack.toml:1: the core library is not a pack" in text
    for what in ("unknown key 'shade'", "title is 1 characters", "missing description",
                 "order must be a whole number", "when is 'mondays'"):  # fmt: skip
        assert f"tiny/pack.toml:1: {what}" in text or what in text, what


def test_the_shipped_pack_files_are_valid_and_warm():
    root = content_dir()
    names = {p.parent.name for p in root.glob("*/pack.toml")}
    specs = {s.id: s for s in read_packs(root=root, names=names)}
    for key in ("long-distance", "new-together", "long-together", "new-parents",
                "hard-times", "occasions"):  # fmt: skip
        assert key in specs and specs[key].description, key
    assert specs["occasions"].when == "dates"
    words = " ".join(f"{s.title} {s.description}".lower() for s in specs.values())
    for word in ("should", "wife", "husband", "married", "christmas", "holiday"):
        assert word not in words


# Turning packs on and off ----------------------------------------------------------------


@pytest.fixture
def packs(library):
    add_pack("tiny")
    add_pack("other")


def test_either_partner_turns_a_pack_on_and_both_see_who(api, owner, partner, couple, packs):
    listed = {p["key"]: p for p in api(owner).get("/packs").json()}
    # The shipped packs are listed too; these two are the test's own.
    assert {k: listed[k]["turned_on"] for k in ("tiny", "other")} == {"tiny": False, "other": False}
    assert listed["tiny"]["prompts"] == 8 and listed["tiny"]["title"].startswith("Tiny")
    response = api(owner).call("PUT", "/packs", {"turned_on": ["tiny"]})
    assert response.status_code == 200
    seen = {p["key"]: p for p in api(partner).get("/packs").json()}
    assert seen["tiny"]["turned_on"] and seen["tiny"]["changed_by"] == "Robin"
    assert seen["tiny"]["changed_by_you"] is False and seen["other"]["changed_by"] is None
    # The partner turns it off again, and the owner sees that.
    api(partner).call("PUT", "/packs", {"turned_on": []})
    mine = {p["key"]: p for p in api(owner).get("/packs").json()}
    assert not mine["tiny"]["turned_on"] and mine["tiny"]["changed_by"] == "Kai"


def test_bad_pack_choices_are_clear_4xx(api, owner, couple, make_person, packs):
    unknown = api(owner).call("PUT", "/packs", {"turned_on": ["tiny", "no-such-pack"]})
    assert unknown.status_code == 400 and unknown.json()["error"]["code"] == "unknown_pack"
    assert "no-such-pack" in unknown.json()["error"]["message"]
    assert api(owner).call("PUT", "/packs", {"turned_on": "tiny"}).status_code == 422
    assert api(owner).call("PUT", "/packs", {"packs": ["tiny"]}).status_code == 422
    alone = make_person("Sol")
    solo = api(alone).call("PUT", "/packs", {"turned_on": ["tiny"]})
    assert solo.status_code == 409 and solo.json()["error"]["code"] == "no_couple"
    assert not any(p["turned_on"] for p in api(alone).get("/packs").json())


def test_an_outsider_neither_sees_nor_changes_a_couples_packs(
    api, web, owner, couple, outsider, packs
):
    api(owner).call("PUT", "/packs", {"turned_on": ["tiny"]})
    theirs = api(outsider).get("/packs").json()
    assert not any(p["turned_on"] for p in theirs)
    assert "Robin" not in str(theirs)
    api(outsider).call("PUT", "/packs", {"turned_on": ["other"]})
    assert set(PackChoice.objects.filter(couple=couple, turned_on=True).values_list(
        "pack", flat=True)) == {"tiny"}  # fmt: skip
    assert "Robin" not in web(outsider).get("/questions/packs/").content.decode()


def test_the_packs_page_turns_packs_on_and_shows_who_did(web, owner, partner, couple, packs):
    page = web(owner).get("/questions/packs/")
    assert page.status_code == 200 and "Tiny tiny" in page.content.decode()
    response = web(owner).post("/questions/packs/", {"pack": ["tiny", "other"]})
    assert response.status_code == 302
    seen = web(partner).get("/questions/packs/").content.decode()
    assert "Robin turned it on" in seen and 'value="tiny" id="pack-tiny" checked' in seen
    bad = web(owner).post("/questions/packs/", {"pack": ["nope"]})
    assert bad.status_code == 400 and "There is no pack called nope" in bad.content.decode()


def test_someone_alone_sees_packs_they_can_choose_once_they_share_a_space(web, make_person, packs):
    page = web(make_person("Sol")).get("/questions/packs/").content.decode()
    assert "Packs are for a shared space" in page and "disabled" in page


# The daily question ------------------------------------------------------------------------


def _days(space, start, count):
    return [
        services.question_for_day(space=space, day=start + timedelta(days=n)).prompt_id
        for n in range(count)
    ]


def test_a_pack_turned_on_mixes_in_with_no_repeat_until_all_is_used(
    api, owner, partner, couple, library
):
    core = shrink_core()
    tiny = add_pack("tiny")
    add_pack("other")
    api(owner).call("PUT", "/packs", {"turned_on": ["tiny"]})
    space = space_for(owner)
    asked = _days(space, services.today(space=space), len(core) + len(tiny))
    assert len(set(asked)) == len(asked)
    assert set(asked) == core | tiny


def test_turning_a_pack_off_stops_its_questions(api, owner, partner, couple, library):
    shrink_core()
    tiny = add_pack("tiny", per_practice=3)
    api(owner).call("PUT", "/packs", {"turned_on": ["tiny"]})
    space = space_for(owner)
    start = services.today(space=space)
    first = _days(space, start, 20)
    assert set(first) & tiny
    api(partner).call("PUT", "/packs", {"turned_on": []})
    later = _days(space, start + timedelta(days=20), 40)
    assert not set(later) & tiny


def test_the_rollover_picks_what_opening_the_app_picks_with_packs(
    api, library, make_person, django_assert_max_num_queries
):
    from conftest import pair_up

    shrink_core()
    add_pack("tiny")
    add_pack("other")
    expected = {}
    for n in range(6):
        a, b = make_person(f"A{n}"), make_person(f"B{n}")
        couple = pair_up(a, b)
        on = [["tiny"], ["other"], ["tiny", "other"], []][n % 4]
        api(a).call("PUT", "/packs", {"turned_on": on})
        space = space_for(a)
        today = services.today(space=space)
        for k in range(1, 10 + n):
            services.question_for_day(space=space, day=today - timedelta(days=k))
        expected[couple.pk] = (today, services._choose(space=space, day=today, exclude=set()).pk)
    # As without packs (test_rollover), plus the dated packs once a run and the packs
    # turned on once a batch; the same for 6 couples as for 6,000.
    with django_assert_max_num_queries(18):
        assert prepare_days() == 6
    for couple_id, (today, prompt_id) in expected.items():
        assert DailyQuestion.objects.get(couple_id=couple_id, day=today).prompt_id == prompt_id


def test_the_check_command_names_a_bad_pack_file(tmp_path):
    from django.core.management import CommandError, call_command

    root = write(tmp_path, {
        "prompts/support.toml": CORE_FILE,
        "tiny/trust.toml": PACK_FILE,
        "tiny/pack.toml": 'title = "Tiny"\n',
    })  # fmt: skip
    with pytest.raises(CommandError) as caught:
        call_command("content", "check", "--dir", str(root))
    assert "tiny/pack.toml:1: missing description" in str(caught.value)


def test_only_packs_with_questions_in_rotation_are_offered(api, owner, couple, library):
    add_pack("tiny")
    add_pack("gone")
    Prompt.objects.filter(pack="gone").update(retired=True)
    Pack.objects.create(id="empty", title="Nothing yet", description="Words still coming.")
    offered = [p["key"] for p in api(owner).get("/packs").json()]
    assert "tiny" in offered and "gone" not in offered and "empty" not in offered
    refused = api(owner).call("PUT", "/packs", {"turned_on": ["gone"]})
    assert refused.status_code == 400

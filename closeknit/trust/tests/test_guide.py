"""The index, the repair guide, and the toolkit's own wording."""

from django.urls import reverse

from closeknit.lib.wording import banned_words, near_duplicates
from closeknit.trust import guide
from closeknit.trust.questions import PER_SET, QUESTIONS, TOTAL


def test_the_index_explains_why_and_needs_no_safety_check(web, api, owner):
    page = web(owner).get(reverse("trust:index"))
    body = page.content.decode()
    assert page.status_code == 200 and "Why this helps" in body
    for name in ("trust:sessions", "trust:journal", "trust:repair"):
        assert f'href="{reverse(name)}"' in body
    overview = api(owner).get("/trust")
    assert overview.status_code == 200 and overview.json()["why_this_helps"]


def test_the_repair_guide_lives_where_the_communication_toolkit_links(web, api, owner, checked):
    assert reverse("trust:repair") == "/trust/repair/"
    body = web(owner).get("/trust/repair/").content.decode()
    assert "couples therapist" in body
    assert 'href="/safety/"' in body
    for step in guide.REPAIR_STEPS:
        assert str(step.title) in body
    data = api(owner).get("/trust/repair").json()
    assert len(data["steps"]) == len(guide.REPAIR_STEPS)
    assert data["safety"]["url"] == "/safety/"


def test_three_sets_of_twelve_questions_with_stable_keys():
    assert TOTAL == 36
    assert [q.set_number for q in QUESTIONS] == [1] * PER_SET + [2] * PER_SET + [3] * PER_SET
    assert QUESTIONS[0].key == "s1-01" and QUESTIONS[-1].key == "s3-12"
    assert QUESTIONS[13].number_in_set == 2


def test_wording_is_original_unrepeated_and_assumes_nothing():
    questions = {q.key: str(q.text) for q in QUESTIONS}
    assert near_duplicates(questions) == []
    texts = {
        **{k: [v] for k, v in questions.items()},
        "guide": [
            str(t)
            for t in (
                *guide.WHY_THIS_HELPS,
                guide.SESSION_ABOUT,
                guide.JOURNAL_ABOUT,
                guide.REPAIR_INTRO,
                guide.REPAIR_NOT_FOR,
                guide.PROFESSIONAL_HELP,
                guide.SAFETY_HELP,
            )
        ],
        "steps": [str(t) for s in guide.REPAIR_STEPS for t in (s.title, s.body)],
    }
    assert banned_words(texts) == []

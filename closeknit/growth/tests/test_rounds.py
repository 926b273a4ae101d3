import threading

import pytest
from django.db import close_old_connections, connection

from closeknit.growth import rounds
from closeknit.growth.models import KnowItem, KnowRound
from closeknit.growth.questions import QUESTIONS
from conftest import pair_up

HTMX = {"HX-Request": "true"}
ANSWERS = [
    {"position": 1, "text": "tomato soup"},
    {"position": 2, "text": "autumn"},
    {"position": 3, "text": ""},  # skipped: "no" is always fine
    {"position": 4, "text": "singing in the shower"},
    {"position": 5, "text": "the sea"},
]


def test_a_round_answer_guess_reveal_and_a_warm_line(api, owner, partner, couple):
    robin, kai = api(owner), api(partner)
    started = robin.post("/growth/rounds")
    assert started.status_code == 201
    round_ = started.json()
    assert round_["role"] == "subject" and round_["stage"] == "answer"
    assert len(round_["items"]) == 5
    assert all(i["question"] in {str(q) for q in QUESTIONS.values()} for i in round_["items"])
    assert kai.get(f"/growth/rounds/{round_['id']}").json()["stage"] == "wait_for_answers"

    answered = robin.call("PUT", f"/growth/rounds/{round_['id']}/answers", {"answers": ANSWERS})
    assert answered.json()["stage"] == "wait_for_guesses"

    # The guesser cannot read the answers before guessing, anywhere.
    peek = kai.get(f"/growth/rounds/{round_['id']}")
    assert peek.json()["stage"] == "guess"
    assert all(i["answer"] is None for i in peek.json()["items"])
    assert [i["skipped"] for i in peek.json()["items"]] == [False, False, True, False, False]
    for path in (f"/growth/rounds/{round_['id']}", "/growth/rounds", "/growth"):
        assert "tomato soup" not in kai.get(path).content.decode(), path

    guesses = [{"position": 1, "text": "soup"}, {"position": 2, "text": "spring"}]
    revealed = kai.call("PUT", f"/growth/rounds/{round_['id']}/guesses", {"guesses": guesses})
    body = revealed.json()
    assert body["stage"] == "revealed"
    assert [(i["answer"], i["guess"]) for i in body["items"][:2]] == [
        ("tomato soup", "soup"),
        ("autumn", "spring"),
    ]
    again = kai.call("PUT", f"/growth/rounds/{round_['id']}/guesses", {"guesses": guesses})
    assert again.status_code == 409 and again.json()["error"]["code"] == "already_revealed"

    verdicts = [
        {"position": 1, "verdict": "spot_on"},
        {"position": 2, "verdict": "new"},
        {"position": 4, "verdict": "close"},
    ]
    marked = robin.call("PUT", f"/growth/rounds/{round_['id']}/verdicts", {"verdicts": verdicts})
    assert marked.json()["knew"] == 2
    assert kai.get(f"/growth/rounds/{round_['id']}").json()["knew"] == 2


def test_roles_are_kept(api, owner, partner, couple):
    robin, kai = api(owner), api(partner)
    round_ = robin.post("/growth/rounds").json()
    url = f"/growth/rounds/{round_['id']}"
    assert kai.call("PUT", f"{url}/answers", {"answers": ANSWERS}).status_code == 403
    early = kai.call("PUT", f"{url}/guesses", {"guesses": [{"position": 1, "text": "x"}]})
    assert early.status_code == 409 and early.json()["error"]["code"] == "not_answered"
    robin.call("PUT", f"{url}/answers", {"answers": ANSWERS})
    assert robin.call("PUT", f"{url}/answers", {"answers": ANSWERS}).status_code == 409
    own_guess = robin.call("PUT", f"{url}/guesses", {"guesses": [{"position": 1, "text": "x"}]})
    assert own_guess.status_code == 403
    marks = {"verdicts": [{"position": 1, "verdict": "close"}]}
    assert kai.call("PUT", f"{url}/verdicts", marks).status_code == 403
    assert robin.call("PUT", f"{url}/verdicts", marks).status_code == 409  # not revealed yet
    assert kai.delete(url).status_code == 403
    assert robin.delete(url).status_code == 204
    assert not KnowRound.objects.exists()


def test_bad_round_input_writes_nothing(api, owner, partner, couple, outsider):
    robin = api(owner)
    round_ = robin.post("/growth/rounds").json()
    url = f"/growth/rounds/{round_['id']}/answers"
    for body in (
        {"answers": [{"position": 1, "text": ""}]},  # nothing answered
        {"answers": [{"position": 9, "text": "x"}]},
        {"answers": [{"position": 1, "text": "x" * 301}]},
        {"answers": [{"position": 1, "text": "a"}, {"position": 1, "text": "b"}]},
        {"answers": "tomato"},
        {"answers": [], "extra": True},
    ):
        response = robin.call("PUT", url, body)
        assert response.status_code in (400, 422), body
        assert response.json()["error"]["message"]
    assert KnowRound.objects.get().answered_at is None
    assert all(item.answer == "" for item in KnowItem.objects.all())
    assert api(outsider).get(f"/growth/rounds/{round_['id']}").status_code == 404
    assert api(outsider).get("/growth/rounds").json() == []


def test_rounds_need_a_partner(api, owner):
    response = api(owner).post("/growth/rounds")
    assert response.status_code == 409 and response.json()["error"]["code"] == "no_partner"


def test_round_pages_with_htmx_hide_answers_until_the_guess(web, owner, partner, couple):
    robin, kai = web(owner), web(partner)
    assert robin.post("/growth/rounds/start/").status_code == 302
    round_ = KnowRound.objects.get()
    bad = robin.post(
        f"/growth/rounds/{round_.pk}/answers/",
        {"answer-1": "x" * 301, "answer-2": "kept"},
        headers=HTMX,
    )
    assert bad.status_code == 400 and "kept" in bad.content.decode()
    saved = robin.post(
        f"/growth/rounds/{round_.pk}/answers/",
        {f"answer-{n}": f"secret answer {n}" for n in range(1, 6)},
        headers=HTMX,
    )
    assert "data-live" in saved.content.decode()  # Kai's guesses arrive by themselves
    page = kai.get(f"/growth/rounds/{round_.pk}/").content.decode()
    assert "secret answer" not in page and 'name="guess-1"' in page
    revealed = kai.post(
        f"/growth/rounds/{round_.pk}/guesses/", {"guess-1": "my hunch"}, headers=HTMX
    ).content.decode()
    assert "secret answer 1" in revealed and "my hunch" in revealed
    robin.post(
        f"/growth/rounds/{round_.pk}/verdicts/", {"verdict-1": "spot_on", "verdict-2": "close"}
    )
    assert (
        "You knew 2 things about Robin today."
        in kai.get(f"/growth/rounds/{round_.pk}/").content.decode()
    )
    assert (
        "Kai knew 2 things about you today."
        in robin.get(f"/growth/rounds/{round_.pk}/").content.decode()
    )


def test_no_running_tally_across_rounds(web, owner, partner, couple):
    for _ in range(2):
        r = rounds.round_start(user=owner)
        rounds.answers_save(user=owner, round_id=r.pk, answers={1: "a", 2: "b"})
        rounds.guesses_save(user=partner, round_id=r.pk, guesses={1: "a", 2: "b"})
        rounds.verdicts_save(user=owner, round_id=r.pk, verdicts={1: "spot_on", 2: "spot_on"})
    listing = web(partner).get("/growth/rounds/").content.decode()
    assert "knew" not in listing and "score" not in listing.lower()
    index = web(partner).get("/growth/").content.decode()
    assert "knew" not in index
    # Each round keeps its own warm line; nothing adds them up.
    page = web(partner).get(f"/growth/rounds/{r.pk}/").content.decode()
    assert "You knew 2 things about Robin today." in page and "4 things" not in page


def test_outsiders_get_404_on_every_round_page(web, owner, partner, couple, outsider):
    r = rounds.round_start(user=owner)
    rounds.answers_save(user=owner, round_id=r.pk, answers={1: "only for kai"})
    client = web(outsider)
    assert client.get(f"/growth/rounds/{r.pk}/").status_code == 404
    for action, data in (
        ("answers", {"answer-1": "x"}),
        ("guesses", {"guess-1": "x"}),
        ("verdicts", {"verdict-1": "close"}),
        ("delete", {}),
    ):
        response = client.post(f"/growth/rounds/{r.pk}/{action}/", data)
        assert response.status_code == 404, action
        assert "only for kai" not in response.content.decode()
    assert KnowRound.objects.get().revealed_at is None


def test_answers_are_encrypted_at_rest(owner, partner, couple):
    r = rounds.round_start(user=owner)
    rounds.answers_save(user=owner, round_id=r.pk, answers={1: "pickled onions"})
    with connection.cursor() as cursor:
        cursor.execute("SELECT answer FROM growth_knowitem WHERE position = 1")
        (stored,) = cursor.fetchone()
    assert stored.startswith("ck1:")


@pytest.mark.django_db(transaction=True)
def test_two_guesses_at_once_reveal_exactly_once(make_person):
    a, b = make_person("A"), make_person("B")
    pair_up(a, b)
    round_ = rounds.round_start(user=a)
    rounds.answers_save(user=a, round_id=round_.pk, answers={1: "x"})
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def guess(text: str) -> None:
        try:
            barrier.wait(timeout=30)
            rounds.guesses_save(user=b, round_id=round_.pk, guesses={1: text})
            outcomes.append("revealed")
        except Exception as exc:  # the loser gets a clear conflict
            outcomes.append(getattr(exc, "code", repr(exc)))
        finally:
            close_old_connections()

    threads = [threading.Thread(target=guess, args=(t,)) for t in ("first", "second")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert sorted(outcomes) == ["already_revealed", "revealed"]
    assert KnowItem.objects.get(round=round_, position=1).guess in ("first", "second")


@pytest.mark.django_db(transaction=True)
def test_the_guesser_never_sees_answers_under_concurrent_reads(make_person):
    from closeknit.goals.spaces import space_for
    from closeknit.growth import selectors

    a, b = make_person("A"), make_person("B")
    pair_up(a, b)
    round_ = rounds.round_start(user=a)
    seen: list[object] = []

    def read() -> None:
        try:
            for _ in range(20):
                view = selectors.round_view(space=space_for(b), round_id=round_.pk)
                seen.extend(i.answer for i in view.items)
        finally:
            close_old_connections()

    reader = threading.Thread(target=read)
    reader.start()
    rounds.answers_save(user=a, round_id=round_.pk, answers={n: "hidden" for n in range(1, 6)})
    reader.join(timeout=60)
    assert seen and all(answer is None for answer in seen)

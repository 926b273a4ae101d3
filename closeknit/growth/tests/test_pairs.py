"""'This or that' / 'would you rather' rounds: pick alone, then a side-by-side reveal."""

import threading

import pytest
from django.db import close_old_connections

from closeknit.accounts.models import User
from closeknit.activity.models import ActivityRecord
from closeknit.couples import services as couples
from closeknit.goals.spaces import space_for
from closeknit.growth import pairs
from closeknit.growth.library import PAIRS
from closeknit.growth.lifecycle import export_user_data
from closeknit.growth.models import Pair, PairItem, PairRound
from closeknit.nudges import waiting
from closeknit.nudges.models import WaitingItem
from conftest import pair_up

HTMX = {"HX-Request": "true"}


@pytest.fixture(autouse=True)
def shipped_pairs(db):
    PAIRS.load()


def fresh(user: User) -> User:
    return User.objects.get(pk=user.pk)


def open_items(user: User) -> list[tuple[str, str]]:
    return list(WaitingItem.objects.filter(user=user, closed_at=None).values_list("kind", "ref"))


def texts_of(round_: PairRound) -> list[tuple[str, str]]:
    return [(i.pair.a, i.pair.b) for i in round_.items.select_related("pair")]


def test_a_round_picks_alone_then_reveals_both_side_by_side(api, owner, partner, couple):
    robin, kai = api(owner), api(partner)
    started = robin.post("/growth/pairs")
    assert started.status_code == 201
    body = started.json()
    assert body["stage"] == "pick" and body["role"] == "starter"
    assert len(body["items"]) == pairs.PAIRS_PER_ROUND
    assert len({i["pair_id"] for i in body["items"]}) == pairs.PAIRS_PER_ROUND
    url = f"/growth/pairs/{body['id']}"
    assert kai.get(url).json()["stage"] == "pick"  # either may go first

    robin_picks = [{"position": n, "pick": "a"} for n in range(1, 6)]  # 6 is skipped
    saved = robin.call("PUT", f"{url}/picks", {"picks": robin_picks})
    assert saved.json()["stage"] == "wait"
    # Kai cannot see Robin's picks before picking, anywhere.
    peek = kai.get(url).json()
    assert peek["partner_done"] is True
    assert all(i["theirs"] is None and i["mine"] == "" for i in peek["items"])
    assert all(i["theirs"] is None for i in robin.get(url).json()["items"])

    kai_picks = [{"position": 1, "pick": "a"}, {"position": 2, "pick": "b"}]
    revealed = kai.call("PUT", f"{url}/picks", {"picks": kai_picks}).json()
    assert revealed["stage"] == "revealed"
    first, second, third = revealed["items"][:3]
    assert (first["mine"], first["theirs"], first["same"]) == ("a", "a", True)
    assert (second["mine"], second["theirs"], second["same"]) == ("b", "a", False)
    assert first["line"] and second["line"] and first["line"] != second["line"]
    assert (third["mine"], third["theirs"], third["line"]) == ("", "a", "")
    robins = robin.get(url).json()
    assert robins["stage"] == "revealed"
    assert [(i["mine"], i["theirs"]) for i in robins["items"][:2]] == [("a", "a"), ("a", "b")]
    again = kai.call("PUT", f"{url}/picks", {"picks": kai_picks})
    assert again.status_code == 409 and again.json()["error"]["code"] == "already_picked"
    kinds = set(ActivityRecord.objects.filter(practice="growth").values_list("kind", flat=True))
    assert {"pairs_started", "pairs_picked"} <= kinds


def test_the_reveal_never_keeps_a_score(web, owner, partner, couple):
    for _ in range(2):
        r = pairs.pair_round_start(user=owner)
        pairs.picks_save(user=owner, round_id=r.pk, picks={n: "a" for n in range(1, 7)})
        pairs.picks_save(user=partner, round_id=r.pk, picks={n: "a" for n in range(1, 7)})
    for path in (f"/growth/pairs/{r.pk}/", "/growth/pairs/", "/growth/"):
        page = web(partner).get(path).content.decode().lower()
        for word in ("score", "compatib", "% ", "out of", "6 of 6", "matched 6"):
            assert word not in page, (path, word)
    page = web(partner).get(f"/growth/pairs/{r.pk}/").content.decode()
    assert "Same pick!" in page and "is-same" in page


def test_turns_wait_for_the_other_one_and_the_reveal_tells_the_first(
    web, owner, partner, couple, outsider
):
    r = pairs.pair_round_start(user=owner)
    assert not WaitingItem.objects.exists()  # nothing to ask of Kai until Robin has picked
    pairs.picks_save(user=owner, round_id=r.pk, picks={1: "b"})
    [item] = waiting.waiting_for(user=fresh(partner), couple=couple)
    assert (item.kind, item.title, item.url) == (
        "pairs_turn",
        "Your turn in this or that with Robin",
        f"/growth/pairs/{r.pk}/",
    )
    web(partner).get(f"/growth/pairs/{r.pk}/")  # seeing it is not taking the turn
    assert open_items(partner) == [("pairs_turn", f"pairs:{r.pk}")]
    assert web(partner).post(f"/growth/pairs/{r.pk}/picks/", {"pick-1": "b"}).status_code == 302
    assert open_items(partner) == []
    assert open_items(owner) == [("reveal_ready", f"pairs:{r.pk}")]
    web(owner).get(f"/growth/pairs/{r.pk}/")  # seeing the reveal closes it
    assert open_items(owner) == []
    assert not WaitingItem.objects.filter(user=outsider).exists()


def test_the_partner_may_pick_first_and_then_it_is_the_starters_turn(owner, partner, couple):
    r = pairs.pair_round_start(user=owner)
    pairs.picks_save(user=partner, round_id=r.pk, picks={2: "a"})
    assert open_items(owner) == [("pairs_turn", f"pairs:{r.pk}")]
    pairs.picks_save(user=owner, round_id=r.pk, picks={2: "a"})
    assert PairRound.objects.get().revealed_at is not None
    assert open_items(partner) == [("reveal_ready", f"pairs:{r.pk}")]


def test_removing_a_round_is_for_the_starter_before_the_reveal(api, owner, partner, couple):
    robin, kai = api(owner), api(partner)
    rid = robin.post("/growth/pairs").json()["id"]
    pairs.picks_save(user=owner, round_id=rid, picks={1: "a"})
    assert open_items(partner) == [("pairs_turn", f"pairs:{rid}")]
    assert kai.delete(f"/growth/pairs/{rid}").status_code == 403
    assert robin.delete(f"/growth/pairs/{rid}").status_code == 204
    assert not PairRound.objects.exists() and open_items(partner) == []
    done = pairs.pair_round_start(user=owner)
    pairs.picks_save(user=owner, round_id=done.pk, picks={1: "a"})
    pairs.picks_save(user=partner, round_id=done.pk, picks={1: "a"})
    gone = robin.delete(f"/growth/pairs/{done.pk}")
    assert gone.status_code == 409 and gone.json()["error"]["code"] == "already_revealed"


def test_bad_picks_are_clear_4xx_and_write_nothing(api, web, owner, partner, couple, outsider):
    robin = api(owner)
    rid = robin.post("/growth/pairs").json()["id"]
    url = f"/growth/pairs/{rid}/picks"
    for body in (
        {"picks": [{"position": 1, "pick": ""}]},  # nothing picked
        {"picks": []},
        {"picks": [{"position": 7, "pick": "a"}]},
        {"picks": [{"position": 1, "pick": "c"}]},
        {"picks": [{"position": 1, "pick": "a"}, {"position": 1, "pick": "b"}]},
        {"picks": "a"},
        {"picks": [], "extra": True},
    ):
        response = robin.call("PUT", url, body)
        assert response.status_code in (400, 422), body
        assert response.json()["error"]["message"]
    page = web(owner).post(
        f"/growth/pairs/{rid}/picks/", {"pick-1": "z", "pick-2": "b"}, headers=HTMX
    )
    assert page.status_code == 400 and "Pick a or b" in page.content.decode()
    assert 'value="b" checked' in page.content.decode()  # what they tapped stays tapped
    none = web(owner).post(f"/growth/pairs/{rid}/picks/", {"pick-x": "a"}, headers=HTMX)
    assert none.status_code == 400
    assert PairRound.objects.get().starter_done_at is None
    assert all(i.starter_pick == "" for i in PairItem.objects.all())


def test_rounds_need_a_partner_and_stop_at_a_few_open(api, owner, partner, make_person):
    alone = api(make_person("Sol")).post("/growth/pairs")
    assert alone.status_code == 409 and alone.json()["error"]["code"] == "no_partner"
    pair_up(owner, partner)
    for _ in range(pairs.MAX_OPEN_ROUNDS):
        assert api(owner).post("/growth/pairs").status_code == 201
    more = api(partner).post("/growth/pairs")
    assert more.status_code == 409 and more.json()["error"]["code"] == "too_many"


def test_outsiders_learn_nothing_on_the_web_or_the_api(api, web, owner, partner, couple, outsider):
    r = pairs.pair_round_start(user=owner)
    pairs.picks_save(user=owner, round_id=r.pk, picks={1: "a"})
    client = web(outsider)
    assert client.get(f"/growth/pairs/{r.pk}/").status_code == 404
    for action, data in (("picks", {"pick-1": "a"}), ("delete", {})):
        response = client.post(f"/growth/pairs/{r.pk}/{action}/", data)
        assert response.status_code == 404, action
    listing = client.get("/growth/pairs/").content.decode()
    assert f"/growth/pairs/{r.pk}/" not in listing and "round-list" not in listing
    other = api(outsider)
    assert other.get(f"/growth/pairs/{r.pk}").status_code == 404
    assert other.get("/growth/pairs").json() == []
    picks = {"picks": [{"position": 1, "pick": "b"}]}
    assert other.call("PUT", f"/growth/pairs/{r.pk}/picks", picks).status_code == 404
    assert other.delete(f"/growth/pairs/{r.pk}").status_code == 404
    assert PairRound.objects.get().partner_done_at is None


def test_no_pair_comes_back_before_every_pair_has_come_round(owner, partner, couple):
    live = set(Pair.objects.filter(retired=False).values_list("id", flat=True))
    seen: list[str] = []
    rounds_needed = -(-len(live) // pairs.PAIRS_PER_ROUND)
    for n in range(rounds_needed + 2):
        who = owner if n % 2 else partner
        r = pairs.pair_round_start(user=who)
        ids = list(r.items.values_list("pair_id", flat=True))
        pairs.picks_save(user=owner, round_id=r.pk, picks={1: "a"})
        pairs.picks_save(user=partner, round_id=r.pk, picks={1: "b"})
        seen.extend(ids)
        if len(seen) <= len(live):
            assert len(set(seen)) == len(seen), f"a repeat in round {n + 1}"
    assert set(seen) == live
    counts = {k: seen.count(k) for k in live}
    assert max(counts.values()) - min(counts.values()) <= 1


def test_leaving_and_taking_entries_hides_picks_and_export_holds_only_mine(
    web, owner, partner, couple
):
    r = pairs.pair_round_start(user=owner)
    pairs.picks_save(user=owner, round_id=r.pk, picks={1: "a", 2: "a"})
    pairs.picks_save(user=partner, round_id=r.pk, picks={1: "b", 2: "b"})
    mine = export_user_data(user=owner)["this_or_that"]
    assert [p["my_pick"] for p in mine[:2]] == ["a", "a"]
    assert len(mine) == pairs.PAIRS_PER_ROUND
    couples.couple_leave(user=owner, entries_stay=False)
    view = pairs.pair_round_view(space=space_for(partner), round_id=r.pk)
    assert view is not None
    assert [(i.mine, i.theirs) for i in view.items[:2]] == [("b", None), ("b", None)]
    page = web(partner).get(f"/growth/pairs/{r.pk}/").content.decode()
    assert "no longer shared" in page and "chip-them" not in page
    robin = web(owner).get(f"/growth/pairs/{r.pk}/").content.decode()
    # The one who left keeps their own picks and, as everywhere, not their partner's.
    assert "chip-me" in robin and "chip-them" not in robin
    assert web(owner).post("/growth/pairs/start/").status_code == 409


def test_deleting_an_account_takes_its_rounds(owner, partner, couple):
    r = pairs.pair_round_start(user=owner)
    pairs.picks_save(user=owner, round_id=r.pk, picks={1: "a"})
    User.objects.filter(pk=owner.pk).delete()
    assert not PairRound.objects.exists() and not PairItem.objects.exists()


def test_the_pages_offer_two_big_choices_per_pair(web, owner, partner, couple):
    assert web(owner).post("/growth/pairs/start/").status_code == 302
    r = PairRound.objects.get()
    page = web(owner).get(f"/growth/pairs/{r.pk}/").content.decode()
    for a, b in texts_of(r):
        assert a.replace("'", "&#x27;") in page and b.replace("'", "&#x27;") in page
    assert page.count('type="radio"') == 2 * pairs.PAIRS_PER_ROUND
    assert 'class="pair-option"' in page
    index = web(partner).get("/growth/").content.decode()
    assert "Your picks are waiting" in index


@pytest.mark.django_db(transaction=True)
def test_both_finishing_at_once_reveal_exactly_once(make_person):
    PAIRS.load()  # a transactional test starts from empty tables
    a, b = make_person("A"), make_person("B")
    pair_up(a, b)
    round_ = pairs.pair_round_start(user=a)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def finish(person: User) -> None:
        try:
            barrier.wait(timeout=30)
            saved = pairs.picks_save(user=person, round_id=round_.pk, picks={1: "a"})
            outcomes.append("revealed" if saved.revealed_at else "waiting")
        except Exception as exc:
            outcomes.append(getattr(exc, "code", repr(exc)))
        finally:
            close_old_connections()

    threads = [threading.Thread(target=finish, args=(p,)) for p in (a, b)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    # One finished first and waited; the other's save saw it (the row is locked) and
    # revealed: never two waiting forever, never two reveals.
    assert sorted(outcomes) == ["revealed", "waiting"]
    done = PairRound.objects.get()
    assert done.revealed_at is not None
    assert done.revealed_at in (done.starter_done_at, done.partner_done_at)

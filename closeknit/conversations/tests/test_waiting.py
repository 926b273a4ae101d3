"""What waits for a partner in the communication toolkit: their move in a listening
session apart, their side of an after-a-disagreement guide, and both sides once shown."""

from closeknit.accounts.models import User
from closeknit.conversations import services
from closeknit.couples import services as couples
from closeknit.nudges import waiting
from closeknit.nudges.models import Notification, WaitingItem

BASE = "/communication"


def fresh(user: User) -> User:
    return User.objects.get(pk=user.pk)


def open_items(user: User) -> list[tuple[str, str]]:
    return list(WaitingItem.objects.filter(user=user, closed_at=None).values_list("kind", "ref"))


# Listening turns


def test_each_move_apart_hands_the_turn_to_the_other(owner, partner, couple, outsider):
    session = services.session_start(user=owner, mode="apart")
    assert not WaitingItem.objects.exists()  # Robin speaks first: nothing to ask yet
    ref = f"listening:{session.pk}"
    services.statement_add(user=owner, session_id=session.pk, feeling="tired")
    [item] = waiting.waiting_for(user=fresh(partner), couple=couple)
    assert (item.kind, item.title, item.url) == (
        "listening_turn",
        "Your turn in a listening session with Robin",
        f"/communication/listening/{session.pk}/",
    )
    assert "tired" not in item.title
    assert Notification.objects.filter(user=partner, event="your_turn").count() == 1
    assert open_items(owner) == []
    assert not WaitingItem.objects.filter(user=outsider).exists()
    services.reflection_add(user=partner, session_id=session.pk, text="you're tired")
    assert (open_items(partner), open_items(owner)) == ([], [("listening_turn", ref)])
    services.confirmation_add(user=owner, session_id=session.pk, heard=False, text="and sad")
    assert (open_items(owner), open_items(partner)) == ([], [("listening_turn", ref)])
    services.reflection_add(user=partner, session_id=session.pk, text="tired and sad")
    services.confirmation_add(user=owner, session_id=session.pk, heard=True)
    # Heard: the roles swap and Kai speaks next.
    assert (open_items(owner), open_items(partner)) == ([], [("listening_turn", ref)])
    assert WaitingItem.objects.filter(user=partner, closed_at=None).count() == 1


def test_asking_the_partner_to_speak_first_waits_for_them(owner, partner, couple):
    session = services.session_start(user=owner, mode="apart", first_speaker="partner")
    assert open_items(partner) == [("listening_turn", f"listening:{session.pk}")]


def test_seeing_the_session_keeps_the_turn_open_taking_it_closes_it(web, owner, partner, couple):
    session = services.session_start(user=owner, mode="apart")
    services.statement_add(user=owner, session_id=session.pk, feeling="tired")
    kai = web(partner)
    assert kai.get(f"{BASE}/listening/{session.pk}/").status_code == 200
    assert open_items(partner) != []
    response = kai.post(f"{BASE}/listening/{session.pk}/reflect/", {"text": "you're tired"})
    assert response.status_code == 302
    assert open_items(partner) == []


def test_over_the_api_a_move_invites_the_partner(api, owner, partner, couple):
    sid = api(owner).post(f"{BASE}/sessions", {"mode": "apart", "first_speaker": "me"}).json()["id"]
    api(owner).post(f"{BASE}/sessions/{sid}/statement", {"feeling": "glad"})
    assert [w["kind"] for w in api(partner).get("/waiting").json()] == ["listening_turn"]
    assert [w["kind"] for w in api(owner).get("/waiting").json()] == []


def test_together_on_one_device_nothing_waits(owner, partner, couple):
    session = services.session_start(user=owner, mode="together", first_speaker="partner")
    services.statement_add(user=owner, session_id=session.pk, feeling="tired")
    services.reflection_add(user=owner, session_id=session.pk, text="tired")
    assert not WaitingItem.objects.exists()


def test_ending_withdraws_and_leaving_leaves_nothing(owner, partner, couple):
    session = services.session_start(user=owner, mode="apart")
    services.statement_add(user=owner, session_id=session.pk, feeling="tired")
    services.session_end(user=partner, session_id=session.pk)
    assert open_items(partner) == []
    again = services.session_start(user=owner, mode="apart")
    services.statement_add(user=owner, session_id=again.pk, feeling="tired")
    couples.couple_leave(user=owner, entries_stay=False)
    assert not WaitingItem.objects.exists()
    assert waiting.waiting_for(user=fresh(partner), couple=couple) == []


# After-a-disagreement guides


def side(user: User, guide_id: int, *, done: bool = True) -> services.SideResult:
    return services.side_save(user=user, guide_id=guide_id, felt="hurt", saw="x", done=done)


def test_finishing_a_side_first_makes_the_partners_side_next(owner, partner, couple, outsider):
    guide = services.guide_start(user=owner)
    side(owner, guide.pk, done=False)  # a private draft asks nothing of anyone
    assert not WaitingItem.objects.exists()
    side(owner, guide.pk)
    [item] = waiting.waiting_for(user=fresh(partner), couple=couple)
    assert (item.kind, item.title, item.url) == (
        "guide_turn",
        "Your turn in a guide with Robin",
        f"/communication/after/{guide.pk}/",
    )
    assert "hurt" not in item.title
    assert Notification.objects.filter(user=partner, event="your_turn").count() == 1
    assert open_items(owner) == []
    assert not WaitingItem.objects.filter(user=outsider).exists()
    side(owner, guide.pk)  # saving again while done: nothing new
    assert WaitingItem.objects.get(user=partner).count == 1


def test_the_second_side_shows_both_to_the_one_who_finished_first(
    web, checked, owner, partner, couple
):
    checked(owner, partner)
    guide = services.guide_start(user=owner)
    side(owner, guide.pk)
    kai = web(partner)
    assert kai.get(f"{BASE}/after/{guide.pk}/").status_code == 200
    assert open_items(partner) == [("guide_turn", f"guide:{guide.pk}")]  # seen, not done
    response = kai.post(f"{BASE}/after/{guide.pk}/side/", {"felt": "sad", "saw": "y", "done": "1"})
    assert response.status_code == 302
    assert open_items(partner) == []
    [item] = waiting.waiting_for(user=fresh(owner), couple=couple)
    assert (item.kind, item.title) == ("reveal_ready", "Kai answered too: see both")
    assert web(owner).get(f"{BASE}/after/{guide.pk}/").status_code == 200
    assert open_items(owner) == []


def test_over_the_api_a_finished_side_invites_the_partner(api, checked, owner, partner, couple):
    checked(owner, partner)
    gid = api(owner).post(f"{BASE}/guides", {"label": ""}).json()["id"]
    body = {"felt": "hurt", "saw": "x", "done": True}
    assert api(owner).call("PUT", f"{BASE}/guides/{gid}/side", body).status_code == 200
    assert [w["kind"] for w in api(partner).get("/waiting").json()] == ["guide_turn"]


def test_a_guide_after_leaving_reaches_no_one(owner, partner, couple):
    guide = services.guide_start(user=owner)
    side(owner, guide.pk)
    couples.couple_leave(user=partner, entries_stay=True)
    assert not WaitingItem.objects.exists()

"""The after-a-disagreement guide: private sides, the mutual reveal, the observer
reflection, and the private safety check in front of it all."""

import threading

import pytest
from django.db import close_old_connections, connection

from closeknit.activity.models import ActivityRecord
from closeknit.conversations import selectors, services
from closeknit.conversations.models import Guide, ObserverNote, Side
from conftest import pair_up

SIDE = {"felt": "hurt", "saw": "plans changed", "touched": "being an afterthought"}


def test_sides_stay_private_until_both_are_done_over_the_api(api, checked, owner, partner, couple):
    checked(owner, partner)
    robin, kai = api(owner), api(partner)
    started = robin.post("/communication/guides", {"label": "Saturday"})
    assert started.status_code == 201
    gid = started.json()["id"]

    draft = robin.call("PUT", f"/communication/guides/{gid}/side", {"felt": "robin-draft"})
    assert draft.status_code == 200 and draft.json()["mine"]["done"] is False
    peek = kai.get(f"/communication/guides/{gid}")
    assert peek.json()["partner_done"] is False and peek.json()["theirs"] is None
    assert "robin-draft" not in peek.content.decode()

    done = robin.call(
        "PUT",
        f"/communication/guides/{gid}/side",
        {**SIDE, "felt": "robin-felt", "my_part": "I snapped", "request": "ask me", "done": True},
    )
    assert done.json()["revealed_now"] is False
    peek = kai.get(f"/communication/guides/{gid}")
    assert peek.json()["partner_done"] is True and peek.json()["theirs"] is None
    assert "robin-felt" not in peek.content.decode()
    assert "robin-felt" not in kai.get("/communication/guides").content.decode()

    finished = kai.call(
        "PUT", f"/communication/guides/{gid}/side", {**SIDE, "felt": "kai-felt", "done": True}
    )
    assert finished.json()["revealed_now"] is True
    assert finished.json()["theirs"]["felt"] == "robin-felt"
    assert robin.get(f"/communication/guides/{gid}").json()["theirs"]["felt"] == "kai-felt"

    late = robin.call("PUT", f"/communication/guides/{gid}/side", {**SIDE, "done": True})
    assert late.status_code == 409 and late.json()["error"]["code"] == "already_revealed"
    assert Side.objects.get(user=owner).felt == "robin-felt"
    kinds = set(ActivityRecord.objects.values_list("kind", flat=True))
    assert kinds == {"guide_started", "guide_side_done"}


def test_a_side_can_be_taken_back_to_draft_before_the_reveal(owner, partner, couple):
    guide = services.guide_start(user=owner)
    services.side_save(user=owner, guide_id=guide.pk, **SIDE, done=True)
    services.side_save(user=owner, guide_id=guide.pk, **SIDE, done=False)
    result = services.side_save(user=partner, guide_id=guide.pk, **SIDE, done=True)
    assert result.revealed_now is False
    assert selectors.guide_view(user=partner, guide_id=guide.pk).theirs is None


def test_bad_sides_are_4xx_and_write_nothing(api, checked, owner, partner, couple):
    checked(owner, partner)
    client = api(owner)
    gid = client.post("/communication/guides", {}).json()["id"]
    for body in (
        {},
        {"felt": "  "},
        {"felt": "only this", "done": True},
        {"felt": "x" * 2001},
        {"felt": "fine", "blame": "them"},
        {"felt": ["a"]},
    ):
        response = client.call("PUT", f"/communication/guides/{gid}/side", body)
        assert 400 <= response.status_code < 500, body
        assert response.json()["error"]["message"]
    assert not Side.objects.exists()
    assert client.post("/communication/guides", {"label": "x" * 81}).status_code == 422
    assert (
        client.call("PUT", f"/communication/guides/{gid}/reflection", {"text": ""}).status_code
        == 400
    )
    assert not ObserverNote.objects.exists()
    assert Guide.objects.count() == 1


def test_the_observer_reflection_is_private_unless_shared(api, checked, owner, partner, couple):
    checked(owner, partner)
    robin, kai = api(owner), api(partner)
    gid = robin.post("/communication/guides", {}).json()["id"]
    saved = robin.call(
        "PUT", f"/communication/guides/{gid}/reflection", {"text": "two tired people"}
    )
    assert saved.json()["my_reflection"] == {"text": "two tired people", "shared": False}
    assert kai.get(f"/communication/guides/{gid}").json()["their_reflection"] is None
    assert "two tired people" not in kai.get(f"/communication/guides/{gid}").content.decode()

    robin.call("PUT", f"/communication/guides/{gid}/reflection/shared", {"shared": True})
    assert kai.get(f"/communication/guides/{gid}").json()["their_reflection"]["text"] == (
        "two tired people"
    )
    robin.call("PUT", f"/communication/guides/{gid}/reflection/shared", {"shared": False})
    assert kai.get(f"/communication/guides/{gid}").json()["their_reflection"] is None
    # Kai has nothing to share yet.
    nothing = kai.call("PUT", f"/communication/guides/{gid}/reflection/shared", {"shared": True})
    assert nothing.status_code == 404


def test_the_guide_on_the_web_with_htmx(web, checked, owner, partner, couple):
    checked(owner, partner)
    robin, kai = web(owner), web(partner)
    assert robin.get("/communication/after/").status_code == 200
    start = robin.post("/communication/after/start/", {"label": "The trip"})
    guide = Guide.objects.get()
    assert start["Location"] == f"/communication/after/{guide.pk}/"
    page = robin.get(f"/communication/after/{guide.pk}/").content.decode()
    assert "What did you feel?" in page and 'href="/trust/repair/"' in page
    assert "couples therapist" in page

    bad = robin.post(
        f"/communication/after/{guide.pk}/side/",
        {"felt": "only felt", "done": "1"},
        headers={"HX-Request": "true"},
    )
    assert bad.status_code == 400 and "<html" not in bad.content.decode()
    assert "only felt" in bad.content.decode() and 'role="alert"' in bad.content.decode()

    robin.post(f"/communication/after/{guide.pk}/side/", {**SIDE, "felt": "robin-web", "done": "1"})
    waiting = kai.get(f"/communication/after/{guide.pk}/").content.decode()
    assert "Robin has finished their side." in waiting and "robin-web" not in waiting
    revealed = kai.post(
        f"/communication/after/{guide.pk}/side/",
        {**SIDE, "felt": "kai-web", "done": "1"},
        headers={"HX-Request": "true"},
    ).content.decode()
    assert "robin-web" in revealed and "kai-web" in revealed and "Robin's side" in revealed

    note = robin.post(
        f"/communication/after/{guide.pk}/observer/",
        {"text": "both wanted rest", "shared": "1"},
        headers={"HX-Request": "true"},
    )
    assert note.status_code == 200 and "Shared with your partner." in note.content.decode()
    assert "both wanted rest" in kai.get(f"/communication/after/{guide.pk}/").content.decode()
    robin.post(f"/communication/after/{guide.pk}/observer/share/", {"shared": "0"})
    assert "both wanted rest" not in kai.get(f"/communication/after/{guide.pk}/").content.decode()


def test_without_the_safety_check_the_guide_asks_for_it_first(api, web, owner, partner, couple):
    guide = services.guide_start(user=owner)
    page = web(owner).get(f"/communication/after/{guide.pk}/")
    assert page.status_code == 302
    assert page["Location"].startswith("/safety/check/?next=")
    assert web(owner).get("/communication/after/")["Location"].startswith("/safety/check/")
    for method, path, body in (
        ("GET", "/communication/guides", None),
        ("POST", "/communication/guides", {}),
        ("GET", f"/communication/guides/{guide.pk}", None),
        ("PUT", f"/communication/guides/{guide.pk}/side", {**SIDE, "done": True}),
    ):
        response = api(owner).call(method, path, body)
        assert response.status_code == 409, path
        assert response.json()["error"]["code"] == "safety_check_needed"
    assert not Side.objects.exists() and Guide.objects.count() == 1
    assert "Start with a short private check" in web(owner).get("/communication/").content.decode()


@pytest.mark.parametrize("who_raised_concern", ["owner", "partner"])
def test_a_concern_from_either_partner_closes_the_guide_for_both(
    api, web, checked, owner, partner, couple, who_raised_concern
):
    guide = services.guide_start(user=owner, label="private label")
    checked(owner, concern=who_raised_concern == "owner")
    checked(partner, concern=who_raised_concern == "partner")
    for person in (owner, partner):
        page = web(person).get(f"/communication/after/{guide.pk}/")
        assert page.status_code == 403
        assert web(person).post("/communication/after/start/", {}).status_code == 403
        for method, path, body in (
            ("GET", "/communication/guides", None),
            ("POST", "/communication/guides", {}),
            ("GET", f"/communication/guides/{guide.pk}", None),
            ("PUT", f"/communication/guides/{guide.pk}/reflection", {"text": "hi"}),
        ):
            response = api(person).call(method, path, body)
            assert response.status_code == 403, (person, path)
            assert response.json()["error"]["code"] == "tool_unavailable"
        index = web(person).get("/communication/").content.decode()
        assert "This exercise isn't available right now." in index
        assert "private label" not in index
        assert api(person).get("/communication").json()["disagreement_guide"] == "off"
    assert Guide.objects.count() == 1 and not ObserverNote.objects.exists()


def test_outsiders_get_404_on_guides_even_with_their_check(
    api, web, checked, owner, partner, couple, outsider
):
    checked(owner, partner, outsider)
    guide = services.guide_start(user=owner, label="ours")
    services.side_save(user=owner, guide_id=guide.pk, felt="secret felt", saw="x", done=True)
    client, browser = api(outsider), web(outsider)
    assert client.get(f"/communication/guides/{guide.pk}").status_code == 404
    assert "secret felt" not in client.get("/communication/guides").content.decode()
    response = client.call("PUT", f"/communication/guides/{guide.pk}/side", {**SIDE, "done": True})
    assert response.status_code == 404
    assert browser.get(f"/communication/after/{guide.pk}/").status_code == 404
    for action, data in (("side", SIDE), ("observer", {"text": "hi"}), ("observer/share", {})):
        assert browser.post(f"/communication/after/{guide.pk}/{action}/", data).status_code == 404
    assert Side.objects.filter(user=outsider).count() == 0


def test_sides_are_encrypted_at_rest(owner, partner, couple):
    guide = services.guide_start(user=owner, label="named")
    services.side_save(user=owner, guide_id=guide.pk, **SIDE, my_part="m", request="r")
    with connection.cursor() as cursor:
        cursor.execute("SELECT felt, saw, touched, my_part, request FROM conversations_side")
        side = cursor.fetchone()
        cursor.execute("SELECT label FROM conversations_guide")
        label = cursor.fetchone()
    assert all(v.startswith("ck1:") for v in (*side, *label))


PAIRS = 6


@pytest.mark.django_db(transaction=True)
def test_finishing_at_the_same_instant_reveals_exactly_once(make_person):
    guides = []
    for n in range(PAIRS):
        a, b = make_person(f"A{n}"), make_person(f"B{n}")
        pair_up(a, b)
        guides.append((a, b, services.guide_start(user=a)))
    barrier = threading.Barrier(PAIRS * 2)
    results: dict[tuple[int, int], bool] = {}
    errors: list[BaseException] = []

    def finish(person, guide) -> None:
        try:
            barrier.wait(timeout=30)
            result = services.side_save(
                user=person, guide_id=guide.pk, felt=f"from {person.pk}", saw="x", done=True
            )
            results[(guide.pk, person.pk)] = result.revealed_now
        except BaseException as exc:  # surfaced below with the test's own assertion
            errors.append(exc)
        finally:
            close_old_connections()

    threads = [
        threading.Thread(target=finish, args=(person, guide))
        for a, b, guide in guides
        for person in (a, b)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert errors == []
    for a, b, guide in guides:
        assert sorted(results[(guide.pk, p.pk)] for p in (a, b)) == [False, True]
        assert Guide.objects.get(pk=guide.pk).revealed_at is not None
        assert selectors.guide_view(user=a, guide_id=guide.pk).theirs.felt == f"from {b.pk}"

from closeknit.couples import services as couples
from closeknit.prompts import services
from closeknit.prompts.models import Answer


def body_for(prompt: dict, text: str) -> dict:
    if prompt["kind"] == "choice":
        return {"choice": 1, "text": text}
    if prompt["kind"] == "scale":
        return {"scale": 2, "text": text}
    return {"text": text}


def test_answer_and_reveal_over_the_api(api, library, owner, partner, couple):
    robin, kai = api(owner), api(partner)
    today = robin.get("/questions/today").json()
    assert today["is_today"] and today["can_answer"] and today["mine"] is None
    assert kai.get("/questions/today").json()["id"] == today["id"]

    saved = robin.call(
        "PUT", f"/questions/{today['id']}/answer", body_for(today["prompt"], "only mine")
    )
    assert saved.status_code == 200
    assert saved.json()["revealed_now"] is False

    # Before the reveal the partner learns that Robin answered, never what.
    peek = kai.get(f"/questions/{today['id']}")
    assert peek.status_code == 200
    assert peek.json()["theirs"] is None and peek.json()["partner_answered"] is True
    assert "only mine" not in peek.content.decode()
    assert "only mine" not in kai.get("/questions").content.decode()
    assert "only mine" not in kai.get("/questions?q=only").content.decode()

    done = kai.call("PUT", f"/questions/{today['id']}/answer", body_for(today["prompt"], "kai's"))
    assert done.json()["revealed_now"] is True
    assert done.json()["theirs"]["text"] == "only mine"
    assert robin.get("/questions/today").json()["theirs"]["text"] == "kai's"

    late_edit = robin.call(
        "PUT", f"/questions/{today['id']}/answer", body_for(today["prompt"], "x")
    )
    assert late_edit.status_code == 409
    assert late_edit.json()["error"]["code"] == "already_revealed"

    reacted = kai.call("PUT", f"/questions/{today['id']}/reaction", {"reaction": "heart"})
    assert reacted.json()["theirs"]["reaction"] == "heart"
    assert robin.get(f"/questions/{today['id']}").json()["mine"]["reaction"] == "heart"
    replied = robin.post(f"/questions/{today['id']}/replies", {"text": "that made my day"})
    assert replied.status_code == 201
    assert [r["text"] for r in kai.get(f"/questions/{today['id']}").json()["replies"]] == [
        "that made my day"
    ]
    assert robin.get("/questions/stats").json()["days_both_answered_this_month"] == 1


def test_bad_answers_are_4xx_and_save_nothing(api, library, owner):
    client = api(owner)
    today = client.get("/questions/today").json()
    for body in (
        {"text": 5},
        {"scale": 9},
        {"choice": -1},
        {"text": "x" * 4001},
        {"text": "fine", "mood": "sneaky"},
    ):
        response = client.call("PUT", f"/questions/{today['id']}/answer", body)
        assert 400 <= response.status_code < 500, body
        assert response.json()["error"]["message"]
    assert not Answer.objects.exists()


def test_swap_over_the_api(api, library, owner):
    client = api(owner)
    before = client.get("/questions/today").json()
    swapped = client.post("/questions/today/swap")
    assert swapped.status_code == 200
    assert swapped.json()["swapped"] is True
    assert swapped.json()["prompt"]["id"] != before["prompt"]["id"]
    again = client.post("/questions/today/swap")
    assert again.status_code == 409


def test_history_filters_are_validated(api, library, owner):
    client = api(owner)
    assert client.get("/questions?practice=astrology").status_code == 400
    assert client.get("/questions?page=0").status_code == 422
    assert client.get("/questions?practice=trust").status_code == 200


def test_a_partner_cannot_share_or_see_someone_elses_solo_answer(api, library, owner, partner):
    solo = services.question_today(user=owner)
    services.answer_save(user=owner, question_id=solo.pk, text="solo thoughts", choice=0, scale=3)
    couples.couple_create(user=owner)
    couples.invitation_accept(user=partner, code=couples.invitation_create(user=owner).code)
    kai = api(partner)
    assert kai.get(f"/questions/{solo.pk}").status_code == 404
    assert kai.call("PUT", f"/questions/{solo.pk}/share", {"shared": True}).status_code == 404
    shared = api(owner).call("PUT", f"/questions/{solo.pk}/share", {"shared": True})
    assert shared.status_code == 200
    assert kai.get(f"/questions/{solo.pk}").json()["theirs"]["text"] == "solo thoughts"


def test_an_answer_through_the_api_costs_a_fixed_number_of_queries(
    api, library, owner, partner, couple, django_assert_num_queries
):
    """The answer is saved and the question read back in the space the save used (the
    space is not looked up twice). The counts include the savepoints the test's own
    transaction turns atomic blocks into. The first answer also records activity and
    tells the partner (closes the answerer's own turn, opens the partner's waiting item,
    reads it back for its notification, asks whether they have a device for push, and
    refreshes their pages); an edit only saves."""
    robin = api(owner)
    today = robin.get("/questions/today").json()
    body = body_for(today["prompt"], "first")
    with django_assert_num_queries(28):
        assert robin.call("PUT", f"/questions/{today['id']}/answer", body).status_code == 200
    body = body_for(today["prompt"], "an edit")
    with django_assert_num_queries(15):
        assert robin.call("PUT", f"/questions/{today['id']}/answer", body).status_code == 200

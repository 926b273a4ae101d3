"""The check-in one step at a time: each step a POST, kept as the person's own draft,
resumable, and never visible to anyone else (partner or outsider)."""

from closeknit import practices
from closeknit.checkins import drafts
from closeknit.checkins.models import Checkin, CheckinDraft

HX = {"HX-Request": "true"}


def step_data(number: int, rating: int = 5, **extra: str) -> dict[str, str]:
    step = drafts.steps_for(hidden=[])[number - 1]
    return {"step": str(number), **{i.id: str(rating) for i in step.statements}, **extra}


def test_steps_are_one_practice_each_then_the_picture():
    steps = drafts.steps_for(hidden=[])
    assert [s.key for s in steps][:2] == ["communication", "quality_time"]
    assert len(steps) == 9 and steps[-1].is_last and not steps[-1].statements
    assert all(len(s.statements) == 2 for s in steps[:-1])
    assert len(drafts.steps_for(hidden=["intimacy", "growth"])) == 7


def test_next_back_resume_and_finish_without_javascript(owner, couple, web):
    client = web(owner)
    first = client.get("/checkin/").content.decode()
    assert "1 of 9" in first and str(practices.get("communication").name) in first
    assert "About two minutes" not in first and "9 short steps, about 4 minutes" in first
    # Going on needs both statements of the step.
    refused = client.post("/checkin/step/", {"step": "1", "communication_1": "5"})
    assert refused.status_code == 400
    body = refused.content.decode()
    assert "Pick a number for each statement to go on." in body
    assert 'name="communication_1" value="5" checked' in body  # kept on screen
    assert body.count("Still open: pick a number.") == 1
    went = client.post("/checkin/step/", step_data(1, go="next"))
    assert went.status_code == 302 and went["Location"] == "/checkin/?step=2"
    second = client.get(went["Location"]).content.decode()
    assert "2 of 9" in second
    back = client.post("/checkin/step/", {"step": "2", "quality_time_1": "3", "go": "back"})
    assert back["Location"] == "/checkin/?step=1"
    assert CheckinDraft.objects.get(user=owner).answers["quality_time_1"] == 3
    # Leaving and coming back lands where the draft left off.
    client.post("/checkin/step/", step_data(1, go="next"))
    later = client.post("/checkin/step/", step_data(2, go="later"))
    assert later.status_code == 302 and later["Location"] == "/"
    resumed = client.get("/checkin/").content.decode()
    assert "2 of 9" in resumed and 'name="quality_time_2" value="5" checked' in resumed
    for number in range(2, 9):
        assert client.post("/checkin/step/", step_data(number)).status_code == 302
    assert not Checkin.objects.exists()
    missing_picture = client.post("/checkin/step/", {"step": "9", "note": "ours"})
    assert missing_picture.status_code == 400
    assert "Pick one of the seven closeness pictures." in missing_picture.content.decode()
    done = client.post("/checkin/step/", {"step": "9", "closeness": "6", "note": "ours"})
    assert done.status_code == 302 and done["Location"].startswith("/checkin/")
    saved = Checkin.objects.get(user=owner)
    assert saved.closeness == 6 and saved.note == "ours" and len(saved.answers) == 16
    assert not CheckinDraft.objects.filter(user=owner).exists()


def test_htmx_swaps_the_step_and_puts_it_in_the_address(owner, couple, web):
    client = web(owner)
    reply = client.post("/checkin/step/", step_data(1), headers=HX)
    assert reply.status_code == 200 and "<html" not in reply.content.decode()
    assert reply["HX-Push-Url"] == "/checkin/?step=2"
    assert 'id="checkin-step"' in reply.content.decode() and "2 of 9" in reply.content.decode()
    refused = client.post("/checkin/step/", {"step": "2"}, headers=HX)
    assert refused.status_code == 400 and 'role="alert"' in refused.content.decode()
    assert "HX-Push-Url" not in refused
    for number in range(2, 9):
        client.post("/checkin/step/", step_data(number), headers=HX)
    done = client.post("/checkin/step/", {"step": "9", "closeness": "3"}, headers=HX)
    assert done.status_code == 204 and done["HX-Redirect"].startswith("/checkin/")


def test_finishing_with_a_gap_opens_the_step_with_the_gap(owner, couple, web):
    client = web(owner)
    client.post("/checkin/step/", step_data(1))
    reply = client.post("/checkin/step/", {"step": "9", "closeness": "4"})
    assert reply.status_code == 400
    body = reply.content.decode()
    assert "Rate every statement" in body and "2 of 9" in body
    assert not Checkin.objects.exists()


def test_bad_step_input_is_a_4xx_with_words(owner, couple, web):
    client = web(owner)
    for data in (
        {"step": "1", "communication_1": "9", "communication_2": "4"},
        {"step": "1", "communication_1": "x", "communication_2": "4"},
        {"step": "9", "closeness": "12"},
    ):
        reply = client.post("/checkin/step/", data)
        assert reply.status_code == 400, data
        assert 'role="alert"' in reply.content.decode()
    assert client.post("/checkin/step/", {"step": "99"}).status_code in (302, 400)


def test_a_draft_is_never_seen_by_the_partner_or_an_outsider(
    owner, partner, couple, outsider, web, api
):
    client = web(owner)
    for number in range(1, 9):
        client.post("/checkin/step/", step_data(number, rating=2))
    later = {"step": "9", "closeness": "2", "note": "a private worry", "go": "later"}
    assert client.post("/checkin/step/", later).status_code == 302
    assert not Checkin.objects.exists()
    mine = api(owner).get("/checkin/draft")
    assert mine.status_code == 200 and mine.json()["note"] == "a private worry"
    assert mine.json()["answers"]["trust_1"] == 2
    for other in (partner, outsider):
        assert api(other).get("/checkin/draft").status_code == 404
        status = api(other).get("/checkin/status").json()
        assert status["partner_checked_in"] is False
        for url in ("/checkin/", "/", "/insights/"):
            page = web(other).get(url).content.decode()
            assert "a private worry" not in page, url
            assert 'value="2" checked' not in page, url
    assert api(owner).delete("/checkin/draft").status_code == 204
    assert api(owner).get("/checkin/draft").status_code == 404


def test_a_draft_from_another_space_is_let_go(owner, partner, couple, web):
    from closeknit.couples import services as couples

    web(owner).post("/checkin/step/", step_data(1))
    assert drafts.draft_for(user=owner) is not None
    couples.couple_leave(user=owner, entries_stay=True)
    assert drafts.draft_for(user=owner) is None
    assert not CheckinDraft.objects.filter(user=owner).exists()

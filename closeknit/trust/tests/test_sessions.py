"""Closeness sessions: questions answered in turn, over the API and the web pages."""

import pytest

from closeknit.activity.models import ActivityRecord
from closeknit.couples import services as couples
from closeknit.lib.errors import Conflict
from closeknit.trust import selectors, services
from closeknit.trust.models import ClosenessSession, Status, Turn
from closeknit.trust.questions import QUESTIONS, TOTAL

HX = {"HX-Request": "true"}


def code(response):
    return response.json()["error"]["code"]


def test_apart_both_answer_each_question_in_turn(api, owner, partner, checked):
    robin, kai = api(owner), api(partner)
    started = robin.post("/trust/sessions", {"mode": "apart"})
    assert started.status_code == 201
    sid = started.json()["id"]
    assert started.json()["turn"] == "mine" and started.json()["question"]["key"] == "s1-01"
    assert kai.get(f"/trust/sessions/{sid}").json()["turn"] == "partner"

    early = kai.post(f"/trust/sessions/{sid}/turns", {"position": 0, "text": "me first"})
    assert early.status_code == 409 and code(early) == "not_your_turn"
    assert not Turn.objects.exists()

    mine = robin.post(f"/trust/sessions/{sid}/turns", {"position": 0, "text": "robin's answer"})
    assert mine.status_code == 200
    assert mine.json()["my_current"]["text"] == "robin's answer"
    assert mine.json()["turn"] == "partner" and mine.json()["position"] == 0
    peek = kai.get(f"/trust/sessions/{sid}")
    assert peek.json()["turn"] == "mine" and peek.json()["my_current"] is None
    assert "robin's answer" not in peek.content.decode()
    again = robin.post(f"/trust/sessions/{sid}/turns", {"position": 0, "text": "second go"})
    assert again.status_code == 409 and code(again) == "not_your_turn"

    both = kai.post(f"/trust/sessions/{sid}/turns", {"position": 0, "text": "kai's answer"})
    body = both.json()
    assert body["position"] == 1 and body["question"]["key"] == "s1-02"
    assert body["done"][0]["mine"]["text"] == "kai's answer"
    assert body["done"][0]["theirs"]["text"] == "robin's answer"
    # Who goes first alternates: Kai opens question two.
    assert body["turn"] == "mine"
    assert code(robin.post(f"/trust/sessions/{sid}/turns", {"position": 1, "text": "x"})) == (
        "not_your_turn"
    )
    stale = kai.post(f"/trust/sessions/{sid}/turns", {"position": 0, "text": "late"})
    assert stale.status_code == 409 and code(stale) == "moved_on"

    passed = kai.post(f"/trust/sessions/{sid}/turns", {"position": 1, "text": "x", "skip": True})
    assert passed.json()["my_current"] == {
        "text": "",
        "passed": True,
        "at": passed.json()["my_current"]["at"],
    }
    assert robin.get(f"/trust/sessions/{sid}").json()["turn"] == "mine"
    kinds = set(ActivityRecord.objects.values_list("user_id", "kind"))
    assert kinds == {
        (owner.pk, "closeness_started"),
        (owner.pk, "closeness_session"),
        (partner.pk, "closeness_session"),
    }


def test_together_the_device_holder_takes_each_turn_out_loud(api, owner, partner, checked):
    robin = api(owner)
    sid = robin.post("/trust/sessions", {"mode": "together"}).json()["id"]
    typed = robin.post(f"/trust/sessions/{sid}/turns", {"position": 0, "text": "written"})
    assert typed.status_code == 400 and code(typed) == "say_it_aloud"
    first = robin.post(f"/trust/sessions/{sid}/turns", {"position": 0})
    assert first.json()["turn"] == "partner"
    second = robin.post(f"/trust/sessions/{sid}/turns", {"position": 0})
    assert second.json()["position"] == 1
    assert sorted(Turn.objects.values_list("user_id", flat=True)) == sorted([owner.pk, partner.pk])
    # A double tap on a stale screen does not answer the next question by accident.
    assert code(robin.post(f"/trust/sessions/{sid}/turns", {"position": 0})) == "moved_on"


def test_pause_resume_end_and_one_open_session_at_a_time(api, owner, partner, checked):
    robin, kai = api(owner), api(partner)
    sid = robin.post("/trust/sessions", {"mode": "apart"}).json()["id"]
    assert code(kai.post("/trust/sessions", {"mode": "apart"})) == "session_open"
    paused = kai.call("PUT", f"/trust/sessions/{sid}/paused", {"paused": True})
    assert paused.json()["status"] == "paused" and paused.json()["can_act"] is False
    refused = robin.post(f"/trust/sessions/{sid}/turns", {"position": 0, "text": "hi"})
    assert refused.status_code == 409 and code(refused) == "paused"
    robin.call("PUT", f"/trust/sessions/{sid}/paused", {"paused": False})
    assert (
        robin.post(f"/trust/sessions/{sid}/turns", {"position": 0, "text": "hi"}).status_code == 200
    )
    ended = kai.post(f"/trust/sessions/{sid}/end")
    assert ended.json()["status"] == "finished" and ended.json()["question"] is None
    assert code(robin.post(f"/trust/sessions/{sid}/turns", {"position": 0, "text": "x"})) == (
        "session_finished"
    )
    assert robin.post("/trust/sessions", {"mode": "together"}).status_code == 201
    assert [s["status"] for s in robin.get("/trust/sessions").json()] == ["active", "finished"]


def test_all_thirty_six_questions_finish_the_session(owner, partner, couple):
    session = services.session_start(user=owner, mode="apart")
    for position in range(TOTAL):
        order = (owner, partner) if position % 2 == 0 else (partner, owner)
        for person in order:
            services.session_turn(
                user=person, session_id=session.pk, position=position, text=f"{position}"
            )
    session.refresh_from_db()
    assert session.status == Status.FINISHED and session.position == TOTAL
    view = selectors.session_view(user=partner, session_id=session.pk)
    assert len(view.done) == TOTAL and view.question is None and not view.can_act
    assert [e.question.set_number for e in view.done[11:13]] == [1, 2]


def test_bad_input_is_4xx_and_writes_nothing(api, owner, partner, checked, make_person):
    robin = api(owner)
    assert robin.post("/trust/sessions", {"mode": "sideways"}).status_code == 422
    assert robin.post("/trust/sessions", {"mode": "apart", "extra": 1}).status_code == 422
    sid = robin.post("/trust/sessions", {"mode": "apart"}).json()["id"]
    for body in (
        {"position": 99, "text": "x"},
        {"position": 0, "text": "x" * 2001},
        {"position": 0, "text": "   "},
        {"position": 0},
        {"position": "first", "text": "x"},
        {"position": 0, "text": "x", "mood": "sneaky"},
    ):
        response = robin.post(f"/trust/sessions/{sid}/turns", body)
        assert 400 <= response.status_code < 500, body
        assert response.json()["error"]["message"]
    assert not Turn.objects.exists()
    assert ClosenessSession.objects.count() == 1
    loner = make_person("Lee")
    from closeknit.safety.models import SafetyCheck

    SafetyCheck.objects.create(user=loner, concern=False)
    alone = api(loner).post("/trust/sessions", {"mode": "apart"})
    assert alone.status_code == 409 and code(alone) == "no_partner"


def test_outsiders_and_strangers_get_404(api, web, owner, partner, checked, outsider):
    from closeknit.safety.models import SafetyCheck

    session = services.session_start(user=owner, mode="apart")
    services.session_turn(user=owner, session_id=session.pk, position=0, text="only ours")
    SafetyCheck.objects.create(user=outsider, concern=False)
    client = api(outsider)
    assert client.get(f"/trust/sessions/{session.pk}").status_code == 404
    turn = client.post(f"/trust/sessions/{session.pk}/turns", {"position": 0, "text": "x"})
    assert turn.status_code == 404
    assert client.get("/trust/sessions").json() == []
    page = web(outsider).get(f"/trust/sessions/{session.pk}/")
    assert page.status_code == 404 and "only ours" not in page.content.decode()
    posted = web(outsider).post(f"/trust/sessions/{session.pk}/turn/", {"position": "0"})
    assert posted.status_code == 404
    assert Turn.objects.count() == 1


def test_without_a_safety_check_the_tool_asks_for_one(api, web, owner, partner, couple):
    session = services.session_start(user=owner, mode="apart")
    for url in ("/trust/sessions/", f"/trust/sessions/{session.pk}/", "/trust/repair/"):
        response = web(owner).get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/safety/check/?next=")
    for path in ("/trust/sessions", f"/trust/sessions/{session.pk}", "/trust/repair"):
        response = api(owner).get(path)
        assert response.status_code == 409 and code(response) == "safety_check_needed"
    refused = api(owner).post("/trust/sessions", {"mode": "apart"})
    assert code(refused) == "safety_check_needed"
    # The index and the journal are not gated.
    assert web(owner).get("/trust/").status_code == 200
    assert web(owner).get("/trust/journal/").status_code == 200


@pytest.mark.parametrize("concerned", ["owner", "partner"])
def test_a_concern_from_either_partner_closes_the_tool_for_both(
    api, web, owner, partner, checked, concerned
):
    from closeknit.safety.models import SafetyCheck

    session = services.session_start(user=owner, mode="apart")
    SafetyCheck.objects.create(user=owner if concerned == "owner" else partner, concern=True)
    for person in (owner, partner):
        for url in ("/trust/sessions/", f"/trust/sessions/{session.pk}/", "/trust/repair/"):
            page = web(person).get(url)
            assert page.status_code == 403, url
            assert "isn't available right now" in page.content.decode()
        for path in ("/trust/sessions", f"/trust/sessions/{session.pk}", "/trust/repair"):
            response = api(person).get(path)
            assert response.status_code == 403 and code(response) == "tool_unavailable"
        blocked = api(person).post(
            f"/trust/sessions/{session.pk}/turns", {"position": 0, "text": "x"}
        )
        assert blocked.status_code == 403
    assert not Turn.objects.exists()


def test_web_flow_apart_with_polling_and_htmx(web, owner, partner, checked):
    robin, kai = web(owner), web(partner)
    assert robin.get("/trust/sessions/").status_code == 200
    started = robin.post("/trust/sessions/start/", {"mode": "apart"})
    session = ClosenessSession.objects.get()
    assert started["Location"] == f"/trust/sessions/{session.pk}/"
    page = robin.get(started["Location"]).content.decode()
    assert "Your turn." in page and str(QUESTIONS[0].text) in page

    out_of_turn = kai.post(
        f"/trust/sessions/{session.pk}/turn/", {"position": "0", "text": "hi"}, headers=HX
    )
    assert out_of_turn.status_code == 409
    assert "your partner&#x27;s turn" in out_of_turn.content.decode().lower()

    saved = robin.post(
        f"/trust/sessions/{session.pk}/turn/",
        {"position": "0", "text": "from robin", "skip": "0"},
        headers=HX,
    )
    body = saved.content.decode()
    assert saved.status_code == 200 and "<html" not in body
    assert "data-live" in body and "Kai's turn" in body
    assert "from robin" not in kai.get(f"/trust/sessions/{session.pk}/").content.decode()

    kai.post(f"/trust/sessions/{session.pk}/turn/", {"position": "0", "skip": "1"})
    poll = robin.get(f"/trust/sessions/{session.pk}/", headers=HX).content.decode()
    assert "Not ready for this one." in poll and "from robin" in poll
    assert str(QUESTIONS[1].text).replace("'", "&#x27;") in poll

    bad = kai.post(f"/trust/sessions/{session.pk}/turn/", {"position": "1", "text": ""}, headers=HX)
    assert bad.status_code == 400 and 'role="alert"' in bad.content.decode()
    kai.post(f"/trust/sessions/{session.pk}/pause/", {"paused": "1"})
    assert "Resume" in robin.get(f"/trust/sessions/{session.pk}/").content.decode()
    robin.post(f"/trust/sessions/{session.pk}/pause/", {"paused": "0"})
    end = f"/trust/sessions/{session.pk}/end/"
    assert robin.post(end, {"confirm": "yes"}).status_code == 302
    assert ClosenessSession.objects.get().status == Status.FINISHED


def test_a_bad_mode_on_the_web_is_explained(web, owner, partner, checked):
    client = web(owner)
    assert client.post("/trust/sessions/start/", {"mode": "sideways"}).status_code == 302
    assert "Choose together on one device" in client.get("/trust/sessions/").content.decode()
    assert not ClosenessSession.objects.exists()


@pytest.mark.parametrize("entries_stay", [True, False])
def test_leaving_ends_the_session_and_honours_the_leavers_choice(
    owner, partner, couple, entries_stay
):
    session = services.session_start(user=owner, mode="apart")
    services.session_turn(user=owner, session_id=session.pk, position=0, text="robin")
    services.session_turn(user=partner, session_id=session.pk, position=0, text="kai")
    couples.couple_leave(user=owner, entries_stay=entries_stay)
    session.refresh_from_db()
    assert session.status == Status.FINISHED
    kai_view = selectors.session_view(user=partner, session_id=session.pk)
    theirs = kai_view.done[0].theirs
    assert (theirs.text if theirs else None) == ("robin" if entries_stay else None)
    assert kai_view.done[0].mine.text == "kai"
    robin_view = selectors.session_view(user=owner, session_id=session.pk)
    assert robin_view.done[0].theirs is None  # the leaver sees nothing of the partner's
    assert robin_view.done[0].mine.text == "robin"
    with pytest.raises(Exception) as err:
        services.session_turn(user=partner, session_id=session.pk, position=1, text="x")
    assert getattr(err.value, "status", None) == 404


def test_starting_at_once_is_race_safe(owner, partner, couple):
    services.session_start(user=owner, mode="apart")
    with pytest.raises(Conflict):
        services.session_start(user=partner, mode="apart")
    assert ClosenessSession.objects.count() == 1


# the session with its person, safety check x2 (person and couple), couple, members, the session
# with both people, its turns, + the base template. The page's check for waiting items to
# close (the owner's turn waits for them in both cases: an even number of questions done)
# reads a list kept per view version once warm: no query. The same for 2 or 30 answers.
@pytest.mark.parametrize("answered", [2, 30])
def test_session_page_query_count_is_constant(
    web, owner, partner, checked, answered, django_assert_num_queries
):
    session = services.session_start(user=owner, mode="apart")
    for position in range(answered):
        order = (owner, partner) if position % 2 == 0 else (partner, owner)
        for person in order:
            services.session_turn(user=person, session_id=session.pk, position=position, text="a")
    client = web(owner)
    client.get(f"/trust/sessions/{session.pk}/")
    with django_assert_num_queries(QUERIES_SESSION):
        assert client.get(f"/trust/sessions/{session.pk}/").status_code == 200


QUERIES_SESSION = 9


@pytest.mark.parametrize("sessions", [1, 12])
def test_session_list_query_count_is_constant(
    web, owner, partner, checked, sessions, django_assert_num_queries
):
    for _ in range(sessions):
        s = services.session_start(user=owner, mode="together")
        services.session_end(user=owner, session_id=s.pk)
    client = web(owner)
    client.get("/trust/sessions/")
    with django_assert_num_queries(QUERIES_LIST):
        assert client.get("/trust/sessions/").status_code == 200


QUERIES_LIST = 11

"""Listening turns: the speak, reflect, confirm-or-clarify cycle, turn order, both modes,
the partner's live view, and who may see a session."""

import pytest
from django.db import connection

from closeknit.activity.models import ActivityRecord
from closeknit.conversations import selectors, services
from closeknit.conversations.models import ListeningSession, Turn
from closeknit.lib.errors import Conflict, NotFound

BASE = "/communication"


def kinds(session_id: int) -> list[tuple[str, str]]:
    return [
        (t.user.name, t.kind)
        for t in Turn.objects.filter(session_id=session_id).select_related("user")
    ]


def test_apart_the_full_cycle_and_turn_order_over_the_api(api, owner, partner, couple):
    robin, kai = api(owner), api(partner)
    started = robin.post(f"{BASE}/sessions", {"mode": "apart", "first_speaker": "me"})
    assert started.status_code == 201
    session = started.json()
    sid = session["id"]
    assert (session["step"], session["speaker"], session["your_move"]) == ("speak", "Robin", True)
    assert kai.get(f"{BASE}/sessions/{sid}").json()["your_move"] is False

    # Kai can't reflect before Robin has spoken: out of turn.
    early = kai.post(f"{BASE}/sessions/{sid}/reflection", {"text": "jumping in"})
    assert early.status_code == 409
    assert early.json()["error"]["code"] == "not_your_turn"
    said = robin.post(
        f"{BASE}/sessions/{sid}/statement",
        {"feeling": "lonely", "when": "we eat in silence", "need": "ten minutes of talk"},
    )
    assert said.status_code == 200
    assert said.json()["turns"][0]["sentence"] == (
        "I feel lonely when we eat in silence and I need ten minutes of talk."
    )
    assert said.json()["step"] == "reflect" and said.json()["your_move"] is False

    # Robin can't reflect their own words, nor confirm yet.
    for path, body in (("reflection", {"text": "me again"}), ("confirmation", {"heard": True})):
        response = robin.post(f"{BASE}/sessions/{sid}/{path}", body)
        assert response.status_code == 409, path
        assert response.json()["error"]["code"] == "not_your_turn"

    kai.post(f"{BASE}/sessions/{sid}/reflection", {"text": "You feel alone at dinner."})
    assert kai.post(f"{BASE}/sessions/{sid}/confirmation", {"heard": True}).status_code == 409
    clarified = robin.post(
        f"{BASE}/sessions/{sid}/confirmation",
        {"heard": False, "clarification": "Not alone: far from you."},
    )
    assert clarified.json()["step"] == "reflect"  # back to Kai to try again
    kai.post(f"{BASE}/sessions/{sid}/reflection", {"text": "You miss being close to me."})
    swapped = robin.post(f"{BASE}/sessions/{sid}/confirmation", {"heard": True}).json()
    assert (swapped["round"], swapped["step"], swapped["speaker"]) == (2, "speak", "Kai")
    assert swapped["your_move"] is False and swapped["i_am_speaking"] is False
    assert kai.get(f"{BASE}/sessions/{sid}").json()["your_move"] is True

    assert kinds(sid) == [
        ("Robin", "statement"),
        ("Kai", "reflection"),
        ("Robin", "clarify"),
        ("Kai", "reflection"),
        ("Robin", "confirmed"),
    ]
    texts = [t["text"] for t in kai.get(f"{BASE}/sessions/{sid}").json()["turns"]]
    assert "Not alone: far from you." in texts

    ended = kai.post(f"{BASE}/sessions/{sid}/end")
    assert ended.status_code == 200 and ended.json()["open"] is False
    after = kai.post(f"{BASE}/sessions/{sid}/statement", {"feeling": "too late"})
    assert after.status_code == 409 and after.json()["error"]["code"] == "ended"
    assert robin.post(f"{BASE}/sessions/{sid}/end").status_code == 409


def test_together_one_login_moves_for_both_and_words_belong_to_each(owner, partner, couple):
    session = services.session_start(user=owner, mode="together", first_speaker="partner")
    services.statement_add(user=owner, session_id=session.pk, text="Kai says this")
    services.reflection_add(user=owner, session_id=session.pk, text="Robin heard it")
    with pytest.raises(Conflict) as err:
        services.reflection_add(user=owner, session_id=session.pk, text="twice")
    assert err.value.code == "wrong_step"
    services.confirmation_add(user=owner, session_id=session.pk, heard=True)
    assert kinds(session.pk) == [
        ("Kai", "statement"),
        ("Robin", "reflection"),
        ("Kai", "confirmed"),
    ]
    session.refresh_from_db()
    assert (session.speaker_id, session.round) == (owner.pk, 2)
    view = selectors.session_view(user=owner, session_id=session.pk)
    assert view.my_move  # one shared device: always the device's move


def test_bad_input_is_a_clear_4xx_and_writes_nothing(api, owner, partner, couple):
    robin = api(owner)
    sid = robin.post(f"{BASE}/sessions", {"mode": "apart"}).json()["id"]
    for path, body in (
        ("statement", {}),
        ("statement", {"feeling": "   ", "text": ""}),
        ("statement", {"feeling": "x" * 301}),
        ("statement", {"text": "x" * 2001}),
        ("statement", {"feeling": "ok", "mood": "sneaky"}),
        ("statement", {"feeling": 5}),
    ):
        response = robin.post(f"{BASE}/sessions/{sid}/{path}", body)
        assert 400 <= response.status_code < 500, body
        assert response.json()["error"]["message"]
    robin.post(f"{BASE}/sessions/{sid}/statement", {"feeling": "fine"})
    kai = api(partner)
    assert kai.post(f"{BASE}/sessions/{sid}/reflection", {"text": " "}).status_code == 400
    kai.post(f"{BASE}/sessions/{sid}/reflection", {"text": "heard"})
    clarify = robin.post(f"{BASE}/sessions/{sid}/confirmation", {"heard": False})
    assert clarify.status_code == 400
    assert clarify.json()["error"]["code"] == "clarification_required"
    assert Turn.objects.count() == 2
    assert robin.post(f"{BASE}/sessions", {"mode": "telepathy"}).status_code == 400
    assert (
        robin.post(f"{BASE}/sessions", {"mode": "apart", "first_speaker": "x"}).status_code == 400
    )
    assert ListeningSession.objects.count() == 1


def test_sessions_need_a_partner(api, owner):
    response = api(owner).post(f"{BASE}/sessions", {"mode": "together"})
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "no_partner"
    assert not ListeningSession.objects.exists()


def test_outsiders_and_strangers_get_404_everywhere(
    api, web, owner, partner, couple, outsider, make_person
):
    session = services.session_start(user=owner, mode="apart")
    services.statement_add(user=owner, session_id=session.pk, feeling="secret feeling")
    for person in (outsider, make_person("Alone")):
        client, browser = api(person), web(person)
        assert client.get(f"{BASE}/sessions/{session.pk}").status_code == 404
        assert "secret" not in client.get(f"{BASE}/sessions").content.decode()
        for path, body in (
            ("reflection", {"text": "hi"}),
            ("confirmation", {"heard": True}),
            ("end", {}),
        ):
            assert client.post(f"{BASE}/sessions/{session.pk}/{path}", body).status_code == 404
        for page in ("", "turn/?v=1"):
            assert browser.get(f"/communication/listening/{session.pk}/{page}").status_code == 404
        for action in ("speak", "reflect", "confirm", "end"):
            response = browser.post(
                f"/communication/listening/{session.pk}/{action}/", {"text": "hi", "heard": "1"}
            )
            assert response.status_code == 404, action
    with pytest.raises(NotFound):
        services.session_end(user=outsider, session_id=session.pk)
    assert ListeningSession.objects.get(pk=session.pk).is_open


def test_apart_on_the_web_the_waiting_partner_polls_a_small_turn_partial(
    web, owner, partner, couple
):
    robin, kai = web(owner), web(partner)
    start = robin.post("/communication/listening/start/", {"mode": "apart", "first_speaker": "me"})
    session = ListeningSession.objects.get()
    assert (
        start.status_code == 302 and start["Location"] == f"/communication/listening/{session.pk}/"
    )

    page = kai.get(f"/communication/listening/{session.pk}/").content.decode()
    assert "data-live" in page  # Robin's turn arrives by itself
    assert "Waiting for Robin to speak." in page
    assert 'name="feeling"' not in page  # not Kai's move

    # Nothing changed: the poll answers 204 and htmx leaves the page alone.
    poll = kai.get(
        f"/communication/listening/{session.pk}/turn/?v=1", headers={"HX-Request": "true"}
    )
    assert poll.status_code == 204 and poll.content == b""
    # Opened without htmx, the same address shows whose turn it is.
    line = kai.get(f"/communication/listening/{session.pk}/turn/?v=1").content.decode()
    assert "Waiting for Robin to speak." in line and "<html" not in line

    said = robin.post(
        f"/communication/listening/{session.pk}/speak/",
        {"feeling": "hopeful", "situation": "we plan together", "need": "more of it"},
        headers={"HX-Request": "true"},
    )
    assert said.status_code == 200 and "<html" not in said.content.decode()
    assert "Robin is" not in said.content.decode()
    assert "Kai is putting what they heard into words." in said.content.decode()

    # Robin moved: Kai's poll now redraws the whole card, with the reflect form.
    poll = kai.get(
        f"/communication/listening/{session.pk}/turn/?v=1", headers={"HX-Request": "true"}
    )
    assert poll["HX-Retarget"] == f"#session-{session.pk}"
    body = poll.content.decode()
    assert "I feel hopeful when we plan together and I need more of it." in body
    assert 'name="text"' in body and "Your turn to say back what you heard." in body

    robin.post(f"/communication/listening/{session.pk}/end/", {"confirm": "yes"})
    version = ListeningSession.objects.get().version
    stopped = kai.get(
        f"/communication/listening/{session.pk}/turn/?v={version}", headers={"HX-Request": "true"}
    )
    assert stopped.status_code == 286  # htmx stops polling


def test_out_of_turn_on_the_web_is_409_and_keeps_what_was_typed(web, owner, partner, couple):
    session = services.session_start(user=owner, mode="apart")
    response = web(partner).post(
        f"/communication/listening/{session.pk}/speak/",
        {"feeling": "impatient", "situation": "I wait"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 409
    assert "your partner&#x27;s turn" in response.content.decode()
    assert not Turn.objects.exists()


def test_together_on_the_web_shows_the_timer_and_keeps_typed_words_on_error(
    web, owner, partner, couple
):
    client = web(owner)
    client.post("/communication/listening/start/", {"mode": "together", "first_speaker": "me"})
    session = ListeningSession.objects.get()
    page = client.get(f"/communication/listening/{session.pk}/").content.decode()
    assert "data-timer" in page and "conversations/conversations.js" in page
    assert "Robin, it's your turn to speak" in page
    assert "data-live" not in page  # one device: nothing to wait for

    bad = client.post(
        f"/communication/listening/{session.pk}/speak/",
        {"situation": "the dishes pile up", "need": "help"},
        headers={"HX-Request": "true"},
    )
    assert bad.status_code == 400
    assert 'role="alert"' in bad.content.decode()
    assert 'value="the dishes pile up"' in bad.content.decode()

    client.post(f"/communication/listening/{session.pk}/speak/", {"text": "I'm worn out."})
    reflect = client.get(f"/communication/listening/{session.pk}/").content.decode()
    assert "Kai, say back what you heard" in reflect
    client.post(f"/communication/listening/{session.pk}/reflect/", {"text": "You're tired."})
    confirm = client.get(f"/communication/listening/{session.pk}/").content.decode()
    assert "Robin, did that capture it?" in confirm
    done = client.post(f"/communication/listening/{session.pk}/confirm/", {"heard": "1"})
    assert done.status_code == 302
    swapped = client.get(f"/communication/listening/{session.pk}/").content.decode()
    assert "Kai, it's your turn to speak" in swapped and "Round 2" in swapped


def test_turns_are_encrypted_at_rest(owner, partner, couple):
    session = services.session_start(user=owner, mode="apart")
    services.statement_add(
        user=owner, session_id=session.pk, feeling="raw", situation="x", need="y", text="z"
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT feeling, situation, need, text FROM conversations_turn")
        row = cursor.fetchone()
    assert all(value.startswith("ck1:") for value in row)


def test_each_move_records_activity_without_content(owner, partner, couple):
    session = services.session_start(user=owner, mode="apart")
    services.statement_add(user=owner, session_id=session.pk, feeling="unheard words")
    services.reflection_add(user=partner, session_id=session.pk, text="heard words")
    records = list(ActivityRecord.objects.order_by("pk").values_list("user_id", "practice", "kind"))
    assert records == [
        (owner.pk, "communication", "listening_started"),
        (owner.pk, "communication", "listening_turn"),
        (partner.pk, "communication", "listening_turn"),
    ]


def test_compose_statement_reads_naturally_with_missing_parts():
    compose = services.compose_statement
    assert compose(feeling="calm", situation="", need="") == "I feel calm."
    assert compose(feeling="torn", situation="", need="time") == "I feel torn and I need time."
    assert compose(feeling="", situation="you call late", need="a hug") == (
        "When you call late, I need a hug."
    )
    assert compose(feeling="", situation="", need="rest!") == "I need rest!"
    assert compose(feeling="", situation="", need="") == ""

"""Export and leaving: the person's own words go with them; the leaver's choice decides
what stays in the partner's view of the ended space."""

import pytest

from closeknit.accounts.models import User
from closeknit.conversations import lifecycle, selectors, services
from closeknit.conversations.models import ListeningSession, Pause
from closeknit.couples import services as couples


@pytest.fixture
def history(owner: User, partner: User, couple):
    session = services.session_start(user=owner, mode="apart")
    services.statement_add(user=owner, session_id=session.pk, feeling="robin-said")
    services.reflection_add(user=partner, session_id=session.pk, text="kai-heard")
    guide = services.guide_start(user=owner)
    services.side_save(user=owner, guide_id=guide.pk, felt="robin-felt", saw="a", done=True)
    services.side_save(user=partner, guide_id=guide.pk, felt="kai-felt", saw="b", done=True)
    services.observer_save(user=owner, guide_id=guide.pk, text="robin-observed", shared=True)
    services.pause_set(user=partner, choice="1h")
    return session, guide


def test_export_holds_only_the_persons_own_words(owner, partner, history):
    data = lifecycle.export_user_data(user=owner)
    text = repr(data)
    assert "robin-said" in text and "robin-felt" in text and "robin-observed" in text
    assert "kai-heard" not in text and "kai-felt" not in text
    assert data["listening_turns"][0]["feeling"] == "robin-said"
    assert "kai-heard" in repr(lifecycle.export_user_data(user=partner))


def texts_of_session(user, session) -> list[str]:
    view = selectors.session_view(user=user, session_id=session.pk)
    return [t.turn.feeling or t.turn.text for r in view.rounds for t in r.turns]


def test_taking_entries_removes_them_from_the_partners_view(owner, partner, history):
    session, guide = history
    couples.couple_leave(user=owner, entries_stay=False)
    assert texts_of_session(partner, session) == ["kai-heard"]
    view = selectors.guide_view(user=partner, guide_id=guide.pk)
    assert view.mine.felt == "kai-felt" and view.theirs is None and view.their_note is None
    # The leaver keeps their own words and no longer sees the partner's.
    assert texts_of_session(owner, session) == ["robin-said"]
    mine = selectors.guide_view(user=owner, guide_id=guide.pk)
    assert mine.mine.felt == "robin-felt" and mine.theirs is None
    assert mine.my_note.text == "robin-observed"


def test_leaving_entries_keeps_them_for_the_partner(owner, partner, history):
    session, guide = history
    couples.couple_leave(user=owner, entries_stay=True)
    assert texts_of_session(partner, session) == ["robin-said", "kai-heard"]
    view = selectors.guide_view(user=partner, guide_id=guide.pk)
    assert view.theirs.felt == "robin-felt" and view.their_note.text == "robin-observed"


def test_leaving_ends_open_sessions_and_the_pause_and_nothing_more_can_be_written(
    api, owner, partner, history
):
    session, guide = history
    couples.couple_leave(user=partner, entries_stay=True)
    assert not ListeningSession.objects.get(pk=session.pk).is_open
    assert not Pause.objects.exists()
    kai = api(partner)
    assert kai.get(f"/communication/sessions/{session.pk}").json()["open"] is False
    moved = kai.post(f"/communication/sessions/{session.pk}/end")
    assert moved.status_code == 404  # no longer in that space
    assert selectors.guide_view(user=partner, guide_id=guide.pk).can_write is False


def test_the_partner_of_an_ended_space_still_reads_it_on_the_web(web, owner, partner, history):
    session, _guide = history
    couples.couple_leave(user=owner, entries_stay=False)
    page = web(partner).get(f"/communication/listening/{session.pk}/").content.decode()
    assert "kai-heard" in page and "robin-said" not in page
    assert "This session has ended." in page

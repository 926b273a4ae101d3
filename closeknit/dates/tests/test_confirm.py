"""Ending or calling something off asks first (closeknit/lib/confirm.py): the first POST
without `confirm=yes` only asks; saying no changes nothing; outsiders learn nothing."""

from typing import Any

from closeknit.conversations.models import ListeningSession
from closeknit.conversations.services import listening
from closeknit.dates.models import PlannedDate
from closeknit.dates.tests.conftest import plan
from closeknit.safety.models import SafetyCheck
from closeknit.trust import services as trust_services
from closeknit.trust.models import ClosenessSession, Status


def test_calling_off_a_date_asks_first_and_only_a_yes_does_it(web, owner, partner, couple):
    planned = plan(owner, title="Picnic by the river")
    client = web(owner)
    url = f"/quality-time/dates/{planned.pk}/cancel/"
    asked = client.post(url)
    assert asked.status_code == 200
    page = asked.content.decode()
    assert "Call off this date?" in page
    assert 'name="confirm" value="yes"' in page
    assert f'href="/quality-time/dates/{planned.pk}/"' in page  # the way back
    assert not PlannedDate.objects.get(pk=planned.pk).withdrawn
    assert "Picnic by the river" in web(partner).get("/quality-time/dates/").content.decode()

    done = client.post(url, {"confirm": "yes"})
    assert done.status_code == 302
    assert "Picnic by the river" not in web(partner).get("/quality-time/dates/").content.decode()


def test_the_date_page_asks_in_a_dialog_and_not_with_a_red_button(web, owner, couple):
    planned = plan(owner)
    page = web(owner).get(f"/quality-time/dates/{planned.pk}/").content.decode()
    assert 'data-confirm="Call off this date?"' in page
    assert "closeknit/confirm.js" in page
    assert "button small danger" not in page


def test_an_outsider_is_not_asked_anything(web, owner, couple, outsider):
    planned = plan(owner)
    response = web(outsider).post(f"/quality-time/dates/{planned.pk}/cancel/")
    assert response.status_code == 404
    assert "Call off" not in response.content.decode()


def test_stopping_a_listening_session_asks_first(web, owner, partner, couple):
    session = listening.session_start(user=owner, mode="apart")
    url = f"/communication/listening/{session.pk}/end/"
    client = web(partner)
    asked = client.post(url)
    assert asked.status_code == 200 and "Stop this listening session?" in asked.content.decode()
    assert ListeningSession.objects.get().ended_at is None
    # An htmx form whose dialog never ran gets the question in place of the page.
    inline = client.post(url, headers={"HX-Request": "true"})
    assert inline["HX-Retarget"] == "#main" and "<html" not in inline.content.decode()
    assert ListeningSession.objects.get().ended_at is None
    client.post(url, {"confirm": "yes"})
    assert ListeningSession.objects.get().ended_at is not None
    assert web(None).post(url).status_code == 302  # signed out: to the login page
    page = client.get(f"/communication/listening/{session.pk}/").content.decode()
    assert "Stop this listening session?" not in page  # ended: nothing left to stop


def test_the_stop_button_comes_after_the_turns(web, owner, partner, couple):
    session = listening.session_start(user=owner, mode="together")
    page = web(owner).get(f"/communication/listening/{session.pk}/").content.decode()
    assert page.index("Help me phrase it") < page.index("Stop here for now")


def test_stopping_a_closeness_session_asks_first(web, owner, partner, couple, outsider: Any):
    for person in (owner, partner, outsider):
        SafetyCheck.objects.create(user=person, concern=False)
    session = trust_services.session_start(user=owner, mode="together")
    url = f"/trust/sessions/{session.pk}/end/"
    assert web(outsider).post(url).status_code == 404
    asked = web(owner).post(url)
    assert asked.status_code == 200 and "Stop this session here?" in asked.content.decode()
    assert ClosenessSession.objects.get().status != Status.FINISHED
    web(owner).post(url, {"confirm": "yes"})
    assert ClosenessSession.objects.get().status == Status.FINISHED


def test_deleting_pages_ask_in_a_dialog(web, owner, partner, couple):
    from closeknit.goals import services as goals
    from closeknit.trust import services as trust

    for person in (owner, partner):
        SafetyCheck.objects.create(user=person, concern=False)
    goal = goals.goal_create(user=owner, title="Learn to sail", kind="shared")
    entry = trust.entry_create(user=owner, text="a private thought")
    client = web(owner)
    pages = {
        f"/goals/{goal.pk}/": "Delete this goal and its steps?",
        f"/trust/journal/{entry.pk}/": "Delete this entry?",
        "/intimacy/list/": "Clear your whole list?",
    }
    for path, question in pages.items():
        page = client.get(path, follow=True).content.decode()
        assert f'data-confirm="{question}"' in page, path
        assert "closeknit/confirm.js" in page, path

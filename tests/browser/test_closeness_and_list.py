"""Two partners in two browsers: a closeness session answered in turn (apart), and the
yes / maybe / no list, whose matches show only what both said yes to."""

from playwright.sync_api import expect

from closeknit.intimacy import selectors as intimacy
from closeknit.intimacy.library import LIST_ITEMS
from closeknit.intimacy.models import ListItem
from closeknit.safety.models import SafetyCheck
from closeknit.trust.models import ClosenessSession, Mode, Status, Turn
from closeknit.trust.questions import QUESTIONS
from conftest import pair_up
from tests.browser.conftest import LIVE_WAIT, PHONE, quick_live

PASSWORD = "a-long-enough-pass-phrase"
POLL_WAIT = LIVE_WAIT  # ms: the waiting partner's card updates by itself (app.js)


def log_in(page, base: str, email: str) -> None:
    page.goto(base + "/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("heading", name="Hello", exact=False).wait_for()


def test_closeness_session_in_turns(live_server, chromium, shoot, make_person):
    robin, kai = make_person("Robin"), make_person("Kai")
    pair_up(robin, kai)
    # Closeness sessions are gated: each person takes the private check first.
    SafetyCheck.objects.create(user=robin, concern=False)
    SafetyCheck.objects.create(user=kai, concern=False)
    base = live_server.url
    robin_ctx = quick_live(chromium.new_context(viewport=PHONE))
    kai_ctx = quick_live(chromium.new_context(viewport=PHONE))
    robin_page, kai_page = robin_ctx.new_page(), kai_ctx.new_page()
    log_in(robin_page, base, robin.email)
    log_in(kai_page, base, kai.email)
    first, second = str(QUESTIONS[0].text), str(QUESTIONS[1].text)
    robin_answer = "Your voice message singing the wrong lyrics on purpose."
    kai_answer = "The neighbour's cat asleep in our flower box."

    robin_page.goto(base + "/trust/sessions/")
    robin_page.get_by_label("Apart, each on our own device").check()
    robin_page.get_by_role("button", name="Start", exact=True).click()
    robin_page.get_by_role("heading", name=first).wait_for()
    expect(robin_page.locator(".turn-status")).to_have_text("Your turn.")
    assert "/safety/check/" not in robin_page.url
    session = ClosenessSession.objects.get()
    assert (session.mode, session.first, session.second) == (Mode.APART, robin, kai)
    shoot(robin_page, "phone-50-closeness-first-question")

    kai_page.goto(base + "/trust/sessions/")
    kai_page.get_by_role("link", name="Carry on").click()
    kai_page.get_by_role("heading", name=first).wait_for()
    expect(kai_page.locator(".turn-status")).to_have_text(
        "Robin's turn. This page updates when it's yours."
    )
    expect(kai_page.get_by_label("Your answer")).to_have_count(0)

    # Robin answers first; the answer stays Robin's until Kai has answered too.
    robin_page.get_by_label("Your answer").fill(robin_answer)
    robin_page.get_by_role("button", name="Share my answer").click()
    expect(robin_page.locator(".turn-status")).to_have_text(
        "Kai's turn. This page updates when it's yours."
    )
    expect(robin_page.locator(".session-card")).to_contain_text(f"You: {robin_answer}")
    shoot(robin_page, "phone-51-closeness-waiting")

    expect(kai_page.locator(".turn-status")).to_have_text("Your turn.", timeout=POLL_WAIT)
    expect(kai_page.get_by_role("heading", name=first)).to_be_visible()
    assert robin_answer not in kai_page.content()
    shoot(kai_page, "phone-52-closeness-partner-turn")
    kai_page.get_by_label("Your answer").fill(kai_answer)
    kai_page.get_by_role("button", name="Share my answer").click()

    # Both answered: the session moves on to the second question, which Kai opens.
    kai_page.get_by_role("heading", name=second).wait_for()
    expect(kai_page.locator(".turn-status")).to_have_text("Your turn.")
    expect(kai_page.locator(".question-meta")).to_contain_text("Question 2 of 12")
    shared = kai_page.get_by_role("region", name="What you have shared")
    expect(shared).to_contain_text(first)
    expect(shared).to_contain_text(f"You: {kai_answer}")
    expect(shared).to_contain_text(f"Robin: {robin_answer}")
    shoot(kai_page, "phone-53-closeness-second-question")

    robin_page.get_by_role("heading", name=second).wait_for(timeout=POLL_WAIT)
    expect(robin_page.locator(".turn-status")).to_have_text(
        "Kai's turn. This page updates when it's yours."
    )
    expect(robin_page.locator(".question-meta")).to_contain_text("Question 2 of 12")
    shared = robin_page.get_by_role("region", name="What you have shared")
    expect(shared).to_contain_text(f"You: {robin_answer}")
    expect(shared).to_contain_text(f"Kai: {kai_answer}")
    shoot(robin_page, "phone-54-closeness-second-question-partner")

    session.refresh_from_db()
    assert session.position == 1
    assert session.status == Status.ACTIVE
    turns = Turn.objects.filter(session=session).order_by("pk")
    assert [(t.user_id, t.position, t.text) for t in turns] == [
        (robin.pk, 0, robin_answer),
        (kai.pk, 0, kai_answer),
    ]
    robin_ctx.close()
    kai_ctx.close()


# Item -> (Robin's answer, Kai's answer). Only a yes from both is a match.
ANSWERS = {
    "tender-001": ("yes", "yes"),
    "tender-002": ("yes", "yes"),
    "tender-003": ("yes", "no"),
    "tender-004": ("maybe", "yes"),
    "tender-005": ("no", "yes"),
    "tender-006": ("yes", None),  # Kai leaves it blank
}
MATCHES = ["tender-001", "tender-002"]


def answer_list(page, base: str, side: int) -> None:
    for item_id, answers in ANSWERS.items():
        answer = answers[side]
        if answer is None:
            continue
        page.goto(f"{base}/intimacy/list/?item={item_id}")
        card = page.locator("#list-card")
        card.get_by_role("button", name=answer.capitalize(), exact=True).click()
        # htmx saves and swaps in the next card; wait for it before the next one.
        expect(card).not_to_have_attribute("data-item", item_id)
        expect(page.locator("#card-announce")).to_contain_text("Saved")


def my_answer(page, base: str, item_id: str) -> str:
    page.goto(f"{base}/intimacy/list/?item={item_id}")
    return page.locator("#list-card .card-mine").inner_text()


def test_list_matches_only_mutual_yes(live_server, chromium, shoot, make_person):
    LIST_ITEMS.load()
    robin, kai = make_person("Robin"), make_person("Kai")
    pair_up(robin, kai)
    base = live_server.url
    robin_ctx = quick_live(chromium.new_context(viewport=PHONE))
    kai_ctx = quick_live(chromium.new_context(viewport=PHONE))
    robin_page, kai_page = robin_ctx.new_page(), kai_ctx.new_page()
    log_in(robin_page, base, robin.email)
    log_in(kai_page, base, kai.email)
    text = {item.id: item.text for item in ListItem.objects.filter(pk__in=ANSWERS)}

    answer_list(robin_page, base, side=0)
    shoot(robin_page, "phone-60-list-answered")
    # Nothing matches while Kai hasn't answered.
    robin_page.get_by_role("link", name="What we both enjoy").click()
    robin_page.get_by_text("Nothing here yet.", exact=False).wait_for()
    expect(robin_page.locator(".match-list li")).to_have_count(0)

    answer_list(kai_page, base, side=1)
    # Kai's list shows Kai's own answers only, never a hint of Robin's.
    assert my_answer(kai_page, base, "tender-006") == "Not answered yet"
    assert my_answer(kai_page, base, "tender-003") == "Your answer: No"

    for page, name in ((kai_page, "kai"), (robin_page, "robin")):
        page.goto(base + "/intimacy/matches/")
        page.get_by_text("Things you both said yes to.", exact=False).wait_for()
        expect(page.locator(".match-list li")).to_have_text([text[i] for i in MATCHES])
        for item_id in ANSWERS.keys() - set(MATCHES):
            expect(page.get_by_text(text[item_id])).to_have_count(0)
        shoot(page, f"phone-6{1 if name == 'kai' else 2}-list-matches-{name}")

    for person in (robin, kai):
        assert [item.id for item in intimacy.matches(user=person).items] == MATCHES
    robin_ctx.close()
    kai_ctx.close()

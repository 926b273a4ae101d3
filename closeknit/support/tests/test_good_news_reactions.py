"""Answering good news in one tap: the partner reacts, the author sees it and is told;
outsiders and the author themselves cannot react; it leaves with whoever takes their
entries, goes with a deleted account, and is in both exports."""

import pytest

from closeknit.accounts.services import account_delete
from closeknit.couples import services as couples
from closeknit.nudges.models import Notification, WaitingItem
from closeknit.support import services
from closeknit.support.lifecycle import export_user_data
from closeknit.support.models import GoodNews, GoodNewsReaction

HTMX = {"HX-Request": "true"}


@pytest.fixture
def news(owner, partner, couple) -> GoodNews:
    return services.good_news_share(user=owner, text="We got the flat!")


def open_reactions(user) -> list[tuple[str, int]]:
    return list(
        WaitingItem.objects.filter(user=user, kind="reaction", closed_at=None).values_list(
            "ref", "count"
        )
    )


def test_the_partner_reacts_on_the_web_and_the_author_is_told_once(
    web, news, owner, partner, outsider
):
    kai, robin = web(partner), web(owner)
    url = f"/support/good-news/{news.pk}/"
    assert "So happy for you" in kai.get(url).content.decode()
    assert "So happy for you" not in robin.get(url).content.decode()  # not on your own
    reacted = kai.post(f"{url}react/", {"kind": "cheer"}, headers=HTMX)
    assert reacted.status_code == 200 and 'aria-pressed="true"' in reacted.content.decode()
    assert "<html" not in reacted.content.decode()
    assert open_reactions(owner) == [(f"good_news:{news.pk}", 1)]
    assert Notification.objects.filter(user=owner, event="replies").count() == 1
    assert open_reactions(partner) == [] and open_reactions(outsider) == []
    # The same again is no news; a change counts on the same item.
    kai.post(f"{url}react/", {"kind": "cheer"}, headers=HTMX)
    assert open_reactions(owner) == [(f"good_news:{news.pk}", 1)]
    assert kai.post(f"{url}react/", {"kind": "proud"}).status_code == 302
    assert open_reactions(owner) == [(f"good_news:{news.pk}", 2)]
    assert Notification.objects.filter(user=owner).count() == 1
    page = robin.get(url).content.decode()
    assert "Your partner reacted:" in page and "Proud of you" in page
    assert open_reactions(owner) == []  # seen on its page
    kai.post(f"{url}react/", {"kind": ""})  # the chosen button sends nothing: take it back
    assert not GoodNewsReaction.objects.exists()
    assert open_reactions(owner) == []


def test_reacting_over_the_api(api, news, owner, partner):
    kai = api(partner)
    path = f"/support/good-news/{news.pk}/reaction"
    body = kai.call("PUT", path, {"kind": "wow"}).json()
    assert body["reaction"] == {"from_me": True, "kind": "wow", "symbol": "😮", "label": "Wow"}
    assert body["can_react"] is True
    theirs = api(owner).get(f"/support/good-news/{news.pk}").json()
    assert theirs["can_react"] is False and theirs["reaction"]["from_me"] is False
    assert "cheer" in [r["key"] for r in kai.get("/support/guide").json()["good_news_reactions"]]
    assert kai.call("PUT", path, {"kind": None}).json()["reaction"] is None


def test_bad_reactions_and_the_wrong_people_are_refused(web, api, news, owner, partner, outsider):
    path = f"/support/good-news/{news.pk}/reaction"
    for bad in ({"kind": "grumpy"}, {"kind": "x" * 11}, {}):
        response = api(partner).call("PUT", path, bad)
        assert 400 <= response.status_code < 500, bad
        assert response.json()["error"]["message"]
    web_bad = web(partner).post(
        f"/support/good-news/{news.pk}/react/", {"kind": "grumpy"}, headers=HTMX
    )
    assert web_bad.status_code == 400 and "Unknown reaction" in web_bad.content.decode()
    own = api(owner).call("PUT", path, {"kind": "cheer"})
    assert own.status_code == 409 and own.json()["error"]["code"] == "own_news"
    for response in (
        api(outsider).call("PUT", path, {"kind": "cheer"}),
        web(outsider).post(f"/support/good-news/{news.pk}/react/", {"kind": "cheer"}),
    ):
        assert response.status_code == 404
        assert "flat" not in response.content.decode()
    assert not GoodNewsReaction.objects.exists()
    assert not WaitingItem.objects.filter(kind="reaction").exists()


def test_a_reaction_is_in_both_exports(news, owner, partner):
    services.good_news_react(user=partner, good_news_id=news.pk, kind="hug")
    assert export_user_data(user=owner)["good_news_shared"][0]["reactions"] == ["hug"]
    assert [r["reaction"] for r in export_user_data(user=partner)["good_news_reactions_given"]] == [
        "hug"
    ]


def test_a_reaction_leaves_with_the_partner_who_takes_their_entries(api, news, owner, partner):
    services.good_news_react(user=partner, good_news_id=news.pk, kind="hug")
    couples.couple_leave(user=partner, entries_stay=False)
    assert api(owner).get(f"/support/good-news/{news.pk}").json()["reaction"] is None
    assert export_user_data(user=owner)["good_news_shared"][0]["reactions"] == []
    assert not WaitingItem.objects.exists()


def test_a_reaction_stays_when_left_in_place_but_cannot_change(api, news, owner, partner):
    services.good_news_react(user=partner, good_news_id=news.pk, kind="hug")
    couples.couple_leave(user=partner, entries_stay=True)
    assert api(owner).get(f"/support/good-news/{news.pk}").json()["reaction"]["kind"] == "hug"
    late = api(partner).call("PUT", f"/support/good-news/{news.pk}/reaction", {"kind": "wow"})
    assert late.status_code == 404


def test_deleting_an_account_deletes_its_reactions(news, partner):
    services.good_news_react(user=partner, good_news_id=news.pk, kind="hug")
    account_delete(user=partner)
    assert not GoodNewsReaction.objects.exists()

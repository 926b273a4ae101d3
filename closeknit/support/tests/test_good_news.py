"""Sharing good news, and help for answering it with enthusiasm and questions."""

from closeknit.activity.models import ActivityRecord
from closeknit.support import services
from closeknit.support.models import GoodNews, GoodNewsReply


def test_sharing_and_answering_good_news_on_the_web(web, owner, partner, couple):
    robin, kai = web(owner), web(partner)
    shared = robin.post("/support/good-news/", {"text": "My proposal was accepted!"})
    assert shared.status_code == 302
    news = GoodNews.objects.get()
    assert shared["Location"] == f"/support/good-news/{news.pk}/"

    index = kai.get("/support/").content.decode()
    assert "Robin has good news" in index and "Celebrate with them" in index
    detail = kai.get(f"/support/good-news/{news.pk}/").content.decode()
    assert "Answering it well" in detail and 'data-fill="#reply-text"' in detail
    assert "How did you find out?" in detail

    replied = kai.post(
        f"/support/good-news/{news.pk}/reply/",
        {"text": "That's brilliant! What did they say?"},
        headers={"HX-Request": "true"},
    )
    body = replied.content.decode()
    assert replied.status_code == 200 and 'id="good-news-thread"' in body
    assert "What did they say?" in body and "Answering it well" not in body
    assert "What did they say?" in robin.get(f"/support/good-news/{news.pk}/").content.decode()
    assert "Kai replied to your good news" in robin.get("/support/").content.decode()
    assert ActivityRecord.objects.filter(kind="good_news_shared").count() == 1
    assert ActivityRecord.objects.filter(kind="good_news_replied").count() == 1


def test_good_news_over_the_api(api, owner, partner, couple):
    robin, kai = api(owner), api(partner)
    created = robin.post("/support/good-news", {"text": "First tomato of the summer"})
    assert created.status_code == 201 and created.json()["from_me"]
    news_id = created.json()["id"]
    guide = kai.get("/support/guide").json()
    assert len(guide["good_news_examples"]) >= 5 and guide["good_news_help"]
    assert kai.get("/support").json()["good_news"][0]["id"] == news_id
    reply = kai.post(f"/support/good-news/{news_id}/replies", {"text": "Show me!"})
    assert reply.status_code == 201
    seen = robin.get(f"/support/good-news/{news_id}").json()
    assert [(r["text"], r["from_me"]) for r in seen["replies"]] == [("Show me!", False)]
    assert robin.get("/support/good-news").json()["items"][0]["replies"][0]["text"] == "Show me!"


def test_bad_good_news_and_replies_are_refused(web, api, owner, partner, couple):
    response = web(owner).post("/support/good-news/", {"text": "   "})
    assert response.status_code == 400 and 'role="alert"' in response.content.decode()
    for bad in ({"text": ""}, {"text": "x" * 1001}, {}, {"text": "yay", "mood": 5}):
        assert 400 <= api(owner).post("/support/good-news", bad).status_code < 500, bad
    assert not GoodNews.objects.exists()
    news = services.good_news_share(user=owner, text="news")
    for bad in ({"text": ""}, {"text": "x" * 501}, {}):
        assert (
            400 <= api(partner).post(f"/support/good-news/{news.pk}/replies", bad).status_code < 500
        )
    htmx = web(partner).post(
        f"/support/good-news/{news.pk}/reply/", {"text": " "}, headers={"HX-Request": "true"}
    )
    assert htmx.status_code == 400 and "Write something" in htmx.content.decode()
    assert not GoodNewsReply.objects.exists()


def test_alone_good_news_waits_for_a_partner(web, api, owner):
    assert "opens once they join" in web(owner).get("/support/good-news/").content.decode()
    refused = api(owner).post("/support/good-news", {"text": "hello"})
    assert refused.status_code == 409 and refused.json()["error"]["code"] == "no_partner"


def test_outsiders_get_404_on_good_news(web, api, owner, partner, couple, outsider):
    news = services.good_news_share(user=owner, text="only for Kai")
    client = web(outsider)
    assert client.get(f"/support/good-news/{news.pk}/").status_code == 404
    assert client.post(f"/support/good-news/{news.pk}/reply/", {"text": "hi"}).status_code == 404
    assert "only for Kai" not in client.get("/support/good-news/").content.decode()
    assert api(outsider).get("/support/good-news").json()["items"] == []

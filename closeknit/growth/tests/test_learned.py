from datetime import timedelta

from django.utils import timezone

from closeknit.goals.services import local_today
from closeknit.goals.spaces import space_for
from closeknit.goals.tests.queries import CEILING, queries_for
from closeknit.growth import services
from closeknit.growth.models import LearnedEntry

HTMX = {"HX-Request": "true"}


def test_both_add_and_both_see_the_log(api, owner, partner, couple, outsider):
    robin, kai = api(owner), api(partner)
    made = robin.post(
        "/growth/learned", {"title": "Pottery taster", "kind": "tried", "note": "wobbly bowls"}
    )
    today = local_today(space_for(owner))
    assert made.status_code == 201 and made.json()["on"] == today.isoformat()
    last_week = (timezone.localdate() - timedelta(days=7)).isoformat()
    kai.post("/growth/learned", {"title": "How tides work", "kind": "learned", "on": last_week})
    titles = [e["title"] for e in robin.get("/growth/learned").json()["items"]]
    assert titles == ["Pottery taster", "How tides work"]
    entry = made.json()
    assert kai.patch(f"/growth/learned/{entry['id']}", {"title": "mine"}).status_code == 403
    assert kai.delete(f"/growth/learned/{entry['id']}").status_code == 403
    assert api(outsider).get(f"/growth/learned/{entry['id']}").status_code == 404
    assert "Pottery" not in api(outsider).get("/growth/learned").content.decode()
    changed = robin.patch(f"/growth/learned/{entry['id']}", {"note": "lovely bowls"}).json()
    assert (changed["title"], changed["note"]) == ("Pottery taster", "lovely bowls")
    assert robin.delete(f"/growth/learned/{entry['id']}").status_code == 204
    assert LearnedEntry.objects.count() == 1


def test_bad_log_entries_are_refused(api, owner):
    client = api(owner)
    tomorrow = (timezone.localdate() + timedelta(days=2)).isoformat()
    for body in (
        {"title": ""},
        {"title": "x" * 201},
        {"title": "ok", "kind": "watched"},
        {"title": "ok", "on": tomorrow},
        {"title": "ok", "on": "last tuesday"},
        {"title": "ok", "rating": 5},
    ):
        assert client.post("/growth/learned", body).status_code in (400, 422), body
    assert not LearnedEntry.objects.exists()


def test_log_page_with_htmx(web, owner, partner, couple):
    client = web(owner)
    added = client.post(
        "/growth/learned/add/", {"title": "Bread", "kind": "tried", "on": ""}, headers=HTMX
    )
    assert added.status_code == 200 and 'id="learned-log"' in added.content.decode()
    assert "Bread" in web(partner).get("/growth/learned/").content.decode()
    bad = client.post("/growth/learned/add/", {"title": "", "note": "remember me"}, headers=HTMX)
    assert bad.status_code == 400 and "remember me" in bad.content.decode()
    entry = LearnedEntry.objects.get()
    assert web(partner).post(f"/growth/learned/{entry.pk}/delete/").status_code == 403
    client.post(f"/growth/learned/{entry.pk}/edit/", {"title": "Sourdough", "kind": "learned"})
    entry.refresh_from_db()
    assert (entry.title, entry.kind) == ("Sourdough", "learned")


def test_log_page_query_count_does_not_grow(web, owner, partner, couple):
    client = web(owner)
    services.learned_add(user=partner, title="first")
    few = queries_for(client, "/growth/learned/")
    for n in range(40):
        services.learned_add(user=owner if n % 2 else partner, title=f"thing {n}")
    assert queries_for(client, "/growth/learned/") == few <= CEILING

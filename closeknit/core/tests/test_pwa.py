import json

from django.contrib.staticfiles import finders
from django.test import Client


def test_the_manifest_makes_an_installable_app(db):
    response = Client().get("/manifest.webmanifest")
    assert response["Content-Type"] == "application/manifest+json"
    data = json.loads(response.content)
    assert data["name"] == "Closeknit" and data["display"] == "standalone"
    sizes = {i["sizes"] for i in data["icons"] if i.get("purpose") != "maskable"}
    assert {"192x192", "512x512"} <= sizes
    for icon in data["icons"]:
        assert finders.find(icon["src"].removeprefix("/static/")), icon["src"]


def test_a_plain_name_reaches_the_installed_app(web, owner):
    owner.neutral_name = True
    owner.save()
    data = json.loads(web(owner).get("/manifest.webmanifest").content)
    assert data["name"] == "Notes" and data["description"] == ""


def test_the_service_worker_caches_static_files_and_never_pages(db):
    response = Client().get("/sw.js")
    assert response["Content-Type"] == "application/javascript"
    assert response["Service-Worker-Allowed"] == "/"
    body = response.content.decode()
    assert "__PRECACHE__" not in body and "/static/closeknit/app" in body
    assert 'url.pathname.startsWith("/static/")' in body
    assert "cache.put(request, copy)" in body
    # Navigations go to the network, with the offline page only as a fallback.
    assert "fetch(request).catch(() => caches.match(OFFLINE_URL))" in body


def test_the_offline_page_is_content_free(web, owner):
    body = web(owner).get("/offline/").content.decode()
    assert "You&#x27;re offline" in body or "You're offline" in body

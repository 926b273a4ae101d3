import re

import pytest
from django.test import Client

from closeknit.couples import services
from closeknit.couples.models import Invitation
from conftest import PASSWORD


def signup(client: Client, email: str, name: str, next_url: str = "") -> None:
    url = "/accounts/signup/" + (f"?next={next_url}" if next_url else "")
    response = client.post(
        url,
        {
            "email": email,
            "password1": PASSWORD,
            "display_name": name,
            "timezone": "Europe/Lisbon",
            **({"next": next_url} if next_url else {}),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]


@pytest.mark.django_db
def test_the_whole_journey_signup_invite_join_leave_over_http(fresh_cache):
    robin, kai = Client(), Client()
    signup(robin, "robin@example.test", "Robin")
    assert "Hello, Robin" in robin.get("/").content.decode()

    robin.post("/couple/create/")
    page = robin.post("/couple/invite/", follow=True).content.decode()
    link = re.search(r'value="(http://testserver/join/[^"]+/)"', page).group(1)
    code = re.search(r'id="invite-code">([A-Z0-9-]+)<', page).group(1)
    assert len(code) == 9

    # Kai opens the link before having an account, signs up through it, and joins.
    path = link.removeprefix("http://testserver")
    preview = kai.get(path)
    assert preview.status_code == 200
    assert "Robin invited you" in preview.content.decode()
    signup(kai, "kai@example.test", "Kai", next_url=path)
    joined = kai.post(path, follow=True)
    # Kai lands in the short welcome, already in the space, with nobody left to invite.
    assert joined.redirect_chain[-1][0] == "/welcome/hello/"
    assert "<h1>You're in, with Robin</h1>" in joined.content.decode()
    assert "Step 1 of 3" in joined.content.decode()
    assert "You and Robin share this space." in kai.get("/").content.decode()
    assert "You and Kai share this space." in robin.get("/").content.decode()

    # The code was single-use: it went with the link.
    late = Client()
    signup(late, "late@example.test", "Late")
    response = late.post("/join/", {"code": code})
    assert response.status_code == 410
    assert "already been used" in response.content.decode()

    leave = kai.post("/couple/leave/", {"entries": "take"}, follow=True)
    assert "yours alone again" in leave.content.decode()
    assert "on your own" in robin.get("/").content.decode()


def test_joining_by_code_over_http(web, owner, partner):
    services.couple_create(user=owner)
    new = services.invitation_create(user=owner)
    response = web(partner).post("/join/", {"code": new.display_code})
    assert response.status_code == 302
    assert services.couple_for(partner) == services.couple_for(owner)


@pytest.mark.parametrize("code", ["", "   ", "x" * 41, "WRONG-CODE"])
def test_bad_codes_get_a_clear_error_and_change_nothing(web, partner, code):
    response = web(partner).post("/join/", {"code": code})
    assert response.status_code in (400, 404)
    assert 'class="error"' in response.content.decode()
    assert services.couple_for(partner) is None


def test_code_guessing_is_rate_limited(web, partner):
    client = web(partner)
    statuses = [client.post("/join/", {"code": f"AAAA-AAA{i}"}).status_code for i in range(12)]
    assert statuses[:10] == [404] * 10
    assert statuses[-1] == 429


def test_invitations_are_made_and_withdrawn_with_htmx_partials(web, owner):
    services.couple_create(user=owner)
    client = web(owner)
    made = client.post("/couple/invite/", headers={"HX-Request": "true"})
    assert made.status_code == 200
    body = made.content.decode()
    assert body.lstrip().startswith('<section class="card" id="invite-panel"')
    assert "<html" not in body
    assert made["Vary"] and "HX-Request" in made["Vary"]
    invitation = Invitation.objects.get()
    withdrawn = client.post(
        f"/couple/invitations/{invitation.pk}/revoke/", headers={"HX-Request": "true"}
    )
    assert withdrawn.status_code == 200
    invitation.refresh_from_db()
    assert invitation.status == "revoked"
    assert "Make an invitation" in withdrawn.content.decode()


def test_an_outsider_cannot_withdraw_someone_elses_invitation(web, owner, outsider):
    services.couple_create(user=owner)
    new = services.invitation_create(user=owner)
    response = web(outsider).post(f"/couple/invitations/{new.invitation.pk}/revoke/")
    assert response.status_code == 302
    assert Invitation.objects.get(pk=new.invitation.pk).status == "pending"
    htmx = web(outsider).post(
        f"/couple/invitations/{new.invitation.pk}/revoke/", headers={"HX-Request": "true"}
    )
    assert htmx.status_code == 404
    assert new.display_code not in htmx.content.decode()


def test_the_invitation_secret_is_shown_only_to_its_maker(web, owner, partner):
    services.couple_create(user=owner)
    maker = web(owner)
    maker.post("/couple/invite/")
    assert 'id="invite-code"' in maker.get("/couple/").content.decode()
    # Another session (another device, or someone with the password) sees only that an
    # invitation is waiting, not its link or code.
    other_session = web(owner).get("/couple/").content.decode()
    assert 'id="invite-code"' not in other_session
    assert "An invitation is waiting" in other_session


def test_leaving_needs_a_choice(web, owner, partner, couple):
    response = web(owner).post("/couple/leave/", {})
    assert response.status_code == 400
    assert services.couple_for(owner) == couple


@pytest.mark.parametrize(
    "path",
    [
        "/couple/",
        "/couple/leave/",
        "/join/",
        "/settings/",
        "/settings/tokens/",
        "/settings/export/",
        "/settings/delete/",
    ],
)
def test_anonymous_people_are_sent_to_log_in(web, path):
    response = web(None).get(path)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize(
    "path", ["/couple/create/", "/couple/invite/", "/couple/invitations/1/revoke/"]
)
def test_anonymous_posts_change_nothing(web, path):
    response = web(None).post(path)
    assert response.status_code == 302
    assert Invitation.objects.count() == 0


def test_an_unknown_invitation_link_says_so_without_detail(web):
    response = web(None).get("/join/not-a-real-token/")
    assert response.status_code == 404
    assert "That invitation link or code doesn&#x27;t work" in response.content.decode()

"""A guide's label is its starter's words: leaving and deletion reach it like every other
entry (issue 22), on the API and on every page that shows it."""

import pytest

from closeknit.accounts.models import User
from closeknit.conversations.models import Guide
from conftest import PASSWORD

LABEL = "the-label-robin-wrote"


def pages(web, user: User, guide_id: int) -> str:
    client = web(user)
    return "".join(
        client.get(path).content.decode()
        for path in (
            "/communication/",
            "/communication/after/",
            f"/communication/after/{guide_id}/",
        )
    )


def api_labels(api, user: User, guide_id: int) -> list[str]:
    client = api(user)
    listed = [g["label"] for g in client.get("/communication/guides").json()]
    return [*listed, client.get(f"/communication/guides/{guide_id}").json()["label"]]


@pytest.fixture
def started(api, owner, partner, couple, checked) -> int:
    """Robin and Kai share a space and took the safety check; Robin starts a guide with
    a label, through the API."""
    checked(owner, partner)
    made = api(owner).post("/communication/guides", {"label": LABEL})
    assert made.status_code == 201
    return made.json()["id"]


def test_both_see_the_label_while_they_share_the_space(api, web, owner, partner, started):
    assert LABEL in api_labels(api, partner, started)
    assert pages(web, partner, started).count(LABEL) == 3


def test_the_partner_who_leaves_no_longer_sees_it_then_deletion_erases_it(
    api, web, owner, partner, started
):
    assert api(partner).post("/couple/leave", {"entries_stay": False}).status_code == 204
    # Rule 5: the leaver no longer sees anything of the partner's.
    assert LABEL not in api_labels(api, partner, started)
    assert LABEL not in pages(web, partner, started)
    # The starter keeps their own words (rule 2).
    assert LABEL in api_labels(api, owner, started)
    assert LABEL in pages(web, owner, started)

    assert api(owner).post("/me/delete", {"password": PASSWORD}).status_code == 204
    assert LABEL not in api_labels(api, partner, started)
    assert LABEL not in pages(web, partner, started)
    # Gone from the database too, not only from the pages.
    assert list(Guide.objects.values_list("label", flat=True)) == [""]


def test_a_starter_who_takes_their_entries_takes_the_label(api, web, owner, partner, started):
    assert api(owner).post("/couple/leave", {"entries_stay": False}).status_code == 204
    assert LABEL not in api_labels(api, partner, started)
    assert LABEL not in pages(web, partner, started)
    assert LABEL in api_labels(api, owner, started)


def test_a_starter_who_leaves_their_entries_leaves_the_label(api, web, owner, partner, started):
    assert api(owner).post("/couple/leave", {"entries_stay": True}).status_code == 204
    assert LABEL in api_labels(api, partner, started)
    assert pages(web, partner, started).count(LABEL) == 3


def test_deleting_the_starters_account_erases_the_label(api, web, owner, partner, started):
    assert api(owner).post("/me/delete", {"password": PASSWORD}).status_code == 204
    assert LABEL not in api_labels(api, partner, started)
    assert LABEL not in pages(web, partner, started)
    assert list(Guide.objects.values_list("label", flat=True)) == [""]


def test_the_starters_export_holds_the_label(api, owner, partner, started):
    guides = api(owner).get("/me/export").json()["conversations"]["disagreement_guides"]
    assert [g["label"] for g in guides] == [LABEL]
    partners = api(partner).get("/me/export").json()["conversations"]["disagreement_guides"]
    assert partners == []

"""The check-in flow: private until both are in, then side by side; bad input is
refused with a clear answer and nothing written; leaving follows the leaving rule."""

from datetime import timedelta

import pytest
from django.utils import timezone

from closeknit.activity.models import ActivityRecord
from closeknit.checkins import lifecycle, selectors, services
from closeknit.checkins.models import (
    Checkin,
    CheckinDraft,
    CheckinPeriod,
    CheckinPreference,
    CheckinScore,
)
from closeknit.checkins.tests.helpers import answers, check_in
from closeknit.couples import services as couples
from closeknit.lib.errors import Conflict, Invalid


def nothing_written() -> bool:
    return not (
        Checkin.objects.exists()
        or CheckinScore.objects.exists()
        or ActivityRecord.objects.filter(kind="checkin").exists()
    )


def test_my_check_in_stays_private_until_my_partner_checks_in(owner, partner, couple, api, web):
    mine = check_in(owner, 2, closeness=3, note="just for me", trust=7).checkin
    # The partner can't open it, through any interface.
    assert selectors.checkin_view(user=partner, checkin_id=mine.pk) is None
    assert api(partner).get(f"/checkin/{mine.pk}").status_code == 404
    assert web(partner).get(f"/checkin/{mine.pk}/").status_code == 404
    # They learn only that I checked in, never what.
    status = api(partner).get("/checkin/status").json()
    assert status["partner_checked_in"] is True and status["revealed"] is False
    own = api(owner).get(f"/checkin/{mine.pk}").json()
    assert own["theirs"] is None and own["mine"]["note"] == "just for me"

    theirs = check_in(partner, 6, closeness=5)
    assert theirs.revealed_now
    both = api(owner).get(f"/checkin/{mine.pk}").json()
    assert both["theirs"] == {"closeness": 5, "scores": dict.fromkeys(both["mine"]["scores"], 83)}
    from_partner = api(partner).get(f"/checkin/{theirs.checkin.pk}").json()
    assert from_partner["theirs"]["scores"]["trust"] == 100
    assert from_partner["theirs"]["closeness"] == 3
    # The note stays private, even after the reveal.
    assert "just for me" not in str(from_partner)
    # Still only the author can open a check-in by its id.
    assert api(partner).get(f"/checkin/{mine.pk}").status_code == 404


def test_answers_can_change_until_the_reveal_and_not_after(owner, partner, couple):
    first = check_in(owner, 2)
    second = check_in(owner, 5)
    assert second.checkin.pk == first.checkin.pk and not second.created
    assert set(CheckinScore.objects.values_list("score", flat=True)) == {67}
    check_in(partner, 4)
    with pytest.raises(Conflict) as err:
        check_in(owner, 7)
    assert err.value.code == "already_revealed"
    assert set(CheckinScore.objects.filter(user=owner).values_list("score", flat=True)) == {67}


def test_each_fortnight_pairs_up_on_its_own(owner, partner, couple):
    now = timezone.now()
    check_in(owner, 3, now=now)
    check_in(partner, 3, now=now)
    later = now + timedelta(days=14)
    next_one = check_in(owner, 6, now=later)
    assert next_one.created and not next_one.revealed_now
    assert CheckinPeriod.objects.filter(couple=couple).count() == 2
    assert CheckinPeriod.objects.get(number=next_one.checkin.number).revealed_at is None
    assert selectors.checkin_view(user=owner, checkin_id=next_one.checkin.pk).theirs is None


def test_the_first_check_in_of_a_period_is_recorded_as_activity_once(owner, couple):
    check_in(owner, 3)
    check_in(owner, 4)
    assert ActivityRecord.objects.filter(user=owner, kind="checkin").count() == 1


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"drop": "trust_2"}, "missing_items"),
        ({"set": ("goals_1", 0)}, "out_of_range"),
        ({"set": ("goals_1", 8)}, "out_of_range"),
        ({"set": ("goals_1", True)}, "out_of_range"),
        ({"set": ("made_up", 4)}, "unknown_items"),
        ({"closeness": 0}, "closeness_required"),
        ({"closeness": 8}, "closeness_required"),
        ({"closeness": None}, "closeness_required"),
        ({"note": "x" * 2001}, "too_long"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_written(owner, couple, change, code):
    given = answers(4)
    if "drop" in change:
        given.pop(change["drop"])
    if "set" in change:
        key, value = change["set"]
        given[key] = value
    with pytest.raises(Invalid) as err:
        services.checkin_submit(
            user=owner,
            answers=given,
            closeness=change.get("closeness", 4),
            note=change.get("note", ""),
        )
    assert err.value.code == code
    assert nothing_written()


def test_the_api_submits_lists_and_explains_bad_input(owner, couple, api):
    client = api(owner)
    assert len(client.get("/checkin/form").json()["items"]) == 16
    created = client.post("/checkin", {"answers": answers(4), "closeness": 4, "note": "hi"})
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["mine"]["scores"]["goals"] == 50 and body["revealed_now"] is False
    listed = client.get("/checkin").json()
    assert [c["id"] for c in listed] == [body["mine"]["id"]]
    assert client.get("/checkin/status").json()["checked_in"] is True


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({"answers": {**answers(4), "goals_1": 0}, "closeness": 4}, 400, "out_of_range"),
        ({"answers": {**answers(4), "goals_1": 8}, "closeness": 4}, 400, "out_of_range"),
        ({"answers": {**answers(4), "mystery": 4}, "closeness": 4}, 400, "unknown_items"),
        ({"answers": {"goals_1": 4}, "closeness": 4}, 400, "missing_items"),
        ({"answers": answers(4), "closeness": 9}, 400, "closeness_required"),
        ({"answers": answers(4), "closeness": 4, "partner_score": 1}, 422, "invalid_input"),
        ({"answers": answers(4)}, 422, "invalid_input"),
        ({"answers": {**answers(4), "goals_1": "lots"}, "closeness": 4}, 422, "invalid_input"),
    ],
)
def test_the_api_refuses_bad_check_ins_with_a_clear_error(owner, couple, api, body, status, code):
    response = api(owner).post("/checkin", body)
    assert response.status_code == status, response.content
    assert response.json()["error"]["code"] == code
    assert response.json()["error"]["message"]
    assert nothing_written()


def test_the_web_form_saves_and_shows_the_check_in(owner, couple, web):
    client = web(owner)
    page = client.get("/checkin/")
    assert page.status_code == 200
    assert "I feel heard when I talk about what matters to me." in page.content.decode()
    posted = client.post("/checkin/", {**answers(6), "closeness": "5", "note": "a good week"})
    assert posted.status_code == 302
    detail = client.get(posted["Location"])
    assert detail.status_code == 200
    text = detail.content.decode()
    assert "a good week" in text and "Two circles overlapping a good deal" in text


def test_the_web_form_keeps_what_was_typed_when_something_is_missing(owner, couple, web):
    partial = {**answers(6), "closeness": "5", "note": "keep me"}
    partial.pop("trust_1")
    response = web(owner).post("/checkin/", partial)
    assert response.status_code == 400
    text = response.content.decode()
    # The page opens on the step with the open statement; the rest waits in the draft.
    assert "Rate every statement" in text and "I feel safe letting my guard down" in text
    assert text.count("Still open: pick a number.") == 1
    assert 'name="trust_2" value="6" checked' in text
    draft = CheckinDraft.objects.get(user=owner)
    assert draft.answers["goals_1"] == 6 and draft.note == "keep me" and draft.closeness == 5
    assert nothing_written()
    bad = web(owner).post("/checkin/", {**answers(6), "closeness": "nine"})
    assert bad.status_code == 400 and nothing_written()


def test_the_suggestion_frequency_is_a_personal_setting(owner, api, web):
    assert api(owner).call("PUT", "/checkin/preference", {"every_weeks": 4}).status_code == 200
    assert CheckinPreference.objects.get(user=owner).every_weeks == 4
    refused = api(owner).call("PUT", "/checkin/preference", {"every_weeks": 3})
    assert refused.status_code == 400
    assert web(owner).post("/checkin/frequency/", {"every_weeks": "7"}).status_code == 400
    assert web(owner).post("/checkin/frequency/", {"every_weeks": "1"}).status_code == 302
    assert CheckinPreference.objects.get(user=owner).every_weeks == 1


def test_someone_alone_checks_in_privately(make_person, api):
    alone = make_person("Solo")
    result = check_in(alone, 5)
    assert result.checkin.couple is None and result.checkin.period is None
    assert api(alone).get(f"/checkin/{result.checkin.pk}").json()["theirs"] is None


def test_export_has_my_own_check_ins_only(owner, partner, couple):
    check_in(owner, 2, note="mine to keep")
    check_in(partner, 6, note="theirs")
    exported = lifecycle.export_user_data(user=owner)
    assert len(exported["checkins"]) == 1
    entry = exported["checkins"][0]
    assert entry["note"] == "mine to keep" and entry["scores"]["goals"] == 17
    assert len(entry["answers"]) == 16 and "theirs" not in str(exported)


def test_taking_my_entries_when_leaving_hides_them_from_my_partner(owner, partner, couple):
    check_in(owner, 2)
    theirs = check_in(partner, 6).checkin
    assert selectors.checkin_view(user=partner, checkin_id=theirs.pk).theirs is not None
    couples.couple_leave(user=owner, entries_stay=False)
    view = selectors.checkin_view(user=partner, checkin_id=theirs.pk)
    assert view is not None and view.theirs is None
    # The leaver keeps their own, but no longer sees the partner's.
    own = Checkin.objects.get(user=owner)
    left = selectors.checkin_view(user=owner, checkin_id=own.pk)
    assert left is not None and left.theirs is None
    assert CheckinScore.objects.filter(user=owner, withdrawn=False).count() == 0


def test_leaving_my_entries_keeps_them_visible_to_my_partner(owner, partner, couple):
    check_in(owner, 2)
    theirs = check_in(partner, 6).checkin
    couples.couple_leave(user=owner, entries_stay=True)
    view = selectors.checkin_view(user=partner, checkin_id=theirs.pk)
    assert view is not None and view.theirs is not None

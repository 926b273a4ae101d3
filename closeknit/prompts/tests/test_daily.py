from datetime import timedelta

import pytest
from django.utils import timezone

from closeknit.activity.models import ActivityRecord
from closeknit.couples import services as couples
from closeknit.lib.errors import Conflict, Invalid, NotFound
from closeknit.prompts import selectors, services
from closeknit.prompts.models import Answer, DailyQuestion, Prompt
from closeknit.prompts.spaces import space_for


def answer_for(prompt: Prompt, text: str = "From the heart") -> dict:
    if prompt.kind == "choice":
        return {"choice": 0, "text": text}
    if prompt.kind == "scale":
        return {"scale": 4, "text": text}
    return {"text": text}


def test_both_partners_get_the_same_question_for_the_day(library, owner, partner, couple):
    mine = services.question_today(user=owner)
    theirs = services.question_today(user=partner)
    assert mine.pk == theirs.pk
    assert DailyQuestion.objects.filter(couple=couple).count() == 1


def test_the_reveal_waits_for_both(library, owner, partner, couple):
    question = services.question_today(user=owner)
    first = services.answer_save(
        user=owner, question_id=question.pk, **answer_for(question.prompt, "mine")
    )
    assert not first.revealed_now

    own_view = selectors.question_view(user=owner, question_id=question.pk)
    assert own_view.mine.text == "mine" and own_view.theirs is None and own_view.waiting
    partner_view = selectors.question_view(user=partner, question_id=question.pk)
    assert partner_view.theirs is None and partner_view.mine is None
    assert partner_view.partner_answered  # "answer to see both"

    second = services.answer_save(
        user=partner, question_id=question.pk, **answer_for(question.prompt, "theirs")
    )
    assert second.revealed_now
    assert selectors.question_view(user=owner, question_id=question.pk).theirs.text == "theirs"
    assert selectors.question_view(user=partner, question_id=question.pk).theirs.text == "mine"


def test_answers_can_be_edited_until_the_reveal(library, owner, partner, couple):
    question = services.question_today(user=owner)
    payload = answer_for(question.prompt)
    services.answer_save(user=owner, question_id=question.pk, **{**payload, "text": "draft"})
    services.answer_save(user=owner, question_id=question.pk, **{**payload, "text": "final"})
    assert Answer.objects.get(user=owner).text == "final"
    services.answer_save(user=partner, question_id=question.pk, **payload)
    with pytest.raises(Conflict) as err:
        services.answer_save(user=owner, question_id=question.pk, **{**payload, "text": "sneaky"})
    assert err.value.code == "already_revealed"
    assert Answer.objects.get(user=owner).text == "final"


def test_answers_are_checked_against_the_kind_of_question(library, owner):
    cases = [
        ("open", {"text": "   "}),
        ("sentence", {"text": ""}),
        ("choice", {"choice": 99}),
        ("choice", {"choice": None}),
        ("scale", {"scale": 0}),
        ("scale", {"scale": 6}),
        ("open", {"text": "x" * 4001}),
    ]
    for n, (kind, bad) in enumerate(cases, start=1):
        prompt = Prompt.objects.filter(kind=kind).first()
        day = timezone.now().date() - timedelta(days=n)
        question = DailyQuestion.objects.create(user=owner, day=day, prompt=prompt)
        with pytest.raises(Invalid):
            services.answer_save(user=owner, question_id=question.pk, **bad)
        assert not Answer.objects.filter(question=question).exists()


def test_outsiders_and_strangers_cannot_answer_or_read(library, owner, partner, couple, outsider):
    question = services.question_today(user=owner)
    services.answer_save(
        user=owner, question_id=question.pk, **answer_for(question.prompt, "private")
    )
    with pytest.raises(NotFound):
        services.answer_save(user=outsider, question_id=question.pk, **answer_for(question.prompt))
    assert selectors.question_view(user=outsider, question_id=question.pk) is None


def test_answering_records_activity_without_content(library, owner, partner, couple):
    question = services.question_today(user=owner)
    services.answer_save(
        user=owner, question_id=question.pk, **answer_for(question.prompt, "secret words")
    )
    services.answer_save(
        user=owner, question_id=question.pk, **answer_for(question.prompt, "edited")
    )
    record = ActivityRecord.objects.get(user=owner)
    assert (record.practice, record.kind, record.couple_id) == (
        question.prompt.practice,
        "daily_answer",
        couple.pk,
    )


def test_not_this_one_swaps_once_for_both(library, owner, partner, couple):
    before = services.question_today(user=owner)
    swapped = services.question_swap(user=partner)
    assert swapped.pk == before.pk and swapped.prompt_id != before.prompt_id
    assert services.question_today(user=owner).prompt_id == swapped.prompt_id
    with pytest.raises(Conflict) as err:
        services.question_swap(user=owner)
    assert err.value.code == "already_swapped"


def test_no_swap_after_someone_answered(library, owner, partner, couple):
    question = services.question_today(user=owner)
    services.answer_save(user=partner, question_id=question.pk, **answer_for(question.prompt))
    with pytest.raises(Conflict) as err:
        services.question_swap(user=owner)
    assert err.value.code == "already_answered"


def test_missed_days_wait_in_catch_up_and_can_still_reveal(library, owner, partner, couple):
    space = space_for(owner)
    today = services.today(space=space)
    old = services.question_for_day(space=space, day=today - timedelta(days=3))
    assert [q.pk for q in selectors.catch_up(user=owner)] == [old.pk]
    services.answer_save(user=owner, question_id=old.pk, **answer_for(old.prompt))
    assert selectors.catch_up(user=owner) == []
    assert [q.pk for q in selectors.catch_up(user=partner)] == [old.pk]
    assert services.answer_save(
        user=partner, question_id=old.pk, **answer_for(old.prompt)
    ).revealed_now


def test_the_gentle_record_counts_days_both_answered_this_month(library, owner, partner, couple):
    assert selectors.days_both_answered_this_month(user=owner) == 0
    question = services.question_today(user=owner)
    for person in (owner, partner):
        services.answer_save(user=person, question_id=question.pk, **answer_for(question.prompt))
    assert selectors.days_both_answered_this_month(user=partner) == 1


def test_solo_answers_stay_private_and_can_be_shared_after_joining(library, owner, partner):
    solo = services.question_today(user=owner)
    assert solo.couple_id is None and solo.user_id == owner.pk
    services.answer_save(user=owner, question_id=solo.pk, **answer_for(solo.prompt, "before you"))
    assert selectors.question_view(user=owner, question_id=solo.pk).mine.text == "before you"

    couples.couple_create(user=owner)
    couples.invitation_accept(user=partner, code=couples.invitation_create(user=owner).code)
    assert selectors.question_view(user=partner, question_id=solo.pk) is None
    with pytest.raises(NotFound):
        services.answer_share(user=partner, question_id=solo.pk, shared=True)

    services.answer_share(user=owner, question_id=solo.pk, shared=True)
    shared = selectors.question_view(user=partner, question_id=solo.pk)
    assert shared.theirs.text == "before you" and shared.mine is None
    services.answer_share(user=owner, question_id=solo.pk, shared=False)
    assert selectors.question_view(user=partner, question_id=solo.pk) is None


def test_reactions_and_replies_only_after_the_reveal(library, owner, partner, couple):
    question = services.question_today(user=owner)
    services.answer_save(user=owner, question_id=question.pk, **answer_for(question.prompt))
    with pytest.raises(Conflict):
        services.reply_add(user=owner, question_id=question.pk, text="too early")
    with pytest.raises(Conflict):
        services.reaction_set(user=partner, question_id=question.pk, kind="heart")
    services.answer_save(user=partner, question_id=question.pk, **answer_for(question.prompt))
    services.reaction_set(user=partner, question_id=question.pk, kind="hug")
    services.reply_add(user=owner, question_id=question.pk, text="thank you")
    view = selectors.question_view(user=owner, question_id=question.pk)
    assert view.their_reaction == "hug"
    assert [r.text for r in view.replies] == ["thank you"]
    with pytest.raises(Invalid):
        services.reaction_set(user=owner, question_id=question.pk, kind="thumbs-down")
    with pytest.raises(Invalid):
        services.reply_add(user=owner, question_id=question.pk, text="x" * 501)
    services.reaction_set(user=partner, question_id=question.pk, kind=None)
    assert selectors.question_view(user=owner, question_id=question.pk).their_reaction is None


def test_leaving_with_entries_hides_them_from_the_partner(library, owner, partner, couple):
    question = services.question_today(user=owner)
    for person, text in ((owner, "owner says"), (partner, "partner says")):
        services.answer_save(
            user=person, question_id=question.pk, **answer_for(question.prompt, text)
        )
    services.reply_add(user=owner, question_id=question.pk, text="owner reply")
    couples.couple_leave(user=owner, entries_stay=False)
    partner_view = selectors.question_view(user=partner, question_id=question.pk)
    assert partner_view.mine.text == "partner says"
    assert partner_view.theirs is None and partner_view.replies == []
    leaver_view = selectors.question_view(user=owner, question_id=question.pk)
    assert leaver_view.mine.text == "owner says"
    assert leaver_view.theirs is None  # the leaver no longer sees the partner's entries


def test_leaving_with_entries_staying_keeps_them_for_the_partner(library, owner, partner, couple):
    question = services.question_today(user=owner)
    for person, text in ((owner, "owner says"), (partner, "partner says")):
        services.answer_save(
            user=person, question_id=question.pk, **answer_for(question.prompt, text)
        )
    couples.couple_leave(user=owner, entries_stay=True)
    assert (
        selectors.question_view(user=partner, question_id=question.pk).theirs.text == "owner says"
    )
    assert selectors.question_view(user=owner, question_id=question.pk).theirs is None
    with pytest.raises(NotFound):  # an ended space takes no new answers
        services.answer_save(user=partner, question_id=question.pk, **answer_for(question.prompt))


def test_history_is_filterable_and_searchable(library, owner, partner, couple):
    space = space_for(owner)
    today = services.today(space=space)
    questions = [
        services.question_for_day(space=space, day=today - timedelta(days=n)) for n in range(5)
    ]
    for n, q in enumerate(questions):
        services.answer_save(
            user=owner,
            question_id=q.pk,
            **answer_for(q.prompt, f"note number {n} about tangerines" if n == 2 else f"note {n}"),
        )
    page = selectors.archive(user=owner)
    assert [v.question.pk for v in page.items] == [q.pk for q in questions]
    found = selectors.archive(user=owner, query="TANGERINES")
    assert [v.question.pk for v in found.items] == [questions[2].pk]
    practice = questions[0].prompt.practice
    filtered = selectors.archive(user=owner, practice=practice)
    assert all(v.question.prompt.practice == practice for v in filtered.items)
    assert questions[0].pk in [v.question.pk for v in filtered.items]
    # The partner cannot find the owner's unrevealed words.
    assert selectors.archive(user=partner, query="tangerines").items == []


def test_retired_prompts_keep_their_answers(library, owner):
    question = services.question_today(user=owner)
    services.answer_save(user=owner, question_id=question.pk, **answer_for(question.prompt, "kept"))
    Prompt.objects.filter(pk=question.prompt_id).update(retired=True)
    assert selectors.question_view(user=owner, question_id=question.pk).mine.text == "kept"


def test_export_has_my_answers_and_never_my_partners(library, owner, partner, couple, api):
    question = services.question_today(user=owner)
    services.answer_save(
        user=owner, question_id=question.pk, **answer_for(question.prompt, "my words")
    )
    services.answer_save(
        user=partner, question_id=question.pk, **answer_for(question.prompt, "their words")
    )
    data = api(owner).get("/me/export").json()
    assert [a["text"] for a in data["prompts"]["answers"]] == ["my words"]
    assert "their words" not in str(data)


def test_deleting_an_account_keeps_the_partners_answers(library, owner, partner, couple):
    from closeknit.accounts.services import account_delete

    question = services.question_today(user=owner)
    services.answer_save(user=owner, question_id=question.pk, **answer_for(question.prompt, "gone"))
    services.answer_save(
        user=partner, question_id=question.pk, **answer_for(question.prompt, "kept")
    )
    account_delete(user=owner)
    assert list(Answer.objects.values_list("text", flat=True)) == ["kept"]
    assert selectors.question_view(user=partner, question_id=question.pk).mine.text == "kept"


def test_history_pages_merge_every_part_of_what_one_may_see(library, owner, partner, monkeypatch):
    """The history reads each part (solo days, the couple's days, a partner's shared solo
    answers) a page at a time and merges them: the same questions, in the same order and
    with the same total, as the whole visible history read at once."""
    solo_space = space_for(owner)
    day = services.today(space=solo_space)
    solo = [
        services.question_for_day(space=solo_space, day=day - timedelta(days=n)) for n in (9, 8, 7)
    ]
    for q in solo:
        services.answer_save(user=owner, question_id=q.pk, **answer_for(q.prompt))
    couples.couple_create(user=owner)
    couples.invitation_accept(user=partner, code=couples.invitation_create(user=owner).code)
    services.answer_share(user=owner, question_id=solo[1].pk, shared=True)
    space = space_for(owner)
    for n in range(6):
        services.question_for_day(space=space, day=services.today(space=space) - timedelta(days=n))
    monkeypatch.setattr(selectors, "PAGE_SIZE", 2)
    for person, expected_total in ((owner, 9), (partner, 7)):
        expected = [q.pk for q in selectors.visible_questions(person).order_by("-day", "-pk")]
        assert len(expected) == expected_total
        seen, page = [], 1
        while True:
            found = selectors.archive(user=person, page=page)
            assert found.total == expected_total
            seen += [v.question.pk for v in found.items]
            if not found.has_next:
                break
            page += 1
        assert seen == expected
        assert page == 5 if person == owner else page == 4
    # The partner sees the owner's shared solo answer, not the others.
    assert solo[1].pk in seen and solo[0].pk not in seen
    # Past the last page: nothing, and still the total.
    beyond = selectors.archive(user=partner, page=9)
    assert beyond.items == [] and beyond.total == 7 and not beyond.has_next

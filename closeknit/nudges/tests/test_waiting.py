"""What waits for a person: one item for the right person, closed when seen or done,
grouped when repeated, and nothing for anyone outside the couple."""

from datetime import timedelta

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from closeknit.accounts.models import User
from closeknit.couples import services as couples
from closeknit.nudges import services, waiting
from closeknit.nudges.models import Notification, WaitingItem
from closeknit.prompts import services as daily
from conftest import answer_today


def fresh(user: User) -> User:
    return User.objects.get(pk=user.pk)


def test_a_reply_waits_for_the_partner_only_and_names_the_replier(
    library, owner, partner, couple, outsider
):
    question = answer_today(partner, owner)
    daily.reply_add(user=partner, question_id=question.pk, text="That made me smile")
    [item] = waiting.waiting_for(user=fresh(owner), couple=couple)
    assert item.title == "Kai replied"
    assert item.url == f"/questions/{question.pk}/"
    assert "smile" not in item.title  # never what anyone wrote
    assert "reply" not in [w.kind for w in waiting.waiting_for(user=fresh(partner), couple=couple)]
    assert not WaitingItem.objects.filter(user=outsider).exists()
    note = Notification.objects.get(user=owner, event="replies")
    assert note.item_id == item.id


def test_repeats_are_grouped_on_one_item_and_one_notification(library, owner, partner, couple):
    question = answer_today(partner, owner)
    for words in ("one", "two", "three"):
        daily.reply_add(user=partner, question_id=question.pk, text=words)
    [item] = waiting.waiting_for(user=fresh(owner), couple=couple)
    assert item.title == "Kai replied 3 times"
    assert Notification.objects.filter(user=owner, event="replies").count() == 1
    assert services.unread_count(owner) == 1


def test_opening_the_page_closes_the_item_and_reads_its_notification(
    web, library, owner, partner, couple
):
    question = answer_today(owner, partner)
    daily.reply_add(user=partner, question_id=question.pk, text="hello")
    client = web(owner)
    assert "Kai replied" in client.get("/").content.decode()
    assert client.get(f"/questions/{question.pk}/").status_code == 200
    assert waiting.waiting_for(user=fresh(owner), couple=couple) == []
    assert services.unread_count(owner) == 0  # never "new" for something already seen
    assert "Kai replied" not in client.get("/").content.decode()
    assert not fresh(owner).has_waiting  # later pages skip the check


def test_a_new_reply_after_seeing_opens_a_new_item(library, owner, partner, couple):
    question = answer_today(partner, owner)
    daily.reply_add(user=partner, question_id=question.pk, text="one")
    waiting.seen(user=fresh(owner), refs=[daily.question_ref(question.pk)])
    daily.reply_add(user=partner, question_id=question.pk, text="two")
    [item] = waiting.waiting_for(user=fresh(owner), couple=couple)
    assert item.title == "Kai replied"
    assert WaitingItem.objects.filter(user=owner, kind="reply").count() == 2  # closed, open


def test_your_turn_stays_open_when_seen_and_closes_when_you_answer(
    web, library, owner, partner, couple
):
    question = daily.question_today(user=owner)
    daily.answer_save(user=partner, question_id=question.pk, text="mine", choice=0, scale=3)
    client = web(owner)
    client.get("/today/")
    [item] = waiting.waiting_for(user=fresh(owner), couple=couple)
    assert (item.kind, item.title) == ("partner_answered", "Kai answered: answer to see both")
    daily.answer_save(user=owner, question_id=question.pk, text="ours", choice=0, scale=3)
    assert waiting.waiting_for(user=fresh(owner), couple=couple) == []
    [reveal] = waiting.waiting_for(user=fresh(partner), couple=couple)
    assert reveal.title == "Robin answered too: see both"


def test_today_page_closes_the_reveal_of_todays_question(web, library, owner, partner, couple):
    answer_today(owner, partner)  # owner first: the reveal waits for them
    assert [w.kind for w in waiting.waiting_for(user=fresh(owner), couple=couple)] == [
        "reveal_ready"
    ]
    web(owner).get("/today/")
    assert waiting.waiting_for(user=fresh(owner), couple=couple) == []


def test_not_now_closes_an_item_and_only_its_owner_can(web, library, owner, partner, couple):
    question = answer_today(owner, partner)
    daily.reply_add(user=partner, question_id=question.pk, text="hi")
    item = WaitingItem.objects.get(user=owner, kind="reply")
    assert web(partner).post(f"/notifications/waiting/{item.pk}/dismiss/").status_code == 404
    assert web(None).post(f"/notifications/waiting/{item.pk}/dismiss/").status_code == 302
    assert WaitingItem.objects.get(pk=item.pk).closed_at is None
    response = web(owner).post(f"/notifications/waiting/{item.pk}/dismiss/")
    assert response.status_code == 302
    assert WaitingItem.objects.get(pk=item.pk).closed_at is not None


def test_leaving_removes_every_item_and_its_notifications(library, owner, partner, couple):
    question = answer_today(owner, partner)
    daily.reply_add(user=partner, question_id=question.pk, text="hi")
    daily.reply_add(user=owner, question_id=question.pk, text="hello")
    couples.couple_leave(user=partner, entries_stay=True)
    assert not WaitingItem.objects.exists()
    assert not Notification.objects.filter(item__isnull=False).exists()
    assert waiting.waiting_for(user=fresh(owner), couple=couple) == []
    # Nothing can be opened in an ended space.
    assert (
        waiting.invite(
            actor=owner, couple=couple, kind="reply", ref="question:1", url="/questions/1/"
        )
        == []
    )


def test_the_partner_joining_waits_for_the_inviter(make_person):
    sam, alex = make_person("Sam"), make_person("Alex")
    couples.couple_create(user=sam)
    invitation = couples.invitation_create(user=sam)
    couple = couples.invitation_accept(user=alex, code=invitation.code)
    [item] = waiting.waiting_for(user=fresh(sam), couple=couple)
    assert (item.title, item.url) == ("Alex joined your space", "/couple/")
    assert waiting.waiting_for(user=fresh(alex), couple=couple) == []


def test_a_hidden_practice_shows_nothing_on_home(library, owner, partner, couple):
    waiting.invite(actor=partner, couple=couple, kind="note", ref="notes", url="/appreciation/")
    owner.hidden_practices = ["appreciation"]
    owner.save()
    assert waiting.waiting_for(user=fresh(owner), couple=couple) == []


def test_turned_off_and_capped_kinds_still_wait_but_do_not_notify(library, owner, partner, couple):
    services.preferences_update(user=owner, channels={"replies": {"app": False, "push": False}})
    question = answer_today(owner, partner)
    daily.reply_add(user=partner, question_id=question.pk, text="hi")
    assert [w.kind for w in waiting.waiting_for(user=fresh(owner), couple=couple)] == [
        "reveal_ready",
        "reply",
    ]
    assert not Notification.objects.filter(user=owner, event="replies").exists()


def test_the_notification_list_and_api_show_names_and_counts(
    web, api, library, owner, partner, couple, outsider
):
    question = answer_today(owner, partner)
    daily.reply_add(user=partner, question_id=question.pk, text="one")
    daily.reply_add(user=partner, question_id=question.pk, text="two")
    assert "Kai replied 2 times" in web(owner).get("/notifications/").content.decode()
    titles = [n["title"] for n in api(owner).get("/notifications").json()]
    assert "Kai replied 2 times" in titles
    listed = api(owner).get("/waiting").json()
    assert [w["kind"] for w in listed] == ["reveal_ready", "reply"]
    assert listed[1]["count"] == 2 and listed[1]["actor"] == "Kai"
    # Another couple's person sees only their own day's question.
    assert [w["kind"] for w in api(outsider).get("/waiting").json()] == ["question_today"]
    assert api(None).get("/waiting").status_code == 401


def test_api_dismiss_is_for_the_owner_only(api, library, owner, partner, couple, outsider):
    question = answer_today(owner, partner)
    daily.reply_add(user=partner, question_id=question.pk, text="hi")
    item = WaitingItem.objects.get(user=owner, kind="reply")
    for stranger in (partner, outsider):
        response = api(stranger).post(f"/waiting/{item.pk}/dismiss")
        assert response.status_code == 404
        assert "Kai" not in response.content.decode()
    assert api(owner).post(f"/waiting/{item.pk}/dismiss").json()["kind"] == "reply"
    assert api(owner).post(f"/waiting/{item.pk}/dismiss").status_code == 404  # closed


def test_the_api_lists_todays_question_when_unanswered(api, library, owner, partner, couple):
    [first] = api(owner).get("/waiting").json()
    assert (first["kind"], first["id"], first["url"]) == ("question_today", None, "/today/")
    answer_today(owner)
    assert api(owner).get("/waiting").json() == []


@pytest.mark.parametrize("replies", [1, 25])
def test_home_reads_what_waits_in_one_query_however_much(
    web, library, owner, partner, couple, replies, django_assert_num_queries
):
    question = answer_today(partner, owner)  # the owner answered last: no reveal waits
    for n in range(replies):
        daily.reply_add(user=partner, question_id=question.pk, text=f"r{n}")
        # Other places too, so the list itself grows with n.
        waiting.invite(actor=partner, couple=couple, kind="note", ref=f"n{n}", url="/x/")
    client = web(owner)
    client.get("/")
    # session and person, couple, question, answers, reactions, replies, what waits,
    # the badge: the same however many items wait
    with django_assert_num_queries(8):
        assert client.get("/").status_code == 200


def test_stale_flag_heals_itself(web, library, owner, partner, couple):
    User.objects.filter(pk=owner.pk).update(has_waiting=True)
    web(owner).get("/insights/")
    assert not fresh(owner).has_waiting


KIND_REFS = st.lists(
    st.tuples(st.sampled_from(["reply", "reaction", "note", "round_turn"]), st.integers(0, 3)),
    min_size=1,
    max_size=12,
)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(actions=KIND_REFS)
def test_one_open_item_per_kind_and_place_whatever_the_order(
    library, owner, partner, couple, actions
):
    WaitingItem.objects.all().delete()
    for kind, n in actions:
        waiting.invite(actor=partner, couple=couple, kind=kind, ref=f"p{n}", url=f"/p{n}/")
    open_items = WaitingItem.objects.filter(user=owner, closed_at=None)
    expected = {(kind, f"p{n}") for kind, n in actions}
    assert set(open_items.values_list("kind", "ref")) == expected
    assert open_items.count() == len(expected)
    for (kind, ref), count in {
        key: sum(1 for k, n in actions if (k, f"p{n}") == key) for key in expected
    }.items():
        assert open_items.get(kind=kind, ref=ref).count == count
    assert not WaitingItem.objects.filter(user=partner).exists()
    # Acting at a place closes one's own turns there, and only there.
    waiting.invite(actor=owner, couple=couple, kind="reply", ref="p0", url="/p0/")
    assert not open_items.filter(ref="p0", kind="round_turn").exists()
    turns_elsewhere = {(k, f"p{n}") for k, n in actions if k == "round_turn" and n != 0}
    assert set(open_items.filter(kind="round_turn").values_list("kind", "ref")) == turns_elsewhere


def test_quiet_hours_delay_the_email_of_an_item(library, owner, partner, couple):
    services.preferences_update(user=owner, channels={"support_signal": {"email": True}})
    now = timezone.now()
    local = now.astimezone(timezone.get_default_timezone())
    start = (local - timedelta(hours=1)).time()
    end = (local + timedelta(hours=2)).time()
    owner.timezone = str(timezone.get_default_timezone())
    owner.save()
    services.preferences_update(user=owner, quiet=(start, end))
    waiting.invite(actor=partner, couple=couple, kind="support_signal", ref="s1", url="/s/")
    note = Notification.objects.get(user=owner, event="support_signal")
    assert note.email.send_after > now + timedelta(minutes=30)


def test_emails_name_the_partner_only_for_people_who_chose_richer_text(
    library, owner, partner, couple, mailoutbox
):
    from closeknit.nudges.delivery import deliver_due

    waiting.invite(actor=partner, couple=couple, kind="support_signal", ref="s1", url="/s/")
    assert deliver_due(now=timezone.now() + timedelta(days=1)) == 1
    assert mailoutbox[-1].subject == "You have something new in Closeknit"
    assert "Kai" not in mailoutbox[-1].body
    services.preferences_update(user=owner, rich_text=True)
    waiting.invite(actor=partner, couple=couple, kind="support_signal", ref="s2", url="/s/")
    assert deliver_due(now=timezone.now() + timedelta(days=1)) == 1
    assert mailoutbox[-1].subject == "Closeknit: Kai could use some support"


CHANNELS = st.fixed_dictionaries(
    {"app": st.booleans(), "email": st.booleans(), "push": st.booleans()}
)


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    chosen=CHANNELS,
    kind=st.sampled_from(sorted(waiting.KINDS)),
    rich=st.booleans(),
    email_off=st.booleans(),
    hidden=st.booleans(),
    repeats=st.integers(1, 3),
)
def test_the_person_s_rules_decide_every_channel_of_an_item(
    library, owner, partner, couple, chosen, kind, rich, email_off, hidden, repeats
):
    """Whatever the kind and the settings: the item waits (unless its practice is
    hidden), one notification at most, in the app / by email / to a device exactly as
    chosen, never to the actor, and the email names no one unless asked to."""
    from closeknit.nudges.delivery import render_email
    from closeknit.push.models import PushDelivery, PushSubscription

    WaitingItem.objects.all().delete()
    Notification.objects.all().delete()
    PushSubscription.objects.all().delete()
    found = waiting.KINDS[kind]
    event = found.event
    PushSubscription.objects.create(
        user=owner, endpoint="https://push.example.test/d1", p256dh="k", auth="a", label="phone"
    )
    services.preferences_update(
        user=owner, channels={event: chosen}, rich_text=rich, email_off=email_off
    )
    practice = found.practice
    User.objects.filter(pk=owner.pk).update(
        hidden_practices=[practice] if hidden and practice else []
    )
    for _ in range(repeats):
        waiting.invite(actor=partner, couple=couple, kind=kind, ref="p", url="/p/")
    silenced = hidden and practice is not None
    listed = waiting.waiting_for(user=fresh(owner), couple=couple)
    assert len(listed) == (0 if silenced else 1)
    notes = list(Notification.objects.filter(user=owner))
    assert not Notification.objects.filter(user=partner).exists()
    if silenced or not (chosen["app"] or chosen["push"] or (chosen["email"] and not email_off)):
        assert notes == []
        return
    [note] = notes
    assert note.in_app == chosen["app"]
    assert hasattr(note, "email") == (chosen["email"] and not email_off)
    pushes = PushDelivery.objects.filter(notification=note).count()
    assert pushes == (1 if chosen["push"] else 0)
    if hasattr(note, "email"):
        message = render_email(note)
        assert ("Kai" in message.subject) == rich

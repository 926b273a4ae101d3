"""The leaving rule (docs/couples.md): immediate, silent, ends the space for both, and
the leaver chooses whether their entries stay in the shared history."""

from closeknit.activity.models import ActivityRecord
from closeknit.activity.services import activity_record
from closeknit.couples import services
from closeknit.couples.models import Membership


def test_leaving_is_immediate_and_ends_the_space_for_both(couple, owner, partner, mailoutbox):
    services.couple_leave(user=owner, entries_stay=True)
    couple.refresh_from_db()
    assert couple.ended_at is not None
    assert services.couple_for(owner) is None
    assert services.couple_for(partner) is None
    assert mailoutbox == []  # no message to the partner


def test_both_can_start_again_after_leaving(couple, owner, partner, make_person):
    services.couple_leave(user=partner, entries_stay=True)
    services.couple_create(user=owner)
    services.couple_create(user=partner)
    assert services.couple_for(owner) != services.couple_for(partner)


def test_entries_stay_in_the_shared_history_when_the_leaver_says_so(couple, owner, partner):
    activity_record(user=owner, couple=couple, practice="appreciation", kind="note")
    services.couple_leave(user=owner, entries_stay=True)
    assert ActivityRecord.objects.filter(couple=couple, user=owner).count() == 1
    leaver = Membership.objects.get(couple=couple, user=owner)
    assert leaver.entries_stay is True


def test_entries_leave_with_the_leaver_when_asked(couple, owner, partner):
    activity_record(user=owner, couple=couple, practice="appreciation", kind="note")
    activity_record(user=partner, couple=couple, practice="support", kind="signal")
    services.couple_leave(user=owner, entries_stay=False)
    assert not ActivityRecord.objects.filter(couple=couple, user=owner).exists()
    # The leaver keeps their own record; the partner's stays where it was.
    assert ActivityRecord.objects.filter(user=owner, couple=None).count() == 1
    assert ActivityRecord.objects.filter(couple=couple, user=partner).count() == 1
    assert Membership.objects.get(couple=couple, user=owner).entries_stay is False


def test_leaving_withdraws_pending_invitations(owner):
    services.couple_create(user=owner)
    new = services.invitation_create(user=owner)
    services.couple_leave(user=owner, entries_stay=True)
    new.invitation.refresh_from_db()
    assert new.invitation.status == "revoked"


def test_couple_with_members_reads_the_current_pair_in_one_query(
    couple, owner, partner, outsider, make_person, django_assert_num_queries
):
    with django_assert_num_queries(1):
        found, members = services.couple_with_members(partner)
    assert found == couple
    assert [m.pk for m in members] == [owner.pk, partner.pk]  # the first to join first
    assert members[1] is partner  # the caller's own object, not a second copy
    services.couple_leave(user=owner, entries_stay=True)
    assert services.couple_with_members(partner) == (None, [])
    assert services.couple_with_members(make_person()) == (None, [])

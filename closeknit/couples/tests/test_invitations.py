from datetime import timedelta

import pytest
from django.utils import timezone

from closeknit.couples import services
from closeknit.couples.models import CODE_ALPHABET, Invitation, Membership, hash_secret
from closeknit.lib.errors import Conflict, Gone, Invalid, NotFound


def test_it_links_two_people_with_a_code(owner, partner):
    couple = services.couple_create(user=owner)
    new = services.invitation_create(user=owner)

    joined = services.invitation_accept(user=partner, code=new.display_code.lower())

    assert joined == couple
    assert services.couple_for(partner) == couple
    assert services.partner_of(user=owner, couple=couple) == partner
    assert services.partner_of(user=partner, couple=couple) == owner


def test_it_links_two_people_with_the_link_token(owner, partner):
    services.couple_create(user=owner)
    new = services.invitation_create(user=owner)
    couple = services.invitation_accept(user=partner, token=new.token)
    assert services.couple_for(partner) == couple


def test_it_makes_unguessable_codes_and_stores_only_hashes(owner):
    services.couple_create(user=owner)
    new = services.invitation_create(user=owner)
    assert len(new.code) == 8 and set(new.code) <= set(CODE_ALPHABET)
    assert len(new.token) >= 32
    stored = Invitation.objects.get(pk=new.invitation.pk)
    assert stored.code_hash == hash_secret(new.code) and new.code not in stored.code_hash
    assert stored.token_hash == hash_secret(new.token)
    codes = {services.invitation_create(user=owner).code for _ in range(20)}
    assert len(codes) == 20


def test_it_expires_invitations_after_seven_days(owner, partner):
    services.couple_create(user=owner)
    new = services.invitation_create(user=owner)
    assert new.invitation.expires_at - new.invitation.created_at == timedelta(days=7)
    Invitation.objects.filter(pk=new.invitation.pk).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    with pytest.raises(Gone) as err:
        services.invitation_accept(user=partner, code=new.code)
    assert err.value.code == "invitation_expired"
    assert services.couple_for(partner) is None


def test_it_refuses_a_used_invitation(owner, partner, make_person):
    services.couple_create(user=owner)
    new = services.invitation_create(user=owner)
    services.invitation_accept(user=partner, code=new.code)
    third = make_person("Third")
    with pytest.raises(Gone) as err:
        services.invitation_accept(user=third, code=new.code)
    assert err.value.code == "invitation_used"
    assert services.couple_for(third) is None


def test_it_refuses_a_revoked_invitation(owner, partner):
    services.couple_create(user=owner)
    new = services.invitation_create(user=owner)
    services.invitation_revoke(user=owner, invitation_id=new.invitation.pk)
    with pytest.raises(Gone) as err:
        services.invitation_accept(user=partner, token=new.token)
    assert err.value.code == "invitation_revoked"


def test_a_new_invitation_replaces_the_pending_one(owner, partner):
    services.couple_create(user=owner)
    first = services.invitation_create(user=owner)
    second = services.invitation_create(user=owner)
    with pytest.raises(Gone):
        services.invitation_accept(user=partner, code=first.code)
    services.invitation_accept(user=partner, code=second.code)


def test_a_full_couple_cannot_make_invitations(couple, owner, partner):
    for person in (owner, partner):
        with pytest.raises(Conflict) as err:
            services.invitation_create(user=person)
        assert err.value.code == "couple_full"
    assert Membership.objects.current().filter(couple=couple).count() == 2


def test_two_invitations_cannot_both_fill_the_last_place(owner, make_person):
    services.couple_create(user=owner)
    first = services.invitation_create(user=owner)
    # Simulate an old pending invitation that escaped revocation.
    Invitation.objects.filter(pk=first.invitation.pk).update(revoked_at=None)
    second = services.invitation_create(user=owner)
    Invitation.objects.filter(pk=first.invitation.pk).update(revoked_at=None)
    services.invitation_accept(user=make_person("A"), code=second.code)
    late = make_person("B")
    with pytest.raises(Conflict) as err:
        services.invitation_accept(user=late, code=first.code)
    assert err.value.code == "couple_full"
    assert services.couple_for(late) is None


def test_it_refuses_someone_already_in_a_couple(owner, outsider):
    services.couple_create(user=owner)
    new = services.invitation_create(user=owner)
    with pytest.raises(Conflict) as err:
        services.invitation_accept(user=outsider, code=new.code)
    assert err.value.code == "already_in_couple"
    assert services.partner_of(user=owner, couple=services.couple_for(owner)) is None


def test_an_empty_space_gives_way_to_the_partners_invitation(owner, partner):
    services.couple_create(user=owner)
    lonely = services.couple_create(user=partner)
    new = services.invitation_create(user=owner)
    couple = services.invitation_accept(user=partner, code=new.code)
    lonely.refresh_from_db()
    assert lonely.ended_at is not None
    assert services.couple_for(partner) == couple


def test_it_refuses_your_own_invitation(owner):
    services.couple_create(user=owner)
    new = services.invitation_create(user=owner)
    with pytest.raises(Conflict) as err:
        services.invitation_accept(user=owner, code=new.code)
    assert err.value.code == "own_invitation"


def test_unknown_and_empty_codes_say_so(partner):
    with pytest.raises(NotFound):
        services.invitation_accept(user=partner, code="ZZZZ-ZZZZ")
    with pytest.raises(Invalid):
        services.invitation_accept(user=partner, code=" - ")


def test_only_members_can_revoke(owner, outsider):
    services.couple_create(user=owner)
    new = services.invitation_create(user=owner)
    with pytest.raises(NotFound):
        services.invitation_revoke(user=outsider, invitation_id=new.invitation.pk)
    assert Invitation.objects.get(pk=new.invitation.pk).status == "pending"


def test_a_person_is_in_one_couple_at_a_time(owner, make_person):
    services.couple_create(user=owner)
    with pytest.raises(Conflict):
        services.couple_create(user=owner)
    assert Membership.objects.current().filter(user=owner).count() == 1


def test_inviting_needs_a_space_first(owner):
    with pytest.raises(Conflict) as err:
        services.invitation_create(user=owner)
    assert err.value.code == "no_couple"


@pytest.mark.django_db(transaction=True)  # the worker manages its own connections
def test_joining_tells_the_inviter_by_the_partners_name_and_nothing_more(
    owner, partner, mailoutbox, django_capture_on_commit_callbacks
):
    services.couple_create(user=owner)
    new = services.invitation_create(user=owner)
    with django_capture_on_commit_callbacks(execute=True):
        services.invitation_accept(user=partner, code=new.code)
    from django.core.management import call_command

    call_command("worker", batch=True, no_startup_delay=True, verbosity=0, reload=False)
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == [owner.email]
    body = message.body + message.alternatives[0][0]
    # The name the inviter sees in the app anyway; never the partner's email address.
    assert "Good news: Kai has joined your shared space" in message.body
    assert "Kai has joined" in message.alternatives[0][0]
    assert message.subject == "Closeknit: Kai joined your space"
    assert partner.email not in body and partner.email not in message.subject


def test_pair_up_helper_builds_a_full_couple(couple, owner, partner):
    assert {u.pk for u in services.members_of(couple)} == {owner.pk, partner.pk}

"""This app's routes in the access matrix (closeknit/api/tests/test_access_matrix.py)."""

from datetime import timedelta
from typing import Any

from django.utils import timezone

from closeknit.couples import services
from closeknit.couples.models import Invitation, hash_secret


def _invitation_of_owner(owner: Any, **_: Any) -> str:
    # The owner's space may already be full, so the row is made directly.
    couple = services.couple_for(owner) or services.couple_create(user=owner)
    token, code = Invitation.new_secrets()
    invitation = Invitation.objects.create(
        couple=couple,
        created_by=owner,
        token_hash=hash_secret(token),
        code_hash=hash_secret(code),
        expires_at=timezone.now() + timedelta(days=7),
    )
    return str(invitation.pk)


PUBLIC_API: set[tuple[str, str]] = set()
OWNED_IDS = {"{invitation_id}": _invitation_of_owner}
BODIES: dict[str, dict[str, Any]] = {}
WEB_PAGES = {
    "couples:space": 302,
    "couples:create": 302,
    "couples:invite": 302,
    "couples:revoke": 302,
    "couples:leave": 302,
    "couples:join": 302,
    "couples:join_link": 404,
}
WEB_ARGS: dict[str, list[Any]] = {"couples:revoke": [1], "couples:join_link": ["x"]}

"""Fixtures for the communication toolkit's tests (the shared ones are in the root
conftest.py)."""

from collections.abc import Callable
from typing import Any

import pytest

from closeknit.accounts.models import User
from closeknit.safety.models import SafetyCheck


@pytest.fixture
def phrases(db: Any) -> None:
    """The shipped phrase library, loaded as `closeknit content load` would."""
    from closeknit.conversations.library import PHRASES

    PHRASES.load()


@pytest.fixture
def checked() -> Callable[..., None]:
    """Record the private safety check for people, as if they had taken it."""

    def check(*people: User, concern: bool = False) -> None:
        for person in people:
            SafetyCheck.objects.create(user=person, concern=concern)

    return check
